package org.dhcpfailover.plugin.transport;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import org.dhcpfailover.plugin.config.TlsConfig;
import org.dhcpfailover.plugin.config.TlsMaterial;
import org.dhcpfailover.plugin.config.TlsMaterial.TlsMaterialException;

/**
 * The TLS of one relationship, ready to use: an {@link SSLContext} with this server's key and
 * the {@link PartnerCertificateCheck}, and the engines made from it (RFC 8156 §10, RFC 7653
 * §9.1: mutual authentication; the primary is the TLS client, the secondary the TLS server).
 *
 * <p>Engines are made without the peer's host and port, so the client never offers to resume
 * a session: every connection runs the full handshake and the full certificate check.
 */
final class TlsPolicy {

    private final TlsConfig config;
    private final PartnerCertificateCheck check;
    private final SSLContext context;

    private TlsPolicy(TlsConfig config, PartnerCertificateCheck check, SSLContext context) {
        this.config = config;
        this.check = check;
        this.context = context;
    }

    /**
     * Reads the key material {@code config} names.
     *
     * @throws TlsMaterialException when a file is missing or unusable
     */
    static TlsPolicy create(TlsConfig config, Clock clock) throws TlsMaterialException {
        TlsMaterial material = TlsMaterial.load(config);
        PartnerCertificateCheck check = new PartnerCertificateCheck(config, material.trustedCas(), clock);
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(material.keyStore(), material.password());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), new TrustManager[] {check}, new SecureRandom());
            // No session outlives a second on the secondary: every connection is a full handshake
            // with the full certificate check (the primary never offers to resume anyway).
            context.getServerSessionContext().setSessionTimeout(1);
            return new TlsPolicy(config, check, context);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot set up TLS with " + config.keyStore() + ": "
                    + e.getMessage(), e);
        }
    }

    TlsConfig config() {
        return config;
    }

    /** Whether a partner that does not negotiate TLS is refused. */
    boolean requireTls() {
        return config.requireTls();
    }

    /**
     * A new engine: the primary's in client mode, the secondary's in server mode asking for the
     * primary's certificate. The secondary only <em>wants</em> it, so that a primary without one
     * gets to the end of the handshake and is refused with a clear reason
     * ({@link TlsFailure#NO_CLIENT_CERTIFICATE}) rather than an alert.
     */
    SSLEngine engine(boolean client) {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(client);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(config.protocols().toArray(new String[0]));
        if (!client) {
            parameters.setWantClientAuth(true);
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    /** Checks a primary's certificate chain already received against this relationship's rules. */
    void checkPrimary(X509Certificate[] chain) throws PartnerCertificateCheck.RejectedCertificate {
        check.check(chain, PartnerCertificateCheck.PartnerRole.CLIENT);
    }
}
