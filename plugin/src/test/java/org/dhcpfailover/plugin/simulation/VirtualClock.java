package org.dhcpfailover.plugin.simulation;

/**
 * The simulation's only clock: milliseconds since an absolute-time origin (RFC 8156 §3
 * "absolute time", seconds since 2000-01-01). Endpoints see whole seconds; events are ordered at
 * millisecond granularity so that independent messages can overtake one another.
 */
final class VirtualClock {

    private final long originSeconds;
    private long millis;

    VirtualClock(long originSeconds) {
        this.originSeconds = originSeconds;
    }

    long millis() {
        return millis;
    }

    /** The absolute time (seconds) handed to endpoints. */
    long seconds() {
        return originSeconds + millis / 1000;
    }

    long originSeconds() {
        return originSeconds;
    }

    void advanceTo(long newMillis) {
        if (newMillis < millis) {
            throw new IllegalStateException("virtual time runs backwards: " + newMillis + " < " + millis);
        }
        millis = newMillis;
    }
}
