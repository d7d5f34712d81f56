package org.dhcpfailover.host.lease;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts events between two reports, so that a flood of one event becomes one log line per
 * reporting period instead of one per event.
 */
public final class WindowCounter {

    private final AtomicLong count = new AtomicLong();
    private volatile String lastDetail = "";

    public void increment() {
        count.incrementAndGet();
    }

    public void increment(String detail) {
        lastDetail = detail;
        count.incrementAndGet();
    }

    /** The count since the last call, and resets it. */
    public long drain() {
        return count.getAndSet(0);
    }

    public String lastDetail() {
        return lastDetail;
    }
}
