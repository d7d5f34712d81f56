package org.dhcpfailover.plugin.endpoint;

/**
 * The transaction-ids this endpoint puts on the messages it initiates (RFC 8156 §5.4): a 24-bit
 * counter that never hands out 0 and skips the id of a request still waiting for its answer
 * (an UPDREQ may wait a long time for its UPDDONE).
 */
final class TransactionIds {

    private static final int MAX = 0xFF_FFFF;

    private int last;
    private int outstanding = -1;

    int next() {
        do {
            last = last == MAX ? 1 : last + 1;
        } while (last == outstanding);
        return last;
    }

    /** Remembers {@code id} as outstanding until {@link #answered()}. */
    int nextOutstanding() {
        outstanding = -1;
        outstanding = next();
        return outstanding;
    }

    void answered() {
        outstanding = -1;
    }
}
