package org.dhcpfailover.plugin.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits and pauses of the TCP transport. The defaults suit production; tests shorten them.
 *
 * @param connectTimeout    how long one connection attempt of the primary may hang (RFC 8156 §6.1
 *                          leaves the period to the implementation)
 * @param reconnectInitial  the first pause after a failed or lost connection (§6.1: back off)
 * @param reconnectMax      the longest pause before jitter; the primary retries forever (§6.1)
 * @param reconnectJitter   the spread of each pause, a fraction (0.2 for ±20 %)
 * @param outboundLimit     octets queued towards a partner before it counts as no longer reading
 * @param closeFlushTimeout how long a closing connection may take to write what is queued
 * @param stopFlushTimeout  how long {@code stop()} waits for the DISCONNECTs to be written
 */
public record TransportSettings(
        Duration connectTimeout,
        Duration reconnectInitial,
        Duration reconnectMax,
        double reconnectJitter,
        int outboundLimit,
        Duration closeFlushTimeout,
        Duration stopFlushTimeout) {

    /** 4 MiB: far above the 64 KiB of one message, far below what would hurt the host. */
    public static final int DEFAULT_OUTBOUND_LIMIT = 4 * 1024 * 1024;

    public TransportSettings {
        positive("connectTimeout", connectTimeout);
        positive("reconnectInitial", reconnectInitial);
        positive("reconnectMax", reconnectMax);
        positive("closeFlushTimeout", closeFlushTimeout);
        positive("stopFlushTimeout", stopFlushTimeout);
        if (outboundLimit <= 0) {
            throw new IllegalArgumentException("outboundLimit must be positive");
        }
        // ReconnectBackoff checks the back-off numbers themselves.
    }

    /** Connect timeout 10 s, back-off 1 s doubling to 30 s ±20 %, 4 MiB, flushes 2 s. */
    public static TransportSettings defaults() {
        return new TransportSettings(Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2,
                DEFAULT_OUTBOUND_LIMIT, Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    public TransportSettings withConnectTimeout(Duration value) {
        return new TransportSettings(value, reconnectInitial, reconnectMax, reconnectJitter,
                outboundLimit, closeFlushTimeout, stopFlushTimeout);
    }

    public TransportSettings withReconnect(Duration initial, Duration max) {
        return new TransportSettings(connectTimeout, initial, max, reconnectJitter,
                outboundLimit, closeFlushTimeout, stopFlushTimeout);
    }

    public TransportSettings withOutboundLimit(int value) {
        return new TransportSettings(connectTimeout, reconnectInitial, reconnectMax, reconnectJitter,
                value, closeFlushTimeout, stopFlushTimeout);
    }

    public TransportSettings withFlushTimeouts(Duration close, Duration stop) {
        return new TransportSettings(connectTimeout, reconnectInitial, reconnectMax, reconnectJitter,
                outboundLimit, close, stop);
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }
}
