package org.dhcpfailover.plugin.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.dhcpfailover.config.ConfigurationErrors;
import org.dhcpfailover.config.JsonPath;
import org.dhcpfailover.config.PrivateFiles;
import org.dhcpfailover.plugin.config.TlsMaterial.TlsMaterialException;

/**
 * The rules of a relationship's "tls" (RFC 8156 §10, RFC 7653 §9.1, decision A21): how the
 * password is given, how the partner is recognised, which versions, and the files themselves,
 * read once here so that a missing file, a wrong password or a key store without a key is
 * reported at its key.
 */
final class TlsRules {

    private final JsonPath at;
    private final ConfigurationErrors errors;

    TlsRules(JsonPath at, ConfigurationErrors errors) {
        this.at = at;
        this.errors = errors;
    }

    /** The validated configuration, or empty when an error was reported. */
    Optional<TlsConfig> check(TlsSection tls) {
        if (errors.hasErrorAtOrAbove(at.key("key-store"))) {
            return Optional.empty();
        }
        int before = errors.list().size();
        Optional<String> password = password(tls);
        List<String> pins = pins(tls.pinnedSha256());
        if (tls.trustStore() == null && pins.isEmpty()) {
            errors.add(at, "must recognise the partner by \"trust-store\" with \"expected-name\", by "
                    + "\"pinned-sha256\", or both (RFC 7653 §9.1: mutually authenticated TLS)");
        }
        if (tls.trustStore() != null && (tls.expectedName() == null || tls.expectedName().isBlank())) {
            errors.add(at.key("expected-name"), "is required with \"trust-store\": the name (DNS name, IP address or "
                    + "common name) the partner's certificate must carry; a CA alone would admit every server it "
                    + "certifies");
        }
        if (tls.trustStore() == null && tls.expectedName() != null) {
            errors.add(at.key("expected-name"), "applies only with \"trust-store\"");
        }
        List<String> protocols = tls.protocols() == null ? TlsConfig.DEFAULT_PROTOCOLS : tls.protocols();
        if (protocols.isEmpty()) {
            errors.add(at.key("protocols"), "must name at least one of " + TlsConfig.SUPPORTED_PROTOCOLS);
        }
        for (int i = 0; i < protocols.size(); i++) {
            if (!TlsConfig.SUPPORTED_PROTOCOLS.contains(protocols.get(i))) {
                errors.add(at.key("protocols").index(i), "\"" + protocols.get(i) + "\" is not one of "
                        + TlsConfig.SUPPORTED_PROTOCOLS + " (older versions are not allowed, RFC 8996)");
            }
        }
        if (errors.list().size() != before || password.isEmpty()) {
            return Optional.empty();
        }
        TlsConfig config = new TlsConfig(Path.of(tls.keyStore()), password.get(),
                Optional.ofNullable(tls.trustStore()).map(Path::of), Optional.ofNullable(tls.expectedName()), pins,
                protocols, tls.requireTls() == null || tls.requireTls());
        try {
            TlsMaterial.load(config);
        } catch (TlsMaterialException e) {
            errors.add(at.key(e.key()), e.getMessage());
            return Optional.empty();
        }
        return Optional.of(config);
    }

    private Optional<String> password(TlsSection tls) {
        if (tls.keyStorePassword() != null && tls.keyStorePasswordFile() != null) {
            errors.add(at.key("key-store-password-file"), "give either \"key-store-password\" or "
                    + "\"key-store-password-file\", not both");
            return Optional.empty();
        }
        if (tls.keyStorePassword() != null) {
            return Optional.of(tls.keyStorePassword());
        }
        if (tls.keyStorePasswordFile() == null) {
            errors.add(at.key("key-store-password-file"), "is required (or \"key-store-password\"): the password "
                    + "of the key store");
            return Optional.empty();
        }
        Path file = Path.of(tls.keyStorePasswordFile());
        try {
            Optional<String> exposed = PrivateFiles.notPrivate(file);
            if (exposed.isPresent()) {
                errors.add(at.key("key-store-password-file"), "file " + file + " " + exposed.get());
                return Optional.empty();
            }
        } catch (NoSuchFileException e) {
            errors.add(at.key("key-store-password-file"), "file " + file + " does not exist");
            return Optional.empty();
        } catch (IOException e) {
            errors.add(at.key("key-store-password-file"), "cannot check the permissions of " + file + ": "
                    + e.getMessage());
            return Optional.empty();
        }
        try {
            // The first line; the newline an editor or echo adds is not part of the password.
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            String line = end < 0 ? text : text.substring(0, end);
            return Optional.of(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        } catch (NoSuchFileException e) {
            errors.add(at.key("key-store-password-file"), "file " + file + " does not exist");
        } catch (IOException e) {
            errors.add(at.key("key-store-password-file"), "cannot read " + file + ": " + e.getMessage());
        }
        return Optional.empty();
    }

    /** The fingerprints in lower-case hex without separators; errors for the others. */
    private List<String> pins(List<String> written) {
        List<String> pins = new ArrayList<>();
        if (written == null) {
            return pins;
        }
        for (int i = 0; i < written.size(); i++) {
            String hex = written.get(i) == null ? "" : written.get(i).replace(":", "").toLowerCase(Locale.ROOT);
            if (hex.matches("[0-9a-f]{64}")) {
                pins.add(hex);
            } else {
                errors.add(at.key("pinned-sha256").index(i), "must be the SHA-256 fingerprint of the partner's "
                        + "certificate: 64 hex digits, colons allowed (openssl x509 -noout -fingerprint -sha256)");
            }
        }
        return pins;
    }
}
