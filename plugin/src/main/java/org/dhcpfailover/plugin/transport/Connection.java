package org.dhcpfailover.plugin.transport;

import com.google.common.net.HostAndPort;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import javax.net.ssl.SSLException;
import org.dhcpfailover.plugin.endpoint.PartnerConnectionHandler;
import org.dhcpfailover.plugin.endpoint.PartnerLink;
import org.dhcpfailover.plugin.wire.FrameDecoder;

/**
 * One TCP connection to a partner and what the I/O thread keeps for it: the framing decoder
 * (RFC 8156 §5.1), the bounded outbound queue, where it is in its life, and which handler owns
 * it once known. Touched only by the I/O thread.
 */
final class Connection {

    /** Where the connection is in its life. */
    enum Phase {
        /** Primary: the TCP handshake is under way. */
        CONNECTING,
        /** Primary: STARTTLS sent, waiting for the secondary's REPLY (RFC 7653 §8.2). */
        STARTTLS,
        /** Both: the TLS handshake after STARTTLS is under way (RFC 7653 §8.2, §9.1). */
        TLS_HANDSHAKE,
        /** Secondary: accepted, waiting for the CONNECT that names the relationship (§6.1). */
        AWAITING_CONNECT,
        /** Owned by a handler; messages flow both ways. */
        OPEN,
        /** Writing what is queued before closing; nothing more is read or sent. */
        CLOSING,
        CLOSED
    }

    final SocketChannel channel;
    final SelectionKey key;
    final FrameDecoder decoder;
    /** Secondary: the relationships the CONNECT may name. Primary: the one relationship. */
    final List<PartnerConnectionHandler> candidates;
    /** Primary: the dialer that opened it; null on the secondary side. */
    final Dialer dialer;
    /** Buffers handed to one gathering write (the kernel's IOV_MAX is 1,024). */
    private static final int MAX_GATHER = 256;
    /** Octets handed to one gathering write, at least one buffer's. */
    private static final long MAX_GATHER_OCTETS = 256 * 1024;

    private final ArrayDeque<ByteBuffer> outbound = new ArrayDeque<>();
    private long queuedBytes;

    Phase phase;
    String peer;
    /** What the owner sends and closes through; one per connection (see PartnerLink). */
    PartnerLink link;
    /** The handler told of this connection by onConnectionOpened; it is owed one onConnectionClosed. */
    PartnerConnectionHandler owner;
    /** System.nanoTime() by which the current phase must end (connect, CONNECT wait, flush). */
    long deadlineNanos;
    String closeReason;
    long openedNanos;
    /** Messages delivered while the owner said it was connected: the partner answered. */
    long answeredMessages;
    /** The inbound stream could not be decoded; later bytes are discarded. */
    boolean undecodable;
    /**
     * The owner asked for no more messages for now (back-pressure): the socket is not read, so
     * TCP flow control slows the partner down.
     */
    boolean paused;
    /**
     * Messages already cut from the stream but not yet delivered, because the owner paused in the
     * middle of one read: at most one read buffer's worth.
     */
    final ArrayDeque<byte[]> held = new ArrayDeque<>();
    /** The TLS of this connection once STARTTLS was accepted; null while (or when staying) plaintext. */
    TlsSession tls;
    /** The relationship TLS the session was made with. */
    TlsPolicy tlsPolicy;
    /** Primary: the transaction-id of our STARTTLS, which the REPLY echoes. */
    int startTlsTransactionId;
    /** The partner sent its close_notify; the connection ends once what preceded it is handled. */
    boolean tlsClosedByPartner;
    private boolean tlsCloseSent;
    /** Messages were sent in this turn of the I/O loop and wait for ConnectionIo.flushSent. */
    boolean sentUnwritten;

    /**
     * @param maxMessageSize the largest message accepted from the peer (RFC 7031 S8)
     */
    Connection(SocketChannel channel, SelectionKey key, Phase phase, String peer,
            List<PartnerConnectionHandler> candidates, Dialer dialer, int maxMessageSize) {
        this.decoder = new FrameDecoder(maxMessageSize);
        this.channel = channel;
        this.key = key;
        this.phase = phase;
        this.peer = peer;
        this.candidates = List.copyOf(candidates);
        this.dialer = dialer;
        key.attach(this);
    }

    /** The peer's address without the port: rate limits are per host, whatever port it comes from. */
    String host() {
        return HostAndPort.fromString(peer).getHost();
    }

    /**
     * Appends one framed message to the outbound queue, encrypted once TLS is established
     * (RFC 7653 §6.1: the frames travel in the TLS application data).
     *
     * @throws SSLException if the TLS engine cannot encrypt; the connection is then unusable
     */
    void enqueue(byte[] frame) throws SSLException {
        if (tls != null && tls.established()) {
            for (byte[] record : tls.wrap(frame)) {
                enqueueRaw(record);
            }
        } else {
            enqueueRaw(frame);
        }
    }

    /** Appends octets to send as they are: plaintext before TLS, or TLS records. */
    void enqueueRaw(byte[] octets) {
        outbound.add(ByteBuffer.wrap(octets));
        queuedBytes += octets.length;
    }

    /** Queues the TLS close_notify (or the alert of a failed handshake), once; nothing without TLS. */
    void enqueueTlsClose() {
        if (tls != null && !tlsCloseSent) {
            tlsCloseSent = true;
            tls.close().forEach(this::enqueueRaw);
        }
    }

    /** Octets queued and not yet accepted by the socket. */
    long queuedBytes() {
        return queuedBytes;
    }

    /**
     * Writes as much as the socket takes without blocking — what is queued in gathering writes
     * of up to {@link #MAX_GATHER} buffers and about {@link #MAX_GATHER_OCTETS} octets — and asks
     * for OP_WRITE if some remains.
     */
    void flush() throws IOException {
        while (!outbound.isEmpty()) {
            // Bounded in buffers and octets: the JDK copies every buffer handed to a gathering
            // write, however little of it the socket then takes.
            ByteBuffer[] gathered = new ByteBuffer[Math.min(outbound.size(), MAX_GATHER)];
            Iterator<ByteBuffer> next = outbound.iterator();
            int count = 0;
            long octets = 0;
            while (count < gathered.length && (count == 0 || octets < MAX_GATHER_OCTETS)) {
                gathered[count] = next.next();
                octets += gathered[count++].remaining();
            }
            long written = channel.write(gathered, 0, count);
            queuedBytes -= written;
            while (!outbound.isEmpty() && !outbound.peek().hasRemaining()) {
                outbound.poll();
            }
            if (gathered[count - 1].hasRemaining()) {
                break; // the socket's buffer is full
            }
        }
        updateInterest();
    }

    /** The selector interest this phase and the outbound queue call for. */
    void updateInterest() {
        if (!key.isValid()) {
            return;
        }
        int ops = switch (phase) {
            case CONNECTING -> SelectionKey.OP_CONNECT;
            case STARTTLS, TLS_HANDSHAKE, AWAITING_CONNECT, CLOSING -> SelectionKey.OP_READ;
            case OPEN -> paused ? 0 : SelectionKey.OP_READ;
            case CLOSED -> 0;
        };
        if (queuedBytes > 0 && phase != Phase.CONNECTING && phase != Phase.CLOSED) {
            ops |= SelectionKey.OP_WRITE;
        }
        key.interestOps(ops);
    }

    /** Releases the socket; buffered outbound octets are dropped. */
    void closeChannel() {
        phase = Phase.CLOSED;
        outbound.clear();
        held.clear();
        queuedBytes = 0;
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing left to do with a socket that fails to close; the descriptor is released anyway.
        }
    }
}
