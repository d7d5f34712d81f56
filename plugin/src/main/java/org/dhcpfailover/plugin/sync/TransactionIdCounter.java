package org.dhcpfailover.plugin.sync;

import java.util.HashSet;
import java.util.Set;
import org.dhcpfailover.plugin.wire.FailoverMessage;

/**
 * An incrementing 24-bit transaction-id counter (RFC 8156 §5.4, digest §1.3) that never hands
 * out 0 and skips every reserved id. An UPDREQ or UPDREQALL stays outstanding until its
 * UPDDONE, which may take longer than a full turn of the counter under heavy BNDUPD traffic,
 * so its id is reserved ({@link #nextReserved()}) until {@link #release(int)}; the short-lived
 * BNDUPD ids need no reservation because the update queue never reuses an id it has in flight.
 */
public final class TransactionIdCounter implements TransactionIdSource {
    private final Set<Integer> reserved = new HashSet<>();
    private int last;

    /** A counter whose first id is 1. */
    public TransactionIdCounter() {
        this(0);
    }

    /** A counter whose first id is the one after {@code last} (wrapping from 0xFFFFFF to 1). */
    public TransactionIdCounter(int last) {
        if (last < 0 || last > FailoverMessage.MAX_TRANSACTION_ID) {
            throw new IllegalArgumentException("transaction-id " + last + " is not 24-bit");
        }
        this.last = last;
    }

    @Override
    public int next() {
        if (reserved.size() >= FailoverMessage.MAX_TRANSACTION_ID) {
            throw new IllegalStateException("every transaction-id is reserved");
        }
        do {
            last = last == FailoverMessage.MAX_TRANSACTION_ID ? 1 : last + 1;
        } while (reserved.contains(last));
        return last;
    }

    /** The next id, reserved until {@link #release(int)}: for an UPDREQ / UPDREQALL (§5.4). */
    public int nextReserved() {
        int id = next();
        reserved.add(id);
        return id;
    }

    /** Makes {@code id} available again (its UPDDONE arrived, or its connection is gone). */
    public void release(int id) {
        reserved.remove(id);
    }

    /** Whether {@code id} is reserved. */
    public boolean isReserved(int id) {
        return reserved.contains(id);
    }
}
