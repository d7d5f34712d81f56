package org.dhcpfailover.plugin.transport;

import javax.net.ssl.SSLException;

/**
 * Why TLS with the partner did not come about, as the FO_TLS_REFUSED line names it: the reasons
 * RFC 7653 §9.1 makes a server close (a certificate it does not accept, no TLS at all) in an
 * operator's words.
 */
enum TlsFailure {
    /** The partner's chain does not lead to a CA of the trust store. */
    UNKNOWN_CA("unknown CA"),
    /** The partner's certificate (or one of its CAs) is past its notAfter. */
    EXPIRED("certificate expired"),
    /** The partner's certificate is before its notBefore (or this server's clock is behind). */
    NOT_YET_VALID("certificate not yet valid"),
    /** The certificate does not carry the configured expected-name. */
    WRONG_NAME("wrong name"),
    /** The certificate's extended key usage does not allow its holder's role (RFC 5280 §4.2.1.12). */
    WRONG_KEY_USAGE("wrong key usage"),
    /** The certificate's SHA-256 fingerprint is not among the pinned ones. */
    NOT_PINNED("certificate not pinned"),
    /** The primary sent no certificate; RFC 7653 §9.1 asks for mutual authentication. */
    NO_CLIENT_CERTIFICATE("no client certificate"),
    /** The partner sent CONNECT without STARTTLS while this server requires TLS. */
    PLAINTEXT_PARTNER("plaintext partner"),
    /** The secondary answered STARTTLS with TLSConnectionRefused, closed, or sent something else. */
    STARTTLS_REFUSED("STARTTLS refused"),
    /** The partner asked for TLS and this server has none configured for it. */
    TLS_NOT_CONFIGURED("no TLS configured here"),
    /** STARTTLS or the handshake did not finish within connect-wait. */
    TIMED_OUT("no answer"),
    /** Any other handshake failure, e.g. an alert from the partner about our certificate. */
    HANDSHAKE_FAILED("handshake failed");

    private final String text;

    TlsFailure(String text) {
        this.text = text;
    }

    /** The words of the log line. */
    String text() {
        return text;
    }

    /** The reason {@code failure} carries, from our own certificate check if that is what failed. */
    static TlsFailure of(SSLException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PartnerCertificateCheck.RejectedCertificate rejected) {
                return rejected.reason();
            }
        }
        return HANDSHAKE_FAILED;
    }
}
