package org.dhcpfailover.plugin.config;

import java.time.Duration;
import java.util.Objects;

/**
 * What one relationship's failover connection may cost this server (RFC 8156 §10, RFC 7031 S6
 * and S8: limit how long an idle connection stays open, guard against partial or invalid
 * messages).
 *
 * @param connectWait    how long a connection accepted from the partner's address may take to
 *                       deliver its CONNECT before it is dropped (connect-and-stall)
 * @param maxMessageSize the largest message, in octets, accepted from the partner; a longer
 *                       message-size is a protocol error (DISCONNECT, then close)
 */
public record ConnectionLimits(Duration connectWait, int maxMessageSize) {

    /** 30 s: a partner on a loaded network sends its CONNECT well within it. */
    public static final Duration DEFAULT_CONNECT_WAIT = Duration.ofSeconds(30);
    /** The 16-bit message-size's maximum (RFC 8156 §5.1): every message the protocol can frame. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 0xFFFF;
    /** Room for a CONNECT with a 255-octet relationship name and a BNDUPD of one client with several leases. */
    public static final int MIN_MAX_MESSAGE_SIZE = 1024;

    public ConnectionLimits {
        Objects.requireNonNull(connectWait, "connectWait");
        if (connectWait.isNegative() || connectWait.isZero()) {
            throw new IllegalArgumentException("connectWait must be positive, not " + connectWait);
        }
        if (maxMessageSize < MIN_MAX_MESSAGE_SIZE || maxMessageSize > DEFAULT_MAX_MESSAGE_SIZE) {
            throw new IllegalArgumentException("maxMessageSize " + maxMessageSize + " is outside "
                    + MIN_MAX_MESSAGE_SIZE + ".." + DEFAULT_MAX_MESSAGE_SIZE);
        }
    }

    /** Connect wait 30 s, messages up to 65535 octets. */
    public static ConnectionLimits defaults() {
        return new ConnectionLimits(DEFAULT_CONNECT_WAIT, DEFAULT_MAX_MESSAGE_SIZE);
    }
}
