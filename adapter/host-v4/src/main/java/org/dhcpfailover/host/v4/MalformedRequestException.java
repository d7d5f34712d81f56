package org.dhcpfailover.host.v4;

/** A client message this server cannot serve because a field or option is malformed. */
final class MalformedRequestException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedRequestException(String reason) {
        super(reason);
    }
}
