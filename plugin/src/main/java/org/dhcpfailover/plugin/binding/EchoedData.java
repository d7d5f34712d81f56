package org.dhcpfailover.plugin.binding;

import java.util.List;
import org.dhcpfailover.plugin.wire.DhcpOption;

/**
 * Data this server cannot use but must keep and send back in later updates, so that a partner
 * that uses it loses nothing (docs/protocol.md §3; RFC 8156 §7.4 end, §9): reconfigure data
 * (F_RECONFIGURE_DATA), relay data (LQ_RELAY_DATA), DNS data (CLIENT_FQDN,
 * F_DNS_REMOVAL_INFO). Kept as the received options, byte for byte.
 *
 * @param clientOptions options that sit in OPTION_CLIENT_DATA (reconfigure, relay data, and
 *                      F_DNS_REMOVAL_INFO when a partner put it there, decision A14)
 * @param leaseOptions  options that sit in the IAaddr-/IAprefix-options (CLIENT_FQDN,
 *                      F_DNS_REMOVAL_INFO)
 */
public record EchoedData(List<DhcpOption> clientOptions, List<DhcpOption> leaseOptions) {
    /** Nothing to echo. */
    public static final EchoedData NONE = new EchoedData(List.of(), List.of());

    public EchoedData {
        clientOptions = List.copyOf(clientOptions);
        leaseOptions = List.copyOf(leaseOptions);
    }
}
