package org.dhcpfailover.host.v4;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.dhcpfailover.hook.spi.ClientKey;
import org.dhcpfailover.hook.spi.HostLease;
import org.dhcpfailover.hook.spi.ResourceKind;
import org.dhcpfailover.host.lease.JournaledLeases;
import org.dhcpfailover.host.lease.LeaseJournal;

/**
 * The DHCPv4 host's lease table and its own allocator (dhcp4java has neither).
 *
 * <p>Indexes: address → lease and client → its ACTIVE address (the core both hosts share,
 * {@link JournaledLeases}: every change appended to the {@link LeaseJournal} before it takes effect
 * in memory, under the table's one lock), and address → pending offer.
 *
 * <p>Allocation (when no hook decides): the client's ACTIVE lease, else its pending offer, else the
 * address it asked for if free, else the next free address after a per-pool cursor. "Free" is one
 * bit per pool address (set while the address has a table entry, a pending offer or is the
 * server's own); the search is {@link BitSet#nextClearBit}, 64 addresses per machine word, so a
 * request costs O(1) on average and at worst one pass over the pool's bitmap (1,024 words for a
 * /16 pool), never a walk over leases. Expiry uses a queue ordered by end time, so a sweep costs
 * O(k log n) for k leases ending.
 *
 * <p>Offers are held in memory for {@link #offerHold} so that retransmitted DISCOVERs get the same
 * address and concurrent clients get different ones; they are not journaled (RFC 2131 §4.3.1: an
 * offer need not be reserved).
 *
 * <p>A FREE entry (only ever applied by a hook) is not handed out by this allocator, as the SPI
 * requires; releases and expiries by the host remove the entry instead.
 */
final class HostLeaseTable extends JournaledLeases<Integer> {

    private final Duration offerHold;
    private final Map<Integer, Offer> offers = new HashMap<>();
    private final Map<ClientKey, Integer> offerByClient = new HashMap<>();
    private final ArrayDeque<Offer> offerQueue = new ArrayDeque<>();
    private final List<PoolState> pools;
    private final Set<Integer> reserved;

    /**
     * @param pools    the pools the allocator hands out from
     * @param reserved addresses never handed out (the server's own)
     */
    HostLeaseTable(LeaseJournal journal, Collection<V4Pool> pools, Collection<Inet4Address> reserved,
            Duration offerHold) {
        super(journal);
        this.offerHold = Objects.requireNonNull(offerHold, "offerHold");
        this.pools = pools.stream().map(PoolState::new).toList();
        this.reserved = reserved.stream().map(Ipv4::toInt).collect(Collectors.toUnmodifiableSet());
        for (int address : this.reserved) {
            markTaken(address);
        }
    }

    @Override
    protected Integer key(InetAddress address, int prefixLength) {
        return Ipv4.toInt(address);
    }

    Optional<HostLease> leaseAt(Inet4Address address) {
        return leaseAt(address, 32);
    }

    // ---- the host's allocator ----

    /** An address the allocator chose in a pool. */
    record Pick(V4Pool pool, Inet4Address address) {}

    /**
     * The address to offer to {@code client} from {@code candidates} (in order), held for it for
     * the offer hold time; empty if every candidate pool is full.
     */
    Optional<Pick> offer(ClientKey client, List<V4Pool> candidates, Optional<Inet4Address> requested, Instant now) {
        synchronized (lock) {
            dropExpiredOffers(now);
            Integer active = activeKey(client);
            if (active != null) {
                Optional<V4Pool> pool = poolAmong(candidates, active);
                if (pool.isPresent()) {
                    return Optional.of(new Pick(pool.get(), Ipv4.toAddress(active)));
                }
            }
            Integer pending = offerByClient.get(client);
            if (pending != null && poolAmong(candidates, pending).isPresent()) {
                hold(client, pending, now);
                return Optional.of(new Pick(poolAmong(candidates, pending).get(), Ipv4.toAddress(pending)));
            }
            if (requested.isPresent()) {
                int wanted = Ipv4.toInt(requested.get());
                Optional<V4Pool> pool = poolAmong(candidates, wanted);
                if (pool.isPresent() && isFreeFor(client, wanted)) {
                    hold(client, wanted, now);
                    return Optional.of(new Pick(pool.get(), requested.get()));
                }
            }
            for (V4Pool pool : candidates) {
                PoolState state = state(pool);
                OptionalInt next = state.nextFree();
                if (next.isPresent()) {
                    hold(client, next.getAsInt(), now);
                    state.advancePast(next.getAsInt());
                    return Optional.of(new Pick(pool, Ipv4.toAddress(next.getAsInt())));
                }
            }
            return Optional.empty();
        }
    }

    /** What the host's allocator answers to a REQUEST. */
    sealed interface Outcome {
        /** Acknowledge this lease (already in the table and the journal). */
        record Ack(HostLease lease) implements Outcome {}

        /** The client may not have the address. */
        record Nak(String reason) implements Outcome {}

        /** No record of the client and it may not create one now: stay silent (RFC 2131 §4.3.2). */
        record Silent(String reason) implements Outcome {}
    }

    /**
     * Commits {@code requested} to {@code client} if it may have it: its own ACTIVE lease is
     * extended; a free address of one of the candidate pools becomes its lease when
     * {@code mayCreate} (else {@link Outcome.Silent}); anything else is a NAK. A client has one
     * lease: taking a new address ends its previous one.
     */
    Outcome request(ClientKey client, List<V4Pool> candidates, Inet4Address requested, boolean mayCreate,
            Instant now) {
        int address = Ipv4.toInt(requested);
        synchronized (lock) {
            dropExpiredOffers(now);
            Optional<V4Pool> pool = poolAmong(candidates, address);
            if (pool.isEmpty()) {
                return new Outcome.Nak(requested.getHostAddress() + " is not in a pool of the client's network");
            }
            HostLease existing = leaseAt(address);
            boolean own = existing != null && existing.state() == HostLease.State.ACTIVE
                    && existing.client().equals(client);
            if (!own) {
                if (existing != null) {
                    return new Outcome.Nak(requested.getHostAddress() + " is "
                            + (existing.state() == HostLease.State.ACTIVE ? "leased to another client"
                                    : existing.state().name().toLowerCase(java.util.Locale.ROOT)));
                }
                if (!isFreeFor(client, address)) {
                    return new Outcome.Nak(requested.getHostAddress() + " is not available");
                }
                if (!mayCreate) {
                    return new Outcome.Silent("no lease of this client at " + requested.getHostAddress());
                }
            }
            HostLease lease = leaseFor(client, requested, pool.get().validLifetime(), now);
            recordAsOnlyLease(lease);
            dropOffer(client);
            return new Outcome.Ack(lease);
        }
    }

    /** Records a lease a hook granted and the host is about to acknowledge. */
    void commitGranted(HostLease lease) {
        check(lease);
        synchronized (lock) {
            record(lease);
            dropOffer(lease.client());
        }
    }

    /** The client no longer wants the offer it was made (it chose another server). */
    void withdrawOffer(ClientKey client) {
        synchronized (lock) {
            dropOffer(client);
        }
    }

    /** Ends the client's ACTIVE lease at {@code address} (RELEASE), see {@link JournaledLeases#release}. */
    Optional<HostLease> release(ClientKey client, Inet4Address address, Instant now) {
        return release(client, address, 32, now);
    }

    /**
     * Marks {@code address} ABANDONED until {@code now + probation} because the client reported it
     * in use (DECLINE); only the client that holds or was offered it may decline it. The abandoned
     * lease, or empty if the client had no claim to the address.
     */
    Optional<HostLease> decline(ClientKey client, Inet4Address address, Instant now, Duration probation) {
        int key = Ipv4.toInt(address);
        synchronized (lock) {
            HostLease lease = leaseAt(key);
            Offer offer = offers.get(key);
            boolean holds = isActiveFor(lease, client);
            boolean offered = lease == null && offer != null && offer.client().equals(client);
            if (!holds && !offered) {
                return Optional.empty();
            }
            Instant until = now.plus(probation);
            HostLease abandoned = new HostLease(client, address, 32, HostLease.State.ABANDONED, until, until, until, until);
            if (offered) {
                dropOffer(client);
            }
            record(abandoned);
            return Optional.of(abandoned);
        }
    }

    @Override
    protected void beforeExpiry(Instant now) {
        dropExpiredOffers(now);
    }

    /** A new lease of the pool's lifetime from {@code now}: T1 at 1/2, T2 at 7/8 (RFC 2131 §4.4.5). */
    static HostLease leaseFor(ClientKey client, Inet4Address address, Duration valid, Instant now) {
        long seconds = valid.getSeconds();
        return new HostLease(client, address, 32, HostLease.State.ACTIVE,
                now.plusSeconds(seconds), now.plusSeconds(seconds),
                now.plusSeconds(seconds / 2), now.plusSeconds(seconds / 8 * 7 + seconds % 8 * 7 / 8));
    }

    // ---- internals, all under the lock ----

    @Override
    protected void check(HostLease lease) {
        if (!(lease.address() instanceof Inet4Address) || lease.prefixLength() != 32) {
            throw new IllegalArgumentException("the DHCPv4 host's table holds IPv4 addresses (/32), not "
                    + lease.address().getHostAddress() + "/" + lease.prefixLength());
        }
        if (lease.client().kind() != ResourceKind.IPV4_ADDRESS) {
            throw new IllegalArgumentException("the DHCPv4 host's table holds " + ResourceKind.IPV4_ADDRESS
                    + " leases, not " + lease.client().kind());
        }
    }

    @Override
    protected void occupied(Integer address) {
        markTaken(address);
    }

    @Override
    protected void vacated(Integer address) {
        markFreeIfUnused(address);
    }

    private boolean isFreeFor(ClientKey client, int address) {
        if (hasLease(address) || reserved.contains(address)) {
            return false;
        }
        Offer offer = offers.get(address);
        return offer == null || offer.client().equals(client);
    }

    private void hold(ClientKey client, int address, Instant now) {
        dropOffer(client);
        Offer offer = new Offer(client, address, now.plus(offerHold));
        offers.put(address, offer);
        offerByClient.put(client, address);
        offerQueue.add(offer);
        markTaken(address);
    }

    private void dropOffer(ClientKey client) {
        Integer address = offerByClient.remove(client);
        if (address != null) {
            offers.remove(address);
            markFreeIfUnused(address);
        }
    }

    private void dropExpiredOffers(Instant now) {
        while (!offerQueue.isEmpty() && !offerQueue.peek().until().isAfter(now)) {
            Offer old = offerQueue.poll();
            if (offers.get(old.address()) == old) {
                offers.remove(old.address());
                offerByClient.remove(old.client(), old.address());
                markFreeIfUnused(old.address());
            }
        }
    }

    private void markTaken(int address) {
        poolOf(address).ifPresent(state -> state.taken.set(state.pool.offset(address)));
    }

    private void markFreeIfUnused(int address) {
        if (!hasLease(address) && !offers.containsKey(address) && !reserved.contains(address)) {
            poolOf(address).ifPresent(state -> state.taken.clear(state.pool.offset(address)));
        }
    }

    private Optional<PoolState> poolOf(int address) {
        for (PoolState state : pools) {
            if (state.pool.contains(address)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }

    private PoolState state(V4Pool pool) {
        for (PoolState state : pools) {
            if (state.pool.equals(pool)) {
                return state;
            }
        }
        throw new IllegalArgumentException("not a pool of this table: " + pool);
    }

    private static Optional<V4Pool> poolAmong(List<V4Pool> candidates, int address) {
        return candidates.stream().filter(pool -> pool.contains(address)).findFirst();
    }

    private record Offer(ClientKey client, int address, Instant until) {}

    /** A pool's occupancy bitmap and allocation cursor. */
    private static final class PoolState {
        final V4Pool pool;
        final int size;
        final BitSet taken;
        int cursor;

        PoolState(V4Pool pool) {
            this.pool = pool;
            this.size = (int) pool.size();
            this.taken = new BitSet(size);
        }

        /** The first free address at or after the cursor, wrapping around once. */
        OptionalInt nextFree() {
            int found = taken.nextClearBit(cursor);
            if (found >= size) {
                found = taken.nextClearBit(0);
                if (found >= size) {
                    return OptionalInt.empty();
                }
            }
            return OptionalInt.of(pool.addressAt(found));
        }

        void advancePast(int address) {
            int next = pool.offset(address) + 1;
            cursor = next >= size ? 0 : next;
        }
    }
}
