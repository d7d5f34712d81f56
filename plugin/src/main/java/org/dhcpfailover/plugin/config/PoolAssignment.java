package org.dhcpfailover.plugin.config;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A host pool covered by a relationship, and how the partners split it.
 *
 * @param secondaryShare the percentage of free resources the primary hands to the secondary;
 *     present only for {@link Allocation#PROPORTIONAL} (independent allocation splits by address bit)
 */
public record PoolAssignment(
        String poolName, PoolKind kind, Allocation allocation, OptionalInt secondaryShare) {
    public PoolAssignment {
        Objects.requireNonNull(poolName, "poolName");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(allocation, "allocation");
        Objects.requireNonNull(secondaryShare, "secondaryShare");
        if (secondaryShare.isPresent() != (allocation == Allocation.PROPORTIONAL)) {
            throw new IllegalArgumentException(
                    "a secondary share goes with proportional allocation only");
        }
    }
}
