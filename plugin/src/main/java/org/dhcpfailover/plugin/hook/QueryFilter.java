package org.dhcpfailover.plugin.hook;

import java.util.function.BooleanSupplier;
import org.dhcpfailover.hook.spi.ClientMessage;
import org.dhcpfailover.plugin.sync.Responsiveness;

/**
 * Which client messages this server answers, by the responsiveness its failover state gives
 * its role (RFC 8156 §3, §8.1, digest §6.1; docs/protocol.md "DHCP responsiveness"):
 * <ul>
 * <li><b>Responsive</b> (the primary in NORMAL and CONFLICT-DONE; both servers in
 * COMMUNICATIONS-INTERRUPTED, PARTNER-DOWN and RESOLUTION-INTERRUPTED): every message, except one
 * that names the other server — DHCP itself leaves that one to the server it names (RFC 2131
 * §4.3.2, RFC 8415 §16), whatever the failover state.</li>
 * <li><b>Renew responsive</b> (the secondary in NORMAL, either server in RECOVER-DONE): only
 * messages addressed to this server (its server identifier or DUID, or a DHCPv4 renewal unicast
 * to its address) that continue a lease of a client it knows — REQUEST, RENEW, RELEASE, DECLINE
 * from a client holding an ACTIVE lease here — and an INFORM addressed to it, which touches no
 * lease. DISCOVER / SOLICIT, REBIND and CONFIRM name no server, so the responsive partner
 * answers them: renew responsive means "renewals of this server's own clients" (digest §6.1:
 * the NORMAL secondary answers only messages carrying its own DUID; RECOVER-DONE may answer
 * RENEW, for leases it has a record of).</li>
 * <li><b>Unresponsive</b> (STARTUP, POTENTIAL-CONFLICT, RECOVER, RECOVER-WAIT): nothing.</li>
 * </ul>
 */
final class QueryFilter {
    private QueryFilter() {
    }

    /**
     * Whether a server with {@code responsiveness} answers {@code message}.
     *
     * @param clientKnown whether the message's client holds an ACTIVE lease in the relationship;
     *                    asked only when the answer depends on it
     */
    static boolean answers(Responsiveness responsiveness, ClientMessage message, BooleanSupplier clientKnown) {
        return switch (responsiveness) {
            case RESPONSIVE -> !message.addressedToOther();
            case RENEW_RESPONSIVE -> message.addressedToUs() && switch (message.type()) {
                case REQUEST, RENEW, RELEASE, DECLINE -> clientKnown.getAsBoolean();
                case INFORM -> true;
                case DISCOVER, REBIND, CONFIRM -> false;
            };
            case UNRESPONSIVE -> false;
        };
    }
}
