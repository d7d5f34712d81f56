package org.dhcpfailover.plugin.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The TLS of one relationship's failover connection, validated (RFC 8156 §10: TLS per RFC 7653
 * §8.2 and §9.1, mutually authenticated). The partner is recognised without any online
 * service (decision A21): by a certificate chain to a CA of {@code trustStore} that names
 * {@code expectedName}, by a pinned SHA-256 fingerprint of its certificate, or by both.
 *
 * @param keyStore         PKCS#12 file holding this server's private key and certificate chain
 * @param keyStorePassword the password of {@code keyStore} (read from a file when configured so)
 * @param trustStore       PEM file of the CA certificates the partner's chain must lead to
 * @param expectedName     the DNS name, IP address or common name the partner's certificate must carry
 * @param pinnedSha256     SHA-256 fingerprints (lower-case hex, no separators) the partner's
 *                         certificate must match one of; empty when not pinned
 * @param protocols        the TLS versions offered and accepted ("TLSv1.3", "TLSv1.2")
 * @param requireTls       whether a partner that does not negotiate TLS is refused
 */
public record TlsConfig(
        Path keyStore,
        String keyStorePassword,
        Optional<Path> trustStore,
        Optional<String> expectedName,
        List<String> pinnedSha256,
        List<String> protocols,
        boolean requireTls) {

    /** The versions of RFC 7525's successor practice: TLS 1.3 unless configured otherwise. */
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3");
    /** The versions this plugin lets an operator choose. */
    public static final List<String> SUPPORTED_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    public TlsConfig {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(keyStorePassword, "keyStorePassword");
        Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(expectedName, "expectedName");
        pinnedSha256 = List.copyOf(pinnedSha256);
        protocols = List.copyOf(protocols);
        if (trustStore.isEmpty() && pinnedSha256.isEmpty()) {
            throw new IllegalArgumentException("the partner must be recognised by a trust store or a pinned fingerprint");
        }
        if (protocols.isEmpty() || !SUPPORTED_PROTOCOLS.containsAll(protocols)) {
            throw new IllegalArgumentException("protocols must be among " + SUPPORTED_PROTOCOLS + ", not " + protocols);
        }
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "TlsConfig[keyStore=" + keyStore + ", trustStore=" + trustStore + ", expectedName=" + expectedName
                + ", pinnedSha256=" + pinnedSha256 + ", protocols=" + protocols + ", requireTls=" + requireTls + "]";
    }
}
