package org.dhcpfailover.host.v4;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts events between two reports, so that a flood of one event becomes one log line per
 * reporting period instead of one per event.
 */
final class WindowCounter {

    private final AtomicLong count = new AtomicLong();
    private volatile String lastDetail = "";

    void increment() {
        count.incrementAndGet();
    }

    void increment(String detail) {
        lastDetail = detail;
        count.incrementAndGet();
    }

    /** The count since the last call, and resets it. */
    long drain() {
        return count.getAndSet(0);
    }

    String lastDetail() {
        return lastDetail;
    }
}
