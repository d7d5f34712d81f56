package org.dhcpfailover.plugin.simulation;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.endpoint.EndpointState;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.DhcpOption;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.IaAddressOption;
import org.dhcpfailover.plugin.wire.IaPrefixOption;
import org.dhcpfailover.plugin.wire.OptionContainer;
import org.dhcpfailover.plugin.wire.StatusCodeOption;

/**
 * One seeded schedule of the binding simulation: both servers run the real binding database in
 * stepped mode on a fault-injecting disk ({@code PowerLossDisk}), {@link SimulatedClients}
 * allocate, renew and release against them, and faults strike at millisecond-random moments:
 * crashes (plain, with power loss, or with the power cut in the middle of a disk sync), crashes
 * aimed just after a grant (between the client's reply and the BNDUPD, before or after the sync),
 * orderly stops, restarts, partitions, message delays, disks that lag up to a second behind the
 * commits, and clocks skewed by up to ±1 s each (2 s apart at most, so that with message delays
 * under 3 s no STATE ever shows more than the 5 s skew §7.1 tolerates). Operator partner-down is
 * given only against a server that is really down (§8.4); with auto-partner-down configured
 * there are no partitions, as in {@link FaultSchedule}. The disk is never replaced: a server that
 * lost its storage cannot keep invariant (2), and §8.5's recovery for it is checked by
 * {@link RandomFaultScheduleTest}.
 *
 * <p>Invariants: (1) and (3) as each client hears its reply ({@link ClientLeases}); (2) as each
 * BNDREPLY or client reply leaves (it was durable first) and as each server restarts (the store
 * comes back as synced, {@link DurableWitness}); the endpoint invariants of {@link
 * InvariantChecker} throughout; and after the faults stop, clients stop and everything is healed:
 * both servers reach NORMAL, (7) every lease a client still holds is ACTIVE for it in both
 * stores once the updates had time to flow, (4) both stores agree on every lease's status and
 * client whenever neither has anything left to tell the other, and finally (5) once every
 * client's lifetime has run out, every lease is free on both and nothing is left to send (no
 * lease stuck EXPIRED or RELEASED).
 */
final class BindingFaultSchedule {

    static final int MAX_FAULTS = 12;
    /** Two of the primary's 5 s rebalancing intervals and a second. */
    private static final long REBALANCE_SETTLE_SECONDS = 11;
    /**
     * Invariant (7): how long after both are NORMAL the stores have to show every lease a client
     * holds — many times what a disk sync and a delivery take, less than one resend scan (60 s).
     */
    private static final long HELD_SYNC_SECONDS = 30;
    /**
     * Holds that end this soon after a (7) check are left out of it: the servers' clocks differ
     * by up to 2 s, and each expires a lease at the first scan strictly after its end.
     */
    private static final long HELD_MARGIN_MILLIS = 5_000;

    /**
     * What one run found.
     *
     * @param counts further counters by name (grants per pool, rebalancing moves, refusals)
     */
    record Outcome(long seed, List<String> events, List<String> violations, long virtualSeconds, long told,
            long reused, long checks, long grants, long releases, Map<String, Long> counts) {
        boolean failed() {
            return !violations.isEmpty();
        }

        /** A schedule that threw instead of finishing: a failure like any violation. */
        static Outcome crashed(long seed, RuntimeException e) {
            return new Outcome(seed, List.of(), List.of("exception " + e), 0, 0, 0, 0, 0, 0, Map.of());
        }
    }

    private final long seed;
    private final SplittableRandom random;
    private final Simulation sim;
    private final List<String> events = new ArrayList<>();
    private final long mclt;
    private final long keepalive;
    private final long startup;
    private final long desiredValid;
    private final boolean autoPartnerDown;
    private final PartnerAcks acks = new PartnerAcks();
    private final ClientLeases truth;
    private final SimulatedClients clients;
    private final Map<Role, DurableWitness> witnesses = new EnumMap<>(Role.class);
    /** The allocator's host and the share check, in the allocation simulation; null in the binding one. */
    private final AllocatorHost allocatorHost;
    private final PoolShares shares;
    private long checks;
    private boolean crashAfterGrantArmed;
    /** The server whose partner entered PARTNER-DOWN, until it met that partner again; null if none. */
    private Role declaredDown;
    /** Set when the faults stop: a crash still scheduled then is dropped. */
    private boolean settling;

    /** The binding simulation: the harness picks addresses from one independent pool. */
    BindingFaultSchedule(long seed) {
        this(seed, false);
    }

    /**
     * @param allocator whether the servers serve {@link AllocatorHost}'s pools through the
     *                  plugin's allocator (the allocation simulation), adding invariant (6)
     */
    BindingFaultSchedule(long seed, boolean allocator) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.mclt = pick(60, 90, 120);
        this.keepalive = pick(10, 20, 30);
        this.startup = pick(5, 10, 15);
        this.desiredValid = pick(150, 300);
        int auto = random.nextInt(8); // 0: primary, 1: secondary, else off
        long autoDelay = keepalive + startup + 30 + random.nextLong(150);
        this.autoPartnerDown = auto <= 1;
        this.sim = new Simulation(random.nextLong(),
                Simulation.config(Role.PRIMARY, mclt, keepalive, startup, auto == 0 ? autoDelay : 0),
                Simulation.config(Role.SECONDARY, mclt, keepalive, startup, auto == 1 ? autoDelay : 0));
        new InvariantChecker(sim);
        this.truth = new ClientLeases(sim::violation);
        long diskDelay = pick(0, 20, 300, 1000);
        sim.setMaxDiskDelayMillis(diskDelay);
        boolean skew = random.nextBoolean();
        long primaryOffset = skew ? random.nextLong(3) - 1 : 0;
        long secondaryOffset = skew ? random.nextLong(3) - 1 : 0;
        sim.setClockOffset(sim.primary(), primaryOffset);
        sim.setClockOffset(sim.secondary(), secondaryOffset);
        for (SimulatedServer server : List.of(sim.primary(), sim.secondary())) {
            DurableWitness witness = new DurableWitness();
            witnesses.put(server.role(), witness);
            server.afterDurable(s -> witness.synced(s.database().all()));
            server.afterLoad(this::checkLoaded);
            server.afterLoad(s -> s.ledger().addObserver((before, after) -> witness.changed(after.lease())));
        }
        sim.afterEachEvent(this::observeMemory);
        sim.onMessage(new SimulatedNetwork.Observer() {
            @Override
            public void sent(Role from, FailoverMessage message) {
                checkReplyDurable(from, message);
            }

            @Override
            public void delivered(Role from, FailoverMessage message) {
                acks.delivered(from, message);
            }
        });
        SplittableRandom clientRandom = random.split();
        this.allocatorHost = allocator ? new AllocatorHost() : null;
        if (allocator) {
            sim.primary().usePools(AllocatorHost.POOLS);
            sim.secondary().usePools(AllocatorHost.POOLS);
        }
        this.shares = allocator ? new PoolShares(sim, allocatorHost) : null;
        ClientHost host = allocator ? allocatorHost : new PickingHost(clientRandom);
        this.clients = new SimulatedClients(sim, clientRandom, acks, desiredValid, host, new SimulatedClients.Replies() {
            @Override
            public void told(SimulatedServer server, ClientLeases.Told told) {
                checkToldDurable(server, told);
                truth.told(told);
            }

            @Override
            public void letGo(Lease lease, BindingClient client) {
                truth.letGo(lease, client, sim.millis());
            }
        });
        clients.onGrant(this::maybeCrashAfterGrant);
        events.add("config mclt=" + mclt + " keepalive=" + keepalive + " startup=" + startup + " desired=" + desiredValid
                + " diskDelay=" + diskDelay + "ms clockOffsets=" + primaryOffset + "/" + secondaryOffset
                + " autoPartnerDown=" + (autoPartnerDown ? (auto == 0 ? "primary" : "secondary") + " after " + autoDelay
                + "s" : "off"));
        sim.onTransition(this::trackPartnerDown);
        sim.onTransition(t -> events.add("t+" + sim.elapsedSeconds() + "s   " + t.role() + " "
                + AllowedTransitions.pair(t) + " (" + t.cause() + ")"));
    }

    private void trackPartnerDown(Transition t) {
        if (t.to() == EndpointState.PARTNER_DOWN) {
            declaredDown = t.role() == Role.PRIMARY ? Role.SECONDARY : Role.PRIMARY;
        } else if (t.role() == declaredDown && (t.to() == EndpointState.RECOVER
                || t.to() == EndpointState.POTENTIAL_CONFLICT || t.to() == EndpointState.NORMAL)) {
            declaredDown = null; // it met its partner
        }
    }

    /** Adds every client exchange to the event trace (for replaying one seed). */
    BindingFaultSchedule traced() {
        clients.trace(text -> log(sim.millis() + " ms " + text));
        sim.onMessage(new SimulatedNetwork.Observer() {
            @Override
            public void sent(Role from, FailoverMessage message) {
                String type = message.type().name();
                if (type.startsWith("BND") || type.startsWith("UPD")) {
                    log(sim.millis() + " ms " + from + " sends " + type + " " + message.transactionId() + " "
                            + describe(message));
                }
            }

            @Override
            public void delivered(Role from, FailoverMessage message) {
            }
        });
        return this;
    }

    /** The addresses a binding message carries, with status and any STATUS_CODE, for the trace. */
    private static String describe(OptionContainer container) {
        StringBuilder text = new StringBuilder();
        for (DhcpOption option : container.options()) {
            if (option instanceof IaAddressOption address) {
                text.append('[').append(address.address()).append(' ').append(address.options()).append(']');
            } else if (option instanceof IaPrefixOption prefix) {
                text.append('[').append(prefix.prefix()).append('/').append(prefix.prefixLength()).append(' ')
                        .append(prefix.options()).append(']');
            } else if (option instanceof StatusCodeOption status) {
                text.append(status).append(' ');
            } else if (option instanceof OptionContainer inner) {
                text.append(describe(inner));
            }
        }
        return text.toString();
    }

    Outcome run() {
        SimulatedServer first = random.nextBoolean() ? sim.primary() : sim.secondary();
        sim.start(first);
        sim.runFor(random.nextLong(30));
        sim.start(sim.partnerOf(first));
        clients.start();
        sim.runFor(random.nextLong(2 * mclt));
        int faults = 1 + random.nextInt(MAX_FAULTS);
        for (int i = 0; i < faults; i++) {
            long gap = random.nextInt(3) == 0 ? 1 + random.nextLong(10_000) : 1 + random.nextLong(240_000);
            sim.schedule(gap, this::fault);
            sim.runFor(gap / 1000 + 1);
        }
        crashAfterGrantArmed = false;
        settling = true;
        settle();
        Map<String, Long> counts = new TreeMap<>();
        clients.grantsByPool.forEach((pool, n) -> counts.put("grants " + pool, n));
        if (allocatorHost != null) {
            counts.putAll(allocatorHost.refusals);
            counts.putAll(shares.counts());
        }
        return new Outcome(seed, events, sim.violations(), sim.elapsedSeconds(), truth.told,
                truth.reusedForAnotherClient, truth.checks + checks, clients.grants, clients.releases, counts);
    }

    // ------------------------------------------------------------------ faults

    private void fault() {
        SimulatedServer server = random.nextBoolean() ? sim.primary() : sim.secondary();
        SimulatedServer partner = sim.partnerOf(server);
        switch (random.nextInt(9)) {
            case 0, 1 -> crash(server);
            case 2 -> {
                if (server.isUp()) {
                    log("orderly stop " + server.role());
                    server.flushDisk();
                    sim.stop(server);
                }
            }
            case 3, 4 -> restart(server);
            case 5 -> {
                if (!sim.network().partitioned() && !autoPartnerDown
                        && !(allocatorHost != null && declaredDown != null)) {
                    boolean reset = random.nextBoolean();
                    log("partition" + (reset ? " (connections reset)" : " (silent)"));
                    sim.partition(reset);
                } else if (sim.network().partitioned()) {
                    log("heal");
                    sim.heal();
                }
            }
            case 6 -> {
                long min = random.nextLong(1000);
                long max = min + random.nextLong(2000);
                log("delay " + min + ".." + max + " ms");
                sim.network().setDelay(min, max);
            }
            case 7 -> {
                log("armed: crash the next server to grant a lease");
                crashAfterGrantArmed = true;
            }
            default -> operatorPartnerDown(server);
        }
    }

    /**
     * Under proportional allocation a server its partner declared down (operator or automatic
     * PARTNER-DOWN, §8.4) must meet that partner before it serves again: restarted where it
     * cannot reach it — a partition (seed 2364), one during its STARTUP (seed 2762), or the
     * partner down too (seed 3021) — it serves its FREE share in COMMUNICATIONS-INTERRUPTED
     * while the partner has used the same share from PARTNER-DOWN + MCLT. So, in the
     * allocation simulation only, such a server restarts only into a whole network with its
     * partner up, and no partition strikes until it met its partner. Independent pools are
     * safe even then (decision A3), so the binding simulation keeps those cases.
     */
    private boolean mustMeetPartnerFirst(SimulatedServer server) {
        return allocatorHost != null && declaredDown == server.role();
    }

    private void restart(SimulatedServer server) {
        if (!server.isUp()) {
            if (mustMeetPartnerFirst(server) && (sim.network().partitioned() || !sim.partnerOf(server).isUp())) {
                return;
            }
            log("restart " + server.role());
            sim.restart(server, false);
        }
    }

    /** A crash: the process only, with a power loss, or with the power cut during a disk sync. */
    private void crash(SimulatedServer server) {
        if (settling || !server.isUp()) {
            return;
        }
        boolean reset = random.nextBoolean();
        int kind = random.nextInt(3);
        if (kind == 2) {
            witnesses.get(server.role()).tornSync(server.database().all());
            int operation = 1 + random.nextInt(4);
            server.disk().crashAtOperation(operation);
            server.flushDisk();
            log("crash " + server.role() + " with the power cut at disk operation " + operation + " of a sync");
        } else {
            log("crash " + server.role() + (kind == 1 ? " with power loss" : "") + (reset ? " (reset)" : " (silent)"));
        }
        sim.crash(server, reset);
        if (kind >= 1) {
            server.disk().powerLoss(new Random(random.nextLong()));
        }
    }

    /** Strikes the server that just granted, 0–1,500 ms later: before or after its sync, its reply, its BNDUPD. */
    private void maybeCrashAfterGrant(SimulatedServer server) {
        if (!crashAfterGrantArmed) {
            return;
        }
        crashAfterGrantArmed = false;
        long delay = random.nextLong(1500);
        log("crash " + server.role() + " " + delay + " ms after a grant");
        sim.schedule(delay, () -> crash(server));
    }

    /** §8.4: only against a partner that is really down (see {@link Simulation#operatorPartnerDown}). */
    private void operatorPartnerDown(SimulatedServer server) {
        sim.operatorPartnerDown(server).ifPresent(this::log);
    }

    // ------------------------------------------------------------------ settling and the final invariants

    private void settle() {
        log("faults stop: clients stop, heal, restart, delay 1..200 ms");
        clients.stop();
        sim.heal();
        sim.network().setDelay(1, 200);
        SimulatedServer first = declaredDown == Role.PRIMARY ? sim.secondary() : sim.primary();
        for (SimulatedServer server : List.of(first, sim.partnerOf(first))) {
            restart(server);
        }
        long bound = startup + 3 * keepalive + 3 * mclt + 60;
        if (!sim.runUntil(this::bothNormal, bound)) {
            sim.violation("not both NORMAL " + bound + " s after the faults stopped: primary "
                    + sim.primary().state() + ", secondary " + sim.secondary().state());
            return;
        }
        // (7) every lease a client still holds is ACTIVE for it in both stores once the updates
        // flowed, whether or not something is still being told back and forth; counted from a
        // connection that carries (a silently cut one looks NORMAL until the keepalive).
        if (sim.runUntil(() -> bothNormal() && sim.network().carrying(), bound)) {
            sim.runUntil(this::nothingToTell, HELD_SYNC_SECONDS);
            checkHeldLeases("(7)");
        } else {
            sim.violation("(7) no connection carrying messages between the NORMAL servers " + bound + " s after "
                    + "the faults stopped");
        }
        // (4) whenever neither server has anything left to tell the other, they agree.
        long quietBound = 2 * 60 + 30;
        if (sim.runUntil(this::nothingToTell, quietBound)) {
            compareStores("(4)");
            checkHeldLeases("(7 when quiet)");
        }
        // (5) every client lifetime has ended: all leases free on both, nothing left to send.
        long freeBound = desiredValid + mclt + 3 * 60 + 30;
        if (!sim.runUntil(() -> allFree() && nothingToTell(), freeBound)) {
            sim.violation("(5) " + freeBound + " s after the clients stopped, not every lease is free and synced: "
                    + describeNotFree());
        }
        compareStores("(4 final)");
        if (shares != null) {
            // (6) the primary's next rebalancing pass (every 5 s in NORMAL) and its acknowledgements.
            sim.runFor(REBALANCE_SETTLE_SECONDS);
            if (sim.runUntil(this::nothingToTell, quietBound) && bothNormal()) {
                checks += shares.check();
                compareStores("(4 after rebalancing)");
            } else {
                sim.violation("(6) no quiet NORMAL pair to check the shares in: primary " + sim.primary().state()
                        + ", secondary " + sim.secondary().state());
            }
        }
    }

    private boolean bothNormal() {
        return sim.primary().state() == EndpointState.NORMAL && sim.secondary().state() == EndpointState.NORMAL;
    }

    private boolean nothingToTell() {
        for (SimulatedServer server : List.of(sim.primary(), sim.secondary())) {
            if (!server.isUp() || server.endpoint().syncStatus().unacked() > 0
                    || server.ledger().all().stream().anyMatch(b -> b.sync().partnerMustBeTold())) {
                return false;
            }
        }
        return true;
    }

    private boolean allFree() {
        for (SimulatedServer server : List.of(sim.primary(), sim.secondary())) {
            for (Binding binding : server.ledger().all()) {
                if (!isFree(binding.status())) {
                    return false;
                }
            }
        }
        return true;
    }

    private String describeNotFree() {
        StringBuilder text = new StringBuilder();
        for (SimulatedServer server : List.of(sim.primary(), sim.secondary())) {
            for (Binding binding : server.ledger().all()) {
                if (!isFree(binding.status()) || binding.sync().partnerMustBeTold()) {
                    text.append(server.role()).append(' ').append(binding.lease()).append(' ')
                            .append(binding.status().name()).append(' ').append(binding.sync()).append("; ");
                }
            }
        }
        return text.toString();
    }

    private static boolean isFree(BindingStatus status) {
        return status.equals(BindingStatus.FREE) || status.equals(BindingStatus.FREE_BACKUP);
    }

    /**
     * Invariant (4): both stores agree on every lease's status and, unless it is free, its
     * client: a free lease's client is only a hint of its last user, which a stand-alone update
     * (a delegable prefix or IPv4 address handed between the servers) does not carry and the
     * receiver keeps (§7.2, {@code UpdateStore}). Only those are compared: the times differ by design, because Figure 5 stores the partner's values
     * crosswise (its partner-lifetime is this server's expiration-time, and so on) and each
     * server keeps its own client-last-transaction-time. A lease only one server has a binding
     * for must be one that never left the pool (FREE on the other is the same thing).
     */
    private void compareStores(String label) {
        for (Lease lease : clients.pool()) {
            checks++;
            Optional<Binding> p = sim.primary().ledger().find(lease);
            Optional<Binding> s = sim.secondary().ledger().find(lease);
            String ps = p.map(b -> b.status().name()).orElse("none");
            String ss = s.map(b -> b.status().name()).orElse("none");
            boolean agree = p.isPresent() && s.isPresent()
                    ? p.get().status().equals(s.get().status())
                            && (isFree(p.get().status()) || p.get().client().equals(s.get().client()))
                    : p.map(b -> isFree(b.status())).orElse(true) && s.map(b -> isFree(b.status())).orElse(true);
            if (!agree) {
                sim.violation(label + " stores disagree on " + lease + ": primary " + ps + " "
                        + p.flatMap(Binding::client).map(ClientLeases::name).orElse("-") + ", secondary " + ss + " "
                        + s.flatMap(Binding::client).map(ClientLeases::name).orElse("-"));
            }
        }
    }

    /**
     * Invariant (7): after healing, every lease a client holds is ACTIVE for that client in both
     * stores (RFC 8156 §4.2.2, §4.3, §4.4, §7.5.4). A server without it would give it to another
     * client once free there; and a binding that wrongly beat the holder's lease — a take-back FREE
     * dated after the secondary's grant, an EXPIRED or PARTNER-DOWN FREE the partner's renewal
     * outlived — leaves the stores disagreeing while each rejects the other's update, which (4)
     * never sees: it waits for a moment with nothing left to tell.
     */
    private void checkHeldLeases(String label) {
        for (ClientLeases.Told held : truth.heldBeyond(sim.millis() + HELD_MARGIN_MILLIS)) {
            for (SimulatedServer server : List.of(sim.primary(), sim.secondary())) {
                checks++;
                Optional<Binding> binding = server.ledger().find(held.lease());
                boolean active = binding.map(b -> b.status().equals(BindingStatus.ACTIVE)
                        && b.isBoundTo(held.client())).orElse(false);
                if (!active) {
                    sim.violation(label + " " + ClientLeases.name(held.client()) + " holds " + held.lease()
                            + " (told by " + held.server() + " in " + held.state() + ") but " + server.role()
                            + " has it " + binding.map(b -> b.status().name() + " "
                                    + b.client().map(ClientLeases::name).orElse("-") + " " + b.sync())
                                    .orElse("unknown"));
                }
            }
        }
    }

    // ------------------------------------------------------------------ invariant (2)

    private void observeMemory() {
        for (SimulatedServer server : List.of(sim.primary(), sim.secondary())) {
            if (server.isUp()) {
                witnesses.get(server.role()).seenChanged(server.database()::get);
            }
        }
    }

    private void checkLoaded(SimulatedServer server) {
        checks++;
        String problem = witnesses.get(server.role()).checkLoaded(server.database().all());
        if (problem != null) {
            sim.violation("(2) " + server.role() + " restarted without what it had synced: " + problem);
        }
    }

    /** A BNDREPLY leaving {@code from}: every lease it accepts was durable there first (§7.5.2). */
    private void checkReplyDurable(Role from, FailoverMessage message) {
        for (AcceptedLease accepted : AcceptedLease.of(message)) {
            checks++;
            boolean durable = witnesses.get(from).wasDurable(accepted.lease(), b -> b.status().equals(accepted.status())
                    && (accepted.duid().isEmpty() || b.client().map(c -> c.duid()).equals(accepted.duid()))
                    && (accepted.partnerLifetime().isEmpty()
                            || b.times().expirationTime() == accepted.partnerLifetime().getAsLong()));
            if (!durable) {
                sim.violation("(2) " + from + " acknowledged " + accepted + " before it was durable");
            }
        }
    }

    /** A reply reaching a client: the grant was durable first (the host answers after the commit). */
    private void checkToldDurable(SimulatedServer server, ClientLeases.Told told) {
        checks++;
        long expiry = told.serverGrant() + told.valid();
        boolean durable = witnesses.get(server.role()).wasDurable(told.lease(), b -> b.status().equals(BindingStatus.ACTIVE)
                && b.isBoundTo(told.client()) && b.lifetimes().clientExpiry() == expiry);
        if (!durable) {
            sim.violation("(2) " + server.role() + " told " + ClientLeases.name(told.client()) + " about " + told.lease()
                    + " before the grant was durable");
        }
    }

    private void log(String event) {
        events.add("t+" + sim.elapsedSeconds() + "s " + event);
    }

    private long pick(long... values) {
        return values[random.nextInt(values.length)];
    }
}
