package org.dhcpfailover.host.v6;

import org.anarres.dhcp.v6.Dhcp6Exception;

/**
 * A client message RFC 8415 §16 says to discard (a missing Client Identifier, a Server
 * Identifier where none belongs, an option shorter than its fixed fields): the host drops it and
 * counts it ({@code HOST_MALFORMED_DROPPED}).
 */
final class MalformedMessageException extends Dhcp6Exception {
    private static final long serialVersionUID = 1L;

    MalformedMessageException(String message) {
        super(message);
    }
}
