package org.dhcpfailover.plugin.hook;

import java.net.InetAddress;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.dhcpfailover.hook.spi.HostLease;
import org.dhcpfailover.hook.spi.HostLeases;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.log.CatalogLogger;
import org.dhcpfailover.plugin.log.LogMessage;
import org.dhcpfailover.plugin.log.RateLimiter;
import org.dhcpfailover.plugin.sync.LeaseLedger;
import org.dhcpfailover.plugin.time.AbsoluteTime;

/**
 * Keeps the host's lease table showing what each relationship's bindings say: every binding at
 * start, then every later commit — the partner's updates, expiries, the host's own changes — so
 * that the host never hands out, or believes free, a lease the failover store says otherwise.
 *
 * <p>A binding the host shows as FREE is told only when the host may hold the resource otherwise
 * ({@link #hostHolds}: what the host's table held at start, every resource the ledger made ACTIVE
 * or ABANDONED since, until the mirror told the host it is FREE): a lease ended, or a stale lease
 * of the host's own journal (a lost store restored from the partner).
 * Free resources nobody held — every delegable prefix and IPv4 address of a proportional pool has
 * a binding, owned by one server (RFC 8156 §4.2.2) — stay out of the host's table and journal, so
 * that they grow with the clients, not with the pools. The host hands none of them out on its
 * own: the hook decides every allocation in its pools.
 *
 * <p>The ledger tells its observers under its lock, on whichever thread committed. The host's
 * table has locks of its own, and a host thread may hold one while it calls the hook, which
 * takes the ledger's lock: applying under the ledger's lock could deadlock. So a commit only
 * notes its lease ({@link #changed}: one map insertion), and one thread of this mirror applies
 * each noted lease's current binding, read back from the ledger, outside every lock. A lease
 * changed many times before the thread gets to it is applied once, in its latest state; per
 * lease the host sees the changes in commit order. A commit that shows the host the same lease
 * as before (the partner's acknowledgement of a grant) is not noted at all. Only the initial
 * copy at start, when the host is not serving yet, is applied on the starting thread.
 */
final class HostLeaseMirror implements AutoCloseable {
    private static final long REFUSAL_LOG_INTERVAL_SECONDS = 60;

    /** Where a noted lease's binding is read back from. */
    private record Source(String relationship, LeaseLedger ledger) {
    }

    private final HostLeases host;
    private final Clock clock;
    private final CatalogLogger log;
    private final Map<Lease, Source> noted = new ConcurrentHashMap<>();
    private final RateLimiter refusals = new RateLimiter(REFUSAL_LOG_INTERVAL_SECONDS);
    private final Thread applier;
    /** The thread copying a relationship's bindings at start, which applies directly. */
    private volatile Thread copying;
    /**
     * The resources the host's table may hold as ACTIVE or ABANDONED: read from the table at
     * start, added when the ledger commits such a binding, removed once the host was told FREE.
     */
    private final Set<HostResource> hostHolds = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    HostLeaseMirror(HostLeases host, Clock clock, CatalogLogger log) {
        this.host = host;
        this.clock = clock;
        this.log = log;
        this.applier = new Thread(this::applyNoted, "dhcp-failover-host-leases");
        applier.setDaemon(true);
        applier.start();
    }

    /**
     * Copies every binding of {@code relationship} into the host's table now, on this thread,
     * then follows the ledger's commits. Call once per relationship, before the host serves.
     */
    void follow(String relationship, LeaseLedger ledger) {
        Source source = new Source(relationship, ledger);
        host.forEach(lease -> {
            if (lease.state() != HostLease.State.FREE) {
                hostHolds.add(HostResource.of(lease));
            }
        });
        copying = Thread.currentThread();
        try {
            ledger.addObserver((before, after) -> changed(source, before, after));
        } finally {
            copying = null;
        }
    }

    /** Shows the ledger's current binding of {@code lease} to the host again (after the host went its own way). */
    void refresh(String relationship, LeaseLedger ledger, Lease lease) {
        note(lease, new Source(relationship, ledger));
    }

    /** The ledger committed {@code after} (called under its lock: must stay cheap). */
    private void changed(Source source, Optional<Binding> before, Binding after) {
        if (before.isPresent() && LeaseTranslation.showsHostTheSame(before.get(), after)) {
            return; // an acknowledgement from the partner changes nothing the host sees: no hand-over
        }
        if (!LeaseTranslation.showsFree(after)) {
            hostHolds.add(HostResource.of(after)); // the host may hold it from now on (its own grant too)
        } else if (before.filter(b -> !LeaseTranslation.showsFree(b)).isEmpty()
                && !hostHolds.contains(HostResource.of(after))) {
            return; // free before and after, and not in the host's table: nothing for the host
        }
        if (Thread.currentThread() == copying) {
            apply(source.relationship(), after);
        } else {
            note(after.lease(), source);
        }
    }

    /** A resource as the host's table keys it. */
    private record HostResource(InetAddress address, int prefixLength) {
        static HostResource of(HostLease lease) {
            return new HostResource(lease.address(), lease.prefixLength());
        }

        static HostResource of(Binding binding) {
            return new HostResource(LeaseTranslation.address(binding.lease()),
                    LeaseTranslation.prefixLength(binding.lease()));
        }
    }

    private void note(Lease lease, Source source) {
        if (!closed && noted.put(lease, source) == null) {
            LockSupport.unpark(applier);
        }
    }

    private void applyNoted() {
        while (!closed) {
            if (noted.isEmpty()) {
                LockSupport.park(this);
                continue;
            }
            for (Lease lease : noted.keySet()) {
                Source source = noted.remove(lease);
                if (source == null || closed) {
                    continue;
                }
                try {
                    source.ledger().find(lease).ifPresent(binding -> apply(source.relationship(), binding));
                } catch (RuntimeException e) {
                    refused(source.relationship(), lease, e);
                }
            }
        }
    }

    private void apply(String relationship, Binding binding) {
        try {
            HostLease lease = LeaseTranslation.hostLease(binding, clock.instant());
            HostResource resource = HostResource.of(lease);
            if (lease.state() == HostLease.State.FREE && !hostHolds.contains(resource)) {
                return; // free, and the host holds nothing there: nothing to tell
            }
            host.apply(lease);
            if (lease.state() == HostLease.State.FREE) {
                hostHolds.remove(resource);
            } else {
                hostHolds.add(resource);
            }
        } catch (RuntimeException e) {
            // Never into the ledger: this runs inside its commit at start, and the host's table
            // is only a view of the store.
            refused(relationship, binding.lease(), e);
        }
    }

    private void refused(String relationship, Lease lease, RuntimeException e) {
        long heldBack;
        synchronized (refusals) {
            heldBack = refusals.permit(relationship, AbsoluteTime.fromInstant(clock.instant()));
        }
        if (heldBack >= 0) {
            log.log(LogMessage.FO_HOST_LEASE_NOT_APPLIED, relationship, lease, String.valueOf(e), heldBack);
        }
    }

    /** Stops applying; what is still noted is dropped (the host is stopping). */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(applier);
        try {
            applier.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        noted.clear();
    }
}
