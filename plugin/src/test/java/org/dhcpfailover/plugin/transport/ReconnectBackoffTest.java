package org.dhcpfailover.plugin.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The primary's reconnect pauses (RFC 8156 §6.1: back off, but retry forever). */
class ReconnectBackoffTest {

    /** A random source that always answers {@code value}, so the jitter is known. */
    private static Random fixed(double value) {
        return new Random() {
            private static final long serialVersionUID = 1L;

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    private static List<Long> delays(ReconnectBackoff backoff, int count) {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            millis.add(backoff.nextDelay().toMillis());
        }
        return millis;
    }

    @Test
    void withoutJitterThePauseDoublesUpToTheMaximum() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2, fixed(0.5));

        assertEquals(List.of(1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L), delays(backoff, 7));
    }

    @Test
    void jitterSpreadsEachPauseByAtMostTheFraction() {
        ReconnectBackoff low = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2, fixed(0.0));
        ReconnectBackoff high = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2, fixed(0.999999));

        assertEquals(List.of(800L, 1600L, 3200L), delays(low, 3));
        assertEquals(List.of(1200L, 2400L, 4800L), delays(high, 3));
    }

    @Test
    void randomJitterStaysWithinTheBoundsOfTheCappedBase() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2, new Random(42));
        long base = 1000;
        for (long delay : delays(backoff, 50)) {
            assertTrue(delay >= base * 0.8 && delay <= base * 1.2, delay + " not within ±20 % of " + base);
            base = Math.min(30_000, base * 2);
        }
    }

    @Test
    void resetStartsOverAtTheInitialPause() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(400), 0, new Random(1));
        assertEquals(List.of(100L, 200L, 400L, 400L), delays(backoff, 4));

        backoff.reset();

        assertEquals(List.of(100L, 200L), delays(backoff, 2));
    }

    @Test
    void refusesSettingsThatCannotWork() {
        Random random = new Random(1);
        assertThrows(IllegalArgumentException.class,
                () -> new ReconnectBackoff(Duration.ZERO, Duration.ofSeconds(1), 0.2, random));
        assertThrows(IllegalArgumentException.class,
                () -> new ReconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0.2, random));
        assertThrows(IllegalArgumentException.class,
                () -> new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 1.0, random));
        assertThrows(IllegalArgumentException.class,
                () -> new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(2), -0.1, random));
    }
}
