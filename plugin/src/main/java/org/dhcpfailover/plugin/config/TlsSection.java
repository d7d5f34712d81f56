package org.dhcpfailover.plugin.config;

import jakarta.validation.constraints.NotBlank;
import java.util.List;

/**
 * A relationship's "tls" as written (RFC 8156 §10, RFC 7653 §8.2, §9.1): this server's key and
 * certificate, how the partner's certificate is recognised, and whether plaintext is refused.
 * The rules that involve several keys and the files themselves are checked by
 * {@link RelationshipRules}.
 */
record TlsSection(
        @NotBlank(message = "is required: the PKCS#12 file with this server's private key and certificate chain")
                String keyStore,
        String keyStorePassword,
        String keyStorePasswordFile,
        String trustStore,
        String expectedName,
        List<String> pinnedSha256,
        List<String> protocols,
        Boolean requireTls) {}
