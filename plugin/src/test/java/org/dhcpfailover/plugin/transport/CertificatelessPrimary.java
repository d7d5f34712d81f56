package org.dhcpfailover.plugin.transport;

import java.io.DataInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.dhcpfailover.plugin.endpoint.FailoverMessages;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.FailoverMessageDecoder;
import org.dhcpfailover.plugin.wire.Frames;

/**
 * A primary that asks for STARTTLS and runs the handshake without a certificate of its own (RFC
 * 7653 §9.1 asks the secondary for mutual authentication), then sends its CONNECT; plus the
 * socket helpers the TLS tests share.
 */
public final class CertificatelessPrimary {

    private static final int TIMEOUT_MILLIS = 10_000;

    /** The secondary's REPLY to STARTTLS, and whether it then closed without answering the CONNECT. */
    public record Outcome(FailoverMessage startTlsReply, boolean closedWithoutAnswer) {
    }

    private CertificatelessPrimary() {
    }

    /** One attempt from {@code from} (any port) to {@code secondary}, STARTTLS with {@code transactionId}. */
    public static Outcome attempt(InetAddress from, InetSocketAddress secondary, String relationship,
            int transactionId) throws Exception {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(secondary, TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.getOutputStream().write(Frames.frame(StartTls.request(transactionId)));
            FailoverMessage reply = readFrame(socket.getInputStream());

            SSLContext anonymous = SSLContext.getInstance("TLS");
            anonymous.init(null, new TrustManager[] {trustingEveryone()}, null);
            SSLSocket tls = (SSLSocket) anonymous.getSocketFactory().createSocket(socket, "secondary", 0, false);
            tls.setUseClientMode(true);
            tls.startHandshake();
            tls.getOutputStream().write(Frames.frame(FailoverMessages.connect(1, 0, relationship,
                    RecordingHandler.PARAMETERS)));
            return new Outcome(reply, closed(tls.getInputStream()));
        }
    }

    static FailoverMessage readFrame(InputStream in) throws Exception {
        DataInputStream data = new DataInputStream(in);
        byte[] message = new byte[data.readUnsignedShort()];
        data.readFully(message);
        return FailoverMessageDecoder.decode(message);
    }

    /**
     * Whether the other side closed (end of stream, a reset or a fatal TLS alert) before the read
     * timeout; what it sends before closing (a TLS alert record) is skipped.
     */
    static boolean closed(InputStream in) {
        byte[] buffer = new byte[4096];
        try {
            for (int reads = 0; reads < 100; reads++) {
                if (in.read(buffer) < 0) {
                    return true;
                }
            }
            return false;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }

    static X509TrustManager trustingEveryone() {
        return new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
    }
}
