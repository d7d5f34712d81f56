package org.dhcpfailover.plugin.config;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A host pool covered by a relationship, and how the partners split it.
 *
 * @param secondaryShare the percentage of free resources the primary hands to the secondary;
 *     present only for {@link Allocation#PROPORTIONAL} (independent allocation splits by address bit)
 * @param rebalanceThreshold how far, in percent of the pool's available resources, the
 *     secondary's holding may drift from its share before the primary rebalances (RFC 8156
 *     §4.2.2 asks for a threshold to avoid churn); present only for proportional allocation
 */
public record PoolAssignment(
        String poolName, PoolKind kind, Allocation allocation, OptionalInt secondaryShare,
        OptionalInt rebalanceThreshold) {
    public PoolAssignment {
        Objects.requireNonNull(poolName, "poolName");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(allocation, "allocation");
        Objects.requireNonNull(secondaryShare, "secondaryShare");
        Objects.requireNonNull(rebalanceThreshold, "rebalanceThreshold");
        if (secondaryShare.isPresent() != (allocation == Allocation.PROPORTIONAL)
                || rebalanceThreshold.isPresent() != (allocation == Allocation.PROPORTIONAL)) {
            throw new IllegalArgumentException(
                    "a secondary share and a rebalance threshold go with proportional allocation only");
        }
    }
}
