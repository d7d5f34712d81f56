package org.dhcpfailover.plugin.transport;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition set by another thread, up to a deadline: no fixed sleeps in the tests. */
public final class Await {
    /** Generous for a noisy 2-core CI machine; conditions normally hold within milliseconds. */
    public static final Duration DEFAULT = Duration.ofSeconds(10);

    private Await() {
    }

    public static void await(String what, BooleanSupplier condition) {
        await(what, condition, DEFAULT);
    }

    public static void await(String what, BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                fail("timed out after " + timeout + " waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
