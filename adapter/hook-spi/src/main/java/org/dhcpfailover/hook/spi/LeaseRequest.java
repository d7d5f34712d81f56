package org.dhcpfailover.hook.spi;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A host asks which lease a client gets: on DISCOVER / SOLICIT (an offer), REQUEST, RENEW and
 * REBIND. The hook decides; the host's candidate is a preference, not a claim.
 *
 * @param client            who asks
 * @param pool              the pool the host selected for the client (by subnet, relay, ...)
 * @param candidate         the lease the client asked for or the host would pick (DHCPv4
 *                          option 50 or ciaddr, DHCPv6 IAADDR / IAPREFIX hint), if any
 * @param desiredValid      the valid lifetime the host would give without failover
 * @param desiredPreferred  the preferred lifetime (DHCPv4: equal to valid)
 * @param commit            false for an offer (DHCPv4 OFFER, DHCPv6 ADVERTISE), which the hook
 *                          need not make durable; true when the host will answer with a lease
 *                          the client may use (ACK / REPLY)
 */
public record LeaseRequest(ClientKey client, String pool, Optional<InetAddress> candidate,
        Duration desiredValid, Duration desiredPreferred, boolean commit) {
    public LeaseRequest {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(desiredValid, "desiredValid");
        Objects.requireNonNull(desiredPreferred, "desiredPreferred");
    }
}
