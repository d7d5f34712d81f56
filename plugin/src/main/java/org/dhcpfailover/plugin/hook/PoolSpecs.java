package org.dhcpfailover.plugin.hook;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.dhcpfailover.hook.spi.PoolDescription;
import org.dhcpfailover.plugin.allocation.PoolSet;
import org.dhcpfailover.plugin.allocation.PoolSpec;
import org.dhcpfailover.plugin.config.FailoverParameters;
import org.dhcpfailover.plugin.config.HostPool;
import org.dhcpfailover.plugin.config.PoolAssignment;
import org.dhcpfailover.plugin.config.PoolKind;
import org.dhcpfailover.plugin.config.RelationshipConfig;

/**
 * The host's pools as the plugin needs them: as {@link HostPool}s to validate the failover
 * parameters against, and, once valid, as each relationship's {@link PoolSet} (the host's range
 * with the relationship's split, RFC 8156 §4.1, §4.2). Pools are defined once, by the host.
 */
final class PoolSpecs {
    private PoolSpecs() {
    }

    /** The pools the failover parameters may name. */
    static List<HostPool> hostPools(List<PoolDescription> pools) {
        return pools.stream().map(pool -> new HostPool(pool.name(), kind(pool), pool.validLifetime().toSeconds(),
                pool.first(), pool.last())).toList();
    }

    /**
     * What a pool hands out. A host's pool of temporary addresses (the SPI says address pools
     * serve them) is an address pool.
     */
    static PoolKind kind(PoolDescription pool) {
        return switch (pool.kind()) {
            case IPV4_ADDRESS -> PoolKind.IPV4_ADDRESS;
            case IPV6_ADDRESS, IPV6_TEMPORARY_ADDRESS -> PoolKind.IPV6_ADDRESS;
            case IPV6_PREFIX -> PoolKind.IPV6_PREFIX;
        };
    }

    /**
     * Each relationship's pools, keyed by relationship name.
     *
     * @throws IllegalArgumentException if a pool's range cannot be used (first after last, a
     *     delegated length outside 1..128, overlapping pools), naming the pool
     */
    static Map<String, PoolSet> poolSets(FailoverParameters parameters, List<PoolDescription> pools) {
        Map<String, PoolDescription> byName = pools.stream()
                .collect(Collectors.toMap(PoolDescription::name, Function.identity(), (a, b) -> a));
        Map<String, PoolSet> sets = new LinkedHashMap<>();
        for (RelationshipConfig relationship : parameters.relationships()) {
            sets.put(relationship.name(), new PoolSet(relationship.pools().stream()
                    .map(assignment -> spec(byName.get(assignment.poolName()), assignment)).toList()));
        }
        return sets;
    }

    /**
     * The host's range with the relationship's split: a prefix pool delegates its configured
     * length, an address pool hands out /128s (IPv4 as mapped addresses, docs/protocol.md §2).
     */
    static PoolSpec spec(PoolDescription pool, PoolAssignment assignment) {
        int length = assignment.kind() == PoolKind.IPV6_PREFIX ? pool.delegatedLength() : 128;
        return new PoolSpec(pool.name(), assignment.kind(), assignment.allocation(),
                LeaseTranslation.ipv6(pool.first()), LeaseTranslation.ipv6(pool.last()), length,
                assignment.secondaryShare().orElse(0), assignment.rebalanceThreshold().orElse(0));
    }
}
