package org.dhcpfailover.plugin.sync;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.time.AbsoluteTime;
import org.dhcpfailover.plugin.wire.BindingStatus;

/**
 * The ACTIVE leases in the order their client lifetimes end, so that the expiry scan (RFC 8156
 * §7.2, ACTIVE → EXPIRED) looks only at leases that are due instead of decoding every binding.
 *
 * <p>Kept as a {@link BindingObserver}: each commit moves its lease to its new end, or out of the
 * index when it is no longer ACTIVE, so the index holds one entry per ACTIVE lease however often
 * clients renew.
 */
final class ExpiryIndex implements BindingObserver {

    /** An ACTIVE lease whose client lifetime ends at {@code end}. */
    record Ending(long end, Lease lease) {
    }

    private static final Comparator<Lease> LEASE_ORDER = Comparator
            .<Lease>comparingLong(lease -> lease.value().high())
            .thenComparingLong(lease -> lease.value().low())
            .thenComparingInt(Lease::prefixLength)
            .thenComparing(Lease::kind);

    /** Earliest end first (serial-number arithmetic across the 2^32 wrap), then by lease. */
    private static final Comparator<Ending> ORDER = ((Comparator<Ending>) (a, b) -> Long.signum(
            AbsoluteTime.secondsBetween(b.end(), a.end()))).thenComparing(Ending::lease, LEASE_ORDER);

    private final TreeSet<Ending> endings = new TreeSet<>(ORDER);
    private final Map<Lease, Long> endOf = new HashMap<>();

    @Override
    public synchronized void changed(Optional<Binding> before, Binding after) {
        Lease lease = after.lease();
        Long was = endOf.get(lease);
        long end = after.status().equals(BindingStatus.ACTIVE) ? after.lifetimes().clientExpiry()
                : AbsoluteTime.NEVER;
        if (was != null && was == end) {
            return;
        }
        if (was != null) {
            endings.remove(new Ending(was, lease));
            endOf.remove(lease);
        }
        if (end != AbsoluteTime.NEVER) {
            endings.add(new Ending(end, lease));
            endOf.put(lease, end);
        }
    }

    /**
     * Takes out up to {@code limit} leases whose end is strictly before {@code now}, the earliest
     * first; the rest stay for the next call. A lease taken comes back with its next commit, or
     * through {@link #restore}.
     */
    synchronized List<Ending> takeEndedBefore(long now, int limit) {
        List<Ending> due = new ArrayList<>();
        while (due.size() < limit && !endings.isEmpty()
                && AbsoluteTime.secondsBetween(endings.first().end(), now) > 0) {
            Ending first = endings.pollFirst();
            endOf.remove(first.lease());
            due.add(first);
        }
        return due;
    }

    /** Puts back a lease taken but not expired (its expiry failed), unless a commit re-indexed it meanwhile. */
    synchronized void restore(Ending ending) {
        if (!endOf.containsKey(ending.lease())) {
            endings.add(ending);
            endOf.put(ending.lease(), ending.end());
        }
    }

    /** Entries held: one per ACTIVE lease with a finite end. */
    synchronized int size() {
        return endings.size();
    }
}
