package org.dhcpfailover.plugin.transport;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The TLS record layer of one failover connection (RFC 7653 §6.1: the framed messages travel
 * in the TLS application-data stream): an {@link SSLEngine} and its buffers, driven by the I/O
 * thread. It never touches the socket: ciphertext read from the socket goes in through
 * {@link #receive}, and whatever must go out (handshake records, encrypted frames, the
 * close_notify) comes back as byte arrays for the connection's outbound queue, so that writes
 * stay non-blocking and bounded like plaintext ones.
 *
 * <p>The engine's delegated tasks (certificate checks, key exchange) run inline on the I/O
 * thread: they take milliseconds, happen once per connection, and the connection rate is
 * bounded by the primary's back-off and the secondary's per-address limit.
 */
final class TlsSession {

    /**
     * Engine steps per call: more than a handshake needs, and more records than one read can
     * complete (a 64 KiB read plus a partial record, in records of at least 6 octets).
     */
    private static final int MAX_STEPS = 16_384;

    /** What one {@link #receive} produced. */
    record Received(byte[] plaintext, List<byte[]> toSend, boolean handshakeFinished, boolean closed) {
    }

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    /** Ciphertext received and not yet unwrapped, in write mode. */
    private ByteBuffer netIn;
    private ByteBuffer appIn;
    private ByteBuffer netOut;
    private boolean finished;
    private boolean inboundClosed;

    TlsSession(SSLEngine engine) {
        this.engine = engine;
        this.netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        this.netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    }

    /** Starts the handshake; the client's first flight (ClientHello) is returned. */
    List<byte[]> begin() throws SSLException {
        engine.beginHandshake();
        return receive(new byte[0], 0, 0).toSend();
    }

    /** Whether the handshake is over and application data flows. */
    boolean established() {
        return finished;
    }

    /**
     * Takes {@code length} octets of ciphertext from the socket and runs the engine as far as
     * they let it: handshake records to send, plaintext received, the end of the handshake, the
     * partner's close_notify.
     *
     * @throws SSLException when the handshake fails or a record is bad; the connection is over
     */
    Received receive(byte[] data, int offset, int length) throws SSLException {
        if (netIn.remaining() < length) {
            netIn = grow(netIn, netIn.position() + length);
        }
        netIn.put(data, offset, length);
        ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
        List<byte[]> toSend = new ArrayList<>();
        boolean finishedNow = false;
        netIn.flip();
        int step = 0;
        try {
            for (; step < MAX_STEPS; step++) {
                HandshakeStatus status = engine.getHandshakeStatus();
                if (status == HandshakeStatus.NEED_TASK) {
                    runTasks();
                    continue;
                }
                if (status == HandshakeStatus.NEED_WRAP) {
                    SSLEngineResult result = wrap(EMPTY, toSend);
                    finishedNow |= result.getHandshakeStatus() == HandshakeStatus.FINISHED;
                    if (result.getStatus() == Status.CLOSED && engine.isOutboundDone()) {
                        break;
                    }
                    continue;
                }
                if (inboundClosed || (!netIn.hasRemaining() && status != HandshakeStatus.NEED_UNWRAP_AGAIN)) {
                    break;
                }
                appIn.clear();
                SSLEngineResult result = engine.unwrap(netIn, appIn);
                finishedNow |= result.getHandshakeStatus() == HandshakeStatus.FINISHED;
                appIn.flip();
                plaintext.write(appIn.array(), 0, appIn.limit());
                if (result.getStatus() == Status.BUFFER_UNDERFLOW) {
                    break; // the rest of the record is still on its way
                } else if (result.getStatus() == Status.BUFFER_OVERFLOW) {
                    appIn = ByteBuffer.allocate(Math.max(appIn.capacity() * 2,
                            engine.getSession().getApplicationBufferSize()));
                } else if (result.getStatus() == Status.CLOSED) {
                    inboundClosed = true;
                }
            }
        } finally {
            netIn.compact();
        }
        if (step == MAX_STEPS && netIn.position() > engine.getSession().getPacketBufferSize()) {
            // Complete records left unread would wait for the next read, which may never come,
            // and the buffer would grow with every read: end the connection instead.
            throw new SSLException("more than one partial TLS record left after " + MAX_STEPS + " engine steps");
        }
        // The JDK reports FINISHED again after post-handshake messages (a TLS 1.3 NewSessionTicket).
        boolean firstFinish = finishedNow && !finished;
        finished |= finishedNow;
        return new Received(plaintext.toByteArray(), toSend, firstFinish, inboundClosed);
    }

    /** Encrypts {@code plaintext} (one or more frames) into records to send. */
    List<byte[]> wrap(byte[] plaintext) throws SSLException {
        List<byte[]> records = new ArrayList<>();
        ByteBuffer source = ByteBuffer.wrap(plaintext);
        for (int step = 0; step < MAX_STEPS && source.hasRemaining(); step++) {
            wrap(source, records);
        }
        if (source.hasRemaining()) {
            throw new SSLException("TLS engine did not take " + source.remaining() + " octets");
        }
        return records;
    }

    /** The close_notify alert to send before closing; empty when the engine has nothing to say. */
    List<byte[]> close() {
        engine.closeOutbound();
        List<byte[]> records = new ArrayList<>();
        try {
            for (int step = 0; step < MAX_STEPS && !engine.isOutboundDone(); step++) {
                wrap(EMPTY, records);
            }
        } catch (SSLException e) {
            // Closing anyway; the partner sees the TCP close instead.
        }
        return records;
    }

    private SSLEngineResult wrap(ByteBuffer source, List<byte[]> records) throws SSLException {
        while (true) {
            netOut.clear();
            SSLEngineResult result = engine.wrap(source, netOut);
            if (result.getStatus() == Status.BUFFER_OVERFLOW) {
                // Bounded: one record's worth at most, per the session's packet size.
                netOut = ByteBuffer.allocate(Math.max(netOut.capacity() * 2,
                        engine.getSession().getPacketBufferSize()));
                if (netOut.capacity() > 4 * engine.getSession().getPacketBufferSize()) {
                    throw new SSLException("TLS record larger than " + netOut.capacity() + " octets");
                }
                continue;
            }
            netOut.flip();
            if (netOut.hasRemaining()) {
                records.add(Arrays.copyOf(netOut.array(), netOut.limit()));
            }
            return result;
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private static ByteBuffer grow(ByteBuffer buffer, int needed) {
        ByteBuffer grown = ByteBuffer.allocate(Math.max(needed, buffer.capacity() * 2));
        buffer.flip();
        grown.put(buffer);
        return grown;
    }

    /** The negotiated protocol, e.g. "TLSv1.3". */
    String protocol() {
        return engine.getSession().getProtocol();
    }

    String cipherSuite() {
        return engine.getSession().getCipherSuite();
    }

    /** The partner's certificate chain, empty when it sent none (possible only for a client). */
    Optional<X509Certificate[]> peerCertificates() {
        try {
            Certificate[] chain = engine.getSession().getPeerCertificates();
            return Optional.of(Arrays.stream(chain).map(X509Certificate.class::cast).toArray(X509Certificate[]::new));
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }
}
