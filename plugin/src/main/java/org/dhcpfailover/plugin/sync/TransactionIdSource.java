package org.dhcpfailover.plugin.sync;

/**
 * Where the transaction-ids of initiated messages come from (RFC 8156 §5.4, digest §1.3). An
 * interface so that the update queue and the UPDREQ requester share one counter per
 * relationship, and tests can start it anywhere (e.g. just before the 24-bit wrap).
 */
@FunctionalInterface
public interface TransactionIdSource {
    /** A 24-bit transaction-id, not 0, not the id of any request still outstanding. */
    int next();
}
