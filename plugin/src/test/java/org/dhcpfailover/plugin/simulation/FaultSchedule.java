package org.dhcpfailover.plugin.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.endpoint.EndpointState;

/**
 * One seeded fault schedule: a configuration, up to {@link #MAX_FAULTS} faults at random
 * moments, then a quiet period in which everything is restarted and healed and both servers
 * must reach NORMAL. Operator partner-down is issued only against a partner that is really down
 * (crashed or stopped), as RFC 8156 §8.4 demands of operators; a server configured with
 * auto-partner-down gets no partitions in its schedule, so its timer can only fire while the
 * partner is down or restarting.
 */
final class FaultSchedule {

    static final int MAX_FAULTS = 20;

    /** The states a timed fault aims at: the transient ones a fault at a random moment rarely hits. */
    private static final EndpointState[] TARGETS = {EndpointState.POTENTIAL_CONFLICT, EndpointState.CONFLICT_DONE,
        EndpointState.RESOLUTION_INTERRUPTED, EndpointState.RECOVER, EndpointState.RECOVER_WAIT,
        EndpointState.RECOVER_DONE, EndpointState.PARTNER_DOWN, EndpointState.STARTUP};

    /** What one run found. */
    record Outcome(long seed, List<String> events, List<String> violations, long virtualSeconds) {
        boolean failed() {
            return !violations.isEmpty();
        }
    }

    private final long seed;
    private final SplittableRandom random;
    private final Simulation sim;
    private final Coverage coverage;
    private final List<String> events = new ArrayList<>();
    private final long mclt;
    private final long keepalive;
    private final long startup;
    private final boolean autoPartnerDown;
    /** A state whose next entry triggers a fault at once; {@code null} when none is armed. */
    private EndpointState armed;
    /** Set when the faults stop; a timed fault still pending then is dropped. */
    private boolean settling;

    FaultSchedule(long seed, Coverage coverage) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.coverage = coverage;
        this.mclt = pick(60, 90, 120);
        this.keepalive = pick(10, 20, 30);
        this.startup = pick(5, 10, 15);
        int auto = random.nextInt(8); // 0: primary, 1: secondary, 2: both, else off
        long autoDelay = keepalive + startup + 30 + random.nextLong(150);
        this.autoPartnerDown = auto <= 2;
        this.sim = new Simulation(random.nextLong(),
                Simulation.config(Role.PRIMARY, mclt, keepalive, startup, auto == 0 || auto == 2 ? autoDelay : 0),
                Simulation.config(Role.SECONDARY, mclt, keepalive, startup, auto == 1 || auto == 2 ? autoDelay : 0));
        new InvariantChecker(sim);
        sim.onTransition(this::observe);
        events.add("config mclt=" + mclt + " keepalive=" + keepalive + " startup=" + startup
                + " autoPartnerDown=" + (autoPartnerDown ? (auto == 2 ? "both" : auto == 0 ? "primary" : "secondary")
                + " after " + autoDelay + "s" : "off"));
    }

    Outcome run() {
        SimulatedServer first = random.nextBoolean() ? sim.primary() : sim.secondary();
        sim.start(first);
        sim.runFor(random.nextLong(30));
        sim.start(sim.partnerOf(first));
        sim.runFor(random.nextLong(3 * mclt));
        int faults = 1 + random.nextInt(MAX_FAULTS);
        for (int i = 0; i < faults; i++) {
            if (random.nextBoolean()) {
                // Aim at a short-lived state: the fault strikes within 0.5 s of its entry.
                armed = TARGETS[random.nextInt(TARGETS.length)];
                log("armed: fault on next entry to " + StateNames.of(armed));
                sim.runUntil(() -> armed == null, 300);
                armed = null;
            } else {
                sim.runFor(random.nextInt(3) == 0 ? 1 + random.nextLong(10) : 1 + random.nextLong(240));
                fault();
            }
        }
        settle();
        return new Outcome(seed, events, sim.violations(), sim.elapsedSeconds());
    }

    private void fault() {
        SimulatedServer server = random.nextBoolean() ? sim.primary() : sim.secondary();
        SimulatedServer partner = sim.partnerOf(server);
        switch (random.nextInt(8)) {
            case 0 -> {
                if (server.isUp()) {
                    boolean reset = random.nextBoolean();
                    log("crash " + server.role() + (reset ? " (connection reset)" : " (silent)"));
                    sim.crash(server, reset);
                }
            }
            case 1 -> {
                if (server.isUp()) {
                    log("orderly stop " + server.role());
                    sim.stop(server);
                }
            }
            case 2, 3 -> {
                if (!server.isUp()) {
                    boolean lost = random.nextInt(5) == 0;
                    log("restart " + server.role() + (lost ? " with lost storage" : ""));
                    sim.restart(server, lost);
                }
            }
            case 4 -> {
                if (!sim.network().partitioned() && !autoPartnerDown) {
                    boolean reset = random.nextBoolean();
                    log("partition" + (reset ? " (connections reset)" : " (silent)"));
                    sim.partition(reset);
                }
            }
            case 5 -> {
                if (sim.network().partitioned()) {
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
            default -> operatorPartnerDown(server);
        }
    }

    /**
     * A fault timed to a transition: crash, stop or partition; a down server is restarted; a
     * server whose partner is down may get the operator's partner-down.
     */
    private void disrupt(SimulatedServer server) {
        if (settling) {
            return;
        }
        int kind = random.nextInt(4);
        if (server.isUp() && !sim.partnerOf(server).isUp() && random.nextBoolean()) {
            operatorPartnerDown(server);
        } else if (!server.isUp()) {
            boolean lost = random.nextInt(4) == 0;
            log("restart " + server.role() + (lost ? " with lost storage" : ""));
            sim.restart(server, lost);
        } else if (kind == 0 && !sim.network().partitioned() && !autoPartnerDown) {
            log("partition (silent)");
            sim.partition(false);
        } else if (kind == 1) {
            log("orderly stop " + server.role());
            sim.stop(server);
        } else {
            boolean reset = random.nextBoolean();
            log("crash " + server.role() + (reset ? " (connection reset)" : " (silent)"));
            sim.crash(server, reset);
        }
    }

    /** §8.4: only against a partner that is really down (see {@link Simulation#operatorPartnerDown}). */
    private void operatorPartnerDown(SimulatedServer server) {
        sim.operatorPartnerDown(server).ifPresent(this::log);
    }

    /** Everything restarted and healed; both must reach NORMAL within a bounded time, and stay there. */
    private void settle() {
        settling = true;
        log("faults stop: heal, restart, delay 1..200 ms");
        sim.heal();
        sim.network().setDelay(1, 200);
        for (SimulatedServer server : List.of(sim.primary(), sim.secondary())) {
            if (!server.isUp()) {
                sim.restart(server, false);
            }
        }
        long bound = startup + 3 * keepalive + 3 * mclt + 60;
        boolean normal = sim.runUntil(this::bothNormal, bound);
        if (!normal) {
            sim.violation("not both NORMAL " + bound + " s after the faults stopped: primary "
                    + sim.primary().state() + ", secondary " + sim.secondary().state());
            return;
        }
        sim.runFor(3 * keepalive);
        if (!bothNormal()) {
            sim.violation("left NORMAL without a fault: primary " + sim.primary().state() + ", secondary "
                    + sim.secondary().state());
        }
    }

    private boolean bothNormal() {
        return sim.primary().state() == EndpointState.NORMAL && sim.secondary().state() == EndpointState.NORMAL;
    }

    private void observe(Transition t) {
        coverage.record(t);
        if (armed != null && t.to() == armed) {
            armed = null;
            SimulatedServer server = sim.server(t.role());
            // POTENTIAL-CONFLICT: take the partner away (→ RESOLUTION-INTERRUPTED); RESOLUTION-
            // INTERRUPTED: the operator may now declare the (down) partner down (§8.11.2).
            SimulatedServer target = switch (t.to()) {
                case POTENTIAL_CONFLICT -> sim.partnerOf(server);
                case RESOLUTION_INTERRUPTED -> server;
                default -> random.nextBoolean() ? server : sim.partnerOf(server);
            };
            sim.schedule(random.nextLong(t.to() == EndpointState.POTENTIAL_CONFLICT ? 20 : 500), () -> disrupt(target));
        }
        events.add("t+" + sim.elapsedSeconds() + "s   " + t.role() + " " + AllowedTransitions.pair(t) + " (" + t.cause() + ")");
        if (t.to() == EndpointState.PARTNER_DOWN && t.cause().startsWith("auto")) {
            coverage.note(sim.partnerOf(sim.server(t.role())).isUp()
                    ? "auto-partner-down fired while the partner was up (restarting)"
                    : "auto-partner-down fired while the partner was down");
        }
    }

    private void log(String event) {
        events.add("t+" + sim.elapsedSeconds() + "s " + event);
    }

    private long pick(long... values) {
        return values[random.nextInt(values.length)];
    }
}
