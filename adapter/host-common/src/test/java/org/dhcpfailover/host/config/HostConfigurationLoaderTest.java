package org.dhcpfailover.host.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dhcpfailover.config.ConfigurationResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

class HostConfigurationLoaderTest {

    private static final Path BASE = Path.of("/etc/dhcp");

    static final String DHCP6 =
            """
      { "Dhcp6": {
          "server-duid": "00:01:00:01:2d:24:bd:00:00:50:56:00:00:01",
          "listen": { "interface": "veth-srv", "address": "fd00:99::1" },
          "store-directory": "state/primary",
          "valid-lifetime": 7200, "preferred-lifetime": 3600,
          "pools": [ { "name": "lan-addresses", "pool": "2001:db8:1::1000 - 2001:db8:1::1fff" },
                     { "name": "lab", "pool": "2001:db8:2::/112", "valid-lifetime": 600, "preferred-lifetime": 300 } ],
          "pd-pools": [ { "name": "lan-prefixes", "prefix": "2001:db8:100::", "prefix-len": 48, "delegated-len": 56 } ],
          "hooks-libraries": [ { "library": "dhcp-failover-plugin.jar", "parameters": { "failover": [] } } ]
      } }
      """;

    static final String DHCP4 =
            """
      { "Dhcp4": {
          "server-address": "10.99.0.1",
          "listen": { "interface": "veth-srv", "address": "10.99.0.1", "port": 6767 },
          "plugin-directory": "/opt/plugins",
          "store-directory": "state",
          "pools": [ { "name": "v4-pool", "pool": "10.99.0.100 - 10.99.0.199" },
                     { "name": "v4-block", "pool": "10.99.0.0/26", "valid-lifetime": 600 } ],
          "hooks-libraries": [ { "library": "dhcp-failover-plugin.jar" } ]
      } }
      """;

    private static List<String> errorsOf(String json) {
        ConfigurationResult<HostConfiguration> result = HostConfigurationLoader.parse(json, BASE);
        return result.errors().stream().map(Object::toString).toList();
    }

    /** Replaces the first occurrence of {@code from} in the DHCPv6 sample. */
    private static List<String> dhcp6ErrorsWith(String from, String to) {
        assertTrue(DHCP6.contains(from), from);
        return errorsOf(
                DHCP6.replaceFirst(
                        java.util.regex.Pattern.quote(from),
                        java.util.regex.Matcher.quoteReplacement(to)));
    }

    private static List<String> dhcp4ErrorsWith(String from, String to) {
        assertTrue(DHCP4.contains(from), from);
        return errorsOf(
                DHCP4.replaceFirst(
                        java.util.regex.Pattern.quote(from),
                        java.util.regex.Matcher.quoteReplacement(to)));
    }

    @Test
    void readsADhcp6ConfigurationWithDefaultsResolved() throws Exception {
        HostConfiguration config = HostConfigurationLoader.parse(DHCP6, BASE).orElseThrow();
        assertEquals(DhcpVersion.DHCPV6, config.version());
        assertEquals(
                "00:01:00:01:2d:24:bd:00:00:50:56:00:00:01", config.serverIdentity().toString());
        assertEquals(
                new InetSocketAddress(InetAddress.getByName("fd00:99::1"), 547),
                config.listen().address());
        assertEquals(Path.of("/etc/dhcp/plugins"), config.pluginDirectory());
        assertEquals(Path.of("/etc/dhcp/state/primary"), config.storeDirectory());
        AddressPool lab = config.addressPools().get(1);
        assertEquals("2001:db8:2:0:0:0:0:0 - 2001:db8:2:0:0:0:0:ffff", lab.range().toString());
        assertEquals(Duration.ofSeconds(600), lab.validLifetime());
        assertEquals(
                Optional.of(Duration.ofSeconds(3600)),
                config.addressPools().get(0).preferredLifetime());
        PrefixPool prefixes = config.prefixPools().get(0);
        assertEquals(48, prefixes.prefixLength());
        assertEquals(56, prefixes.delegatedLength());
        HookLibrary hook = config.hookLibraries().get(0);
        assertEquals(Path.of("/etc/dhcp/plugins/dhcp-failover-plugin.jar"), hook.jar());
        assertEquals("Dhcp6.hooks-libraries[0].parameters", hook.parametersPath());
        assertTrue(hook.parameters().get("failover").isArray());
    }

    @Test
    void readsADhcp4Configuration() {
        HostConfiguration config = HostConfigurationLoader.parse(DHCP4, BASE).orElseThrow();
        assertEquals(DhcpVersion.DHCPV4, config.version());
        assertEquals(6767, config.listen().address().getPort());
        assertEquals(Path.of("/opt/plugins"), config.pluginDirectory());
        assertEquals(Optional.empty(), config.addressPools().get(0).preferredLifetime());
        assertEquals(Duration.ofSeconds(7200), config.addressPools().get(0).validLifetime());
        assertTrue(config.hookLibraries().get(0).parameters().isEmpty());
    }

    @Test
    void loadsAFileResolvingRelativeDirectoriesAgainstItsFolder(@TempDir Path dir)
            throws Exception {
        Path file = Files.writeString(dir.resolve("dhcp6.json"), DHCP6);
        HostConfiguration config = HostConfigurationLoader.load(file).orElseThrow();
        assertEquals(dir.toAbsolutePath().resolve("state/primary"), config.storeDirectory());
    }

    @Test
    void readsTheControlSectionResolvingItsFilesAgainstTheFilesFolder() throws Exception {
        String json = DHCP4.replace("\"store-directory\": \"state\",", """
                "store-directory": "state",
                "control": { "jmx-address": "127.0.0.1", "jmx-port": 9647,
                             "password-file": "jmx/password", "access-file": "/etc/dhcp/jmx.access" },""");
        ControlConfig control = HostConfigurationLoader.parse(json, BASE).orElseThrow().control().orElseThrow();
        assertEquals(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 9647), control.jmxAddress());
        assertEquals(Path.of("/etc/dhcp/jmx/password"), control.passwordFile());
        assertEquals(Path.of("/etc/dhcp/jmx.access"), control.accessFile());
        assertEquals(Optional.empty(), HostConfigurationLoader.parse(DHCP4, BASE).orElseThrow().control(),
                "no control section: no connector");
    }

    @Test
    void readsTheControlSectionsTlsResolvingItsFiles() throws Exception {
        String json = DHCP4.replace("\"store-directory\": \"state\",", """
                "store-directory": "state",
                "control": { "jmx-address": "10.0.0.1", "jmx-port": 9647,
                             "password-file": "jmx/password", "access-file": "jmx/access",
                             "tls": { "key-store": "tls/control.p12", "key-store-password-file": "tls/control.password",
                                      "need-client-auth": true, "trust-store": "/etc/dhcp/tls/ca.pem" } },""");
        ControlConfig control = HostConfigurationLoader.parse(json, BASE).orElseThrow().control().orElseThrow();
        ControlTls tls = control.tls().orElseThrow();
        assertEquals(Path.of("/etc/dhcp/tls/control.p12"), tls.keyStore());
        assertEquals(Optional.of(Path.of("/etc/dhcp/tls/control.password")), tls.keyStorePasswordFile());
        assertEquals(Optional.empty(), tls.keyStorePassword());
        assertTrue(tls.needClientAuth());
        assertEquals(Optional.of(Path.of("/etc/dhcp/tls/ca.pem")), tls.trustStore());
        assertFalse(control.allowPlaintext());
    }

    @Test
    void aPlaintextControlOnAnAddressOtherThanLoopbackNeedsAllowPlaintext() throws Exception {
        String plain = DHCP4.replace("\"store-directory\": \"state\",", """
                "store-directory": "state",
                "control": { "jmx-address": "10.0.0.1", "jmx-port": 9647,
                             "password-file": "p", "access-file": "a" },""");
        List<String> errors = errorsOf(plain);
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("Dhcp4.control.tls: is required on an address other "
                + "than loopback")), errors.toString());

        ControlConfig allowed = HostConfigurationLoader.parse(plain.replace("\"access-file\": \"a\"",
                "\"access-file\": \"a\", \"allow-plaintext\": true"), BASE).orElseThrow().control().orElseThrow();
        assertTrue(allowed.allowPlaintext() && allowed.plaintextAllowed());
        assertEquals(Optional.empty(), allowed.tls());

        ControlConfig loopback = HostConfigurationLoader.parse(plain.replace("10.0.0.1", "::1"), BASE).orElseThrow()
                .control().orElseThrow();
        assertTrue(loopback.plaintextAllowed(), "loopback stays allowed in plaintext");
    }

    @Test
    void controlTlsRulesAreReportedWithTheirPaths() {
        String json = DHCP4.replace("\"store-directory\": \"state\",", """
                "store-directory": "state",
                "control": { "jmx-address": "10.0.0.1", "jmx-port": 9647, "allow-plaintext": true,
                             "password-file": "p", "access-file": "a",
                             "tls": { "key-store-password": "x", "key-store-password-file": "f",
                                      "need-client-auth": true } },""");
        List<String> errors = errorsOf(json);
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("Dhcp4.control.tls.key-store: is required")),
                errors.toString());
        assertTrue(errors.contains("Dhcp4.control.tls.key-store-password-file: give the key store's password once: "
                + "key-store-password or key-store-password-file, not both"), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("Dhcp4.control.tls.trust-store: is required with "
                + "need-client-auth")), errors.toString());
        assertTrue(errors.contains("Dhcp4.control.allow-plaintext: cannot be true with tls: the connector speaks TLS "
                + "only"), errors.toString());

        List<String> noPassword = errorsOf(DHCP4.replace("\"store-directory\": \"state\",", """
                "store-directory": "state",
                "control": { "jmx-address": "10.0.0.1", "jmx-port": 9647, "password-file": "p", "access-file": "a",
                             "tls": { "key-store": "k.p12", "trust-store": "ca.pem" } },"""));
        assertTrue(noPassword.stream().anyMatch(e -> e.startsWith("Dhcp4.control.tls.key-store-password-file: is "
                + "required (or key-store-password)")), noPassword.toString());
        assertTrue(noPassword.stream().anyMatch(e -> e.startsWith("Dhcp4.control.tls.trust-store: is only read with")),
                noPassword.toString());
    }

    @Test
    void controlSectionProblemsAreReportedWithTheirPaths() {
        String json = DHCP4.replace("\"store-directory\": \"state\",", """
                "store-directory": "state",
                "control": { "jmx-address": "localhost", "jmx-port": 70000, "access-file": "" },""");
        List<String> errors = errorsOf(json);
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("Dhcp4.control.jmx-address: ")), errors.toString());
        assertTrue(errors.contains("Dhcp4.control.jmx-port: must be a port number from 1 to 65535"), errors.toString());
        assertTrue(errors.contains("Dhcp4.control.password-file: is required"), errors.toString());
        assertTrue(errors.contains("Dhcp4.control.access-file: is required"), errors.toString());
    }

    // ---- invalid configurations, each with its exact messages ----

    @Test
    void reportsEveryProblemOfOneFileInOneRun() {
        String json =
                """
        { "Dhcp6": {
            "server-duid": "00:01",
            "listen": { "address": "10.0.0.1", "port": 0 },
            "store-directory": "state",
            "valid-lifetime": 0,
            "pools": [ { "name": "a", "pool": "2001:db8:1::1fff - 2001:db8:1::1000" },
                       { "name": "a", "pool": "2001:db8:1::/120", "valid-lifetime": 8000, "preferred-lifetime": 9000 } ],
            "hooks-libraries": [ { "parameters": {} } ]
        } }
        """;
        assertEquals(
                List.of(
                        "Dhcp6.hooks-libraries[0].library: is required: the file name of the hook library's jar in the plugin directory",
                        "Dhcp6.listen.address: \"10.0.0.1\" is an IPv4 address; an IPv6 address such as fd00:99::1 is required here",
                        "Dhcp6.listen.interface: is required: the network interface the server answers clients on",
                        "Dhcp6.listen.port: must be a port number from 1 to 65535",
                        "Dhcp6.server-duid: must be a DUID: 3 to 130 hexadecimal octets separated by colons, "
                                + "e.g. 00:01:00:01:2d:24:bd:00:00:50:56:00:00:01 (RFC 3315 §9.1)",
                        "Dhcp6.valid-lifetime: must be a lifetime from 1 to 4294967295 seconds",
                        "Dhcp6.pools[0].pool: the range ends (2001:db8:1::1000) before it starts (2001:db8:1::1fff); write the lower address first",
                        "Dhcp6.pools[1].preferred-lifetime: the preferred lifetime (9000 s) is longer than the valid lifetime (8000 s); "
                                + "clients discard such addresses and prefixes (RFC 3315 §22.6, RFC 3633 §10)",
                        "Dhcp6.pools[1].name: pool name \"a\" is already used by Dhcp6.pools[0]; failover relationships refer to pools "
                                + "by name, so each name must be unique"),
                errorsOf(json));
    }

    @Test
    void overlappingAddressPoolsAreRejected() {
        assertEquals(
                List.of(
                        "Dhcp6.pools[1].pool: 2001:db8:1:0:0:0:0:1000 - 2001:db8:1:0:0:0:0:10ff overlaps pool "
                                + "\"lan-addresses\" (2001:db8:1:0:0:0:0:1000 - 2001:db8:1:0:0:0:0:1fff); an address may belong to one pool only"),
                dhcp6ErrorsWith("2001:db8:2::/112", "2001:db8:1::1000/120"));
    }

    @Test
    void overlappingDelegablePrefixesAreRejected() {
        assertEquals(
                List.of(
                        "Dhcp6.pd-pools[1].prefix: 2001:db8:100:0:0:0:0:0 - 2001:db8:100:ff:ffff:ffff:ffff:ffff "
                                + "overlaps pool \"lan-prefixes\" (2001:db8:100:0:0:0:0:0 - 2001:db8:100:ffff:ffff:ffff:ffff:ffff); "
                                + "an address may belong to one pool only"),
                dhcp6ErrorsWith(
                        "\"delegated-len\": 56 } ]",
                        "\"delegated-len\": 56 },"
                                + " { \"name\": \"more\", \"prefix\": \"2001:db8:100::\", \"prefix-len\": 56, \"delegated-len\": 64 } ]"));
    }

    @Test
    void aDelegatedLengthShorterThanThePrefixIsRejected() {
        assertEquals(
                List.of(
                        "Dhcp6.pd-pools[0].delegated-len: is 40, shorter than prefix-len 48; delegated prefixes are "
                                + "carved out of the pool's prefix, so they cannot be shorter than it (RFC 3633 §12.2)"),
                dhcp6ErrorsWith("\"delegated-len\": 56", "\"delegated-len\": 40"));
    }

    @Test
    void aPrefixLengthOutsideZeroTo128IsRejected() {
        assertEquals(
                List.of("Dhcp6.pd-pools[0].prefix-len: must be a prefix length from 0 to 128"),
                dhcp6ErrorsWith("\"prefix-len\": 48", "\"prefix-len\": 129"));
    }

    @Test
    void aPoolAddressOfTheWrongFamilyIsRejected() {
        assertEquals(
                List.of(
                        "Dhcp4.pools[0].pool: \"2001:db8::1\" is an IPv6 address; "
                                + "an IPv4 address such as 10.99.0.1 is required here"),
                dhcp4ErrorsWith("10.99.0.100 - 10.99.0.199", "2001:db8::1 - 10.99.0.199"));
    }

    @Test
    void aDhcp4PoolHasNoPreferredLifetime() {
        assertEquals(
                List.of(
                        "Dhcp4.pools[1].preferred-lifetime: unknown key (check the spelling; keys are lower case with dashes)"),
                dhcp4ErrorsWith(
                        "\"valid-lifetime\": 600",
                        "\"valid-lifetime\": 600, \"preferred-lifetime\": 300"));
    }

    @Test
    void aCidrBlockWithHostBitsSetIsRejected() {
        assertEquals(
                List.of(
                        "Dhcp4.pools[1].pool: \"10.99.0.7/26\" has address bits set after the first 26 bits; "
                                + "write the block's first address, 10.99.0.0/26"),
                dhcp4ErrorsWith("10.99.0.0/26", "10.99.0.7/26"));
    }

    @Test
    void aWrongTypeAndAMisspelledKeyAreReportedWithTheirPaths() {
        assertEquals(
                List.of(
                        "Dhcp4.listen.port: must be a whole number, not a string",
                        "Dhcp4.valid-lifetme: unknown key (check the spelling; keys are lower case with dashes)"),
                dhcp4ErrorsWith(
                        "\"port\": 6767 },", "\"port\": \"6767\" }, \"valid-lifetme\": 60,"));
    }

    @Test
    void bothServerSectionsInOneFileAreRejected() {
        assertEquals(
                List.of(
                        "Dhcp4: a file configures one server, so it holds either \"Dhcp6\" or \"Dhcp4\", not both; "
                                + "write one file per server"),
                errorsOf("{ \"Dhcp6\": {}, \"Dhcp4\": {} }"));
    }

    @Test
    void aFileWithoutAServerSectionIsRejected() {
        assertEquals(
                List.of(
                        "Dhcp5: unknown key; a configuration file holds \"Dhcp6\" or \"Dhcp4\"",
                        "neither \"Dhcp6\" nor \"Dhcp4\" is present; the file configures no server"),
                errorsOf("{ \"Dhcp5\": {} }"));
    }
}
