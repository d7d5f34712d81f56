package org.dhcpfailover.plugin.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.dhcpfailover.plugin.config.TlsConfig;

/**
 * Certificates made at test time with BouncyCastle: CAs, server certificates valid now, expired
 * or carrying another name, written as the PKCS#12 key stores and PEM trust files the
 * configuration names.
 */
public final class TestCertificates {

    public static final String PASSWORD = "test-password";
    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

    /** A key and its certificate chain (the certificate first, then its CA). */
    public record Identity(KeyPair keys, List<X509Certificate> chain) {
        public X509Certificate certificate() {
            return chain.get(0);
        }
    }

    private final Path directory;

    public TestCertificates(Path directory) {
        this.directory = directory;
    }

    /** A self-signed CA valid from an hour ago for a year. */
    public Identity ca(String name) {
        KeyPair keys = keyPair();
        Instant now = Instant.now();
        X509Certificate certificate = sign(new X500Name("CN=" + name), keys, new X500Name("CN=" + name), keys,
                now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365)), true, List.of(), List.of());
        return new Identity(keys, List.of(certificate));
    }

    /** A server certificate for {@code name} (CN and DNS subjectAltName), valid now. */
    public Identity server(Identity ca, String name) {
        Instant now = Instant.now();
        return server(ca, name, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)));
    }

    /** A server certificate for {@code name} valid from {@code notBefore} to {@code notAfter}. */
    public Identity server(Identity ca, String name, Instant notBefore, Instant notAfter) {
        return leaf(ca, name, List.of(name), List.of(), notBefore, notAfter);
    }

    /**
     * A certificate with subject CN {@code commonName}, DNS subjectAltNames {@code dnsNames} (no
     * extension when empty) and extended key usages {@code purposes} (no extension when empty),
     * valid now.
     */
    Identity leaf(Identity ca, String commonName, List<String> dnsNames, List<KeyPurposeId> purposes) {
        Instant now = Instant.now();
        return leaf(ca, commonName, dnsNames, purposes, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)));
    }

    private Identity leaf(Identity ca, String commonName, List<String> dnsNames, List<KeyPurposeId> purposes,
            Instant notBefore, Instant notAfter) {
        KeyPair keys = keyPair();
        X509Certificate certificate = sign(new X500Name("CN=" + commonName), keys,
                new X500Name(ca.certificate().getSubjectX500Principal().getName()), ca.keys(), notBefore, notAfter,
                false, dnsNames, purposes);
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(certificate);
        chain.addAll(ca.chain());
        return new Identity(keys, chain);
    }

    /** The PKCS#12 key store holding {@code identity}, protected by {@link #PASSWORD}. */
    public Path keyStore(String file, Identity identity) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", identity.keys().getPrivate(), PASSWORD.toCharArray(),
                    identity.chain().toArray(new X509Certificate[0]));
            Path path = directory.resolve(file);
            try (OutputStream out = Files.newOutputStream(path)) {
                store.store(out, PASSWORD.toCharArray());
            }
            return path;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PEM file of {@code certificates}. */
    public Path pem(String file, X509Certificate... certificates) {
        StringBuilder text = new StringBuilder();
        try {
            for (X509Certificate certificate : certificates) {
                text.append("-----BEGIN CERTIFICATE-----\n")
                        .append(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(certificate.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            }
            Path path = directory.resolve(file);
            Files.writeString(path, text, StandardCharsets.US_ASCII);
            return path;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** TLS of a relationship: {@code own} as this server's identity, the partner checked against {@code ca}. */
    TlsConfig config(String name, Identity own, Identity ca, String expectedName) {
        return new TlsConfig(keyStore(name + ".p12", own), PASSWORD, Optional.of(pem(name + "-ca.pem",
                ca.certificate())), Optional.of(expectedName), List.of(), TlsConfig.DEFAULT_PROTOCOLS, true);
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys,
            Instant notBefore, Instant notAfter, boolean ca, List<String> dnsNames, List<KeyPurposeId> purposes) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), subject,
                    subjectKeys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.keyUsage, true, ca ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                    : new KeyUsage(KeyUsage.digitalSignature));
            if (!dnsNames.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(dnsNames.stream()
                        .map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new)));
            }
            if (!purposes.isEmpty()) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                        purposes.toArray(new KeyPurposeId[0])));
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }
}
