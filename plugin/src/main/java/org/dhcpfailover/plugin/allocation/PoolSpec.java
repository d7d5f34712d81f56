package org.dhcpfailover.plugin.allocation;

import java.util.Objects;
import org.dhcpfailover.plugin.config.Allocation;
import org.dhcpfailover.plugin.config.PoolKind;
import org.dhcpfailover.plugin.wire.Ipv6Address;

/**
 * One pool as allocation needs it: the range of resources and how the partners split it (RFC
 * 8156 §4.2). IPv4 addresses are their mapped IPv6 form ({@code ::ffff:a.b.c.d},
 * docs/protocol.md §2).
 *
 * @param name            the host pool's name
 * @param kind            what the pool hands out
 * @param allocation      independent (by the last bit) or proportional (handed out by the primary)
 * @param first           the first address (for a prefix pool: the pool's prefix)
 * @param last            the last address (for a prefix pool: the last address of the pool's prefix)
 * @param delegatedLength the length of each resource: 128 for addresses, the delegated length
 *                        for a prefix pool
 * @param secondaryShare  percent of the available resources the secondary should hold
 *                        (proportional allocation); 0 for independent pools
 * @param rebalanceThreshold percent of the available resources the secondary's holding may
 *                        drift from its share before the primary rebalances (§4.2.2); 0 for
 *                        independent pools
 */
public record PoolSpec(String name, PoolKind kind, Allocation allocation, Ipv6Address first, Ipv6Address last,
        int delegatedLength, int secondaryShare, int rebalanceThreshold) {

    public PoolSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(allocation, "allocation");
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (Address128.compare(first, last) > 0) {
            throw new IllegalArgumentException(name + ": first " + first + " is after last " + last);
        }
        if (delegatedLength < 1 || delegatedLength > 128) {
            throw new IllegalArgumentException(name + ": resource length " + delegatedLength + " is outside 1..128");
        }
        if (kind != PoolKind.IPV6_PREFIX && delegatedLength != 128) {
            throw new IllegalArgumentException(name + ": an address pool hands out /128s");
        }
        if (secondaryShare < 0 || secondaryShare > 100) {
            throw new IllegalArgumentException(name + ": secondary share " + secondaryShare + " % is outside 0..100");
        }
        if (rebalanceThreshold < 0 || rebalanceThreshold > 100) {
            throw new IllegalArgumentException(name + ": rebalance threshold " + rebalanceThreshold
                    + " % is outside 0..100");
        }
        if (!kind.allows(allocation)) {
            throw new IllegalArgumentException(name + ": " + kind + " pools cannot use " + allocation + " allocation");
        }
    }

    /** An address pool (IPv6 or mapped IPv4) split by the last bit. */
    public static PoolSpec independent(String name, PoolKind kind, Ipv6Address first, Ipv6Address last) {
        return new PoolSpec(name, kind, Allocation.INDEPENDENT, first, last, 128, 0, 0);
    }

    /**
     * A pool whose free resources the primary shares out, {@code share} percent to the
     * secondary, rebalanced when the holding drifts by the default 5 % of the available resources.
     */
    public static PoolSpec proportional(String name, PoolKind kind, Ipv6Address first, Ipv6Address last,
            int delegatedLength, int share) {
        return new PoolSpec(name, kind, Allocation.PROPORTIONAL, first, last, delegatedLength, share, 5);
    }
}
