package org.dhcpfailover.plugin.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLException;
import org.dhcpfailover.plugin.endpoint.FailoverMessages;
import org.dhcpfailover.plugin.endpoint.PartnerConnectionHandler;
import org.dhcpfailover.plugin.log.CatalogLogger;
import org.dhcpfailover.plugin.log.LogMessage;
import org.dhcpfailover.plugin.log.RateLimiter;
import org.dhcpfailover.plugin.transport.Connection.Phase;
import org.dhcpfailover.plugin.transport.ConnectRouter.Accept;
import org.dhcpfailover.plugin.transport.ConnectRouter.AlreadyConnected;
import org.dhcpfailover.plugin.transport.ConnectRouter.Refusal;
import org.dhcpfailover.plugin.transport.ConnectRouter.Route;
import org.dhcpfailover.plugin.transport.ConnectRouter.UnknownRelationship;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.Frames;
import org.dhcpfailover.plugin.wire.MessageType;

/**
 * The secondary side of the transport (RFC 8156 §6.1: the secondary MUST listen): accepts on the
 * listening sockets, drops at once a peer that is the partner of no secondary relationship on
 * that socket (§6.1), and hands a connection to its relationship only when its first message, a
 * CONNECT, names it (§6.2, through {@link ConnectRouter}). RFC 8156 §10 and RFC 7031 S6 / S8
 * ask for limits on what a peer can hold: a peer that sends no CONNECT within its relationships'
 * {@code connect-wait} is dropped (connect-and-stall); a partner address may have at most
 * {@link #MAX_AWAITING_CONNECT_PER_ADDRESS} connections awaiting their CONNECT; until the CONNECT
 * names the relationship, a message may be as long as the largest {@code max-message-size} of the
 * candidates, from then on only as long as that of the relationship. Touched only by the I/O
 * thread.
 */
final class Acceptor {

    /**
     * Connections from one partner address that may await their CONNECT at once: one, plus room
     * for reconnections that overlap the close of earlier attempts (RFC 8156 §10: limit the
     * number of accepted connections).
     */
    static final int MAX_AWAITING_CONNECT_PER_ADDRESS = 3;

    private final Selector selector;
    private final ConnectionIo io;
    private final CatalogLogger log;
    private final RateLimiter rateLimiter;
    private final UnknownPeerLog unknownPeers;
    private final LongSupplier now;
    /** Listeners whose accepting failed; they wait for the next tick. */
    private final List<Listener> pausedListeners = new ArrayList<>();

    /**
     * @param rateLimiter     shared by the transport's rate-limited log lines
     * @param intervalSeconds the interval of those rate limits
     * @param now             RFC 8156 absolute time, for the handlers and the rate limits
     */
    Acceptor(Selector selector, ConnectionIo io, CatalogLogger log, RateLimiter rateLimiter, long intervalSeconds,
            LongSupplier now) {
        this.selector = selector;
        this.io = io;
        this.log = log;
        this.rateLimiter = rateLimiter;
        this.unknownPeers = new UnknownPeerLog(log, intervalSeconds);
        this.now = now;
    }

    /** Accepts every peer waiting on {@code listener}. */
    void acceptAll(Listener listener) {
        while (true) {
            SocketChannel channel;
            try {
                channel = listener.channel().accept();
            } catch (IOException e) {
                // E.g. out of descriptors: the selector would report the socket again at once, so
                // stop accepting on it until the next tick rather than spin.
                pauseAccepting(listener, e);
                return;
            }
            if (channel == null) {
                return;
            }
            accepted(listener, channel);
        }
    }

    private void pauseAccepting(Listener listener, IOException cause) {
        SelectionKey key = listener.channel().keyFor(selector);
        if (key != null && key.isValid()) {
            key.interestOps(0);
            pausedListeners.add(listener);
        }
        if (rateLimiter.permit("accept " + listener.bound(), now.getAsLong()) >= 0) {
            log.log(LogMessage.FO_ACCEPT_FAILED, ConnectRouter.names(listener.handlers()),
                    PeerAddress.describe(listener.bound()), String.valueOf(cause.getMessage()));
        }
    }

    /** At each tick: listeners paused by a failed accept try again; held-back stranger lines are told. */
    void onTick() {
        unknownPeers.tick(now.getAsLong());
        for (Listener listener : pausedListeners) {
            SelectionKey key = listener.channel().keyFor(selector);
            if (key != null && key.isValid()) {
                key.interestOps(SelectionKey.OP_ACCEPT);
            }
        }
        pausedListeners.clear();
    }

    private void accepted(Listener listener, SocketChannel channel) {
        InetSocketAddress remote;
        try {
            remote = (InetSocketAddress) channel.getRemoteAddress();
        } catch (IOException e) {
            Sockets.close(channel);
            return;
        }
        List<PartnerConnectionHandler> candidates =
                remote == null ? List.of() : listener.relationshipsWith(remote.getAddress());
        if (candidates.isEmpty()) {
            // RFC 8156 §6.1: not the partner of any secondary relationship here; drop at once.
            // Counted and logged before the close, so the peer never sees a close not yet counted.
            String address = remote == null ? "?" : PeerAddress.describe(remote.getAddress());
            unknownPeers.refused(address, PeerAddress.describe(listener.bound()), now.getAsLong());
            Sockets.close(channel);
            return;
        }
        String host = PeerAddress.describe(remote.getAddress());
        long awaiting = io.connections().stream().filter(c -> awaitsConnect(c) && c.host().equals(host)).count();
        if (awaiting >= MAX_AWAITING_CONNECT_PER_ADDRESS) {
            // RFC 8156 §10: cap the accepted connections; the partner needs only one.
            if (rateLimiter.permit("protocol-error " + host, now.getAsLong()) >= 0) {
                log.log(LogMessage.FO_DROPPED_BEFORE_CONNECT, ConnectRouter.names(candidates),
                        PeerAddress.describe(remote), awaiting + " connections from this address already await "
                                + "their CONNECT");
            }
            Sockets.close(channel);
            return;
        }
        SelectionKey key;
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            key = channel.register(selector, SelectionKey.OP_READ);
        } catch (IOException e) {
            Sockets.close(channel);
            return;
        }
        Connection connection = new Connection(channel, key, Phase.AWAITING_CONNECT, PeerAddress.describe(remote),
                candidates, null, largestMessage(candidates));
        io.add(connection, System.nanoTime() + connectWait(candidates).toNanos());
    }

    /**
     * An accepted connection whose CONNECT has not come yet: waiting for it, or in the TLS
     * handshake that STARTTLS began (which holds a TLS engine and costs the I/O thread the key
     * exchange), so that STARTTLS is no way around the cap.
     */
    private static boolean awaitsConnect(Connection connection) {
        return connection.dialer == null
                && (connection.phase == Phase.AWAITING_CONNECT || connection.phase == Phase.TLS_HANDSHAKE);
    }

    /** RFC 7031 S8: a peer gets the shortest {@code connect-wait} of the relationships it may connect for. */
    private static Duration connectWait(List<PartnerConnectionHandler> candidates) {
        return candidates.stream().map(h -> h.config().limits().connectWait()).min(Duration::compareTo)
                .orElseThrow();
    }

    /** Before the CONNECT names one, any candidate relationship's limit may apply. */
    private static int largestMessage(List<PartnerConnectionHandler> candidates) {
        return candidates.stream().mapToInt(h -> h.config().limits().maxMessageSize()).max().orElseThrow();
    }

    /** The deadline of a connection awaiting its CONNECT has passed (RFC 7031 S8, connect-and-stall). */
    void stalled(Connection connection) {
        io.dropBeforeConnect(connection, "no CONNECT within " + LogText.seconds(connectWait(connection.candidates))
                + " s");
    }

    /** The first message of an accepted connection: a CONNECT that names the relationship (§6.1, §6.2). */
    void route(Connection connection, FailoverMessage first) {
        if (StartTls.isRequest(first) && connection.tls == null) {
            io.tls().requested(connection, first); // RFC 7653 §9.1
            return;
        }
        if (!MessageType.CONNECT.equals(first.type())) {
            io.dropBeforeConnect(connection, "first message is " + first.type().name() + ", not CONNECT");
            return;
        }
        Route route = ConnectRouter.route(connection.candidates, first);
        if (route instanceof Accept accept) {
            if (!io.tls().admits(connection, accept.handler())) {
                return;
            }
            connection.decoder.restrict(accept.handler().config().limits().maxMessageSize());
            io.open(connection, accept.handler());
            io.deliver(connection, first);
        } else if (route instanceof Refusal refusal) {
            if (refusal instanceof UnknownRelationship unknown) {
                // SPEC-GAP A19: refuse with ConfigurationConflict.
                String requested = unknown.requested().isEmpty() ? "(none given)" : "\"" + unknown.requested() + "\"";
                if (rateLimiter.permit("unknown-relationship " + connection.host() + " " + requested,
                        now.getAsLong()) >= 0) {
                    log.log(LogMessage.FO_UNKNOWN_RELATIONSHIP, connection.peer, requested);
                }
            } else if (refusal instanceof AlreadyConnected duplicate) {
                log.log(LogMessage.FO_DUPLICATE_CONNECTION, duplicate.handler().config().name(), connection.peer);
            }
            try {
                connection.enqueue(Frames.frame(
                        FailoverMessages.connectRefusal(first, refusal.status(), refusal.reason(), now.getAsLong())));
            } catch (SSLException e) {
                io.terminate(connection, "TLS failed: " + LogText.reason(e));
                return;
            }
            io.beginClose(connection, "CONNECT refused: " + refusal.reason());
        }
    }
}
