package org.dhcpfailover.plugin.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.LongSupplier;
import org.dhcpfailover.plugin.endpoint.PartnerConnectionHandler;
import org.dhcpfailover.plugin.endpoint.PartnerLink;
import org.dhcpfailover.plugin.log.CatalogLogger;
import org.dhcpfailover.plugin.log.LogMessage;
import org.dhcpfailover.plugin.log.RateLimiter;
import org.dhcpfailover.plugin.transport.Connection.Phase;
import org.dhcpfailover.plugin.wire.DecodeException;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.FailoverMessageDecoder;
import org.dhcpfailover.plugin.wire.Frames;

/**
 * The connections of one transport and their reading, writing and closing, on its I/O thread.
 *
 * <p>Inbound octets are cut into messages by the 16-bit message-size of RFC 8156 §5.1; a stream
 * that cannot be decoded is not read further, because the framing is lost. Writes never block:
 * each connection queues at most {@link TransportSettings#outboundLimit()} octets, beyond which
 * the partner counts as no longer reading and is dropped. A close first writes what is queued,
 * within {@link TransportSettings#closeFlushTimeout()}, so that a DISCONNECT reaches the partner
 * (§5.3.10).
 *
 * <p>The owner of a closed connection is not told at once: the notice waits until
 * {@link #drainClosedNotices()}, which the transport calls only outside handler calls, so that
 * {@code onConnectionClosed} never runs re-entrantly from within a {@code PartnerLink} call.
 * Each opened connection gets exactly one notice.
 */
final class ConnectionIo {

    private static final int READ_BUFFER_SIZE = 64 * 1024;
    /** Reads of discarded input before a graceful close, so that unread octets do not turn the FIN into a RST. */
    private static final int MAX_DISCARD_READS = 16;
    /** Queued octets beyond which {@link #send} writes at once instead of at the end of the loop turn. */
    static final int COALESCE_LIMIT = 64 * 1024;

    /** Secondary: where the first message of an accepted connection goes to pick its relationship (§6.1). */
    @FunctionalInterface
    interface FirstMessageRouter {
        void route(Connection connection, FailoverMessage first);
    }

    /** Primary: told when a connection its dialer opened is over, {@code was} being its phase then. */
    @FunctionalInterface
    interface DialEnd {
        void ended(Connection connection, Phase was, String reason);
    }

    /** A closed connection the owner has yet to hear of. */
    private record ClosedNotice(PartnerConnectionHandler handler, PartnerLink link, String reason) {
    }

    private final Thread ioThread;
    private final TransportSettings settings;
    private final CatalogLogger log;
    private final RateLimiter rateLimiter;
    private final LongSupplier now;
    private final FirstMessageRouter router;
    private final DialEnd dialEnd;
    private final TlsHandshakes tls;

    private final Set<Connection> connections = new LinkedHashSet<>();
    private final ArrayDeque<ClosedNotice> closedNotices = new ArrayDeque<>();
    /** Connections with messages sent in this loop turn and not yet written (see {@link #flushSent()}). */
    private final List<Connection> sentUnwritten = new ArrayList<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_SIZE);
    private boolean stopping;
    private long stopDeadlineNanos;

    /**
     * @param ioThread    the only thread that may use a {@code PartnerLink}
     * @param rateLimiter shared by the transport's rate-limited log lines
     * @param now         RFC 8156 absolute time, for the handlers
     * @param router      routes the first message of an accepted connection
     * @param dialEnd     learns the end of each connection a dialer opened
     * @param tlsPolicies the relationships with TLS, and their TLS
     * @param random      the transaction-ids of STARTTLS
     */
    ConnectionIo(Thread ioThread, TransportSettings settings, CatalogLogger log, RateLimiter rateLimiter,
            LongSupplier now, FirstMessageRouter router, DialEnd dialEnd,
            Map<PartnerConnectionHandler, TlsPolicy> tlsPolicies, Random random) {
        this.ioThread = ioThread;
        this.settings = settings;
        this.log = log;
        this.rateLimiter = rateLimiter;
        this.now = now;
        this.router = router;
        this.dialEnd = dialEnd;
        this.tls = new TlsHandshakes(this, tlsPolicies, log, rateLimiter, now, random);
    }

    /** STARTTLS and the TLS handshake of the connections. */
    TlsHandshakes tls() {
        return tls;
    }

    // ------------------------------------------------------------ the set of connections

    /** Takes in a new connection, gives it its link and the time by which its first phase must end. */
    void add(Connection connection, long deadlineNanos) {
        connection.link = new ConnectionLink(connection, this);
        connection.deadlineNanos = deadlineNanos;
        connections.add(connection);
    }

    /** The connections not yet closed, in the order they came (a view). */
    Set<Connection> connections() {
        return Collections.unmodifiableSet(connections);
    }

    /** A copy of {@link #connections()}, to walk while closing some. */
    List<Connection> snapshot() {
        return new ArrayList<>(connections);
    }

    boolean isEmpty() {
        return connections.isEmpty();
    }

    boolean hasClosedNotices() {
        return !closedNotices.isEmpty();
    }

    /** From now on no close flush outlasts {@code deadlineNanos}, the end of the stop flush. */
    void stopBy(long deadlineNanos) {
        stopping = true;
        stopDeadlineNanos = deadlineNanos;
    }

    /** Hands the connection to {@code owner} and tells it so; the link is the owner's from now on. */
    void open(Connection connection, PartnerConnectionHandler owner) {
        connection.owner = owner;
        connection.phase = Phase.OPEN;
        connection.openedNanos = System.nanoTime();
        connection.updateInterest();
        owner.onConnectionOpened(connection.link, now.getAsLong());
    }

    // ------------------------------------------------------------ reading

    void read(Connection connection) {
        readBuffer.clear();
        int count;
        try {
            count = connection.channel.read(readBuffer);
        } catch (IOException e) {
            if (negotiatingTls(connection)) {
                tls.lost(connection, "connection lost: " + LogText.reason(e));
            }
            terminate(connection, "connection lost: " + LogText.reason(e));
            return;
        }
        if (count < 0) {
            if (negotiatingTls(connection)) {
                tls.lost(connection, "partner closed the connection");
            }
            terminate(connection, connection.phase == Phase.CLOSING ? connection.closeReason
                    : "connection closed by the partner");
            return;
        }
        if (count == 0 || connection.phase == Phase.CLOSING || connection.undecodable) {
            return;
        }
        byte[] data = readBuffer.array();
        int length = count;
        if (connection.tls != null) {
            Optional<byte[]> plaintext = tls.received(connection, data, count);
            if (plaintext.isEmpty()) {
                return;
            }
            data = plaintext.get();
            length = data.length;
        }
        if (length > 0) {
            try {
                connection.held.addAll(connection.decoder.feed(data, 0, length));
            } catch (DecodeException e) {
                undecodable(connection, e);
                return;
            }
            deliverHeld(connection);
        }
        if (connection.tlsClosedByPartner) {
            // What the handler answered to the messages before the close_notify still leaves.
            writeSent(connection);
            terminate(connection, "connection closed by the partner (TLS close_notify)");
        }
    }

    private static boolean negotiatingTls(Connection connection) {
        return connection.phase == Phase.STARTTLS || connection.phase == Phase.TLS_HANDSHAKE;
    }

    /**
     * Delivers the messages cut from the stream, in order, while the owner accepts them; when it
     * asks for a pause (it has as much unstored work as it advertised it can absorb), the rest
     * stays held and the socket is not read until {@link #resumePaused()} finds the owner ready.
     * A framing error after good messages is acted on once those were handled.
     */
    private void deliverHeld(Connection connection) {
        while (!connection.held.isEmpty()) {
            if (connection.phase != Phase.OPEN && connection.phase != Phase.AWAITING_CONNECT
                    && connection.phase != Phase.STARTTLS) {
                connection.held.clear();
                return;
            }
            if (connection.phase == Phase.OPEN && !connection.owner.readyForMessages()) {
                connection.paused = true;
                connection.updateInterest();
                return;
            }
            FailoverMessage message;
            try {
                message = FailoverMessageDecoder.decode(connection.held.poll());
            } catch (DecodeException e) {
                connection.held.clear();
                undecodable(connection, e);
                return;
            }
            if (connection.phase == Phase.AWAITING_CONNECT) {
                router.route(connection, message);
            } else if (connection.phase == Phase.STARTTLS) {
                tls.answered(connection, message);
            } else {
                deliver(connection, message);
            }
        }
        // A bad frame after good ones in the same read: the good ones were handled first.
        if ((connection.phase == Phase.OPEN || connection.phase == Phase.AWAITING_CONNECT)
                && !connection.undecodable) {
            connection.decoder.failure().ifPresent(e -> undecodable(connection, e));
        }
    }

    /**
     * Back-pressure released: each paused connection whose owner is ready again gets its held
     * messages and is read again (RFC 8156 §5.5.5: a partner sending more BNDUPDs than we
     * advertised blocks on TCP instead of being buffered here).
     */
    void resumePaused() {
        for (Connection connection : snapshot()) {
            if (connection.paused && connection.phase == Phase.OPEN && connection.owner.readyForMessages()) {
                connection.paused = false;
                deliverHeld(connection);
                connection.updateInterest();
            }
        }
    }

    /** Gives {@code message} to the owner, counting it as an answer while the owner is connected. */
    void deliver(Connection connection, FailoverMessage message) {
        if (connection.phase != Phase.OPEN) {
            return;
        }
        if (connection.owner.isConnected()) {
            connection.answeredMessages++;
        }
        connection.owner.onMessage(message, now.getAsLong());
    }

    /**
     * The stream cannot be decoded and, the framing being lost, cannot be resynchronised. The
     * owner answers with DISCONNECT and closes (RFC 8156 §5.3.10); a connection nobody owns yet
     * is simply dropped.
     */
    private void undecodable(Connection connection, DecodeException error) {
        connection.undecodable = true;
        if (connection.phase == Phase.OPEN) {
            connection.owner.onMalformedMessage(error, now.getAsLong());
        } else if (connection.phase == Phase.STARTTLS) {
            tls.lost(connection, "undecodable answer to STARTTLS: " + error.getMessage());
        } else {
            dropBeforeConnect(connection, "undecodable data before CONNECT: " + error.getMessage());
        }
    }

    // ------------------------------------------------------------ writing

    /**
     * What a {@code PartnerLink} sends: queued, and written with whatever else the handlers send
     * in this turn of the I/O loop by {@link #flushSent()} — one system call for a burst of
     * BNDUPDs or BNDREPLYs instead of one per message. A queue past {@link #COALESCE_LIMIT} is
     * written at once.
     */
    void send(Connection connection, FailoverMessage message) {
        if (connection.phase != Phase.OPEN) {
            return; // a link outlives its connection; what is sent on it goes nowhere
        }
        try {
            connection.enqueue(Frames.frame(message));
        } catch (IOException e) {
            terminate(connection, "write failed: " + LogText.reason(e));
            return;
        }
        if (connection.queuedBytes() >= COALESCE_LIMIT) {
            writeSent(connection);
        } else if (!connection.sentUnwritten) {
            connection.sentUnwritten = true;
            sentUnwritten.add(connection);
        }
    }

    /** Writes what {@link #send} queued since the last call; the I/O loop calls it before it waits. */
    void flushSent() {
        for (int i = 0; i < sentUnwritten.size(); i++) {
            Connection connection = sentUnwritten.get(i);
            connection.sentUnwritten = false;
            if (connection.phase == Phase.OPEN) {
                writeSent(connection);
            }
        }
        sentUnwritten.clear();
    }

    /** Writes as far as the socket takes it; a partner that leaves too much unread is dropped. */
    private void writeSent(Connection connection) {
        try {
            connection.flush();
        } catch (IOException e) {
            terminate(connection, "write failed: " + LogText.reason(e));
            return;
        }
        if (connection.queuedBytes() > settings.outboundLimit()) {
            log.log(LogMessage.FO_PARTNER_STALLED, connection.owner.config().name(), connection.peer,
                    connection.queuedBytes());
            terminate(connection, "partner stopped reading (" + connection.queuedBytes() + " octets waiting)");
        }
    }

    void writeQueued(Connection connection) {
        try {
            connection.flush();
        } catch (IOException e) {
            terminate(connection, "write failed: " + LogText.reason(e));
            return;
        }
        if (connection.phase == Phase.CLOSING && connection.queuedBytes() == 0) {
            terminate(connection, connection.closeReason);
        }
    }

    // ------------------------------------------------------------ closing

    /** Sends what is queued, within the close-flush time, then closes. */
    void beginClose(Connection connection, String reason) {
        if (connection.phase == Phase.CLOSING || connection.phase == Phase.CLOSED) {
            return;
        }
        if (connection.phase == Phase.CONNECTING) {
            terminate(connection, reason);
            return;
        }
        connection.phase = Phase.CLOSING;
        connection.closeReason = reason;
        connection.enqueueTlsClose();
        long nowNanos = System.nanoTime();
        long flushDeadline = nowNanos + settings.closeFlushTimeout().toNanos();
        connection.deadlineNanos = stopping && stopDeadlineNanos - flushDeadline < 0 ? stopDeadlineNanos
                : flushDeadline;
        writeQueued(connection);
    }

    /** After a TLS refusal: the engine's alert (or close_notify) goes out, then the connection closes. */
    void closeAfterTlsFailure(Connection connection, String reason) {
        connection.enqueueTlsClose();
        beginClose(connection, reason);
    }

    /**
     * Closes the socket now and queues the owner's {@code onConnectionClosed}, which
     * {@link #drainClosedNotices()} delivers outside any handler call. Idempotent.
     */
    void terminate(Connection connection, String reason) {
        if (connection.phase == Phase.CLOSED) {
            return;
        }
        Phase was = connection.phase;
        if (was == Phase.CLOSING) {
            discardInput(connection);
        }
        connection.closeChannel();
        connections.remove(connection);
        if (connection.owner != null) {
            closedNotices.add(new ClosedNotice(connection.owner, connection.link, reason));
        }
        if (connection.dialer != null) {
            dialEnd.ended(connection, was, reason);
        }
    }

    /**
     * A peer that has not named its relationship yet is dropped without an answer; the log line
     * is rate-limited per host, so that a scanner cannot flood the log.
     */
    void dropBeforeConnect(Connection connection, String reason) {
        if (rateLimiter.permit("protocol-error " + connection.host(), now.getAsLong()) >= 0) {
            log.log(LogMessage.FO_DROPPED_BEFORE_CONNECT, ConnectRouter.names(connection.candidates), connection.peer,
                    reason);
        }
        terminate(connection, reason);
    }

    private void discardInput(Connection connection) {
        try {
            for (int reads = 0; reads < MAX_DISCARD_READS; reads++) {
                readBuffer.clear();
                if (connection.channel.read(readBuffer) <= 0) {
                    return;
                }
            }
        } catch (IOException e) {
            // The socket is being closed anyway.
        }
    }

    /** Tells the owners of the connections closed since the last call. */
    void drainClosedNotices() {
        ClosedNotice notice;
        while ((notice = closedNotices.poll()) != null) {
            notice.handler().onConnectionClosed(notice.link(), notice.reason(), now.getAsLong());
        }
    }

    /** A {@code PartnerLink} is used on the I/O thread only. */
    void requireIoThread() {
        if (Thread.currentThread() != ioThread) {
            throw new IllegalStateException("a PartnerLink is used only on the failover I/O thread; use execute()");
        }
    }
}
