package org.dhcpfailover.plugin.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.LongSupplier;
import org.dhcpfailover.plugin.config.RelationshipConfig;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.endpoint.PartnerConnectionHandler;
import org.dhcpfailover.plugin.log.CatalogLogger;
import org.dhcpfailover.plugin.log.LogMessage;
import org.dhcpfailover.plugin.log.RateLimiter;
import org.dhcpfailover.plugin.transport.Connection.Phase;

/**
 * The primary side of the transport (RFC 8156 §6.1: the primary connects): one {@link Dialer}
 * per primary relationship which, while its endpoint is not connected, connects to the secondary
 * and, after each failure, retries forever with a growing, jittered pause
 * ({@link ReconnectBackoff}). A connection attempt that gets no answer within
 * {@link TransportSettings#connectTimeout()} fails. Touched only by the I/O thread.
 */
final class Connector {

    /** While the endpoint is connected, whether to dial is asked again a tick later. */
    private static final long RECHECK_NANOS = Duration.ofSeconds(1).toNanos();

    private final Selector selector;
    private final ConnectionIo io;
    private final TransportSettings settings;
    private final CatalogLogger log;
    private final RateLimiter rateLimiter;
    private final LongSupplier now;
    private final List<Dialer> dialers = new ArrayList<>();
    private boolean stopping;

    /**
     * Makes a dialer for each primary relationship among {@code handlers}, with the first attempt
     * due at {@code firstAttemptNanos}.
     *
     * @param random      the jitter of the reconnect pauses
     * @param rateLimiter shared by the transport's rate-limited log lines
     * @param now         RFC 8156 absolute time, for the handlers and the rate limits
     */
    Connector(Selector selector, ConnectionIo io, List<PartnerConnectionHandler> handlers, TransportSettings settings,
            Random random, CatalogLogger log, RateLimiter rateLimiter, LongSupplier now, long firstAttemptNanos) {
        this.selector = selector;
        this.io = io;
        this.settings = settings;
        this.log = log;
        this.rateLimiter = rateLimiter;
        this.now = now;
        for (PartnerConnectionHandler handler : handlers) {
            if (handler.config().role() == Role.PRIMARY) {
                dialers.add(new Dialer(handler, new ReconnectBackoff(settings.reconnectInitial(),
                        settings.reconnectMax(), settings.reconnectJitter(), random), firstAttemptNanos));
            }
        }
    }

    /** The dialers, for the I/O thread's choice of how long to wait (a view). */
    List<Dialer> dialers() {
        return Collections.unmodifiableList(dialers);
    }

    /** The transport is stopping: an attempt cut short from now on is not logged as a failure. */
    void stop() {
        stopping = true;
    }

    /** Dials for each relationship whose pause is over; closed notices are delivered after each. */
    void dialDue(long nowNanos) {
        for (Dialer dialer : dialers) {
            if (dialer.current == null && nowNanos - dialer.nextAttemptNanos >= 0) {
                if (dialer.handler.isConnected()) {
                    // RFC 8156 §6.1: open a new connection only while the endpoint has none.
                    dialer.nextAttemptNanos = nowNanos + RECHECK_NANOS;
                } else {
                    dial(dialer);
                }
                io.drainClosedNotices();
            }
        }
    }

    private void dial(Dialer dialer) {
        RelationshipConfig config = dialer.handler.config();
        log.log(LogMessage.FO_CONNECTING, config.name(), PeerAddress.describe(config.partnerAddress()));
        SocketChannel channel = null;
        Connection connection;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            InetAddress local = config.listenAddress().getAddress();
            if (local != null && !local.isAnyLocalAddress()) {
                // Leave from the failover address the secondary knows us by (§6.1 matches on it).
                channel.bind(new InetSocketAddress(local, 0));
            }
            SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT);
            connection = new Connection(channel, key, Phase.CONNECTING,
                    PeerAddress.describe(config.partnerAddress()), List.of(dialer.handler), dialer,
                    config.limits().maxMessageSize());
        } catch (IOException | UnsupportedAddressTypeException e) {
            Sockets.close(channel);
            Duration delay = dialer.backoff.nextDelay();
            dialer.nextAttemptNanos = System.nanoTime() + delay.toNanos();
            logConnectFailed(dialer, LogText.reason(e), delay);
            return;
        }
        io.add(connection, System.nanoTime() + settings.connectTimeout().toNanos());
        dialer.current = connection;
        try {
            if (channel.connect(config.partnerAddress())) {
                connected(connection);
            }
        } catch (IOException | UnresolvedAddressException | UnsupportedAddressTypeException e) {
            io.terminate(connection, LogText.reason(e));
        }
    }

    /** The selector reports the TCP handshake of {@code connection} over. */
    void finishConnect(Connection connection) {
        try {
            if (connection.channel.finishConnect()) {
                connected(connection);
            }
        } catch (IOException e) {
            io.terminate(connection, LogText.reason(e));
        }
    }

    private void connected(Connection connection) {
        // STARTTLS first if the relationship has TLS (RFC 7653 §8.2); the endpoint sends CONNECT
        // itself once the connection is its own (§6.1.1).
        io.tls().connected(connection);
    }

    /** The connection attempt's deadline has passed with no answer. */
    void timedOut(Connection connection) {
        io.terminate(connection, "no answer within " + LogText.seconds(settings.connectTimeout()) + " s");
    }

    /** A connection a dialer opened is over: its dialer schedules the next attempt. */
    void ended(Connection connection, Phase was, String reason) {
        Duration delay = connection.dialer.ended(connection, System.nanoTime());
        if (was == Phase.CONNECTING && !stopping) {
            logConnectFailed(connection.dialer, reason, delay);
        }
    }

    private void logConnectFailed(Dialer dialer, String reason, Duration delay) {
        RelationshipConfig config = dialer.handler.config();
        if (rateLimiter.permit("connect-failed " + config.name(), now.getAsLong()) >= 0) {
            log.log(LogMessage.FO_CONNECT_FAILED, config.name(), PeerAddress.describe(config.partnerAddress()),
                    reason, LogText.seconds(delay));
        }
    }
}
