package org.dhcpfailover.host.v6;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.dhcpfailover.hook.spi.ClientKey;
import org.dhcpfailover.hook.spi.HostLease;
import org.dhcpfailover.hook.spi.ResourceKind;
import org.dhcpfailover.host.lease.JournaledLeases;
import org.dhcpfailover.host.lease.LeaseJournal;
import org.dhcpfailover.host.v6.IaCodec.Hint;

/**
 * The DHCPv6 host's lease table and its own allocator (anarres keeps leases only in memory and
 * has no prefix delegation): addresses (IA_NA, IA_TA) and delegated prefixes (IA_PD), one lease
 * per IA — a {@link ClientKey} is DUID, IA type and IAID.
 *
 * <p>Indexes: resource (address or prefix with its length) → lease and client IA → its ACTIVE
 * resource (the core both hosts share, {@link JournaledLeases}: every change journaled before it
 * takes effect, under one lock), and resource → pending offer.
 *
 * <p>Allocation (when no hook decides): the IA's ACTIVE lease, else its pending offer, else a hint
 * of the client if free, else the next free resource after a per-pool cursor. IPv6 pools are far
 * larger than any table, so there is no occupancy bitmap: the search steps from the cursor and
 * gives up after one more step than there are entries in the table, which finds a free resource
 * whenever the pool has one among those positions (always, while the pool is not full); with the
 * cursor moving on after each pick, a search costs O(1) in the usual case.
 *
 * <p>Offers (ADVERTISE) are held in memory for {@link #offerHold}, not journaled (RFC 8415 §18.3.9:
 * an advertised lease need not be reserved). A FREE entry (only ever applied by a hook) is not
 * handed out by this allocator, as the SPI requires; releases and expiries by the host remove the
 * entry instead.
 */
final class V6LeaseTable extends JournaledLeases<String> {

    private final Duration offerHold;
    private final List<V6Pool> pools;
    private final Set<String> reserved;
    private final Map<String, Offer> offers = new HashMap<>();
    private final Map<ClientKey, Offer> offerByClient = new HashMap<>();
    private final ArrayDeque<Offer> offerQueue = new ArrayDeque<>();
    private final Map<String, Long> cursors = new HashMap<>();

    /**
     * @param reserved addresses never handed out (the server's own)
     */
    V6LeaseTable(LeaseJournal journal, Collection<V6Pool> pools, Collection<Inet6Address> reserved, Duration offerHold) {
        super(journal);
        this.offerHold = Objects.requireNonNull(offerHold, "offerHold");
        this.pools = List.copyOf(pools);
        this.reserved = reserved.stream().map(a -> LeaseJournal.resource(a, 128)).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    @Override
    protected String key(InetAddress address, int prefixLength) {
        return LeaseJournal.resource(address, prefixLength);
    }

    /** What the IA holds, else what it was advertised and still is held for it. */
    Optional<Hint> heldOrOffered(ClientKey client, Instant now) {
        synchronized (lock) {
            dropExpiredOffers(now);
            String key = activeKey(client);
            if (key != null) {
                HostLease lease = leaseAt(key);
                return Optional.of(new Hint((Inet6Address) lease.address(), lease.prefixLength()));
            }
            Offer offer = offerByClient.get(client);
            return offer == null ? Optional.empty() : Optional.of(new Hint(offer.address(), offer.pool().length()));
        }
    }

    // ---- the host's allocator ----

    /** A resource the allocator chose in a pool. */
    record Pick(V6Pool pool, Inet6Address address) {}

    /**
     * The resource to advertise to the IA from {@code candidates} (in order), held for it for the
     * offer hold time; empty if every candidate pool is full.
     */
    Optional<Pick> offer(ClientKey client, List<V6Pool> candidates, List<Hint> hints, Instant now) {
        synchronized (lock) {
            dropExpiredOffers(now);
            Optional<Pick> pick = choose(client, candidates, hints);
            pick.ifPresent(p -> {
                if (!isActiveFor(client, p)) {
                    hold(client, p, now);
                }
            });
            return pick;
        }
    }

    /** What the host's allocator answers for one IA. */
    sealed interface Outcome {
        /** Answer with this lease (already in the table and the journal). */
        record Granted(HostLease lease) implements Outcome {}

        /** The pools have nothing for the IA: NoAddrsAvail / NoPrefixAvail. */
        record Exhausted(String reason) implements Outcome {}

        /** No binding for the IA (RENEW of an IA the server does not know): NoBinding. */
        record NoBinding(String reason) implements Outcome {}

        /** The named resource is not the client's and cannot become it: lifetimes 0. */
        record NotAppropriate(String reason) implements Outcome {}
    }

    /**
     * A REQUEST's IA (RFC 8415 §18.3.2): the IA's own lease (extended), else its offer, a free
     * hint or the next free resource, committed. Taking a new resource ends the IA's previous one.
     */
    Outcome request(ClientKey client, List<V6Pool> candidates, List<Hint> hints, Instant now) {
        synchronized (lock) {
            dropExpiredOffers(now);
            Optional<Pick> pick = choose(client, candidates, hints);
            if (pick.isEmpty()) {
                return new Outcome.Exhausted("no free " + noun(client.kind()) + " in " + names(candidates));
            }
            return new Outcome.Granted(commit(client, pick.get(), now));
        }
    }

    /**
     * A RENEW's or REBIND's resource (RFC 8415 §18.3.4, §18.3.5): the IA's own lease there is
     * extended; a resource of another client, abandoned, or outside the pools is not appropriate;
     * a free resource of the pools becomes the IA's lease when {@code mayCreate}, else NoBinding.
     */
    Outcome extend(ClientKey client, List<V6Pool> candidates, Hint hint, boolean mayCreate, Instant now) {
        synchronized (lock) {
            dropExpiredOffers(now);
            Optional<V6Pool> pool = poolAmong(candidates, hint.address(), hint.prefixLength());
            String text = text(hint.address(), hint.prefixLength());
            if (pool.isEmpty()) {
                return new Outcome.NotAppropriate(text + " is not in a pool of this server for " + IaCodec.name(client.kind()));
            }
            String key = LeaseJournal.resource(hint.address(), hint.prefixLength());
            HostLease existing = leaseAt(key);
            if (existing != null) {
                if (isActiveFor(existing, client)) {
                    return new Outcome.Granted(commit(client, new Pick(pool.get(), hint.address()), now));
                }
                return new Outcome.NotAppropriate(text + " is " + (existing.state() == HostLease.State.ACTIVE
                        ? "leased to another client" : existing.state().name().toLowerCase(Locale.ROOT)));
            }
            if (!isFreeFor(client, key)) {
                return new Outcome.NotAppropriate(text + " is not available");
            }
            if (!mayCreate) {
                return new Outcome.NoBinding("no binding of " + client + " at " + text);
            }
            return new Outcome.Granted(commit(client, new Pick(pool.get(), hint.address()), now));
        }
    }

    /** Records a lease a hook granted and the host is about to answer with. */
    void commitGranted(HostLease lease) {
        check(lease);
        synchronized (lock) {
            recordAsOnlyLease(lease);
            dropOffer(lease.client());
        }
    }

    /** The client no longer wants what it was advertised (it chose another server). */
    void withdrawOffers(byte[] duid) {
        synchronized (lock) {
            for (ClientKey client : new ArrayList<>(offerByClient.keySet())) {
                if (java.util.Arrays.equals(client.duid(), duid)) {
                    dropOffer(client);
                }
            }
        }
    }

    /** Ends the IA's ACTIVE lease at {@code hint} (RELEASE), see {@link JournaledLeases#release}. */
    Optional<HostLease> release(ClientKey client, Hint hint, Instant now) {
        return release(client, hint.address(), hint.prefixLength(), now);
    }

    /**
     * Marks the IA's address ABANDONED until {@code now + probation} because the client found it in
     * use (DECLINE, RFC 8415 §18.3.8); only the IA that holds it may decline it.
     */
    Optional<HostLease> decline(ClientKey client, Hint hint, Instant now, Duration probation) {
        String key = LeaseJournal.resource(hint.address(), hint.prefixLength());
        synchronized (lock) {
            HostLease lease = leaseAt(key);
            if (!isActiveFor(lease, client)) {
                return Optional.empty();
            }
            Instant until = now.plus(probation);
            HostLease abandoned = new HostLease(client, lease.address(), lease.prefixLength(),
                    HostLease.State.ABANDONED, until, until, until, until);
            record(abandoned);
            return Optional.of(abandoned);
        }
    }

    @Override
    protected void beforeExpiry(Instant now) {
        dropExpiredOffers(now);
    }

    /**
     * A new lease of the pool's lifetimes from {@code now}, T1 at 1/2 and T2 at 4/5 of the
     * preferred lifetime (RFC 8415 §21.4 recommends .5 and .8).
     */
    static HostLease leaseFor(ClientKey client, V6Pool pool, Inet6Address address, Instant now) {
        long valid = pool.validLifetime().getSeconds();
        long preferred = Math.min(pool.preferredLifetime().getSeconds(), valid);
        return new HostLease(client, address, pool.length(), HostLease.State.ACTIVE, now.plusSeconds(valid),
                now.plusSeconds(preferred), now.plusSeconds(preferred / 2), now.plusSeconds(preferred * 4 / 5));
    }

    // ---- internals, all under the lock ----

    private Optional<Pick> choose(ClientKey client, List<V6Pool> candidates, List<Hint> hints) {
        String active = activeKey(client);
        if (active != null) {
            HostLease lease = leaseAt(active);
            Optional<V6Pool> pool = poolAmong(candidates, lease.address(), lease.prefixLength());
            if (pool.isPresent()) {
                return Optional.of(new Pick(pool.get(), (Inet6Address) lease.address()));
            }
        }
        Offer pending = offerByClient.get(client);
        if (pending != null) {
            Optional<V6Pool> pool = poolAmong(candidates, pending.address(), pending.pool().length());
            if (pool.isPresent()) {
                return Optional.of(new Pick(pool.get(), pending.address()));
            }
        }
        for (Hint hint : hints) {
            for (V6Pool pool : candidates) {
                // RFC 8415 §18.3.1: a prefix hint may name only a length; a hint of another length
                // than the pool delegates, or outside it, is ignored
                if (pool.contains(hint.address(), hint.prefixLength())
                        && isFreeFor(client, LeaseJournal.resource(hint.address(), hint.prefixLength()))) {
                    return Optional.of(new Pick(pool, hint.address()));
                }
            }
        }
        for (V6Pool pool : candidates) {
            Optional<Inet6Address> free = nextFree(client, pool);
            if (free.isPresent()) {
                return Optional.of(new Pick(pool, free.get()));
            }
        }
        return Optional.empty();
    }

    private Optional<Inet6Address> nextFree(ClientKey client, V6Pool pool) {
        long start = cursors.getOrDefault(pool.name(), 0L);
        long tries = Math.min(pool.size(), (long) size() + offers.size() + reserved.size() + 1);
        for (long i = 0; i < tries; i++) {
            long offset = (start + i) % pool.size();
            Inet6Address address = pool.resourceAt(offset);
            if (isFreeFor(client, LeaseJournal.resource(address, pool.length()))) {
                cursors.put(pool.name(), (offset + 1) % pool.size());
                return Optional.of(address);
            }
        }
        return Optional.empty();
    }

    private boolean isActiveFor(ClientKey client, Pick pick) {
        String key = LeaseJournal.resource(pick.address(), pick.pool().length());
        return key.equals(activeKey(client));
    }

    private HostLease commit(ClientKey client, Pick pick, Instant now) {
        HostLease lease = leaseFor(client, pick.pool(), pick.address(), now);
        recordAsOnlyLease(lease);
        dropOffer(client);
        return lease;
    }

    @Override
    protected void check(HostLease lease) {
        ResourceKind kind = lease.client().kind();
        boolean prefix = kind == ResourceKind.IPV6_PREFIX;
        boolean address = kind == ResourceKind.IPV6_ADDRESS || kind == ResourceKind.IPV6_TEMPORARY_ADDRESS;
        if (!(lease.address() instanceof Inet6Address) || !(prefix || address)
                || (address && lease.prefixLength() != 128) || lease.prefixLength() < 0 || lease.prefixLength() > 128) {
            throw new IllegalArgumentException("the DHCPv6 host's table holds IPv6 addresses (/128) and prefixes, not "
                    + kind + " " + lease.address().getHostAddress() + "/" + lease.prefixLength());
        }
    }

    private boolean isFreeFor(ClientKey client, String key) {
        if (hasLease(key) || reserved.contains(key)) {
            return false;
        }
        Offer offer = offers.get(key);
        return offer == null || offer.client().equals(client);
    }

    private void hold(ClientKey client, Pick pick, Instant now) {
        dropOffer(client);
        Offer offer = new Offer(client, pick.pool(), pick.address(), now.plus(offerHold));
        offers.put(offer.key(), offer);
        offerByClient.put(client, offer);
        offerQueue.add(offer);
    }

    private void dropOffer(ClientKey client) {
        Offer offer = offerByClient.remove(client);
        if (offer != null) {
            offers.remove(offer.key(), offer);
        }
    }

    private void dropExpiredOffers(Instant now) {
        while (!offerQueue.isEmpty() && !offerQueue.peek().until().isAfter(now)) {
            Offer old = offerQueue.poll();
            if (offers.remove(old.key(), old)) {
                offerByClient.remove(old.client(), old);
            }
        }
    }

    private static Optional<V6Pool> poolAmong(List<V6Pool> candidates, InetAddress address, int prefixLength) {
        return candidates.stream().filter(pool -> pool.contains(address, prefixLength)).findFirst();
    }

    private static String text(InetAddress address, int prefixLength) {
        return address.getHostAddress() + (prefixLength == 128 ? "" : "/" + prefixLength);
    }

    private static String noun(ResourceKind kind) {
        return kind == ResourceKind.IPV6_PREFIX ? "prefix" : "address";
    }

    private static String names(List<V6Pool> pools) {
        return pools.stream().map(V6Pool::name).toList().toString();
    }

    List<V6Pool> pools() {
        return pools;
    }

    private record Offer(ClientKey client, V6Pool pool, Inet6Address address, Instant until) {
        String key() {
            return LeaseJournal.resource(address, pool.length());
        }
    }

}
