package org.dhcpfailover.plugin.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The key material a {@link TlsConfig} names, read from disk with the JDK alone: this server's
 * PKCS#12 key store (one private key entry and its chain) and the PEM file of trusted CA
 * certificates. Read when the configuration is validated, so that a missing file, a wrong
 * password or a store without a key is reported at its JSON path, and again when the transport
 * starts.
 *
 * @param keyStore      the loaded key store
 * @param password      its password (also the key's, as PKCS#12 files made by openssl and keytool have)
 * @param alias         the alias of its private key entry
 * @param trustedCas    the CA certificates of the trust store; empty when none is configured
 */
public record TlsMaterial(KeyStore keyStore, char[] password, String alias, List<X509Certificate> trustedCas) {

    /** A file the configuration names cannot be used; the message says why, for the operator. */
    public static final class TlsMaterialException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String key;

        TlsMaterialException(String key, String message, Throwable cause) {
            super(message, cause);
            this.key = key;
        }

        /** The "tls" key whose file is at fault ("key-store", "trust-store"). */
        public String key() {
            return key;
        }
    }

    public TlsMaterial {
        trustedCas = List.copyOf(trustedCas);
    }

    /** Reads the files {@code config} names. */
    public static TlsMaterial load(TlsConfig config) throws TlsMaterialException {
        char[] password = config.keyStorePassword().toCharArray();
        KeyStore store = keyStore(config.keyStore(), password);
        String alias = keyAlias(config.keyStore(), store, password);
        List<X509Certificate> cas = config.trustStore().isPresent()
                ? certificates(config.trustStore().get()) : List.of();
        return new TlsMaterial(store, password, alias, cas);
    }

    private static KeyStore keyStore(Path file, char[] password) throws TlsMaterialException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        } catch (NoSuchFileException e) {
            throw new TlsMaterialException("key-store", "file " + file + " does not exist", e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new TlsMaterialException("key-store", "cannot open " + file
                        + ": wrong key-store-password", e);
            }
            throw new TlsMaterialException("key-store", "cannot read " + file + " as a PKCS#12 key store: "
                    + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new TlsMaterialException("key-store", "cannot read " + file + " as a PKCS#12 key store: "
                    + e.getMessage(), e);
        }
    }

    private static String keyAlias(Path file, KeyStore store, char[] password) throws TlsMaterialException {
        try {
            List<String> keys = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keys.add(alias);
                }
            }
            if (keys.size() != 1) {
                throw new TlsMaterialException("key-store", file + " holds " + keys.size()
                        + " private key entries; it must hold exactly one, this server's key with its certificate "
                        + "chain", null);
            }
            String alias = keys.get(0);
            store.getKey(alias, password); // the key must open with the same password
            if (!(store.getCertificate(alias) instanceof X509Certificate)) {
                throw new TlsMaterialException("key-store", file + ": the key entry has no X.509 certificate", null);
            }
            return alias;
        } catch (UnrecoverableKeyException e) {
            throw new TlsMaterialException("key-store", file + ": the private key does not open with "
                    + "key-store-password", e);
        } catch (GeneralSecurityException e) {
            throw new TlsMaterialException("key-store", "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The PEM (or DER) certificates of {@code file}; at least one. */
    static List<X509Certificate> certificates(Path file) throws TlsMaterialException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> result = new ArrayList<>();
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                result.add((X509Certificate) certificate);
            }
            if (result.isEmpty()) {
                throw new TlsMaterialException("trust-store", file + " holds no certificate; it must hold the "
                        + "PEM certificates of the CAs that issue the partner's certificate", null);
            }
            return result;
        } catch (NoSuchFileException e) {
            throw new TlsMaterialException("trust-store", "file " + file + " does not exist", e);
        } catch (IOException | CertificateException e) {
            throw new TlsMaterialException("trust-store", "cannot read " + file + " as PEM certificates: "
                    + e.getMessage(), e);
        }
    }
}
