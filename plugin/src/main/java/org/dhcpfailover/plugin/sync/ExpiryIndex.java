package org.dhcpfailover.plugin.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.time.AbsoluteTime;
import org.dhcpfailover.plugin.wire.BindingStatus;

/**
 * The ACTIVE leases in the order their client lifetimes end, so that the expiry scan (RFC 8156
 * §7.2, ACTIVE → EXPIRED) looks only at leases that may be due instead of decoding every binding.
 *
 * <p>Kept as a {@link BindingObserver}: each commit that leaves a lease ACTIVE with a new end adds
 * an entry. Entries are not removed when a lease is renewed, released or deleted; the scan checks
 * each entry it takes against the binding as it is then, so a stale entry costs one lookup when
 * its time comes and is dropped.
 */
final class ExpiryIndex implements BindingObserver {

    /** A lease that was ACTIVE until {@code end} when the entry was made. */
    private record Ending(long end, Lease lease) {
    }

    private final PriorityQueue<Ending> endings = new PriorityQueue<>(
            (a, b) -> Long.signum(AbsoluteTime.secondsBetween(b.end(), a.end())));

    @Override
    public synchronized void changed(Optional<Binding> before, Binding after) {
        long end = activeEnd(after);
        if (end != AbsoluteTime.NEVER && (before.isEmpty() || activeEnd(before.get()) != end)) {
            endings.add(new Ending(end, after.lease()));
        }
    }

    private static long activeEnd(Binding binding) {
        return binding.status().equals(BindingStatus.ACTIVE) ? binding.lifetimes().clientExpiry() : AbsoluteTime.NEVER;
    }

    /**
     * Takes out up to {@code limit} leases whose recorded end is strictly before {@code now}, the
     * earliest first; the rest stay for the next call.
     */
    synchronized List<Lease> takeEndedBefore(long now, int limit) {
        List<Lease> due = new ArrayList<>();
        while (due.size() < limit && !endings.isEmpty()
                && AbsoluteTime.secondsBetween(endings.peek().end(), now) > 0) {
            due.add(endings.poll().lease());
        }
        return due;
    }

    /** Entries held, stale ones included (for tests). */
    synchronized int size() {
        return endings.size();
    }
}
