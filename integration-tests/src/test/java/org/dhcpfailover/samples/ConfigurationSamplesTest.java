package org.dhcpfailover.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dhcpfailover.config.ConfigurationResult;
import org.dhcpfailover.host.config.AddressPool;
import org.dhcpfailover.host.config.DhcpVersion;
import org.dhcpfailover.host.config.HookLibrary;
import org.dhcpfailover.host.config.HostConfiguration;
import org.dhcpfailover.host.config.HostConfigurationLoader;
import org.dhcpfailover.host.config.PrefixPool;
import org.dhcpfailover.plugin.config.FailoverParameters;
import org.dhcpfailover.plugin.config.FailoverParametersParser;
import org.dhcpfailover.plugin.config.HostPool;
import org.dhcpfailover.plugin.config.PoolKind;
import org.dhcpfailover.plugin.config.RelationshipConfig;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.config.TlsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The shipped samples in {@code config-samples/} load through the host loader and the failover
 * parser exactly as a launcher would load them, and each primary/secondary pair fits together.
 */
class ConfigurationSamplesTest {

    private static final Path SAMPLES = Path.of("..", "config-samples");

    private record Loaded(HostConfiguration host, FailoverParameters failover) {}

    private static Loaded load(String file) {
        return load(SAMPLES.resolve(file));
    }

    private static Loaded load(Path path) {
        String file = path.getFileName().toString();
        assertTrue(Files.isRegularFile(path), path.toAbsolutePath().toString());
        ConfigurationResult<HostConfiguration> host = HostConfigurationLoader.load(path);
        assertTrue(host.isValid(), file + ": " + host.errors());
        HookLibrary library = host.orElseThrow().hookLibraries().get(0);
        ConfigurationResult<FailoverParameters> failover =
                FailoverParametersParser.parse(
                        library.parameters(),
                        library.parametersPath(),
                        hostPools(host.orElseThrow()));
        assertTrue(failover.isValid(), file + ": " + failover.errors());
        return new Loaded(host.orElseThrow(), failover.orElseThrow());
    }

    /** What a launcher tells the plugin about its pools, in the plugin's JDK-only terms. */
    private static List<HostPool> hostPools(HostConfiguration host) {
        List<HostPool> pools = new ArrayList<>();
        PoolKind addressKind =
                host.version() == DhcpVersion.DHCPV6
                        ? PoolKind.IPV6_ADDRESS
                        : PoolKind.IPV4_ADDRESS;
        for (AddressPool pool : host.addressPools()) {
            pools.add(
                    new HostPool(
                            pool.name(),
                            addressKind,
                            pool.validLifetime().toSeconds(),
                            pool.range().first(),
                            pool.range().last()));
        }
        for (PrefixPool pool : host.prefixPools()) {
            pools.add(
                    new HostPool(
                            pool.name(),
                            PoolKind.IPV6_PREFIX,
                            pool.validLifetime().toSeconds(),
                            pool.range().first(),
                            pool.range().last()));
        }
        return pools;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dhcp6", "dhcp4"})
    void eachSamplePairIsValidAndMirrorsItself(String family) {
        assertMirrored(load(family + "-primary.json"), load(family + "-secondary.json"));
    }

    /**
     * The TLS pair (RFC 8156 §10) with the key material bin/gen-failover-certs makes, as its
     * header comment says: the samples' /etc/dhcp-failover/tls is a temporary folder here.
     */
    @Test
    void theTlsSamplePairIsValidWithKeyMaterialFromGenFailoverCerts(@TempDir Path directory) throws Exception {
        Path tls = directory.resolve("tls");
        Script script = genFailoverCerts(tls.toString(), "server1=10.99.0.1", "server2=10.99.0.2");
        assertEquals(0, script.exit(), script.output());

        Loaded primary = load(withKeyMaterialIn(directory, "dhcp4-primary-tls.json", tls));
        Loaded secondary = load(withKeyMaterialIn(directory, "dhcp4-secondary-tls.json", tls));
        assertMirrored(primary, secondary);
        TlsConfig p = primary.failover().relationships().get(0).tls().orElseThrow();
        TlsConfig s = secondary.failover().relationships().get(0).tls().orElseThrow();
        assertEquals(Optional.of("server2"), p.expectedName(), "the primary expects the secondary's certificate");
        assertEquals(Optional.of("server1"), s.expectedName());
        assertTrue(p.requireTls() && s.requireTls());
        assertEquals(tls.resolve("server1.p12"), p.keyStore());
    }

    /**
     * The renewal of docs/operations.md ("a new certificate from the same CA"): the CA outlives
     * the first certificates, so a renewal from it lasts its full time, and a certificate that
     * would outlive a reused CA is refused with the way out rather than issued.
     */
    @Test
    void genFailoverCertsMakesACaThatOutlivesItsCertificatesAndRefusesOneThatWouldOutliveIt(@TempDir Path directory)
            throws Exception {
        Path tls = directory.resolve("tls");
        assertEquals(0, genFailoverCerts(tls.toString(), "server1").exit(), "a new pair");
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        X509Certificate ca;
        X509Certificate server;
        try (var caIn = Files.newInputStream(tls.resolve("ca.pem"));
                var serverIn = Files.newInputStream(tls.resolve("server1.pem"))) {
            ca = (X509Certificate) x509.generateCertificate(caIn);
            server = (X509Certificate) x509.generateCertificate(serverIn);
        }
        long day = TimeUnit.DAYS.toMillis(1);
        assertEquals(825, (server.getNotAfter().getTime() - server.getNotBefore().getTime()) / day);
        assertEquals(3650, (ca.getNotAfter().getTime() - ca.getNotBefore().getTime()) / day);

        Script renewal = genFailoverCerts(tls.toString(), "server1");
        assertEquals(0, renewal.exit(), renewal.output());
        assertTrue(renewal.output().contains("reusing the CA in " + tls), renewal.output());
        Script tooLong = genFailoverCerts("-days", "4000", tls.toString(), "server2");
        assertEquals(1, tooLong.exit(), tooLong.output());
        assertTrue(tooLong.output().contains("before a certificate of 4000 days would: make a new CA"),
                tooLong.output());
        assertTrue(!Files.exists(tls.resolve("server2.p12")), "nothing issued");
        Script shortCa = genFailoverCerts("-days", "100", "-ca-days", "50", directory.resolve("tls-2").toString(),
                "server1");
        assertEquals(2, shortCa.exit(), shortCa.output());
        assertTrue(shortCa.output().contains("the certificates would outlive their CA"), shortCa.output());
    }

    private record Script(int exit, String output) {
    }

    private static Script genFailoverCerts(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", Path.of("..", "bin", "gen-failover-certs").toString()));
        command.addAll(List.of(arguments));
        Process script = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(script.waitFor(60, TimeUnit.SECONDS), output);
        return new Script(script.exitValue(), output);
    }

    private static Path withKeyMaterialIn(Path directory, String sample, Path tls) throws IOException {
        String text = Files.readString(SAMPLES.resolve(sample), StandardCharsets.UTF_8);
        assertTrue(text.contains("/etc/dhcp-failover/tls/"), sample);
        Path copy = directory.resolve(sample);
        Files.writeString(copy, text.replace("/etc/dhcp-failover/tls", tls.toString()), StandardCharsets.UTF_8);
        return copy;
    }

    private static void assertMirrored(Loaded primary, Loaded secondary) {
        RelationshipConfig p = primary.failover().relationships().get(0);
        RelationshipConfig s = secondary.failover().relationships().get(0);

        assertEquals(p.name(), s.name(), "one relationship name on both servers");
        assertEquals(p.mclt(), s.mclt(), "one MCLT on both servers");
        assertEquals(Role.PRIMARY, p.role());
        assertEquals(Role.SECONDARY, s.role());
        assertEquals(
                s.listenAddress(),
                p.partnerAddress(),
                "the primary connects to the secondary's listen address");
        assertEquals(
                p.listenAddress(),
                s.partnerAddress(),
                "the secondary expects the primary's listen address");
        assertEquals(s.thisServerName(), p.partnerName());
        assertEquals(p.thisServerName(), s.partnerName());
        assertEquals(
                p.pools(),
                s.pools(),
                "both servers split the same pools the same way (RFC 8156 §4.1)");
        assertEquals(primary.host().addressPools(), secondary.host().addressPools());
        assertEquals(primary.host().prefixPools(), secondary.host().prefixPools());
        assertNotEquals(primary.host().serverIdentity(), secondary.host().serverIdentity());
        assertNotEquals(primary.host().storeDirectory(), secondary.host().storeDirectory());
    }
}
