package org.dhcpfailover.plugin.transport;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLException;
import org.dhcpfailover.plugin.endpoint.PartnerConnectionHandler;
import org.dhcpfailover.plugin.log.CatalogLogger;
import org.dhcpfailover.plugin.log.LogMessage;
import org.dhcpfailover.plugin.log.RateLimiter;
import org.dhcpfailover.plugin.transport.Connection.Phase;
import org.dhcpfailover.plugin.transport.PartnerCertificateCheck.RejectedCertificate;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.Frames;

/**
 * Takes a connection from TCP to TLS, on the I/O thread (RFC 8156 §10, RFC 7653 §8.2, §9.1).
 *
 * <p>Primary: once TCP is up, sends STARTTLS ({@link Phase#STARTTLS}), and on a REPLY without
 * status runs the client handshake ({@link Phase#TLS_HANDSHAKE}); only then does the endpoint
 * get the connection and send its CONNECT. A refusal, a close or silence until
 * {@code connect-wait} ends the attempt: the primary never goes on in plaintext on that
 * connection. Only with {@code require-tls} off does its next attempt go without STARTTLS.
 *
 * <p>Secondary: a first message STARTTLS is answered with REPLY and the server handshake; the
 * connection then waits for its CONNECT as a plaintext one would, within the same
 * {@code connect-wait} counted from the accept. A CONNECT in plaintext for a relationship that
 * requires TLS is closed without answer (RFC 7653 §9.1: a server in secure mode closes
 * connections that are not TLS-protected).
 *
 * <p>Every refusal is logged as FO_TLS_REFUSED with its {@link TlsFailure}, at most once a
 * minute per relationship, address and reason.
 */
final class TlsHandshakes {

    private static final int TRANSACTION_ID_SPACE = 1 << 24;

    private final ConnectionIo io;
    private final Map<PartnerConnectionHandler, TlsPolicy> policies;
    private final CatalogLogger log;
    private final RateLimiter rateLimiter;
    private final LongSupplier now;
    private final Random random;

    /** @param policies the relationships with TLS configured, and their TLS */
    TlsHandshakes(ConnectionIo io, Map<PartnerConnectionHandler, TlsPolicy> policies, CatalogLogger log,
            RateLimiter rateLimiter, LongSupplier now, Random random) {
        this.io = io;
        this.policies = Map.copyOf(policies);
        this.log = log;
        this.rateLimiter = rateLimiter;
        this.now = now;
        this.random = random;
    }

    // ------------------------------------------------------------ primary

    /**
     * TCP to the secondary is up: sends STARTTLS if the relationship has TLS (and this attempt is
     * not the plaintext retry {@code require-tls: false} allows), else hands the connection to the
     * endpoint at once.
     */
    void connected(Connection connection) {
        Dialer dialer = connection.dialer;
        TlsPolicy policy = policies.get(dialer.handler);
        boolean plaintext = policy == null || dialer.plaintextNext;
        dialer.plaintextNext = false;
        if (plaintext) {
            io.open(connection, dialer.handler);
            return;
        }
        connection.tlsPolicy = policy;
        connection.phase = Phase.STARTTLS;
        connection.deadlineNanos = System.nanoTime() + dialer.handler.config().limits().connectWait().toNanos();
        connection.startTlsTransactionId = random.nextInt(TRANSACTION_ID_SPACE);
        sendPlain(connection, StartTls.request(connection.startTlsTransactionId));
    }

    /** The secondary's answer to our STARTTLS. */
    void answered(Connection connection, FailoverMessage answer) {
        if (!connection.held.isEmpty() || connection.decoder.hasPartialFrame()) {
            refused(connection, TlsFailure.STARTTLS_REFUSED, "partner sent more than a REPLY before the handshake");
            return;
        }
        StartTls.Answer judged = StartTls.judge(answer, connection.startTlsTransactionId);
        if (judged instanceof StartTls.Refused refusal) {
            refused(connection, TlsFailure.STARTTLS_REFUSED, refusal.reason());
            return;
        }
        connection.tls = new TlsSession(connection.tlsPolicy.engine(true));
        connection.phase = Phase.TLS_HANDSHAKE;
        try {
            connection.tls.begin().forEach(connection::enqueueRaw);
            connection.flush();
        } catch (IOException e) {
            failed(connection, e);
        }
    }

    // ------------------------------------------------------------ secondary

    /** The first message of an accepted connection is STARTTLS. */
    void requested(Connection connection, FailoverMessage request) {
        Optional<TlsPolicy> policy = connection.candidates.stream().map(policies::get)
                .filter(p -> p != null).findFirst();
        if (policy.isEmpty()) {
            report(connection, names(connection), TlsFailure.TLS_NOT_CONFIGURED, "answered TLSConnectionRefused");
            sendPlain(connection, StartTls.refuse(request, "no TLS configured for this partner"));
            io.beginClose(connection, "STARTTLS refused: no TLS configured");
            return;
        }
        if (!connection.held.isEmpty() || connection.decoder.hasPartialFrame()) {
            io.dropBeforeConnect(connection, "data after STARTTLS before our REPLY");
            return;
        }
        sendPlain(connection, StartTls.proceed(request));
        if (connection.phase == Phase.CLOSED) {
            return;
        }
        connection.tlsPolicy = policy.get();
        connection.tls = new TlsSession(policy.get().engine(false));
        connection.phase = Phase.TLS_HANDSHAKE;
        try {
            connection.tls.begin().forEach(connection::enqueueRaw);
            connection.flush();
        } catch (IOException e) {
            failed(connection, e);
        }
    }

    /**
     * The CONNECT of an accepted connection named {@code handler}'s relationship: whether the
     * connection may go on. A plaintext one is refused when that relationship requires TLS; a
     * TLS one has its certificate checked against this relationship's rules, whichever rules
     * the handshake used (several relationships with the same partner address, a resumed session).
     */
    boolean admits(Connection connection, PartnerConnectionHandler handler) {
        TlsPolicy policy = policies.get(handler);
        if (connection.tls == null) {
            if (policy != null && policy.requireTls()) {
                refused(connection, handler.config().name(), TlsFailure.PLAINTEXT_PARTNER,
                        "CONNECT without STARTTLS, and require-tls is on");
                return false;
            }
            return true;
        }
        if (policy != null) {
            // Checked again even by the rules the handshake used: a resumed session skips the
            // handshake's check, and a certificate may have expired since it was first accepted.
            try {
                policy.checkPrimary(connection.tls.peerCertificates().orElse(new X509Certificate[0]));
            } catch (RejectedCertificate e) {
                refused(connection, handler.config().name(), e.reason(), e.getMessage());
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------ both

    /**
     * Ciphertext read from a TLS connection: the plaintext it carried, or empty when the
     * connection is over (a handshake failure, a refusal, the partner's close_notify).
     */
    Optional<byte[]> received(Connection connection, byte[] data, int length) {
        TlsSession.Received received;
        try {
            received = connection.tls.receive(data, 0, length);
            received.toSend().forEach(connection::enqueueRaw);
            connection.flush();
        } catch (IOException e) {
            failed(connection, e);
            return Optional.empty();
        }
        if (received.handshakeFinished() && !finished(connection)) {
            return Optional.empty();
        }
        if (received.closed()) {
            // The partner's close_notify: what came before it is still delivered.
            connection.tlsClosedByPartner = true;
        }
        return Optional.of(received.plaintext());
    }

    /** The handshake is over: log it and let the connection go on, or refuse it. */
    private boolean finished(Connection connection) {
        TlsSession tls = connection.tls;
        Optional<X509Certificate[]> chain = tls.peerCertificates();
        if (chain.isEmpty()) {
            // Only the secondary can get here: it asks for the certificate rather than require it.
            refused(connection, TlsFailure.NO_CLIENT_CERTIFICATE, "the partner sent no certificate");
            return false;
        }
        log.log(LogMessage.FO_TLS_ESTABLISHED, names(connection), connection.peer, tls.protocol(),
                tls.cipherSuite(), PartnerCertificateCheck.subject(chain.get()[0]));
        if (connection.dialer != null) {
            io.open(connection, connection.dialer.handler);
        } else {
            connection.phase = Phase.AWAITING_CONNECT;
            connection.updateInterest();
        }
        return true;
    }

    /** The STARTTLS answer or the handshake did not come within connect-wait. */
    void timedOut(Connection connection) {
        refused(connection, TlsFailure.TIMED_OUT, (connection.phase == Phase.STARTTLS ? "no REPLY to STARTTLS"
                : "TLS handshake not finished") + " within " + LogText.seconds(
                        connection.candidates.get(0).config().limits().connectWait()) + " s");
    }

    /** The partner closed or reset the connection while STARTTLS or the handshake was under way. */
    void lost(Connection connection, String reason) {
        refused(connection, connection.phase == Phase.STARTTLS ? TlsFailure.STARTTLS_REFUSED
                : TlsFailure.HANDSHAKE_FAILED, reason);
    }

    /** A TLS error: the engine's alert, if any, goes out before the close. */
    private void failed(Connection connection, IOException error) {
        TlsFailure reason = error instanceof SSLException ssl ? TlsFailure.of(ssl) : TlsFailure.HANDSHAKE_FAILED;
        String detail = LogText.reason(error);
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof RejectedCertificate rejected) {
                detail = rejected.getMessage();
            }
        }
        refused(connection, reason, detail);
    }

    private void refused(Connection connection, TlsFailure reason, String detail) {
        refused(connection, names(connection), reason, detail);
    }

    /** Logs the refusal as {@code names}'s and closes the connection. */
    private void refused(Connection connection, String names, TlsFailure reason, String detail) {
        String text = detail;
        if (reason == TlsFailure.STARTTLS_REFUSED && connection.tlsPolicy != null
                && !connection.tlsPolicy.requireTls() && connection.dialer != null) {
            connection.dialer.plaintextNext = true;
            text = detail + "; require-tls is off, so the next attempt goes without TLS";
        }
        report(connection, names, reason, text);
        io.closeAfterTlsFailure(connection, "TLS refused: " + reason.text() + " (" + text + ")");
    }

    private void report(Connection connection, String names, TlsFailure reason, String detail) {
        if (rateLimiter.permit("tls " + names + " " + connection.host() + " " + reason, now.getAsLong()) >= 0) {
            log.log(LogMessage.FO_TLS_REFUSED, names, connection.peer, reason.text(), detail);
        }
    }

    private static String names(Connection connection) {
        if (connection.owner != null) {
            return connection.owner.config().name();
        }
        return ConnectRouter.names(connection.candidates);
    }

    private void sendPlain(Connection connection, FailoverMessage message) {
        connection.enqueueRaw(Frames.frame(message));
        try {
            connection.flush();
        } catch (IOException e) {
            io.terminate(connection, "write failed: " + LogText.reason(e));
        }
    }
}
