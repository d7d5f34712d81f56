package org.dhcpfailover.plugin.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void onePerKeyPerIntervalAndTheHeldBackCountComesWithTheNext() {
        RateLimiter limiter = new RateLimiter(60);

        assertEquals(0, limiter.permit("10.0.0.9", 1000));
        assertEquals(-1, limiter.permit("10.0.0.9", 1001));
        assertEquals(-1, limiter.permit("10.0.0.9", 1059));
        assertEquals(0, limiter.permit("10.0.0.7", 1010), "another key has its own window");
        assertEquals(2, limiter.permit("10.0.0.9", 1060), "two lines were held back");
        assertEquals(-1, limiter.permit("10.0.0.9", 1061));
    }

    @Test
    void aClockSetBackEndsTheWindowInsteadOfSilencingTheKeyUntilItCatchesUp() {
        RateLimiter limiter = new RateLimiter(60);
        assertEquals(0, limiter.permit("10.0.0.9", 5000));
        assertEquals(-1, limiter.permit("10.0.0.9", 5001));
        assertEquals(1, limiter.permit("10.0.0.9", 1400), "an hour back: a line, with the one held back");
        assertEquals(-1, limiter.permit("10.0.0.9", 1401), "and a new window from there");
    }

    @Test
    void memoryStaysBoundedWhenEveryKeyIsNew() {
        RateLimiter limiter = new RateLimiter(60);
        for (int i = 0; i < 100_000; i++) {
            assertEquals(0, limiter.permit("peer-" + i, 5000));
        }
    }
}
