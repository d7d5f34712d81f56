package org.dhcpfailover.plugin.allocation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.binding.LeaseContext;
import org.dhcpfailover.plugin.binding.LeaseStateMachine;
import org.dhcpfailover.plugin.binding.LeaseTransitionException;
import org.dhcpfailover.plugin.binding.PartnerSync;
import org.dhcpfailover.plugin.bindingdb.BindingDatabaseFailedException;
import org.dhcpfailover.plugin.config.Allocation;
import org.dhcpfailover.plugin.config.PoolKind;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.log.CatalogLogger;
import org.dhcpfailover.plugin.log.LogMessage;
import org.dhcpfailover.plugin.log.RateLimiter;
import org.dhcpfailover.plugin.sync.LeaseChange;
import org.dhcpfailover.plugin.sync.LeaseLedger;
import org.dhcpfailover.plugin.sync.ServingState;
import org.dhcpfailover.plugin.time.AbsoluteTime;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.Ipv6Address;
import org.dhcpfailover.plugin.wire.StatusCode;

/**
 * Chooses the lease a client gets (RFC 8156 §4.2, digest §6.1 and §10), thread-safe, for any
 * number of host threads:
 * <ol>
 * <li>A server whose state does not let it answer clients answers nothing.</li>
 * <li>The client's own lease in the pool is renewed (in any responsive state, by whichever
 * server issued it, MCLT-capped outside PARTNER-DOWN), or given back if it expired or was
 * released and no update about that was sent yet (§4.2.2.1).</li>
 * <li>Otherwise, where the state allows new leases: a free resource this server owns —
 * independent pools by the address's last bit, in every state; proportional pools FREE for the
 * primary, FREE-BACKUP for the secondary.</li>
 * <li>In PARTNER-DOWN, once its own are gone: the partner's free resources of a proportional
 * pool, from PARTNER-DOWN entry + MCLT on; never the partner's half of an independent pool.</li>
 * <li>Nothing left: NoAddrsAvail / NoPrefixAvail and a log line, at most once a minute per pool.</li>
 * </ol>
 * A request that names its lease (a DHCPv4 REQUEST's option 50 or ciaddr, a DHCPv6 IAADDR or
 * IAPREFIX in a REQUEST, RENEW or REBIND) goes to {@link #renew} instead: that lease, renewed or
 * given back by the rules of step 2, or nothing — never another lease, which the host would
 * refuse to the client after it had been committed.
 *
 * <p>Each candidate is granted through the {@link LeaseLedger}, whose lease state machine has the
 * last word (a lease waiting for the partner's acknowledgement, or for the A4 wait in
 * PARTNER-DOWN, is refused there and the next candidate tried); at most {@link #MAX_CANDIDATES}
 * are tried per request, so a request costs O(1) whatever the pool's size.
 */
public final class Allocator {
    /** Candidates tried per request before answering "none available". */
    static final int MAX_CANDIDATES = 32;
    /** Resources moved per rebalancing pass, so a large pool is handed over in steps. */
    static final int MAX_MOVES_PER_PASS = 1024;
    private static final long EXHAUSTED_LOG_INTERVAL_SECONDS = 60;
    /** DHCPv6's "infinity" lifetime, 0xffffffff. */
    private static final long INFINITY = 0xFFFF_FFFFL;

    private final LeaseLedger ledger;
    private final PoolSet pools;
    private final Role role;
    private final String relationship;
    private final CatalogLogger log;
    private final RateLimiter exhaustedLines = new RateLimiter(EXHAUSTED_LOG_INTERVAL_SECONDS);
    private final OfferReservations offers = new OfferReservations();

    /** Builds the allocator and connects it to {@code ledger} (pool tracking and rebalancing). */
    public Allocator(LeaseLedger ledger, PoolSet pools, Role role, String relationship, CatalogLogger log) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.pools = Objects.requireNonNull(pools, "pools");
        this.role = Objects.requireNonNull(role, "role");
        this.relationship = Objects.requireNonNull(relationship, "relationship");
        this.log = Objects.requireNonNull(log, "log");
        ledger.addObserver(pools);
        ledger.useBalancer(this::rebalance);
    }

    /**
     * A lease from {@code poolName} for {@code client}: renewed, given back or newly chosen.
     *
     * @throws IllegalArgumentException if there is no such pool (a host configuration error)
     */
    public AllocationResult allocate(String poolName, BindingClient client, long desiredValid, long desiredPreferred,
            long now) {
        ResourcePool pool = pool(poolName);
        if (ledger.database().failure().isPresent()) {
            // FO_BINDING_STORE_FAILED was logged: nothing can be made durable, so nothing is told.
            return AllocationResult.notServing("the binding store has failed");
        }
        try {
            return allocate(pool, client, desiredValid, desiredPreferred, now);
        } catch (BindingDatabaseFailedException e) {
            return AllocationResult.notServing("the binding store has failed");
        }
    }

    /**
     * What an offer (a DHCPv4 OFFER, a DHCPv6 ADVERTISE) shows {@code client}: the lease
     * {@link #allocate} would choose, with the lifetimes a request would get now, and nothing
     * committed — no binding, no update to the partner. A new lease is held for the client
     * ({@link OfferReservations}) so that its request gets it ({@link #renew}, or
     * {@link #allocate}); the lease the client holds, or may have back, is shown as it is. The
     * result's durability is complete: there is nothing to wait for.
     *
     * @throws IllegalArgumentException if there is no such pool (a host configuration error)
     */
    public AllocationResult offer(String poolName, BindingClient client, long desiredValid, long desiredPreferred,
            long now) {
        ResourcePool pool = pool(poolName);
        if (ledger.database().failure().isPresent()) {
            return AllocationResult.notServing("the binding store has failed");
        }
        long valid = finite(desiredValid);
        long preferred = Math.min(desiredPreferred, valid);
        ServingState serving = ledger.serving();
        if (!serving.answersClients()) {
            return AllocationResult.notServing("this server's failover state answers no clients");
        }
        Optional<Binding> held = held(poolName, client, now);
        if (held.isPresent()) {
            return AllocationResult.offered(held.get());
        }
        Optional<Binding> own = ownLease(pool, client, lease -> tryPreview(lease, client, valid, preferred, now));
        if (own.isPresent()) {
            return AllocationResult.offered(own.get());
        }
        if (!serving.mayAllocateNew()) {
            return AllocationResult.notServing("this server's failover state allows renewals only");
        }
        Optional<Lease> earlier = offers.offeredTo(poolName, client, now);
        Optional<Binding> offered = earlier.flatMap(lease -> tryPreview(lease, client, valid, preferred, now));
        if (offered.isEmpty()) {
            offered = offerFrom(pool, role, client, valid, preferred, now);
        }
        if (offered.isEmpty() && mayUsePartners(pool, serving, now)) {
            offered = offerFrom(pool, role.partner(), client, valid, preferred, now);
        }
        if (offered.isPresent()) {
            offers.hold(poolName, client, offered.get().lease(), now);
            return AllocationResult.offered(offered.get());
        }
        return exhausted(pool, now);
    }

    /**
     * The lease {@code client} holds in {@code poolName} at {@code now}: ACTIVE, bound to that
     * very client (DUID, IA type and IAID) and its valid lifetime not over. What an offer (a
     * DHCPv4 OFFER, a DHCPv6 ADVERTISE) shows without committing anything; nothing changes.
     *
     * @throws IllegalArgumentException if there is no such pool (a host configuration error)
     */
    public Optional<Binding> held(String poolName, BindingClient client, long now) {
        ResourcePool pool = pool(poolName);
        for (Binding binding : ledger.byClient(client.duid())) {
            if (pool.contains(binding.lease()) && binding.isBoundTo(client)
                    && binding.status().equals(BindingStatus.ACTIVE)
                    && AbsoluteTime.secondsBetween(now, binding.lifetimes().clientExpiry()) > 0) {
                return Optional.of(binding);
            }
        }
        return Optional.empty();
    }

    /**
     * Renews, or gives back, exactly {@code lease} for {@code client}: the lease a request names
     * (RFC 8156 §4.2, §4.2.2.1, by the rules {@link #allocate} applies to the client's own lease,
     * MCLT-capped outside PARTNER-DOWN). If {@code lease} is not this client's lease in the pool,
     * or may not be renewed now, the answer is NoBinding and nothing is committed: the host then
     * refuses the client (a DHCPv4 NAK), which is what it would do with any other lease anyway.
     *
     * @throws IllegalArgumentException if there is no such pool (a host configuration error)
     */
    public AllocationResult renew(String poolName, BindingClient client, Lease lease, long desiredValid,
            long desiredPreferred, long now) {
        ResourcePool pool = pool(poolName);
        if (ledger.database().failure().isPresent()) {
            return AllocationResult.notServing("the binding store has failed");
        }
        try {
            return renew(pool, client, lease, desiredValid, desiredPreferred, now);
        } catch (BindingDatabaseFailedException e) {
            return AllocationResult.notServing("the binding store has failed");
        }
    }

    /**
     * The lease a request for {@code value} in {@code poolName} names: an address, or for a prefix
     * pool the prefix of the pool's delegated length. It need not be one of the pool's resources
     * (a client may ask for anything); {@link #renew} says so.
     *
     * @throws IllegalArgumentException if there is no such pool (a host configuration error)
     */
    public Lease leaseAt(String poolName, Ipv6Address value) {
        PoolSpec spec = pool(poolName).spec();
        return spec.kind() == PoolKind.IPV6_PREFIX ? Lease.prefix(value, spec.delegatedLength())
                : Lease.address(value);
    }

    /** Whether {@code lease} is a resource of pool {@code poolName}. */
    public boolean covers(String poolName, Lease lease) {
        return pool(poolName).contains(lease);
    }

    private ResourcePool pool(String poolName) {
        return pools.pool(poolName).orElseThrow(
                () -> new IllegalArgumentException("no pool named " + poolName + " in relationship " + relationship));
    }

    private AllocationResult allocate(ResourcePool pool, BindingClient client, long desiredValid,
            long desiredPreferred, long now) {
        String poolName = pool.spec().name();
        long valid = finite(desiredValid);
        long preferred = Math.min(desiredPreferred, valid);
        ServingState serving = ledger.serving();
        if (!serving.answersClients()) {
            return AllocationResult.notServing("this server's failover state answers no clients");
        }
        Optional<LeaseChange> own = renewOwn(pool, client, valid, preferred, now);
        if (own.isPresent()) {
            return AllocationResult.granted(own.get());
        }
        if (!serving.mayAllocateNew()) {
            return AllocationResult.notServing("this server's failover state allows renewals only");
        }
        Optional<LeaseChange> fresh = offers.offeredTo(poolName, client, now)
                .flatMap(offered -> tryGrant(offered, client, valid, preferred, now));
        if (fresh.isEmpty()) {
            fresh = grantFrom(pool, role, client, valid, preferred, now);
        }
        if (fresh.isEmpty() && mayUsePartners(pool, serving, now)) {
            fresh = grantFrom(pool, role.partner(), client, valid, preferred, now);
        }
        if (fresh.isPresent()) {
            return AllocationResult.granted(fresh.get());
        }
        return exhausted(pool, now);
    }

    /** NoAddrsAvail / NoPrefixAvail, and the pool's FO_POOL_EXHAUSTED line at most once a minute. */
    private AllocationResult exhausted(ResourcePool pool, long now) {
        String poolName = pool.spec().name();
        StatusCode status = pool.spec().kind() == PoolKind.IPV6_PREFIX ? StatusCode.NO_PREFIX_AVAIL
                : StatusCode.NO_ADDRS_AVAIL;
        String reason = "pool " + poolName + " has no resource this server may hand out";
        if (exhaustedLines.permit(poolName, now) >= 0) {
            // The pool's counts change under the ledger's lock (its observer), so they are read there.
            long ownLeft = ledger.exclusively(() -> pool.available(role));
            long partnersLeft = ledger.exclusively(() -> pool.available(role.partner()));
            log.log(LogMessage.FO_POOL_EXHAUSTED, relationship, poolName, ownLeft, partnersLeft);
        }
        return AllocationResult.exhausted(status, reason);
    }

    private AllocationResult renew(ResourcePool pool, BindingClient client, Lease lease, long desiredValid,
            long desiredPreferred, long now) {
        long valid = finite(desiredValid);
        long preferred = Math.min(desiredPreferred, valid);
        if (!ledger.serving().answersClients()) {
            return AllocationResult.notServing("this server's failover state answers no clients");
        }
        String poolName = pool.spec().name();
        if (!pool.contains(lease)) {
            return AllocationResult.noBinding(lease + " is not a resource of pool " + poolName);
        }
        Optional<Binding> binding = ledger.find(lease);
        boolean own = binding.isPresent() && renewable(binding.get(), client);
        if (!own && offers.heldFor(lease, client, now)) {
            // The request for the lease this server offered the client (free, or the client's
            // own from an earlier, ended lease): its first commit.
            Optional<LeaseChange> granted = tryGrant(lease, client, valid, preferred, now);
            if (granted.isPresent()) {
                return AllocationResult.granted(granted.get());
            }
        }
        if (binding.isEmpty() || !binding.get().isBoundTo(client)) {
            return AllocationResult.noBinding(lease + " is not this client's lease");
        }
        if (!renewable(binding.get(), client)) {
            BindingStatus status = binding.get().status();
            boolean ended = status.equals(BindingStatus.EXPIRED) || status.equals(BindingStatus.RELEASED);
            return AllocationResult.noBinding(lease + " is " + status.name() + (ended
                    ? " and the partner was told: the client may not have it back (§4.2.2.1)"
                    : ", not leased to this client"));
        }
        try {
            return AllocationResult.granted(ledger.grant(lease, client, valid, preferred, now));
        } catch (LeaseTransitionException e) {
            return AllocationResult.noBinding(e.getMessage());
        }
    }

    /**
     * RFC 8156 §4.4: no infinite lifetime under failover (no partner lifetime could follow it); a
     * host configured with one gets the longest finite lifetime instead.
     */
    private static long finite(long desiredValid) {
        return Math.min(desiredValid, INFINITY - 1);
    }

    /** The client's lease in this pool, renewed or given back, if the lease rules allow. */
    private Optional<LeaseChange> renewOwn(ResourcePool pool, BindingClient client, long valid, long preferred,
            long now) {
        return ownLease(pool, client, lease -> tryGrant(lease, client, valid, preferred, now));
    }

    /** The first of the client's own leases in the pool (renewable, see below) that {@code attempt} accepts. */
    private <T> Optional<T> ownLease(ResourcePool pool, BindingClient client, Function<Lease, Optional<T>> attempt) {
        for (Binding binding : ledger.byClient(client.duid())) {
            if (pool.contains(binding.lease()) && renewable(binding, client)) {
                Optional<T> accepted = attempt.apply(binding.lease());
                if (accepted.isPresent()) {
                    return accepted;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether {@code binding} is {@code client}'s to renew or to have back: ACTIVE, or EXPIRED /
     * RELEASED while no update about that was sent (§4.2.2.1).
     */
    private static boolean renewable(Binding binding, BindingClient client) {
        BindingStatus status = binding.status();
        boolean held = status.equals(BindingStatus.ACTIVE);
        boolean givenBack = (status.equals(BindingStatus.EXPIRED) || status.equals(BindingStatus.RELEASED))
                && binding.sync() == PartnerSync.PENDING;
        return binding.isBoundTo(client) && (held || givenBack);
    }

    private Optional<LeaseChange> grantFrom(ResourcePool pool, Role owner, BindingClient client, long valid,
            long preferred, long now) {
        return firstCandidate(pool, owner, client, now, lease -> tryGrant(lease, client, valid, preferred, now));
    }

    private Optional<Binding> offerFrom(ResourcePool pool, Role owner, BindingClient client, long valid,
            long preferred, long now) {
        return firstCandidate(pool, owner, client, now, lease -> tryPreview(lease, client, valid, preferred, now));
    }

    /**
     * The first of at most {@link #MAX_CANDIDATES} free resources {@code owner} has in the pool
     * that {@code attempt} accepts; resources offered to other clients are passed over.
     */
    private <T> Optional<T> firstCandidate(ResourcePool pool, Role owner, BindingClient client, long now,
            Function<Lease, Optional<T>> attempt) {
        for (int i = 0; i < MAX_CANDIDATES; i++) {
            Optional<Lease> candidate = ledger.exclusively(
                    () -> pool.next(owner, lease -> ledger.find(lease).isPresent()));
            if (candidate.isEmpty()) {
                return Optional.empty();
            }
            if (offers.heldForAnother(candidate.get(), client, now)) {
                continue;
            }
            Optional<T> accepted = attempt.apply(candidate.get());
            if (accepted.isPresent()) {
                return accepted;
            }
        }
        return Optional.empty();
    }

    /** Grants {@code lease}, which then is no one's offer any more; empty if the lease rules refuse. */
    private Optional<LeaseChange> tryGrant(Lease lease, BindingClient client, long valid, long preferred, long now) {
        try {
            LeaseChange granted = ledger.grant(lease, client, valid, preferred, now);
            offers.drop(lease);
            return Optional.of(granted);
        } catch (LeaseTransitionException e) {
            return Optional.empty();
        }
    }

    private Optional<Binding> tryPreview(Lease lease, BindingClient client, long valid, long preferred, long now) {
        try {
            return Optional.of(ledger.preview(lease, client, valid, preferred, now));
        } catch (LeaseTransitionException e) {
            return Optional.empty();
        }
    }

    /** §4.2.2, §8.4.1: the partner's free proportional resources from PARTNER-DOWN entry + MCLT. */
    private static boolean mayUsePartners(ResourcePool pool, ServingState serving, long now) {
        return pool.spec().allocation() == Allocation.PROPORTIONAL && serving.partnerDownSince().isPresent()
                && AbsoluteTime.secondsBetween(AbsoluteTime.plus(serving.partnerDownSince().getAsLong(),
                        serving.mclt()), now) >= 0;
    }

    /**
     * The primary's rebalancing of every proportional pool (§4.2.2): hands FREE resources to the
     * secondary as FREE-BACKUP, or takes FREE-BACKUP ones back as FREE, when the secondary's share
     * has drifted past the threshold. The ledger queues the updates like any other change.
     */
    public void rebalance(long now) {
        if (role != Role.PRIMARY) {
            return;
        }
        for (ResourcePool pool : pools.pools()) {
            if (pool instanceof ProportionalPool proportional) {
                rebalance(proportional, now);
            }
        }
    }

    private void rebalance(ProportionalPool pool, long now) {
        ProportionalPool.Rebalance moves = ledger.exclusively(() -> {
            long total = pool.available(Role.PRIMARY) + pool.available(Role.SECONDARY);
            long threshold = total < 0 ? Long.MAX_VALUE / 100 * pool.spec().rebalanceThreshold()
                    : total * pool.spec().rebalanceThreshold() / 100;
            return pool.rebalance(threshold, MAX_MOVES_PER_PASS, lease -> ledger.find(lease).isPresent());
        });
        LeaseContext context = ledger.context(now);
        List<Lease> all = new ArrayList<>(moves.give());
        all.addAll(moves.takeBack());
        for (Lease lease : all) {
            BindingStatus to = moves.give().contains(lease) ? BindingStatus.FREE_BACKUP : BindingStatus.FREE;
            try {
                ledger.mutate(lease, current -> current
                        .map(binding -> LeaseStateMachine.change(binding, to, 0, context))
                        .orElseGet(() -> Binding.initial(lease, to, now).withSync(PartnerSync.PENDING)));
            } catch (LeaseTransitionException e) {
                // A host thread leased it in between: the pool relearns what it is.
                ledger.exclusively(() -> {
                    ledger.find(lease).ifPresent(binding -> pools.changed(Optional.of(binding), binding));
                    return null;
                });
            }
        }
    }
}
