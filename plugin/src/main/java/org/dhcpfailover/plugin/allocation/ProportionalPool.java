package org.dhcpfailover.plugin.allocation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.binding.PartnerSync;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.Ipv6Address;

/**
 * A pool under proportional allocation (RFC 8156 §4.2.2, digest §10.2): delegable prefixes cut
 * to the configured delegated length. Every available resource starts out the primary's (FREE,
 * or never used); the primary hands a share to the secondary with FREE-BACKUP updates and takes
 * some back with FREE updates; a resource released or expired returns to the primary (FREE,
 * decision A1).
 *
 * <p>Who may use a free resource follows from its binding: FREE belongs to the primary,
 * FREE-BACKUP to the secondary, with one exception: a resource the primary takes back (FREE-
 * BACKUP → FREE) is nobody's until the secondary acknowledged the FREE, since the secondary may
 * have delegated it meanwhile and then rejects the update (§4.2.2). Never-used resources come
 * from a cursor, as in {@link IndependentPool}; a resource handed to the secondary leaves the
 * primary's side at once, before its BNDUPD is even sent (§4.2.2: "as soon as").
 */
final class ProportionalPool implements ResourcePool {
    private final PoolSpec spec;
    private final int stepBit;
    private final FreeResources primaryFree = new FreeResources();
    private final FreeResources secondaryFree = new FreeResources();
    private final FreeResources returning = new FreeResources();
    private Ipv6Address cursor;
    private long untouched;

    ProportionalPool(PoolSpec spec) {
        this.spec = spec;
        this.stepBit = 128 - spec.delegatedLength();
        this.cursor = Address128.network(spec.first(), spec.delegatedLength());
        this.untouched = Address128.countBetween(cursor, spec.last(), stepBit);
    }

    @Override
    public PoolSpec spec() {
        return spec;
    }

    @Override
    public boolean contains(Lease lease) {
        return lease.prefixLength() == spec.delegatedLength()
                && (spec.delegatedLength() < 128 ? lease.isPrefix() : true)
                && Address128.compare(spec.first(), lease.value()) <= 0
                && Address128.compare(lease.value(), spec.last()) <= 0
                && Address128.network(lease.value(), spec.delegatedLength()).equals(lease.value());
    }

    /**
     * Follows one binding change. A resource that gets its first binding ahead of the cursor
     * leaves the untouched count here, once: the cursor skips it later without counting it
     * again, so that a restarted server, which relearns every binding before its cursor has
     * moved, does not count its FREE resources twice (found by the allocation simulation, seed
     * 26: a restarted primary counted 32 of 16 addresses available and handed every free one to
     * the secondary). A taken-back resource stays "returning" through every change that is not
     * the secondary's acknowledgement: marking it SENT as its BNDUPD leaves is a change too, and
     * used to hand it to the primary while the secondary might still have leased it (§4.2.2).
     * The store does not say whether an unacknowledged FREE was taken back, so a restarted
     * server treats every one as returning until the secondary acknowledges it (seed 2613: the
     * primary took a prefix back, crashed before the FREE left, and after the restart leased it
     * in COMMUNICATIONS-INTERRUPTED while the secondary's client held it); a lease freed just
     * before the crash waits one exchange longer.
     */
    @Override
    public void observe(Optional<Binding> before, Binding after) {
        Lease lease = after.lease();
        boolean wasReturning = returning.contains(lease);
        if (before.isEmpty() && aheadOfCursor(lease)) {
            untouched--;
        }
        primaryFree.remove(lease);
        secondaryFree.remove(lease);
        returning.remove(lease);
        BindingStatus status = after.status();
        if (status.equals(BindingStatus.FREE_BACKUP)) {
            secondaryFree.add(lease);
        } else if (status.equals(BindingStatus.FREE)) {
            // Loaded from the store (no "before"), an unacknowledged FREE may be a take-back whose
            // update never left before a crash: the secondary may have leased the resource.
            boolean takenBack = before.map(b -> b.status().equals(BindingStatus.FREE_BACKUP)).orElse(true)
                    || wasReturning;
            if (takenBack && after.sync() != PartnerSync.ACKNOWLEDGED) {
                returning.add(lease);
            } else {
                primaryFree.add(lease);
            }
        }
    }

    /** Whether the cursor has yet to reach {@code lease} (then it is counted in {@code untouched}). */
    private boolean aheadOfCursor(Lease lease) {
        return cursor != null && untouched > 0 && Address128.compare(cursor, lease.value()) <= 0;
    }

    @Override
    public Optional<Lease> next(Role role, Predicate<Lease> hasBinding) {
        if (role == Role.SECONDARY) {
            return secondaryFree.cycle();
        }
        Optional<Lease> fresh = nextUntouched(hasBinding);
        return fresh.isPresent() ? fresh : primaryFree.cycle();
    }

    private Optional<Lease> nextUntouched(Predicate<Lease> hasBinding) {
        while (cursor != null && untouched > 0 && Address128.compare(cursor, spec.last()) <= 0) {
            Lease lease = leaseAt(cursor);
            cursor = Address128.plusPowerOfTwo(cursor, stepBit);
            if (!hasBinding.test(lease)) {
                untouched--;
                return Optional.of(lease);
            }
            // A resource with a binding left the count when observe() saw its first binding.
        }
        return Optional.empty();
    }

    private Lease leaseAt(Ipv6Address value) {
        return spec.delegatedLength() == 128 ? Lease.address(value) : Lease.prefix(value, spec.delegatedLength());
    }

    @Override
    public long available(Role role) {
        if (role == Role.SECONDARY) {
            return secondaryFree.size();
        }
        return saturatingAdd(untouched, primaryFree.size());
    }

    /**
     * The primary's rebalancing step (§4.2.2): the resources to hand to the secondary (as
     * FREE-BACKUP) or take back (as FREE) so that the secondary holds its share of the
     * available resources — if the balance has drifted by at least {@code threshold}. At most
     * {@code maxMoves} per call, so a big pool is handed over in steps.
     */
    Rebalance rebalance(long threshold, int maxMoves, Predicate<Lease> hasBinding) {
        long secondary = secondaryFree.size();
        long total = saturatingAdd(available(Role.PRIMARY), secondary);
        long target = total == Long.MAX_VALUE ? Long.MAX_VALUE / 100 * spec.secondaryShare()
                : total * spec.secondaryShare() / 100;
        long drift = target - secondary;
        if (Math.abs(drift) < Math.max(1, threshold)) {
            return new Rebalance(List.of(), List.of());
        }
        List<Lease> give = new ArrayList<>();
        List<Lease> takeBack = new ArrayList<>();
        for (long i = 0; i < Math.min(Math.abs(drift), maxMoves); i++) {
            if (drift > 0) {
                Optional<Lease> lease = primaryFree.take().or(() -> nextUntouched(hasBinding));
                if (lease.isEmpty()) {
                    break;
                }
                give.add(lease.get());
            } else {
                Optional<Lease> lease = secondaryFree.take();
                if (lease.isEmpty()) {
                    break;
                }
                takeBack.add(lease.get());
            }
        }
        return new Rebalance(give, takeBack);
    }

    private static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /** Resources to hand to the secondary and to take back. */
    record Rebalance(List<Lease> give, List<Lease> takeBack) {
        boolean isEmpty() {
            return give.isEmpty() && takeBack.isEmpty();
        }
    }
}
