package org.dhcpfailover.plugin.sync;

import java.util.Map;

/**
 * The state of one relationship's binding synchronisation.
 *
 * @param pendingLeases leases waiting to be sent to the partner
 * @param unacked       BNDUPDs sent and not yet answered
 * @param answering     the partner's UPDREQ / UPDREQALL being answered
 * @param counts        totals since start
 */
public record SyncStatus(int pendingLeases, int unacked, int answering, Counts counts) {

    /**
     * @param updatesSent           BNDUPDs sent
     * @param repliesReceived       BNDREPLYs that answered one of them
     * @param acknowledgedByPartner leases of ours the partner acknowledged in those BNDREPLYs
     * @param unmatchedReplies      BNDREPLYs with no outstanding BNDUPD (late, from a lost connection)
     * @param updatesAnswered       the partner's BNDUPDs answered with a BNDREPLY
     * @param refusedHere           leases of the partner's updates rejected here, by status name
     * @param rejectedByPartner     leases of ours the partner rejected, by status name
     */
    public record Counts(long updatesSent, long repliesReceived, long acknowledgedByPartner, long unmatchedReplies,
            long updatesAnswered, Map<String, Long> refusedHere, Map<String, Long> rejectedByPartner) {
        public Counts {
            refusedHere = Map.copyOf(refusedHere);
            rejectedByPartner = Map.copyOf(rejectedByPartner);
        }
    }
}
