package org.dhcpfailover.plugin.sync;

import java.util.Map;
import java.util.TreeMap;
import org.dhcpfailover.plugin.wire.StatusCode;

/** Running counts of one relationship's update exchange, for status and monitoring. */
final class SyncCounters {
    long updatesSent;
    long repliesReceived;
    long acknowledgedByPartner;
    long unmatchedReplies;
    long updatesAnswered;
    private final Map<String, Long> refusedHere = new TreeMap<>();
    private final Map<String, Long> rejectedByPartner = new TreeMap<>();

    /** This server rejected a lease (or a whole update) of the partner's with {@code status}. */
    void refused(StatusCode status) {
        refusedHere.merge(status.name(), 1L, Long::sum);
    }

    /** The partner rejected a lease of ours with {@code status}. */
    void rejectedByPartner(StatusCode status) {
        rejectedByPartner.merge(status.name(), 1L, Long::sum);
    }

    SyncStatus.Counts snapshot() {
        return new SyncStatus.Counts(updatesSent, repliesReceived, acknowledgedByPartner, unmatchedReplies, updatesAnswered,
                Map.copyOf(refusedHere), Map.copyOf(rejectedByPartner));
    }
}
