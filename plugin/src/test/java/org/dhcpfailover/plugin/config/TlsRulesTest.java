package org.dhcpfailover.plugin.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Optional;
import org.dhcpfailover.config.ConfigurationReader;
import org.dhcpfailover.config.ConfigurationResult;
import org.dhcpfailover.plugin.transport.TestCertificates;
import org.dhcpfailover.plugin.transport.TestCertificates.Identity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relationship's "tls" (RFC 8156 §10, RFC 7653 §9.1, decision A21): its keys, defaults, and
 * the files themselves checked at validation, each problem reported at its key.
 */
class TlsRulesTest {

    private static final String AT = "Dhcp6.hooks-libraries[0].parameters";
    private static final String TLS = AT + ".failover[0].tls";
    private static final List<HostPool> POOLS = List.of(pool());

    @TempDir
    Path directory;

    private TestCertificates certificates;
    private Path keyStore;
    private Path trustStore;
    private Identity own;

    @BeforeEach
    void makeFiles() {
        certificates = new TestCertificates(directory);
        Identity ca = certificates.ca("CA");
        own = certificates.server(ca, "server1.example");
        keyStore = certificates.keyStore("server1.p12", own);
        trustStore = certificates.pem("ca.pem", ca.certificate());
    }

    private static HostPool pool() {
        try {
            return new HostPool("lan", PoolKind.IPV6_ADDRESS, 7200, InetAddress.getByName("2001:db8::1000"),
                    InetAddress.getByName("2001:db8::1fff"));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ConfigurationResult<FailoverParameters> parse(String tls) {
        String text = """
                { "failover": [ {
                    "name": "f", "this-server-name": "server1", "role": "primary",
                    "partner": { "name": "server2", "address": "fd00::2" },
                    "listen": { "address": "fd00::1" },
                    "pools": [ { "name": "lan" } ],
                    "tls": %s
                } ] }
                """.formatted(tls);
        return FailoverParametersParser.parse(ConfigurationReader.read(text).orElseThrow(), AT, POOLS);
    }

    private static List<String> errors(String tls) {
        return parse(tls).errors().stream().map(Object::toString).toList();
    }

    private String json(String path) {
        return "\"" + path.replace("\\", "\\\\") + "\"";
    }

    @Test
    void aValidTlsSectionGetsItsDefaults() throws IOException {
        Path passwordFile = directory.resolve("password");
        Files.writeString(passwordFile, TestCertificates.PASSWORD + "\n");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        String fingerprint = "AB:".repeat(31) + "AB";
        TlsConfig tls = parse("""
                { "key-store": %s, "key-store-password-file": %s, "trust-store": %s,
                  "expected-name": "server2.example", "pinned-sha256": ["%s"] }
                """.formatted(json(keyStore.toString()), json(passwordFile.toString()), json(trustStore.toString()),
                fingerprint)).orElseThrow().relationships().get(0).tls().orElseThrow();
        assertEquals(keyStore, tls.keyStore());
        assertEquals(TestCertificates.PASSWORD, tls.keyStorePassword(), "the newline is not part of it");
        assertEquals(Optional.of(trustStore), tls.trustStore());
        assertEquals(Optional.of("server2.example"), tls.expectedName());
        assertEquals(List.of("ab".repeat(32)), tls.pinnedSha256());
        assertEquals(List.of("TLSv1.3"), tls.protocols());
        assertTrue(tls.requireTls(), "required by default once certificates are configured");
        assertTrue(!tls.toString().contains(TestCertificates.PASSWORD), "the password is never printed");
    }

    @Test
    void requireTlsCanOnlyBeTurnedOffExplicitlyAndTls12Chosen() {
        TlsConfig tls = parse("""
                { "key-store": %s, "key-store-password": "%s", "trust-store": %s, "expected-name": "server2",
                  "require-tls": false, "protocols": ["TLSv1.3", "TLSv1.2"] }
                """.formatted(json(keyStore.toString()), TestCertificates.PASSWORD, json(trustStore.toString())))
                .orElseThrow().relationships().get(0).tls().orElseThrow();
        assertEquals(false, tls.requireTls());
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), tls.protocols());
        assertEquals(Optional.empty(), parse("null").orElseThrow().relationships().get(0).tls(),
                "no tls: plaintext");
    }

    @Test
    void aMissingKeyStoreIsReportedAtItsKey() {
        Path missing = directory.resolve("missing.p12");
        assertEquals(List.of(TLS + ".key-store: file " + missing + " does not exist"), errors("""
                { "key-store": %s, "key-store-password": "x", "trust-store": %s, "expected-name": "server2" }
                """.formatted(json(missing.toString()), json(trustStore.toString()))));
    }

    @Test
    void aMissingPasswordFileIsReportedAtItsKey() {
        Path missing = directory.resolve("no-password");
        assertEquals(List.of(TLS + ".key-store-password-file: file " + missing + " does not exist"), errors("""
                { "key-store": %s, "key-store-password-file": %s, "trust-store": %s, "expected-name": "server2" }
                """.formatted(json(keyStore.toString()), json(missing.toString()), json(trustStore.toString()))));
    }

    @Test
    void aPasswordFileOthersOrTheGroupMayReadIsReportedAtItsKey() throws IOException {
        for (String mode : List.of("rw-r-----", "rw----r--", "rw-rw-rw-", "rw-----w-")) {
            Path passwordFile = directory.resolve("password-" + mode);
            Files.writeString(passwordFile, TestCertificates.PASSWORD + "\n");
            Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString(mode));
            assertEquals(List.of(TLS + ".key-store-password-file: file " + passwordFile + " must be accessible by "
                    + "its owner only (it is " + mode + "); run chmod 600 " + passwordFile), errors("""
                    { "key-store": %s, "key-store-password-file": %s, "trust-store": %s, "expected-name": "server2" }
                    """.formatted(json(keyStore.toString()), json(passwordFile.toString()),
                    json(trustStore.toString()))), mode);
        }
    }

    @Test
    void aPasswordFileReadableByItsOwnerOnlyIsAccepted() throws IOException {
        Path passwordFile = directory.resolve("password-owner");
        Files.writeString(passwordFile, TestCertificates.PASSWORD);
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("r--------"));
        assertEquals(List.of(), errors("""
                { "key-store": %s, "key-store-password-file": %s, "trust-store": %s, "expected-name": "server2" }
                """.formatted(json(keyStore.toString()), json(passwordFile.toString()), json(trustStore.toString()))));
    }

    @Test
    void aPasswordFileWhosePermissionsCannotBeReadIsReportedAtItsKey() {
        Path underAFile = keyStore.resolve("password"); // a path through a regular file: not a directory
        List<String> errors = errors("""
                { "key-store": %s, "key-store-password-file": %s, "trust-store": %s, "expected-name": "server2" }
                """.formatted(json(keyStore.toString()), json(underAFile.toString()), json(trustStore.toString())));
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith(TLS + ".key-store-password-file: cannot check the permissions of "
                + underAFile + ": "), errors.toString());
    }

    @Test
    void aMissingTrustStoreIsReportedAtItsKey() {
        Path missing = directory.resolve("no-ca.pem");
        assertEquals(List.of(TLS + ".trust-store: file " + missing + " does not exist"), errors("""
                { "key-store": %s, "key-store-password": "%s", "trust-store": %s, "expected-name": "server2" }
                """.formatted(json(keyStore.toString()), TestCertificates.PASSWORD, json(missing.toString()))));
    }

    @Test
    void aWrongPasswordIsReportedAtTheKeyStore() {
        assertEquals(List.of(TLS + ".key-store: cannot open " + keyStore + ": wrong key-store-password"), errors("""
                { "key-store": %s, "key-store-password": "wrong", "trust-store": %s, "expected-name": "server2" }
                """.formatted(json(keyStore.toString()), json(trustStore.toString()))));
    }

    @Test
    void aKeyStoreWithoutAKeyEntryIsRefused() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", own.certificate());
        Path certificatesOnly = directory.resolve("no-key.p12");
        try (OutputStream out = Files.newOutputStream(certificatesOnly)) {
            store.store(out, TestCertificates.PASSWORD.toCharArray());
        }
        List<String> errors = errors("""
                { "key-store": %s, "key-store-password": "%s", "trust-store": %s, "expected-name": "server2" }
                """.formatted(json(certificatesOnly.toString()), TestCertificates.PASSWORD,
                json(trustStore.toString())));
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith(TLS + ".key-store: " + certificatesOnly + " holds 0 private key entries"),
                errors.get(0));
    }

    @Test
    void aTrustStoreThatIsNotPemIsReportedAtItsKey() {
        List<String> errors = errors("""
                { "key-store": %s, "key-store-password": "%s", "trust-store": %s, "expected-name": "server2" }
                """.formatted(json(keyStore.toString()), TestCertificates.PASSWORD, json(keyStore.toString())));
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith(TLS + ".trust-store: cannot read " + keyStore + " as PEM certificates"),
                errors.get(0));
    }

    @Test
    void thePartnerMustBeRecognisableAndTheValuesWellFormed() {
        String store = json(keyStore.toString());
        assertEquals(List.of(TLS + ": must recognise the partner by \"trust-store\" with \"expected-name\", by "
                + "\"pinned-sha256\", or both (RFC 7653 §9.1: mutually authenticated TLS)"),
                errors("{ \"key-store\": " + store + ", \"key-store-password\": \"x\" }"));
        List<String> errors = errors("""
                { "key-store": %s, "key-store-password": "x", "key-store-password-file": "/p",
                  "trust-store": %s, "pinned-sha256": ["12:34"], "protocols": ["TLSv1.1"] }
                """.formatted(store, json(trustStore.toString())));
        assertEquals(4, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith(TLS + ".key-store-password-file: give either"), errors.toString());
        assertTrue(errors.get(1).startsWith(TLS + ".pinned-sha256[0]: must be the SHA-256 fingerprint"),
                errors.toString());
        assertTrue(errors.get(2).startsWith(TLS + ".expected-name: is required with \"trust-store\""),
                errors.toString());
        assertTrue(errors.get(3).startsWith(TLS + ".protocols[0]: \"TLSv1.1\" is not one of"), errors.toString());
        assertEquals(List.of(TLS + ".key-store-password-file: is required (or \"key-store-password\"): the "
                + "password of the key store"), errors("{ \"key-store\": " + store + ", \"pinned-sha256\": [\""
                + "0".repeat(64) + "\"] }"));
    }
}
