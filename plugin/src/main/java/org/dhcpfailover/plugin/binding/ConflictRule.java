package org.dhcpfailover.plugin.binding;

/**
 * The four entries of the RFC 8156 §7.5.4 Figure 4 table (digest §8.3 step 5).
 */
public enum ConflictRule {
    /** Take the update if its time is later than the local lease's time (±5 s counts as equal, A10). */
    ACCEPT,
    /** Take the update if now is past the local state-expiration-time: "time(1)". */
    TIME_1,
    /** Take the update if its CLT time is later than the local start-time-of-state: "time(2)". */
    TIME_2,
    /**
     * Same client: take it. Different client: take it if {@link #TIME_2} holds or the receiver is
     * the secondary, else reject with AddressInUse: "accept(3)".
     */
    ACCEPT_3
}
