package org.dhcpfailover.plugin.store;

import java.time.Duration;

/**
 * How the store batches and compacts.
 *
 * @param commitWindow           how long the writer waits after the first queued update for
 *                               more to share its fsync; bounded so a lone update is not held
 * @param maxBatchRecords        a batch this full is written without waiting out the window
 * @param compactionMinimumBytes logs may exceed twice the live data by this much before
 *                               compaction, so that a small store is not compacted constantly
 */
public record StoreSettings(Duration commitWindow, int maxBatchRecords, long compactionMinimumBytes) {

    public StoreSettings {
        if (commitWindow.isNegative() || commitWindow.compareTo(Duration.ofMillis(100)) > 0) {
            throw new IllegalArgumentException("commit window must be 0 to 100 ms: " + commitWindow);
        }
        if (maxBatchRecords < 1) {
            throw new IllegalArgumentException("max batch records must be positive: " + maxBatchRecords);
        }
        if (compactionMinimumBytes < 0) {
            throw new IllegalArgumentException("compaction minimum must not be negative: " + compactionMinimumBytes);
        }
    }

    /**
     * No window (the writer writes whatever is queued at once; updates that arrive during an
     * fsync share the next one, so batches grow with the load by themselves), 8192 records per
     * batch, compaction from 64 MiB of dead log. A host thread that waits for its lease to be
     * durable before replying pays one fsync, not a window on top of it.
     */
    public static StoreSettings defaults() {
        return new StoreSettings(Duration.ZERO, 8192, 64L * 1024 * 1024);
    }
}
