package org.dhcpfailover.plugin.transport;

import java.time.Duration;
import org.dhcpfailover.plugin.endpoint.PartnerConnectionHandler;

/**
 * The primary side of one relationship: when to try the next connection to the secondary
 * (RFC 8156 §6.1: the primary connects, backs off after failures and retries forever).
 * Touched only by the I/O thread.
 */
final class Dialer {

    final PartnerConnectionHandler handler;
    final ReconnectBackoff backoff;
    /** The connection being attempted or open, or null. */
    Connection current;
    /** System.nanoTime() of the next attempt while {@link #current} is null. */
    long nextAttemptNanos;
    /**
     * The secondary refused STARTTLS and {@code require-tls} is off: the next attempt goes
     * without TLS (the only way this transport ever speaks plaintext to a TLS partner).
     */
    boolean plaintextNext;

    Dialer(PartnerConnectionHandler handler, ReconnectBackoff backoff, long firstAttemptNanos) {
        this.handler = handler;
        this.backoff = backoff;
        this.nextAttemptNanos = firstAttemptNanos;
    }

    /**
     * {@code ended} is over; returns the pause before the next attempt. A connection on which the
     * partner answered and that lasted at least the longest pause counts as having held, and the
     * back-off starts over; a partner that accepts and then drops or refuses us at once is still
     * retried with growing pauses.
     */
    Duration ended(Connection ended, long nowNanos) {
        current = null;
        boolean held = ended.answeredMessages > 0
                && nowNanos - ended.openedNanos >= backoff.max().toNanos();
        if (held) {
            backoff.reset();
        }
        Duration delay = backoff.nextDelay();
        nextAttemptNanos = nowNanos + delay.toNanos();
        return delay;
    }
}
