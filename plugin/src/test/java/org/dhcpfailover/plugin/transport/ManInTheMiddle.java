package org.dhcpfailover.plugin.transport;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.dhcpfailover.plugin.wire.DecodeException;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.FailoverMessageDecoder;
import org.dhcpfailover.plugin.wire.Frames;

/**
 * A man in the middle between the primary and the secondary, on loopback: it relays, or it
 * attacks the STARTTLS exchange (RFC 7653 §8.2) the way a downgrade attempt would. It records
 * every octet the primary sent it, so a test can show that nothing went in plaintext.
 */
public final class ManInTheMiddle implements Closeable {

    public enum Mode {
        /** Relays both ways untouched. */
        RELAY,
        /** Answers STARTTLS itself with REPLY + TLSConnectionRefused, as if the secondary had no TLS. */
        REFUSE_STARTTLS,
        /** Swallows STARTTLS and answers nothing, hoping the primary goes on in plaintext. */
        STRIP_STARTTLS,
        /** Answers REPLY itself and runs the TLS handshake with its own certificate. */
        IMPERSONATE
    }

    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private final ServerSocket listening;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream fromPrimary = new ByteArrayOutputStream();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile Mode mode;
    private final SSLContext impostor;

    /** @param impostor the TLS server identity of {@link Mode#IMPERSONATE}; may be null otherwise */
    public ManInTheMiddle(InetSocketAddress target, Mode mode, SSLContext impostor) throws IOException {
        this.listening = new ServerSocket(0, 10, Relationships.LOCALHOST);
        this.target = target;
        this.mode = mode;
        this.impostor = impostor;
        Thread acceptor = new Thread(this::acceptLoop, "mitm-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(Relationships.LOCALHOST, listening.getLocalPort());
    }

    void mode(Mode value) {
        mode = value;
    }

    /** Connections the primary opened through this proxy. */
    public int connections() {
        return connections.get();
    }

    /** Everything the primary sent, as ISO-8859-1 text, to search for plaintext. */
    String fromPrimary() {
        synchronized (fromPrimary) {
            return fromPrimary.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private void acceptLoop() {
        while (!listening.isClosed()) {
            try {
                Socket primary = listening.accept();
                sockets.add(primary);
                connections.incrementAndGet();
                primary.setSoTimeout(READ_TIMEOUT_MILLIS);
                Mode current = mode;
                daemon(() -> handle(primary, current));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void handle(Socket primary, Mode current) {
        try {
            switch (current) {
                case RELAY -> relay(primary);
                case REFUSE_STARTTLS -> {
                    FailoverMessage startTls = readFrame(primary);
                    primary.getOutputStream().write(Frames.frame(StartTls.refuse(startTls, "no TLS here")));
                    drain(primary);
                }
                case STRIP_STARTTLS -> {
                    readFrame(primary);
                    drain(primary);
                }
                case IMPERSONATE -> {
                    FailoverMessage startTls = readFrame(primary);
                    primary.getOutputStream().write(Frames.frame(StartTls.proceed(startTls)));
                    SSLSocket tls = (SSLSocket) impostor.getSocketFactory().createSocket(primary,
                            primary.getInputStream(), true);
                    tls.setUseClientMode(false);
                    sockets.add(tls);
                    tls.startHandshake();
                    drain(tls);
                }
            }
        } catch (IOException | DecodeException e) {
            // The primary closed, as it should; nothing more to relay.
        } finally {
            Sockets.close(primary);
        }
    }

    private void relay(Socket primary) throws IOException {
        Socket secondary = new Socket();
        sockets.add(secondary);
        secondary.bind(new InetSocketAddress(Relationships.LOCALHOST, 0));
        secondary.connect(target, READ_TIMEOUT_MILLIS);
        daemon(() -> pump(secondary, primary, false));
        pump(primary, secondary, true);
    }

    private void pump(Socket from, Socket to, boolean record) {
        byte[] buffer = new byte[8192];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int count; (count = in.read(buffer)) >= 0; ) {
                if (record) {
                    record(buffer, count);
                }
                out.write(buffer, 0, count);
            }
        } catch (IOException e) {
            // One side went away.
        } finally {
            Sockets.close(from);
            Sockets.close(to);
        }
    }

    private FailoverMessage readFrame(Socket primary) throws IOException, DecodeException {
        DataInputStream in = new DataInputStream(primary.getInputStream());
        int size = in.readUnsignedShort();
        byte[] message = new byte[size];
        in.readFully(message);
        record(new byte[] {(byte) (size >> 8), (byte) size}, 2);
        record(message, size);
        return FailoverMessageDecoder.decode(message);
    }

    /** Reads, recording, until the primary closes. */
    private void drain(Socket socket) throws IOException {
        byte[] buffer = new byte[8192];
        InputStream in = socket.getInputStream();
        for (int count; (count = in.read(buffer)) >= 0; ) {
            record(buffer, count);
        }
    }

    private void record(byte[] octets, int count) {
        synchronized (fromPrimary) {
            fromPrimary.write(octets, 0, count);
        }
    }

    private static void daemon(Runnable body) {
        Thread thread = new Thread(body, "mitm");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        listening.close();
        for (Socket socket : sockets) {
            Sockets.close(socket);
        }
    }
}
