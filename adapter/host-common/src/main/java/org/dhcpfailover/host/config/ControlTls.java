package org.dhcpfailover.host.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The validated {@code control.tls}: the connector's PKCS#12 key store and its password (given in
 * the configuration or, better, in a file whose first line it is), and whether JMX clients must
 * present a certificate that leads to a CA of the PEM trust store.
 *
 * @param keyStore              the PKCS#12 file with the connector's key and certificate chain
 * @param keyStorePassword      its password, when written in the configuration
 * @param keyStorePasswordFile  the file holding its password, otherwise
 * @param needClientAuth        whether clients must authenticate with a certificate
 * @param trustStore            the PEM CA certificates clients' certificates must lead to; present
 *                              exactly when {@code needClientAuth}
 */
public record ControlTls(Path keyStore, Optional<String> keyStorePassword, Optional<Path> keyStorePasswordFile,
        boolean needClientAuth, Optional<Path> trustStore) {

    public ControlTls {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(keyStorePassword, "keyStorePassword");
        Objects.requireNonNull(keyStorePasswordFile, "keyStorePasswordFile");
        Objects.requireNonNull(trustStore, "trustStore");
        if (keyStorePassword.isPresent() == keyStorePasswordFile.isPresent()) {
            throw new IllegalArgumentException("exactly one of keyStorePassword and keyStorePasswordFile");
        }
        if (needClientAuth != trustStore.isPresent()) {
            throw new IllegalArgumentException("a trust store goes with needClientAuth and only with it");
        }
    }
}
