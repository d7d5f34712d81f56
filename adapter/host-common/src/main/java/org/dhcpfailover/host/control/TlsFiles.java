package org.dhcpfailover.host.control;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The key material of the control connector's TLS, read with the JDK alone, for both ends: the
 * host's {@link ControlServer} and {@link FailoverCtl}. A PKCS#12 key store with one private key
 * entry (as {@code bin/gen-failover-certs} makes it), a PEM file of CA certificates, and a
 * password file whose first line is the password. Every failure is an {@link IOException} whose
 * message names the file and what is wrong with it, for the operator.
 */
final class TlsFiles {

    private TlsFiles() {
    }

    /** The first line of {@code file}, without its line end. */
    static char[] password(Path file) throws IOException {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return (lines.isEmpty() ? "" : lines.get(0).strip()).toCharArray();
        } catch (IOException e) {
            throw new IOException("cannot read the key store password file " + file + ": " + reason(e), e);
        }
    }

    /** Key managers presenting the one private key of the PKCS#12 file {@code file}. */
    static KeyManager[] keyManagers(Path file, char[] password) throws IOException {
        KeyStore store;
        try (InputStream in = Files.newInputStream(file)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
        } catch (NoSuchFileException e) {
            throw new IOException("the key store " + file + " does not exist", e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new IOException("cannot open the key store " + file + ": wrong password", e);
            }
            throw new IOException("cannot read the key store " + file + " as PKCS#12: " + reason(e), e);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the key store " + file + " as PKCS#12: " + reason(e), e);
        }
        try {
            List<String> keys = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keys.add(alias);
                }
            }
            if (keys.size() != 1) {
                throw new IOException("the key store " + file + " holds " + keys.size()
                        + " private key entries; it must hold exactly one, with its certificate chain");
            }
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            return factory.getKeyManagers();
        } catch (UnrecoverableKeyException e) {
            throw new IOException("the private key of " + file + " does not open with the key store password", e);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use the key store " + file + ": " + reason(e), e);
        }
    }

    /** Trust managers accepting chains that lead to a CA certificate of the PEM file {@code file}. */
    static TrustManager[] trustManagers(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new IOException("the trust store " + file + " holds no PEM certificate");
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (NoSuchFileException e) {
            throw new IOException("the trust store " + file + " does not exist", e);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the trust store " + file + " as PEM certificates: " + reason(e), e);
        }
    }

    /** A TLS context of {@code keys} (may be null: no certificate to present) and {@code trust}. */
    static SSLContext context(KeyManager[] keys, TrustManager[] trust) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + reason(e), e);
        }
    }

    private static String reason(Exception e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
