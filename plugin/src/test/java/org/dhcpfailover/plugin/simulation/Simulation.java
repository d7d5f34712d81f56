package org.dhcpfailover.plugin.simulation;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.dhcpfailover.plugin.sync.EndpointThread;
import org.dhcpfailover.plugin.config.RelationshipConfig;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.endpoint.EndpointState;
import org.dhcpfailover.plugin.endpoint.FailoverEndpoint;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.FlagsOption;
import org.dhcpfailover.plugin.wire.MessageType;
import org.dhcpfailover.plugin.wire.OptionCode;
import org.dhcpfailover.plugin.wire.ServerStateOption;

/**
 * A deterministic run of one failover relationship: a primary and a secondary
 * {@link FailoverEndpoint}, a {@link SimulatedNetwork} between them and a {@link VirtualClock}.
 * Every endpoint is ticked once per virtual second (RFC 8156 §6.5); messages, closes and faults
 * are events in virtual-time order. The primary reconnects while it has no connection, after a
 * seeded back-off (§6.1: only the primary connects, and keeps retrying); the secondary accepts
 * whenever it is up and the network is whole. No threads, no wall clock: everything follows
 * from the seed.
 */
final class Simulation {

    /** 2024-01-01T00:00:00Z in RFC 8156 absolute time. */
    static final long T0 = 757_382_400L;
    static final String RELATIONSHIP = "fo-sim";

    private final VirtualClock clock = new VirtualClock(T0);
    private final EventQueue queue = new EventQueue();
    private final SplittableRandom random;
    private final SimulatedNetwork network;
    private final SimulatedServer primary;
    private final SimulatedServer secondary;
    private final List<Transition> transitions = new ArrayList<>();
    private final List<DeliveredMessage> delivered = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final List<Consumer<Transition>> transitionListeners = new ArrayList<>();
    private final List<Runnable> tickListeners = new ArrayList<>();
    private final List<Runnable> eventListeners = new ArrayList<>();
    private final List<SimulatedNetwork.Observer> messageListeners = new ArrayList<>();
    /** 0: every disk is synced after every event; otherwise within this many ms of a change. */
    private long maxDiskDelayMillis;
    private final Set<SimulatedServer> flushScheduled = new HashSet<>();
    private long maxBackoffMillis = 5000;
    private long nextAttemptMillis;
    private boolean connecting;
    private boolean primaryWasConnected;
    private long nextTickMillis;

    Simulation(long seed, RelationshipConfig primaryConfig, RelationshipConfig secondaryConfig) {
        this.random = new SplittableRandom(seed);
        this.network = new SimulatedNetwork(queue, clock, random.split(), new Traffic());
        this.primary = new SimulatedServer(primaryConfig);
        this.secondary = new SimulatedServer(secondaryConfig);
    }

    /** A relationship configuration as both servers would load it; {@code autoPartnerDown} 0 = off. */
    static RelationshipConfig config(Role role, long mcltSeconds, long keepaliveSeconds, long startupSeconds,
            long autoPartnerDownSeconds) {
        boolean primaryRole = role == Role.PRIMARY;
        return new RelationshipConfig(RELATIONSHIP, primaryRole ? "primary" : "secondary", role,
                primaryRole ? "secondary" : "primary",
                InetSocketAddress.createUnresolved(primaryRole ? "secondary.sim" : "primary.sim", 647),
                InetSocketAddress.createUnresolved("::", 647), Duration.ofSeconds(mcltSeconds), 10,
                Duration.ofSeconds(keepaliveSeconds), Duration.ofSeconds(startupSeconds),
                autoPartnerDownSeconds > 0 ? Optional.of(Duration.ofSeconds(autoPartnerDownSeconds)) : Optional.empty(),
                List.of());
    }

    // ------------------------------------------------------------------ accessors

    SimulatedServer primary() {
        return primary;
    }

    SimulatedServer secondary() {
        return secondary;
    }

    SimulatedServer server(Role role) {
        return role == Role.PRIMARY ? primary : secondary;
    }

    SimulatedServer partnerOf(SimulatedServer server) {
        return server == primary ? secondary : primary;
    }

    SimulatedNetwork network() {
        return network;
    }

    long now() {
        return clock.seconds();
    }

    /** The absolute time on {@code server}'s own clock, which may be skewed (§7.1). */
    long now(SimulatedServer server) {
        return network.nowSeconds(server.role());
    }

    /** The simulation's clock in milliseconds since the start. */
    long millis() {
        return clock.millis();
    }

    long elapsedSeconds() {
        return clock.millis() / 1000;
    }

    List<Transition> transitions() {
        return List.copyOf(transitions);
    }

    /** Every message delivered, in delivery order. */
    List<DeliveredMessage> delivered() {
        return List.copyOf(delivered);
    }

    /** The delivered messages of the given types, as "PRIMARY UPDREQ" labels. */
    List<String> delivered(Set<String> types) {
        return delivered.stream().filter(m -> types.contains(m.type())).map(DeliveredMessage::label).toList();
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    void violation(String text) {
        violations.add("t+" + elapsedSeconds() + "s: " + text);
    }

    void onTransition(Consumer<Transition> listener) {
        transitionListeners.add(listener);
    }

    void afterEachTick(Runnable listener) {
        tickListeners.add(listener);
    }

    /** Runs {@code listener} at the end of every event and tick, once the disks had their chance. */
    void afterEachEvent(Runnable listener) {
        eventListeners.add(listener);
    }

    /** Hears every message sent and delivered, after the simulation's own checks. */
    void onMessage(SimulatedNetwork.Observer listener) {
        messageListeners.add(listener);
    }

    /**
     * Lets the disks lag: a commit becomes durable up to {@code millis} after the event that made
     * it, instead of at the end of that event, so that a crash can fall between a commit and its
     * sync. 0 restores the default.
     */
    void setMaxDiskDelayMillis(long millis) {
        maxDiskDelayMillis = millis;
    }

    /** Skews {@code server}'s clock by whole seconds against the simulation's (§7.1: within 5 s). */
    void setClockOffset(SimulatedServer server, long seconds) {
        network.setClockOffset(server.role(), seconds);
    }

    void setMaxBackoffMillis(long millis) {
        maxBackoffMillis = millis;
    }

    // ------------------------------------------------------------------ faults and operator

    void start(SimulatedServer server) {
        server.start(now(server), endpointThread(server));
        drain();
    }

    /** Continuations run as events at the current virtual time, only in the incarnation that made them. */
    private EndpointThread endpointThread(SimulatedServer server) {
        return task -> {
            FailoverEndpoint owner = server.isUp() ? server.endpoint() : null;
            queue.schedule(clock.millis(), () -> {
                if (owner != null && server.isUp() && server.endpoint() == owner) {
                    task.accept(now(server));
                }
            });
        };
    }

    /** The process dies; {@code resetConnection}: its OS resets the TCP connection, else silence. */
    void crash(SimulatedServer server, boolean resetConnection) {
        server.crash(now());
        network.detach(server.role(), resetConnection);
    }

    void stop(SimulatedServer server) {
        server.stop(now());
        network.detach(server.role(), false);
        drain();
    }

    /** Restarts a crashed or stopped server; {@code lostStorage}: its disk was replaced. */
    void restart(SimulatedServer server, boolean lostStorage) {
        if (lostStorage) {
            server.replaceDisk();
        }
        start(server);
    }

    void partition(boolean reset) {
        network.partition(reset);
    }

    void heal() {
        network.heal();
    }

    /** The operator's "partner is down" command (RFC 8156 §8.8.2, §8.9.2, §8.11.2). */
    void partnerDown(SimulatedServer server) {
        server.endpoint().partnerDown(now(server));
        drain();
    }

    /**
     * The operator as the fault schedules play it (§8.4): declares partner-down on {@code server}
     * only if its partner is really down, and only in NORMAL, COMMUNICATIONS-INTERRUPTED or
     * RESOLUTION-INTERRUPTED (§8.8.2, §8.9.2, §8.11.2).
     *
     * @return the line for the schedule's log, if it was declared
     */
    Optional<String> operatorPartnerDown(SimulatedServer server) {
        if (!server.isUp() || partnerOf(server).isUp()) {
            return Optional.empty();
        }
        EndpointState state = server.state();
        if (state != EndpointState.NORMAL && state != EndpointState.COMMUNICATIONS_INTERRUPTED
                && state != EndpointState.RESOLUTION_INTERRUPTED) {
            return Optional.empty();
        }
        partnerDown(server);
        return Optional.of("operator partner-down on " + server.role() + " (in " + StateNames.of(state) + ")");
    }

    // ------------------------------------------------------------------ running

    /** Runs {@code action} as an event {@code delayMillis} from now (a fault timed to a transition). */
    void schedule(long delayMillis, Runnable action) {
        queue.schedule(clock.millis() + delayMillis, () -> {
            action.run();
            drain();
        });
    }

    void runFor(long seconds) {
        runUntilMillis(clock.millis() + seconds * 1000);
    }

    /** Runs until {@code condition} holds (checked after every second) or {@code maxSeconds} pass. */
    boolean runUntil(java.util.function.BooleanSupplier condition, long maxSeconds) {
        long end = clock.millis() + maxSeconds * 1000;
        while (clock.millis() < end) {
            runUntilMillis(clock.millis() + 1000);
            if (condition.getAsBoolean()) {
                return true;
            }
        }
        return condition.getAsBoolean();
    }

    private void runUntilMillis(long end) {
        while (true) {
            long nextEvent = queue.hasEventBy(end) ? queue.nextTime() : Long.MAX_VALUE;
            if (nextTickMillis <= end && nextTickMillis <= nextEvent) {
                clock.advanceTo(nextTickMillis);
                tick();
                nextTickMillis += 1000;
            } else if (nextEvent <= end) {
                clock.advanceTo(nextEvent);
                queue.poll().run();
                drain();
            } else {
                break;
            }
        }
        clock.advanceTo(end);
    }

    private void tick() {
        for (SimulatedServer server : List.of(primary, secondary)) {
            if (server.isUp()) {
                server.endpoint().onTick(now(server));
                drain();
            }
        }
        maybeConnect();
        for (Runnable listener : tickListeners) {
            listener.run();
        }
    }

    /** §6.1: the primary connects while it has no connection, backing off between attempts. */
    private void maybeConnect() {
        if (!primary.isUp()) {
            primaryWasConnected = false;
            return;
        }
        boolean connected = primary.endpoint().isConnected();
        if (primaryWasConnected && !connected) {
            nextAttemptMillis = clock.millis() + backoff();
        }
        primaryWasConnected = connected;
        if (connected || connecting || clock.millis() < nextAttemptMillis) {
            return;
        }
        connecting = true;
        FailoverEndpoint dialer = primary.endpoint();
        network.deliverAfterDelay(() -> {
            connecting = false;
            nextAttemptMillis = clock.millis() + backoff();
            if (network.partitioned() || !secondary.isUp() || !primary.isUp() || primary.endpoint() != dialer) {
                return;
            }
            FailoverEndpoint listener = secondary.endpoint();
            SimulatedConnection connection = network.open(dialer, listener);
            connection.end(Role.SECONDARY).open(now(secondary));
            drain();
            connection.end(Role.PRIMARY).open(now(primary));
        });
    }

    private long backoff() {
        return 1000 + random.nextLong(Math.max(1, maxBackoffMillis - 999));
    }

    /** Runs {@code action} as an event now, after the events already due (a continuation). */
    void later(Runnable action) {
        schedule(0, action);
    }

    private void drain() {
        for (SimulatedServer server : List.of(primary, secondary)) {
            if (maxDiskDelayMillis == 0) {
                server.flushDisk();
            } else if (server.isUp() && flushScheduled.add(server)) {
                queue.schedule(clock.millis() + 1 + random.nextLong(maxDiskDelayMillis), () -> {
                    flushScheduled.remove(server);
                    server.flushDisk();
                });
            }
        }
        for (SimulatedServer server : List.of(primary, secondary)) {
            for (Transition t : server.drainTransitions(now())) {
                transitions.add(t);
                for (Consumer<Transition> listener : transitionListeners) {
                    listener.accept(t);
                }
            }
        }
        for (Runnable listener : eventListeners) {
            listener.run();
        }
    }

    /** Checks invariant (b) on every STATE sent, and records deliveries. */
    private final class Traffic implements SimulatedNetwork.Observer {

        @Override
        public void sent(Role from, FailoverMessage message) {
            for (SimulatedNetwork.Observer listener : messageListeners) {
                listener.sent(from, message);
            }
            if (!message.type().equals(MessageType.STATE)) {
                return;
            }
            SimulatedServer sender = server(from);
            EndpointState senderState = sender.isUp() ? sender.state() : null;
            int announced = message.first(OptionCode.F_SERVER_STATE, ServerStateOption.class)
                    .map(o -> o.state().code()).orElse(-1);
            boolean startupFlag = message.first(OptionCode.F_SERVER_FLAGS, FlagsOption.class)
                    .map(f -> f.isSet(FlagsOption.SERVER_STARTUP)).orElse(false);
            if (announced == EndpointState.STARTUP.code()) {
                violation(from + " announced STARTUP as a state (§5.5.16 note 1, §8.3.1)");
            }
            if (senderState != null && startupFlag != (senderState == EndpointState.STARTUP)) {
                violation(from + " in " + senderState + " sent STATE with STARTUP flag " + startupFlag);
            }
            // §6.3: every state change is announced, so a STATE announces the state the sender
            // entered last at the moment it sent it (not necessarily the end of the step).
            EndpointState entered = sender.isUp() ? sender.lastLoggedState().orElse(senderState) : null;
            if (entered != null && senderState != EndpointState.STARTUP && announced != entered.code()) {
                violation(from + " having entered " + entered + " announced state code " + announced);
            }
        }

        @Override
        public void delivered(Role from, FailoverMessage message) {
            delivered.add(new DeliveredMessage(from, message.type().name(), now()));
            for (SimulatedNetwork.Observer listener : messageListeners) {
                listener.delivered(from, message);
            }
        }
    }
}
