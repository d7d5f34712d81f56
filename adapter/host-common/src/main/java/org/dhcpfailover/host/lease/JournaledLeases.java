package org.dhcpfailover.host.lease;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import org.dhcpfailover.hook.spi.ClientKey;
import org.dhcpfailover.hook.spi.HostLease;
import org.dhcpfailover.hook.spi.HostLeases;

/**
 * The core both hosts' lease tables share: leases by resource key, each client's ACTIVE
 * resource, an expiry queue ordered by end time, and the SPI's {@link HostLeases} view. Every change
 * is appended to the {@link LeaseJournal} before it takes effect in memory, under the table's one
 * {@link #lock}, so that the journal's order is the table's order and a failed write changes
 * nothing. A host's table adds its allocator (offers, pools, free-resource search) around it.
 *
 * <p>A FREE entry (only ever applied by a hook) is kept but never expired; the host's own releases
 * and expiries remove the entry instead.
 *
 * @param <K> the key of a resource: an IPv4 address as a number, an IPv6 resource as text, ...
 */
public abstract class JournaledLeases<K> implements HostLeases {

    /** The table's one lock; subclasses hold it around everything they read or change. */
    protected final Object lock = new Object();
    private final LeaseJournal journal;
    private final Map<K, HostLease> byKey = new HashMap<>();
    private final Map<ClientKey, K> activeByClient = new HashMap<>();
    private final PriorityQueue<Expiry<K>> expiries = new PriorityQueue<>();

    protected JournaledLeases(LeaseJournal journal) {
        this.journal = Objects.requireNonNull(journal, "journal");
    }

    /** The table's key for a resource. */
    protected abstract K key(InetAddress address, int prefixLength);

    /** @throws IllegalArgumentException if the lease is not of a kind and family this table holds */
    protected abstract void check(HostLease lease);

    /** Under the lock, after a lease was put at {@code key} (e.g. to mark an occupancy bitmap). */
    protected void occupied(K key) {}

    /** Under the lock, after the lease at {@code key} was removed. */
    protected void vacated(K key) {}

    /** Under the lock, at the start of an expiry sweep (e.g. to drop offers no longer held). */
    protected void beforeExpiry(Instant now) {}

    /** Puts the leases replayed from the journal into the table (they are in the journal already). */
    public void load(Collection<HostLease> leases) {
        synchronized (lock) {
            for (HostLease lease : leases) {
                put(lease);
            }
        }
    }

    // ---- HostLeases (the hook's view) ----

    @Override
    public void apply(HostLease lease) {
        check(lease);
        synchronized (lock) {
            record(lease);
        }
    }

    @Override
    public void forEach(Consumer<HostLease> each) {
        List<HostLease> snapshot;
        synchronized (lock) {
            snapshot = new ArrayList<>(byKey.values());
        }
        snapshot.forEach(each); // outside the lock: a hook may call back into the table
    }

    // ---- queries ----

    public int size() {
        synchronized (lock) {
            return byKey.size();
        }
    }

    public Optional<HostLease> leaseAt(InetAddress address, int prefixLength) {
        synchronized (lock) {
            return Optional.ofNullable(byKey.get(key(address, prefixLength)));
        }
    }

    /** The client's ACTIVE lease, if it has one. */
    public Optional<HostLease> activeLease(ClientKey client) {
        synchronized (lock) {
            K key = activeByClient.get(client);
            return key == null ? Optional.empty() : Optional.of(byKey.get(key));
        }
    }

    // ---- changes every host makes alike ----

    /**
     * Ends the client's ACTIVE lease of the resource (RELEASE); the ended lease (FREE, its times
     * set to {@code now}), or empty if the client held no lease there.
     */
    public Optional<HostLease> release(ClientKey client, InetAddress address, int prefixLength, Instant now) {
        K key = key(address, prefixLength);
        synchronized (lock) {
            HostLease lease = byKey.get(key);
            if (!isActiveFor(lease, client)) {
                return Optional.empty();
            }
            recordRemoval(key);
            return Optional.of(new HostLease(client, lease.address(), lease.prefixLength(), HostLease.State.FREE,
                    now, now, now, now));
        }
    }

    /**
     * Removes the ACTIVE and ABANDONED leases whose valid lifetime ended at or before {@code now};
     * returns the removed leases, FREE, as they ended.
     */
    public List<HostLease> expire(Instant now) {
        List<HostLease> ended = new ArrayList<>();
        synchronized (lock) {
            beforeExpiry(now);
            while (!expiries.isEmpty() && !expiries.peek().at().isAfter(now)) {
                Expiry<K> due = expiries.poll();
                HostLease lease = byKey.get(due.key());
                if (lease == null || lease.state() == HostLease.State.FREE || !lease.validUntil().equals(due.at())) {
                    continue; // changed since this entry was queued
                }
                recordRemoval(due.key());
                ended.add(new HostLease(lease.client(), lease.address(), lease.prefixLength(), HostLease.State.FREE,
                        lease.validUntil(), lease.preferredUntil(), lease.renewAt(), lease.rebindAt()));
            }
        }
        return ended;
    }

    // ---- for subclasses, under the lock ----

    /** The lease at {@code key}, or null. */
    protected final HostLease leaseAt(K key) {
        return byKey.get(key);
    }

    protected final boolean hasLease(K key) {
        return byKey.containsKey(key);
    }

    /** The key of the client's ACTIVE lease, or null. */
    protected final K activeKey(ClientKey client) {
        return activeByClient.get(client);
    }

    protected static boolean isActiveFor(HostLease lease, ClientKey client) {
        return lease != null && lease.state() == HostLease.State.ACTIVE && lease.client().equals(client);
    }

    /**
     * Journals the lease, then puts it in place of whatever the resource had; nothing when the
     * table holds exactly that lease already (a hook applies every lease it grants, and the host
     * commits it too: one journal line is enough).
     */
    protected final void record(HostLease lease) {
        if (lease.equals(byKey.get(key(lease.address(), lease.prefixLength())))) {
            return;
        }
        journal.recordLease(lease);
        put(lease);
    }

    /** Journals that the resource at {@code key} has no lease, then removes it. */
    protected final void recordRemoval(K key) {
        HostLease lease = byKey.get(key);
        if (lease != null) {
            journal.recordRemoval(lease.address(), lease.prefixLength());
            remove(key);
        }
    }

    /**
     * Commits {@code lease} as its client's one lease of its kind: a previous ACTIVE lease of the
     * client elsewhere ends (journaled), then the lease is recorded.
     */
    protected final void recordAsOnlyLease(HostLease lease) {
        K key = key(lease.address(), lease.prefixLength());
        K previous = activeByClient.get(lease.client());
        if (previous != null && !previous.equals(key)) {
            recordRemoval(previous);
        }
        record(lease);
    }

    private void put(HostLease lease) {
        K key = key(lease.address(), lease.prefixLength());
        if (byKey.containsKey(key)) {
            remove(key);
        }
        byKey.put(key, lease);
        occupied(key);
        if (lease.state() == HostLease.State.ACTIVE) {
            activeByClient.put(lease.client(), key);
        }
        if (lease.state() != HostLease.State.FREE) {
            expiries.add(new Expiry<>(lease.validUntil(), key));
        }
    }

    private void remove(K key) {
        HostLease lease = byKey.remove(key);
        if (lease != null) {
            activeByClient.remove(lease.client(), key);
        }
        vacated(key);
    }

    private record Expiry<K>(Instant at, K key) implements Comparable<Expiry<K>> {
        @Override
        public int compareTo(Expiry<K> other) {
            return at.compareTo(other.at);
        }
    }
}
