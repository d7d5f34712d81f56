package org.dhcpfailover.plugin.transport;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * The pauses between the primary's connection attempts. RFC 8156 §6.1: after a failed or
 * refused connection the primary SHOULD back off but MUST keep retrying forever; the period is
 * implementation-defined. Here the pause doubles from {@code initial} up to {@code max} and
 * each one is spread by ±{@code jitter} (a fraction) so that many primaries restarted together
 * do not reconnect in lock-step. A delay therefore lies in
 * [base × (1 − jitter), base × (1 + jitter)], where base is initial × 2^n capped at max.
 *
 * <p>Pure arithmetic: the caller decides when to ask and when to {@link #reset()}; the random
 * source is injected so tests see fixed numbers. Not thread-safe.
 */
public final class ReconnectBackoff {

    private final long initialMillis;
    private final long maxMillis;
    private final double jitter;
    private final Random random;
    private long nextBaseMillis;

    /**
     * @param initial the first pause, at least 1 ms
     * @param max     the largest pause before jitter, at least {@code initial}
     * @param jitter  the spread as a fraction of the pause, 0 to under 1 (0.2 for ±20 %)
     * @param random  the jitter source
     */
    public ReconnectBackoff(Duration initial, Duration max, double jitter, Random random) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        if (initialMillis < 1) {
            throw new IllegalArgumentException("initial back-off " + initial + " is below 1 ms");
        }
        if (maxMillis < initialMillis) {
            throw new IllegalArgumentException("maximum back-off " + max + " is below the initial " + initial);
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter " + jitter + " is outside [0, 1)");
        }
        this.jitter = jitter;
        this.random = Objects.requireNonNull(random, "random");
        this.nextBaseMillis = initialMillis;
    }

    /** The pause before the next attempt; each call doubles the following one, up to the maximum. */
    public Duration nextDelay() {
        long base = nextBaseMillis;
        nextBaseMillis = Math.min(maxMillis, base * 2);
        double factor = 1 + jitter * (2 * random.nextDouble() - 1);
        return Duration.ofMillis(Math.max(1, Math.round(base * factor)));
    }

    /** The connection held: the next pause is the initial one again. */
    public void reset() {
        nextBaseMillis = initialMillis;
    }

    /** The largest pause before jitter; a connection that lasted this long counts as having held. */
    public Duration max() {
        return Duration.ofMillis(maxMillis);
    }
}
