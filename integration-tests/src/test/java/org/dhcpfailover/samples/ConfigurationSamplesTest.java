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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The shipped samples in {@code config-samples/} load through the host loader and the failover
 * parser exactly as a launcher would load them, and each primary/secondary pair fits together.
 */
class ConfigurationSamplesTest {

    private static final Path SAMPLES = Path.of("..", "config-samples");

    private record Loaded(HostConfiguration host, FailoverParameters failover) {}

    private static Loaded load(String file) {
        Path path = SAMPLES.resolve(file);
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
        Loaded primary = load(family + "-primary.json");
        Loaded secondary = load(family + "-secondary.json");
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
