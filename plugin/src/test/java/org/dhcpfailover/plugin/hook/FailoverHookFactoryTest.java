package org.dhcpfailover.plugin.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.dhcpfailover.hook.spi.HookConfigurationException;
import org.dhcpfailover.hook.spi.HookFactory;
import org.dhcpfailover.hook.spi.PoolDescription;
import org.dhcpfailover.hook.spi.ResourceKind;
import org.dhcpfailover.plugin.log.CatalogLogger;
import org.dhcpfailover.plugin.log.LogMessage;
import org.dhcpfailover.plugin.log.RecordingLogger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/** The hook library's entry point: found by the host, validates everything, opens nothing. */
class FailoverHookFactoryTest {
    @TempDir
    Path store;

    private final RecordingLogger log = new RecordingLogger(Level.DEBUG);

    private TestHost host(String parameters, List<PoolDescription> pools) {
        return new TestHost(parameters, store, pools, new HostLeaseTable(), Clock.systemUTC());
    }

    private List<String> problems(String parameters, List<PoolDescription> pools) {
        return assertThrows(HookConfigurationException.class,
                () -> new FailoverHookFactory(CatalogLogger.wrap(log)).create(host(parameters, pools))).problems();
    }

    @Test
    void theHostFindsItThroughServiceLoaderWithThisSpiVersion() {
        List<HookFactory> found = ServiceLoader.load(HookFactory.class).stream().map(ServiceLoader.Provider::get)
                .toList();
        assertEquals(1, found.size());
        assertTrue(found.get(0) instanceof FailoverHookFactory);
        assertEquals(HookFactory.SPI_VERSION, found.get(0).spiVersion());
        assertEquals("dhcp-failover", found.get(0).name());
    }

    @Test
    void validParametersMakeAHookWithoutOpeningAnything() throws Exception {
        String parameters = HookPair.parameters("server1", "primary", "server2", "127.0.0.1", 6470, "127.0.0.2", 647);

        new FailoverHookFactory(CatalogLogger.wrap(log)).create(host(parameters, TestHost.POOLS));

        assertFalse(Files.exists(store.resolve(FailoverHook.STORE_FOLDER)), "no file before start()");
        assertEquals(List.of("FO_CONFIG_ACCEPTED failover-1: relationship configured: this server server1 is "
                + "primary of partner server2 at 127.0.0.1:6470, MCLT 30 s, pools [lan, v4, pd]"),
                log.lines(LogMessage.FO_CONFIG_ACCEPTED));
    }

    @Test
    void everyProblemIsReportedWithItsPathBelowTheHostsPathOfTheParameters() {
        String parameters = """
                { "failover": [ {
                    "name": "failover-1", "this-server-name": "server1", "role": "leader",
                    "partner": { "name": "server2", "address": "not-an-address" },
                    "listen": { "address": "127.0.0.2" },
                    "mclt": 10,
                    "pools": [ { "name": "lan" }, { "name": "nowhere" } ] } ] }
                """;

        List<String> problems = problems(parameters, TestHost.POOLS);

        String at = TestHost.PARAMETERS_PATH + ".failover[0].";
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(at + "role: ")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(at + "partner.address: ")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(at + "mclt: must be at least 30 seconds")),
                problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(at + "pools[1].name: ")), problems.toString());
        assertEquals(4, log.count(LogMessage.FO_CONFIG_REJECTED), "one line per problem for the operator");
    }

    @Test
    void unreadableParametersAndUnusableHostPoolsAreProblemsToo() {
        assertEquals(List.of(TestHost.PARAMETERS_PATH + ": must be an object holding \"failover\", the list of "
                + "relationships"), problems("[]", TestHost.POOLS));
        String syntax = problems("{ \"failover\": ", TestHost.POOLS).get(0);
        assertTrue(syntax.startsWith(TestHost.PARAMETERS_PATH) && syntax.contains(": JSON syntax error at line 1"),
                syntax);

        PoolDescription noLifetime = new PoolDescription("lan", ResourceKind.IPV6_ADDRESS,
                TestHost.address("2001:db8::1"), TestHost.address("2001:db8::ff"), 128, Duration.ZERO, Optional.empty());
        List<String> problems = problems("{}", List.of(noLifetime));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith(TestHost.PARAMETERS_PATH + ": the host's pools cannot be used: "),
                problems.get(0));

        PoolDescription backwards = new PoolDescription("lan", ResourceKind.IPV6_ADDRESS,
                TestHost.address("2001:db8:1::17"), TestHost.address("2001:db8:1::10"), 128, Duration.ofHours(1),
                Optional.empty());
        String parameters = HookPair.parameters("server1", "primary", "server2", "127.0.0.1", 6470, "127.0.0.2", 647)
                .replace(", { \"name\": \"v4\" }, { \"name\": \"pd\" }", "");
        assertEquals(List.of(TestHost.PARAMETERS_PATH + ": the host's pools cannot be used: lan: first "
                + "2001:db8:1::17 is after last 2001:db8:1::10"), problems(parameters, List.of(backwards)));
    }
}
