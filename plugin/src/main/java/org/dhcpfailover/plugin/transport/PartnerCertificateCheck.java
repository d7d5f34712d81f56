package org.dhcpfailover.plugin.transport;

import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.InvalidAlgorithmParameterException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;
import org.dhcpfailover.plugin.config.TlsConfig;

/**
 * Decides whether the partner's certificate is the configured partner's (RFC 7653 §9.1: each
 * side validates the other's certificate; RFC 8156 §10: and uses it to decide whether the peer
 * is allowed). Works offline, as decision A21 asks: a chain to a CA of the local trust store,
 * checked with revocation off (no OCSP or CRL fetch that a partition could block), plus the
 * expected name; and/or the SHA-256 fingerprint of the certificate itself (pinning). Validity
 * dates are always checked, against {@code clock}.
 *
 * <p>The same check serves both directions: the primary checks the secondary's certificate as
 * a TLS client, the secondary the primary's as a TLS server. A certificate with an extended key
 * usage extension must allow the role its holder plays (RFC 5280 §4.2.1.12): serverAuth for the
 * secondary's, clientAuth for the primary's (or anyExtendedKeyUsage). A refusal carries its
 * {@link TlsFailure} so that the log names the reason.
 */
final class PartnerCertificateCheck extends X509ExtendedTrustManager {

    /** A certificate the configuration does not accept, and why. */
    static final class RejectedCertificate extends CertificateException {
        private static final long serialVersionUID = 1L;
        private final transient TlsFailure reason;

        RejectedCertificate(TlsFailure reason, String detail, Throwable cause) {
            super(detail, cause);
            this.reason = reason;
        }

        TlsFailure reason() {
            return reason;
        }
    }

    /** The role the partner plays in the TLS handshake, and the extended key usage it needs. */
    enum PartnerRole {
        /** The primary, checked by the secondary: its certificate must allow clientAuth. */
        CLIENT("clientAuth", "1.3.6.1.5.5.7.3.2"),
        /** The secondary, checked by the primary: its certificate must allow serverAuth. */
        SERVER("serverAuth", "1.3.6.1.5.5.7.3.1");

        private final String usage;
        private final String oid;

        PartnerRole(String usage, String oid) {
            this.usage = usage;
            this.oid = oid;
        }
    }

    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;
    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

    private final Set<TrustAnchor> anchors;
    private final Optional<String> expectedName;
    private final List<String> pins;
    private final Clock clock;

    PartnerCertificateCheck(TlsConfig config, List<X509Certificate> trustedCas, Clock clock) {
        this.anchors = trustedCas.stream().map(ca -> new TrustAnchor(ca, null)).collect(Collectors.toSet());
        this.expectedName = config.expectedName();
        this.pins = config.pinnedSha256();
        this.clock = clock;
    }

    /**
     * Accepts {@code chain} (the partner's certificate first), sent by a partner in {@code role},
     * or says why not.
     *
     * @throws RejectedCertificate naming the {@link TlsFailure}
     */
    void check(X509Certificate[] chain, PartnerRole role) throws RejectedCertificate {
        if (chain == null || chain.length == 0) {
            throw new RejectedCertificate(TlsFailure.NO_CLIENT_CERTIFICATE, "the partner sent no certificate", null);
        }
        X509Certificate leaf = chain[0];
        Date now = Date.from(clock.instant());
        try {
            leaf.checkValidity(now);
        } catch (CertificateExpiredException e) {
            throw new RejectedCertificate(TlsFailure.EXPIRED, subject(leaf) + " expired on " + leaf.getNotAfter()
                    .toInstant(), e);
        } catch (CertificateNotYetValidException e) {
            throw new RejectedCertificate(TlsFailure.NOT_YET_VALID, subject(leaf) + " is valid only from "
                    + leaf.getNotBefore().toInstant(), e);
        }
        checkKeyUsage(leaf, role);
        if (!anchors.isEmpty()) {
            validateChain(chain, now);
            String name = expectedName.orElseThrow();
            if (!carriesName(leaf, name)) {
                throw new RejectedCertificate(TlsFailure.WRONG_NAME, subject(leaf) + " does not carry the "
                        + "expected name " + name + " (names: " + names(leaf) + ")", null);
            }
        }
        if (!pins.isEmpty()) {
            String fingerprint = fingerprint(leaf);
            if (!pins.contains(fingerprint)) {
                throw new RejectedCertificate(TlsFailure.NOT_PINNED, subject(leaf) + " has SHA-256 fingerprint "
                        + fingerprint + ", which is not pinned", null);
            }
        }
    }

    /** RFC 5280 §4.2.1.12: no extension allows every use; an extension must name the role's. */
    private static void checkKeyUsage(X509Certificate leaf, PartnerRole role) throws RejectedCertificate {
        List<String> usages;
        try {
            usages = leaf.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new RejectedCertificate(TlsFailure.WRONG_KEY_USAGE, subject(leaf) + " has an unreadable "
                    + "extended key usage: " + e.getMessage(), e);
        }
        if (usages != null && !usages.contains(role.oid) && !usages.contains(ANY_EXTENDED_KEY_USAGE)) {
            throw new RejectedCertificate(TlsFailure.WRONG_KEY_USAGE, subject(leaf) + " does not allow "
                    + role.usage + " (extended key usage " + usages + "), which the "
                    + (role == PartnerRole.CLIENT ? "primary, the TLS client," : "secondary, the TLS server,")
                    + " needs", null);
        }
    }

    private void validateChain(X509Certificate[] chain, Date now) throws RejectedCertificate {
        try {
            // The path without the trust anchor itself, if the partner sent it too.
            List<X509Certificate> path = Arrays.stream(chain)
                    .filter(c -> anchors.stream().noneMatch(a -> a.getTrustedCert().equals(c))).toList();
            if (path.isEmpty()) {
                return; // the partner's certificate is itself a trusted CA certificate
            }
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false); // decision A21: no online dependency
            parameters.setDate(now);
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
        } catch (CertPathValidatorException e) {
            if (e.getReason() == BasicReason.EXPIRED) {
                throw new RejectedCertificate(TlsFailure.EXPIRED, "a CA of " + subject(chain[0]) + " has expired: "
                        + e.getMessage(), e);
            }
            throw new RejectedCertificate(TlsFailure.UNKNOWN_CA, subject(chain[0]) + " issued by "
                    + chain[0].getIssuerX500Principal().getName() + " does not lead to a CA of the trust store ("
                    + e.getMessage() + ")", e);
        } catch (CertificateException | InvalidAlgorithmParameterException | NoSuchAlgorithmException e) {
            throw new RejectedCertificate(TlsFailure.UNKNOWN_CA, "cannot validate " + subject(chain[0]) + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * A subjectAltName DNS name (case-insensitive) or IP address, or else the subject's CN — but
     * the CN only when the certificate has no DNS subjectAltName (RFC 6125 §6.4.4).
     */
    static boolean carriesName(X509Certificate certificate, String expected) {
        Optional<InetAddress> expectedAddress = literalAddress(expected);
        boolean hasDnsName = false;
        try {
            if (certificate.getSubjectAlternativeNames() != null) {
                for (List<?> entry : certificate.getSubjectAlternativeNames()) {
                    int type = (Integer) entry.get(0);
                    String value = String.valueOf(entry.get(1));
                    hasDnsName |= type == SAN_DNS;
                    if (type == SAN_DNS && value.equalsIgnoreCase(expected)) {
                        return true;
                    }
                    if (type == SAN_IP && expectedAddress.isPresent()
                            && expectedAddress.equals(literalAddress(value))) {
                        return true;
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return false;
        }
        return !hasDnsName && commonNames(certificate).stream().anyMatch(cn -> cn.equalsIgnoreCase(expected));
    }

    private static Optional<InetAddress> literalAddress(String text) {
        if (!text.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            return Optional.empty(); // never a DNS lookup
        }
        try {
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static List<String> commonNames(X509Certificate certificate) {
        String rfc2253 = certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
        return Arrays.stream(rfc2253.split("(?<!\\\\),")).filter(rdn -> rdn.toUpperCase(Locale.ROOT)
                .startsWith("CN=")).map(rdn -> rdn.substring(3)).toList();
    }

    private static String names(X509Certificate certificate) {
        try {
            StringBuilder names = new StringBuilder("CN " + commonNames(certificate));
            if (certificate.getSubjectAlternativeNames() != null) {
                for (List<?> entry : certificate.getSubjectAlternativeNames()) {
                    names.append(", ").append(entry.get(1));
                }
            }
            return names.toString();
        } catch (CertificateParsingException e) {
            return "unreadable subjectAltName";
        }
    }

    /** The certificate's subject, for the log. */
    static String subject(X509Certificate certificate) {
        return "\"" + certificate.getSubjectX500Principal().getName(X500Principal.RFC2253) + "\"";
    }

    /** SHA-256 over the DER certificate, lower-case hex: what {@code pinned-sha256} holds. */
    static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("SHA-256 of a parsed certificate", e);
        }
    }

    // ------------------------------------------------------------ X509ExtendedTrustManager

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, PartnerRole.CLIENT);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, PartnerRole.SERVER);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain, PartnerRole.CLIENT);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain, PartnerRole.SERVER);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain, PartnerRole.CLIENT);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain, PartnerRole.SERVER);
    }

    /**
     * None: the secondary's CertificateRequest names no CA, so the primary always sends its
     * certificate (a JDK client would send none if its CA were not listed) and the secondary
     * logs precisely why it refuses it (unknown CA, expired, wrong name) rather than "no client
     * certificate".
     */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
