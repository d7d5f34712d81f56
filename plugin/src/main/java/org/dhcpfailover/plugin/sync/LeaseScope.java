package org.dhcpfailover.plugin.sync;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.config.Allocation;

/**
 * Which leases a relationship covers and how each one's pool is split (RFC 8156 §4.2): a
 * received update for a lease outside the scope is a ConfigurationConflict (§7.5.4), and the
 * split decides whether a freed lease is FREE or FREE-BACKUP (§7.2, decision A1).
 *
 * @param covers     whether a lease belongs to one of the relationship's pools
 * @param allocation how the pool of a covered lease is split
 */
public record LeaseScope(Predicate<Lease> covers, Function<Lease, Allocation> allocation) {
    public LeaseScope {
        Objects.requireNonNull(covers, "covers");
        Objects.requireNonNull(allocation, "allocation");
    }

    /**
     * Every lease, addresses split by the low-order bit (independent allocation, §4.2.1) and
     * prefixes handed out by the primary (proportional allocation, §4.2.2): the default RFC
     * 8156 gives for each kind, used until the host supplies its pools.
     */
    public static LeaseScope everyLeaseByKind() {
        return new LeaseScope(lease -> true,
                lease -> lease.isPrefix() ? Allocation.PROPORTIONAL : Allocation.INDEPENDENT);
    }
}
