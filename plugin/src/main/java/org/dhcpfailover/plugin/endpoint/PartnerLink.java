package org.dhcpfailover.plugin.endpoint;

import org.dhcpfailover.plugin.wire.FailoverMessage;

/**
 * One connection to the partner, as the endpoint sees it: the transport (real TCP, or a
 * simulated network in tests) encodes, frames and writes what the endpoint sends. Each
 * connection gets its own link, so a message sent on a link that has since closed goes nowhere.
 */
public interface PartnerLink {

    /**
     * Queues {@code message} for the partner. Never blocks: a partner that stops reading is the
     * transport's to detect and disconnect (the endpoint hears of it as a closed connection).
     */
    void send(FailoverMessage message);

    /** Closes the connection once what was queued before has been written, as far as possible. */
    void close(String reason);

    /** The partner's address and port, for log lines. */
    String peer();
}
