package org.dhcpfailover.plugin.simulation;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.endpoint.PartnerConnectionHandler;
import org.dhcpfailover.plugin.wire.FailoverMessage;

/**
 * The network between the two servers: per-message delays drawn from a seeded generator,
 * partitions that cut or reset open connections and refuse new ones until healed.
 */
final class SimulatedNetwork {

    /** What the simulation wants to see of the traffic. */
    interface Observer {
        void sent(Role from, FailoverMessage message);

        void delivered(Role from, FailoverMessage message);
    }

    private final EventQueue queue;
    private final VirtualClock clock;
    private final Map<Role, Long> clockOffsets = new EnumMap<>(Role.class);
    private final SplittableRandom random;
    private final Observer observer;
    private final List<SimulatedConnection> connections = new ArrayList<>();
    private long minDelayMillis = 1;
    private long maxDelayMillis = 200;
    private boolean partitioned;

    SimulatedNetwork(EventQueue queue, VirtualClock clock, SplittableRandom random, Observer observer) {
        this.queue = queue;
        this.clock = clock;
        this.random = random;
        this.observer = observer;
    }

    long nowSeconds() {
        return clock.seconds();
    }

    /** The absolute time (seconds) on the clock of the server at {@code role}, skew included. */
    long nowSeconds(Role role) {
        return clock.seconds() + clockOffsets.getOrDefault(role, 0L);
    }

    /**
     * Sets how far the clock of the server at {@code role} runs ahead (negative: behind) of the
     * simulation's clock, in whole seconds (RFC 8156 §7.1 tolerates partners within 5 s).
     */
    void setClockOffset(Role role, long seconds) {
        clockOffsets.put(role, seconds);
    }

    boolean partitioned() {
        return partitioned;
    }

    /**
     * Whether a connection carries messages now. A silently cut one is gone from here at once,
     * while both endpoints may still believe it open until their keepalive runs out (§6.6).
     */
    boolean carrying() {
        return connections.stream().anyMatch(SimulatedConnection::carries);
    }

    /** Messages from now on take between {@code min} and {@code max} ms (clocks stay within the 5 s of §7.1). */
    void setDelay(long minMillis, long maxMillis) {
        if (minMillis < 0 || maxMillis < minMillis || maxMillis > 4000) {
            throw new IllegalArgumentException("delay range " + minMillis + ".." + maxMillis);
        }
        minDelayMillis = minMillis;
        maxDelayMillis = maxMillis;
    }

    long delayMillis() {
        return minDelayMillis + random.nextLong(maxDelayMillis - minDelayMillis + 1);
    }

    /** Opens a connection (the caller checked there is no partition and the secondary listens). */
    SimulatedConnection open(PartnerConnectionHandler primary, PartnerConnectionHandler secondary) {
        connections.removeIf(c -> !c.anyEndOpen());
        SimulatedConnection connection = new SimulatedConnection(this, primary, secondary);
        connections.add(connection);
        return connection;
    }

    /** Cuts every connection; {@code reset}: both sides are told (RST), otherwise only silence. */
    void partition(boolean reset) {
        partitioned = true;
        for (SimulatedConnection connection : connections) {
            if (reset) {
                connection.reset("connection reset (partition)");
            } else {
                connection.breakSilently();
            }
        }
        connections.clear();
    }

    void heal() {
        partitioned = false;
    }

    /** The server at {@code role} is gone; {@code resetPeer}: its operating system resets its connections. */
    void detach(Role role, boolean resetPeer) {
        for (SimulatedConnection connection : connections) {
            connection.detach(role, resetPeer);
        }
    }

    // ------------------------------------------------------------ used by connections

    /** Schedules {@code action} after a delay, but not before {@code notBeforeMillis}; returns the time. */
    long deliverAfter(long notBeforeMillis, Runnable action) {
        long at = Math.max(clock.millis() + delayMillis(), notBeforeMillis);
        queue.schedule(at, action);
        return at;
    }

    void deliverAfterDelay(Runnable action) {
        queue.schedule(clock.millis() + delayMillis(), action);
    }

    void deliverNow(Runnable action) {
        queue.schedule(clock.millis(), action);
    }

    void observeSend(Role from, FailoverMessage message) {
        observer.sent(from, message);
    }

    void observeDelivery(Role from, FailoverMessage message) {
        observer.delivered(from, message);
    }
}
