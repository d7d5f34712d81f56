package org.dhcpfailover.hook.spi;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * A lease as a host keeps it in its lease table.
 *
 * @param client        who holds it (for a free resource: the last holder, or the hook's own key)
 * @param address       the address, or the first address of a delegated prefix
 * @param prefixLength  32 for a DHCPv4 address, 128 for a DHCPv6 address, else the prefix length
 * @param state         whether clients may use it
 * @param validUntil    when the client's valid lifetime ends
 * @param preferredUntil when the client's preferred lifetime ends (DHCPv4: = validUntil)
 * @param renewAt       T1 as an instant (when the client should renew)
 * @param rebindAt      T2 as an instant
 */
public record HostLease(ClientKey client, InetAddress address, int prefixLength, State state,
        Instant validUntil, Instant preferredUntil, Instant renewAt, Instant rebindAt) {
    public HostLease {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(validUntil, "validUntil");
        Objects.requireNonNull(preferredUntil, "preferredUntil");
        Objects.requireNonNull(renewAt, "renewAt");
        Objects.requireNonNull(rebindAt, "rebindAt");
    }

    /** A lease's state as a host sees it. */
    public enum State {
        /** Held by {@link HostLease#client()} until {@link HostLease#validUntil()}. */
        ACTIVE,
        /** Not held; the host must not hand it out on its own (the hook's allocation decides). */
        FREE,
        /** Declined by a client or otherwise unusable (RFC 8156 ABANDONED). */
        ABANDONED
    }
}
