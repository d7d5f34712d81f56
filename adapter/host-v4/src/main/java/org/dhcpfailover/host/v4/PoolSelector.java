package org.dhcpfailover.host.v4;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Which pools serve a client (the host configuration names pools, not subnets, so "the client's
 * subnet" is approximated here; docs/host-v4.md explains the rule):
 * <ul>
 * <li>relayed (giaddr set): the pools that share an address with the /24 around giaddr — the relay
 *     sits on the client's subnet, which is assumed to be at least that large;</li>
 * <li>direct: the pools that share an address with the listen interface's subnet (address and
 *     prefix length as the operating system reported them at start);</li>
 * <li>when no pool matches (or the interface's subnet is unknown): the first configured pool.</li>
 * </ul>
 * The result keeps configuration order; allocation tries the pools in that order.
 */
final class PoolSelector {

    /** The prefix length assumed for a relay's subnet. */
    static final int RELAY_PREFIX_LENGTH = 24;

    private final List<V4Pool> pools;
    private final List<V4Pool> direct;

    /**
     * @param listenSubnet the listen interface's subnet, if the operating system reported it
     */
    PoolSelector(List<V4Pool> pools, Optional<Subnet> listenSubnet) {
        this.pools = List.copyOf(pools);
        this.direct = listenSubnet.map(this::overlapping).orElse(fallback());
    }

    /** The pools for a client whose message carried {@code giaddr} (0.0.0.0: not relayed). */
    List<V4Pool> poolsFor(InetAddress giaddr) {
        if (Ipv4.isZero(giaddr)) {
            return direct;
        }
        return overlapping(new Subnet(Ipv4.toInt(giaddr), RELAY_PREFIX_LENGTH));
    }

    /** The configured pool holding {@code address}, if any. */
    Optional<V4Pool> poolOf(int address) {
        for (V4Pool pool : pools) {
            if (pool.contains(address)) {
                return Optional.of(pool);
            }
        }
        return Optional.empty();
    }

    List<V4Pool> all() {
        return pools;
    }

    private List<V4Pool> overlapping(Subnet subnet) {
        List<V4Pool> matching = pools.stream().filter(subnet::overlaps).toList();
        return matching.isEmpty() ? fallback() : matching;
    }

    private List<V4Pool> fallback() {
        return pools.isEmpty() ? List.of() : List.of(pools.get(0));
    }

    /** An IPv4 subnet: a network number and a prefix length. */
    record Subnet(int address, int prefixLength) {
        Subnet {
            if (prefixLength < 0 || prefixLength > 32) {
                throw new IllegalArgumentException("prefix length " + prefixLength);
            }
            address &= mask(prefixLength);
        }

        private static int mask(int prefixLength) {
            return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
        }

        int last() {
            return address | ~mask(prefixLength);
        }

        boolean overlaps(V4Pool pool) {
            return Ipv4.unsigned(pool.first()) <= Ipv4.unsigned(last())
                    && Ipv4.unsigned(address) <= Ipv4.unsigned(pool.last());
        }
    }
}
