package org.dhcpfailover.plugin.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.ClientLifetimes;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.binding.LeaseContext;
import org.dhcpfailover.plugin.binding.LeaseStateMachine;
import org.dhcpfailover.plugin.binding.LeaseTransitionException;
import org.dhcpfailover.plugin.binding.LifetimeGrant;
import org.dhcpfailover.plugin.binding.McltRule;
import org.dhcpfailover.plugin.binding.PartnerDownWaits;
import org.dhcpfailover.plugin.bindingdb.BindingDatabase;
import org.dhcpfailover.plugin.time.AbsoluteTime;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.OctetString;

/**
 * The leases of one relationship as the host changes them (RFC 8156 §4.3, §4.4, §7.2): every
 * change goes through here, so that it follows the lease state machine, grants obey the MCLT
 * rule outside PARTNER-DOWN, and the endpoint hears of it to send the lazy BNDUPD.
 *
 * <p>A change is recorded without waiting for the disk or the partner: the binding database
 * takes it at once and returns its durability as a future ({@link LeaseChange}), and the lease
 * is handed to the endpoint thread, which queues the BNDUPD ({@link #drainChanged()}). The host
 * waits for the future, never for the partner.
 *
 * <p><b>One writer at a time.</b> Host threads and the endpoint thread (storing a received
 * update, acknowledging a reply, expiring a lease) all read a binding, compute its successor
 * and commit it. Each such read-compute-commit runs under {@link #mutate}'s lock, so that no
 * change is computed from a binding another thread is replacing. Committing only queues the
 * write, so the lock is held for microseconds, never across a disk sync.
 *
 * <p>The endpoint publishes what the rules need to know about it — the MCLT in use and when it
 * entered PARTNER-DOWN — through {@link #endpointChanged}.
 */
public final class LeaseLedger implements BindingView {
    /** T2 as a fraction of the valid lifetime: RFC 8415 §21.4's recommended 0.8. */
    static final double T2_FRACTION = 0.8;

    private final BindingDatabase database;
    private final LeaseScope scope;
    private final double t1Fraction;
    private final Object lock = new Object();
    private final Queue<Lease> changed = new ConcurrentLinkedQueue<>();
    private final List<BindingObserver> observers = new CopyOnWriteArrayList<>();
    private volatile Runnable onChange = () -> {
    };
    private volatile LongConsumer balancer = now -> {
    };
    private volatile ServingState serving;
    /** The ACTIVE leases by the end of their client lifetime, for the expiry scan. */
    private final ExpiryIndex expiryIndex = new ExpiryIndex();
    /** Where the stepwise PARTNER-DOWN scan for leases to free goes on (endpoint thread only). */
    private Iterator<Binding> expiryCursor = Collections.emptyIterator();

    /**
     * @param database   the relationship's bindings
     * @param scope      which leases the relationship covers and how their pools are split
     * @param mclt       the configured MCLT, until the endpoint publishes the one in use
     * @param t1Fraction T1 as a fraction of the lifetime granted (RFC 8156 §4.4.1: the partner
     *                   lifetime sent is the desired lifetime plus this fraction of the actual)
     */
    public LeaseLedger(BindingDatabase database, LeaseScope scope, long mclt, double t1Fraction) {
        this.database = Objects.requireNonNull(database, "database");
        this.scope = Objects.requireNonNull(scope, "scope");
        new McltRule(mclt, t1Fraction); // checks both
        this.serving = ServingState.initial(mclt);
        this.t1Fraction = t1Fraction;
        addObserver(expiryIndex);
    }

    /**
     * Tells {@code observer} of every binding there is now and every later commit, under the
     * ledger's lock.
     */
    public void addObserver(BindingObserver observer) {
        synchronized (lock) {
            for (Binding binding : database.all()) {
                observer.changed(Optional.empty(), binding);
            }
            observers.add(observer);
        }
    }

    /** What rebalances the proportional pools (RFC 8156 §4.2.2), run by the primary's endpoint. */
    public void useBalancer(LongConsumer rebalance) {
        this.balancer = Objects.requireNonNull(rebalance, "rebalance");
    }

    /** Runs the pool rebalancing (on POOLREQ and periodically in NORMAL, primary only). */
    public void rebalance(long now) {
        balancer.accept(now);
    }

    /**
     * Runs {@code listener} once each host change is durable (or its sync failed), on the thread
     * that completed it (the store's writer; the changing thread if it was complete at once), to
     * wake the endpoint: the change's BNDUPD may leave then.
     */
    public void onChange(Runnable listener) {
        this.onChange = Objects.requireNonNull(listener, "listener");
    }

    /** The endpoint's state as the lease rules need it. */
    public void endpointChanged(ServingState state) {
        this.serving = Objects.requireNonNull(state, "state");
    }

    public ServingState serving() {
        return serving;
    }

    /** The context a change at {@code now} is judged in. */
    public LeaseContext context(long now) {
        ServingState state = serving;
        return state.partnerDownSince().isEmpty() ? LeaseContext.communicating(now, state.mclt())
                : LeaseContext.partnerDown(now, state.mclt(), state.partnerDownSince().getAsLong());
    }

    public LeaseScope scope() {
        return scope;
    }

    // ------------------------------------------------------------------ host operations

    /**
     * Leases or renews {@code lease} for {@code client} (RFC 8156 §4.4): the lifetime is the
     * desired one capped by the MCLT rule outside PARTNER-DOWN, and at least 30 s for a new lease.
     *
     * @param desiredValid     the valid lifetime the host would give without failover, seconds
     * @param desiredPreferred the preferred lifetime it would give; capped to the valid lifetime
     * @throws LeaseTransitionException if the lease cannot go to this client now (bound to
     *     another, or waiting for the partner's acknowledgement of its release or expiry)
     * @throws IllegalArgumentException if the lease is outside the relationship's pools, or the
     *     lifetime is infinite or the MCLT too small for a new lease
     */
    public LeaseChange grant(Lease lease, BindingClient client, long desiredValid, long desiredPreferred, long now) {
        requireCovered(lease);
        return mutate(lease, current -> granted(lease, current, client, desiredValid, desiredPreferred, now));
    }

    /**
     * What {@link #grant} would commit now, computed and not committed: the binding an offer (a
     * DHCPv4 OFFER, a DHCPv6 ADVERTISE) shows the client, with the lifetimes its REQUEST would
     * get at this moment (MCLT-capped the same way).
     *
     * @throws LeaseTransitionException if the lease may not be granted to {@code client} now
     */
    public Binding preview(Lease lease, BindingClient client, long desiredValid, long desiredPreferred, long now) {
        requireCovered(lease);
        return exclusively(() -> granted(lease, database.get(lease), client, desiredValid, desiredPreferred, now));
    }

    private Binding granted(Lease lease, Optional<Binding> current, BindingClient client, long desiredValid,
            long desiredPreferred, long now) {
        LeaseContext context = context(now);
        Binding base = current.orElseGet(() -> Binding.initial(lease,
                LeaseStateMachine.freeStatus(lease, scope.allocation().apply(lease)), now));
        boolean renewal = base.status().equals(BindingStatus.ACTIVE) && base.isBoundTo(client);
        LifetimeGrant granted = new McltRule(context.mclt(), t1Fraction).grant(now, desiredValid,
                base.times().ackedPartnerLifetime(), !context.inPartnerDown(), !renewal);
        long valid = granted.clientLifetime();
        ClientLifetimes lifetimes = new ClientLifetimes(now, Math.min(desiredPreferred, valid), valid,
                (long) Math.floor(valid * t1Fraction), (long) Math.floor(valid * T2_FRACTION));
        return LeaseStateMachine.grant(base, client, lifetimes, granted.partnerLifetime(), context);
    }

    /** The client released the lease (RFC 8156 §7.2: ACTIVE → RELEASED). */
    public LeaseChange release(Lease lease, BindingClient client, long now) {
        return mutate(lease, current -> {
            Binding binding = requireHeldBy(lease, client, current);
            return LeaseStateMachine.change(binding, BindingStatus.RELEASED, 0, context(now));
        });
    }

    /** The client declined the lease as in use elsewhere (RFC 8156 §7.2: ACTIVE → ABANDONED). */
    public LeaseChange decline(Lease lease, BindingClient client, long now) {
        return mutate(lease, current -> {
            Binding binding = requireHeldBy(lease, client, current);
            return LeaseStateMachine.change(binding, BindingStatus.ABANDONED, 0, context(now));
        });
    }

    /** The lease's lifetime ran out (RFC 8156 §7.2: ACTIVE → EXPIRED). */
    public LeaseChange expire(Lease lease, long now) {
        return mutate(lease, current -> LeaseStateMachine.change(current.orElseThrow(
                () -> new IllegalArgumentException(lease + " has no binding")), BindingStatus.EXPIRED, 0,
                context(now)));
    }

    /**
     * The host's own expiry found the lease past its lifetime: ACTIVE → EXPIRED (RFC 8156 §7.2),
     * but only if this server's binding is really due by the rule of the expiry scan. A host's
     * table may lag behind a renewal the partner sent, and an early EXPIRED would be rejected
     * by the partner (§7.5.4 time(1)) or take a lease from a client that still holds it.
     *
     * @return the change, or empty if there is no binding or it is not due (the scan expires it
     *     when it is)
     */
    public Optional<LeaseChange> expireIfDue(Lease lease, long now) {
        LeaseContext context = context(now);
        return Optional.ofNullable(mutateIfPresent(lease, binding -> expiredIfDue(binding, context)));
    }

    /**
     * Records a lease the host granted while failover did not run (the client holds it, for
     * the lifetimes it was told), so that the partner learns of it and nobody gives it to
     * another client: ACTIVE with exactly those lifetimes, not MCLT-capped (the client already
     * has them; §4.4's cap protects only grants the partner could not know of, and this one is
     * told to the partner now), marked for the partner like any grant (§4.3).
     *
     * @param lifetimes what the client was told, from {@code now} on
     * @return the change, or empty if this relationship has a binding of the lease already:
     *     its own record wins over the host's table, which may be stale
     * @throws IllegalArgumentException if the lease is outside the relationship's pools
     */
    public Optional<LeaseChange> adopt(Lease lease, BindingClient client, ClientLifetimes lifetimes, long now) {
        requireCovered(lease);
        return Optional.ofNullable(change(lease, current -> {
            if (current.isPresent()) {
                return null;
            }
            LeaseContext context = context(now);
            Binding free = Binding.initial(lease, LeaseStateMachine.freeStatus(lease, scope.allocation().apply(lease)),
                    now);
            LifetimeGrant granted = new McltRule(context.mclt(), t1Fraction).grant(now,
                    lifetimes.validLifetime(), 0, false, false);
            return LeaseStateMachine.grant(free, client, lifetimes, granted.partnerLifetime(), context);
        }));
    }

    /**
     * The expiry scan over every binding: every ACTIVE lease whose client lifetime has ended (at
     * least a second ago) becomes EXPIRED; in PARTNER-DOWN, every EXPIRED, RELEASED or RESET
     * lease whose MCLT wait has passed is freed without the partner (§4.2.2.1, §8.4.1). Returns
     * the changes made.
     */
    public List<LeaseChange> expireDue(long now) {
        List<LeaseChange> changes = new ArrayList<>();
        LeaseContext context = context(now);
        for (Binding binding : database.all()) {
            examine(binding, context, changes);
        }
        return changes;
    }

    /**
     * One step of the expiry scan: expires at most {@code limit} ACTIVE leases whose client
     * lifetime has ended, found through the {@link ExpiryIndex} rather than by decoding every
     * binding, so that a quiet second costs nothing however many leases there are. In
     * PARTNER-DOWN it also examines up to {@code limit} bindings for the MCLT wait after which
     * they may be freed, going on where the previous step stopped and starting over after the
     * last: a lease is then freed up to (bindings / limit) seconds late — harmless, only its
     * reuse waits. For the endpoint's thread only.
     */
    public List<LeaseChange> expireDue(long now, int limit) {
        List<LeaseChange> changes = new ArrayList<>();
        LeaseContext context = context(now);
        List<ExpiryIndex.Ending> due = expiryIndex.takeEndedBefore(now, limit);
        int tried = 0;
        try {
            for (; tried < due.size(); tried++) {
                tryChange(changes, due.get(tried).lease(), b -> expiredIfDue(b, context));
            }
        } finally {
            // A failed expiry (and those after it) is tried again at the next step, as the full
            // scan did; an expired lease left the index through its commit.
            for (int i = tried; i < due.size(); i++) {
                expiryIndex.restore(due.get(i));
            }
        }
        if (context.inPartnerDown()) {
            if (!expiryCursor.hasNext()) {
                expiryCursor = database.all().iterator();
            }
            for (int i = 0; i < limit && expiryCursor.hasNext(); i++) {
                examine(expiryCursor.next(), context, changes);
            }
        }
        return changes;
    }

    private void examine(Binding binding, LeaseContext context, List<LeaseChange> changes) {
        long now = context.now();
        if (dueToExpire(binding, now)) {
            tryChange(changes, binding.lease(), b -> expiredIfDue(b, context));
        } else if (context.inPartnerDown() && dueToFree(binding, context)) {
            tryChange(changes, binding.lease(), b -> dueToFree(b, context)
                    ? LeaseStateMachine.freeInPartnerDown(b, scope.allocation().apply(b.lease()), context) : null);
        }
    }

    private void tryChange(List<LeaseChange> changes, Lease lease, Function<Binding, Binding> change) {
        LeaseChange made = mutateIfPresent(lease, change);
        if (made != null) {
            changes.add(made);
        }
    }

    /** {@code binding} made EXPIRED if its client lifetime has ended; null if it is not due. */
    private static Binding expiredIfDue(Binding binding, LeaseContext context) {
        return dueToExpire(binding, context.now())
                ? LeaseStateMachine.change(binding, BindingStatus.EXPIRED, 0, context) : null;
    }

    private static boolean dueToExpire(Binding binding, long now) {
        long end = binding.lifetimes().clientExpiry();
        // Strictly after the end, as the partner's time(1) rule judges it (§7.5.4): an EXPIRED
        // update sent at the very second the lease ends would be rejected as outdated.
        return binding.status().equals(BindingStatus.ACTIVE) && end != AbsoluteTime.NEVER
                && AbsoluteTime.secondsBetween(end, now) > 0;
    }

    private static boolean dueToFree(Binding binding, LeaseContext context) {
        BindingStatus status = binding.status();
        boolean waiting = status.equals(BindingStatus.EXPIRED) || status.equals(BindingStatus.RELEASED)
                || status.equals(BindingStatus.RESET);
        return waiting && AbsoluteTime.secondsBetween(PartnerDownWaits.mayFreeAt(binding, context.mclt()),
                context.now()) >= 0;
    }

    // ------------------------------------------------------------------ the one writer

    /**
     * Replaces the binding of {@code lease} with {@code change}'s result, computed and queued
     * for the disk under the ledger's lock; the endpoint hears of it.
     */
    public LeaseChange mutate(Lease lease, Function<Optional<Binding>, Binding> change) {
        return change(lease, current -> Objects.requireNonNull(change.apply(current), "the changed binding"));
    }

    /** Like {@link #mutate}, for an existing binding; {@code change} returns null to leave it. */
    private LeaseChange mutateIfPresent(Lease lease, Function<Binding, Binding> change) {
        return change(lease, current -> current.map(change).orElse(null));
    }

    /**
     * The one read-compute-commit of a single lease: the binding is read (decoded) once and is
     * both the input of {@code change} and what the observers are told it replaced.
     *
     * @return the change, or null if {@code change} returned null (nothing committed)
     */
    private LeaseChange change(Lease lease, Function<Optional<Binding>, Binding> change) {
        LeaseChange made;
        synchronized (lock) {
            Optional<Binding> before = database.get(lease);
            Binding next = change.apply(before);
            if (next == null) {
                return null;
            }
            made = new LeaseChange(next, commit(List.of(before), List.of(next)));
        }
        changed.add(lease);
        // Its BNDUPD waits until the change is durable (UpdateQueue), so the endpoint is woken
        // then, and only then: one I/O-thread wake-up per change (or per group commit, as
        // wake-ups already posted absorb later ones), not one at the commit and one at the sync.
        // A failed sync wakes it too, to see the failure.
        made.durable().whenComplete((ok, error) -> onChange.run());
        return made;
    }

    /**
     * Commits {@code bindings} and tells the observers; call inside {@link #exclusively} (or it
     * takes the lock itself). The endpoint is not woken: for the endpoint's own changes.
     */
    public CompletableFuture<Void> commitAll(List<Binding> bindings) {
        synchronized (lock) {
            List<Optional<Binding>> before = new ArrayList<>(bindings.size());
            for (Binding binding : bindings) {
                before.add(database.get(binding.lease()));
            }
            return commit(before, bindings);
        }
    }

    /** Called with the lock held: commits and tells the observers what each binding replaced. */
    private CompletableFuture<Void> commit(List<Optional<Binding>> before, List<Binding> bindings) {
        CompletableFuture<Void> durable = database.commitAll(bindings);
        if (!durable.isCompletedExceptionally()) {
            for (int i = 0; i < bindings.size(); i++) {
                for (BindingObserver observer : observers) {
                    observer.changed(before.get(i), bindings.get(i));
                }
            }
        }
        return durable;
    }

    /** The bindings of a client DUID, whatever the IA (see {@link BindingDatabase#byClient}). */
    public List<Binding> byClient(OctetString duid) {
        return database.byClient(duid);
    }

    /**
     * Runs {@code step} under the ledger's lock: for the endpoint's read-compute-commit of
     * received updates and replies, which must not interleave with host changes. The endpoint
     * is not told of these (it made them).
     */
    public <T> T exclusively(Supplier<T> step) {
        synchronized (lock) {
            return step.get();
        }
    }

    /** The database, for reads and its failure state. */
    public BindingDatabase database() {
        return database;
    }

    /**
     * How many committed changes the endpoint thread has not taken yet (a lease changed twice counts
     * twice; O(n), for status only):
     * their updates are about to be queued, so a status that reports nothing pending must count
     * them too.
     */
    public int changesNotTaken() {
        return changed.size();
    }

    /** The leases the host changed since the last call, each once, for the endpoint thread. */
    public List<Lease> drainChanged() {
        List<Lease> leases = new ArrayList<>();
        Set<Lease> seen = new HashSet<>();
        for (Lease lease; (lease = changed.poll()) != null;) {
            if (seen.add(lease)) {
                leases.add(lease);
            }
        }
        return leases;
    }

    // ------------------------------------------------------------------ BindingView

    @Override
    public Optional<Binding> find(Lease lease) {
        return database.get(lease);
    }

    @Override
    public Collection<Binding> all() {
        return database.all();
    }

    @Override
    public boolean isDurable(Lease lease) {
        return database.isDurable(lease);
    }

    private void requireCovered(Lease lease) {
        if (!scope.covers().test(lease)) {
            throw new IllegalArgumentException(lease + " is not in this relationship's pools");
        }
    }

    private static Binding requireHeldBy(Lease lease, BindingClient client, Optional<Binding> current) {
        Binding binding = current.orElseThrow(() -> new IllegalArgumentException(lease + " has no binding"));
        if (!binding.status().equals(BindingStatus.ACTIVE) || !binding.isBoundTo(client)) {
            throw new IllegalArgumentException(lease + " is not held by " + client + " (" + binding.status().name()
                    + ")");
        }
        return binding;
    }
}
