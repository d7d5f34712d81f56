package org.dhcpfailover.plugin.time;

import java.time.Duration;
import java.time.Instant;

/**
 * RFC 8156 "absolute time" (§3, §5.2): seconds since 2000-01-01T00:00:00Z, modulo 2^32, an
 * unsigned 32-bit value carried here in a {@code long} (0 to 4294967295). It wraps on
 * 2136-02-07T06:28:16Z; conversions back to an {@link Instant} therefore need a nearby instant
 * to pick the era, and comparisons use serial-number arithmetic (RFC 1982 style).
 *
 * <p>Two times within {@value #TOLERANCE_SECONDS} seconds of each other are the same time
 * (RFC 8156 §5.6, §6.1.2, §7.1, §7.5.1: servers keep their clocks within 5 s).
 *
 * <p>The protocol uses 0 to mean "never" or "nothing yet": e.g. OPTION_F_EXPIRATION_TIME is 0
 * when this server has never acknowledged a lifetime for the lease, and a BNDREPLY's sender sets
 * its partner-lifetime to 0 when nothing more is to be sent (§7.3, §7.7). Callers must test for
 * 0 before comparing such fields; these functions treat 0 as an ordinary time.
 */
public final class AbsoluteTime {
    /** Unix time of 2000-01-01T00:00:00Z, the RFC 8156 epoch. */
    public static final long EPOCH_UNIX_SECONDS = 946_684_800L;
    /** The RFC 8156 epoch. */
    public static final Instant EPOCH = Instant.ofEpochSecond(EPOCH_UNIX_SECONDS);
    /** Number of distinct absolute times (2^32). */
    public static final long MODULUS = 1L << 32;
    /** Largest difference, in seconds, that still counts as the same time (RFC 8156 §7.1). */
    public static final long TOLERANCE_SECONDS = 5;
    /** {@link #TOLERANCE_SECONDS} as a duration. */
    public static final Duration TOLERANCE = Duration.ofSeconds(TOLERANCE_SECONDS);
    /** The value the protocol uses for "never". */
    public static final long NEVER = 0;

    private AbsoluteTime() {
    }

    /** The absolute time of {@code instant} (whole seconds, rounded down), modulo 2^32. */
    public static long fromInstant(Instant instant) {
        return Math.floorMod(instant.getEpochSecond() - EPOCH_UNIX_SECONDS, MODULUS);
    }

    /**
     * The instant of {@code absolute} in the 2^32-second era closest to {@code near}, so that a
     * received time is read correctly across the 2136 wrap.
     */
    public static Instant toInstant(long absolute, Instant near) {
        checkRange(absolute);
        long nearAbsolute = fromInstant(near);
        long delta = secondsBetween(nearAbsolute, absolute);
        return Instant.ofEpochSecond(near.getEpochSecond() + delta);
    }

    /**
     * Signed serial difference {@code b - a} in seconds, in [-2^31, 2^31): positive when
     * {@code b} is later than {@code a}, correct across the 2^32 wrap.
     */
    public static long secondsBetween(long a, long b) {
        checkRange(a);
        checkRange(b);
        return (int) (b - a);
    }

    /** Whether {@code a} and {@code b} are within ±5 s, i.e. the same time (§7.1, §7.5.4). */
    public static boolean isSameTime(long a, long b) {
        return Math.abs(secondsBetween(a, b)) <= TOLERANCE_SECONDS;
    }

    /** Whether {@code a} is later than {@code b} by more than the 5 s tolerance. */
    public static boolean isLater(long a, long b) {
        return secondsBetween(b, a) > TOLERANCE_SECONDS;
    }

    /** Whether {@code a} is earlier than {@code b} by more than the 5 s tolerance. */
    public static boolean isEarlier(long a, long b) {
        return secondsBetween(a, b) > TOLERANCE_SECONDS;
    }

    /** {@code absolute} plus {@code seconds} (which may be negative), modulo 2^32. */
    public static long plus(long absolute, long seconds) {
        checkRange(absolute);
        return Math.floorMod(absolute + seconds, MODULUS);
    }

    private static void checkRange(long absolute) {
        if (absolute < 0 || absolute >= MODULUS) {
            throw new IllegalArgumentException("absolute time " + absolute + " is not a uint32");
        }
    }
}
