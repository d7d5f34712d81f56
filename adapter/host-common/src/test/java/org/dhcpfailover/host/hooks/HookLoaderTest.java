package org.dhcpfailover.host.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.dhcpfailover.hook.spi.ClientKey;
import org.dhcpfailover.hook.spi.ClientMessage;
import org.dhcpfailover.hook.spi.HookFactory;
import org.dhcpfailover.hook.spi.HostLease;
import org.dhcpfailover.hook.spi.HostLeases;
import org.dhcpfailover.hook.spi.LeaseDecision;
import org.dhcpfailover.hook.spi.LeaseEvent;
import org.dhcpfailover.hook.spi.LeaseRequest;
import org.dhcpfailover.hook.spi.ResourceKind;
import org.dhcpfailover.host.config.HostConfiguration;
import org.dhcpfailover.host.config.HostConfigurationLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin loader as a host uses it (HOSTS.md §4): real jars, built at test time, in a plugin directory. */
class HookLoaderTest {

    @TempDir
    Path dir;

    private final HostLeases noLeases = new HostLeases() {
        final Map<InetAddress, HostLease> table = new ConcurrentHashMap<>();

        @Override
        public void apply(HostLease lease) {
            table.put(lease.address(), lease);
        }

        @Override
        public void forEach(Consumer<HostLease> each) {
            table.values().forEach(each);
        }
    };

    private HostConfiguration config(String... libraries) {
        String json = """
                { "Dhcp4": {
                    "server-address": "10.99.0.1",
                    "listen": { "interface": "lo", "address": "127.0.0.1", "port": 1067 },
                    "plugin-directory": "plugins",
                    "store-directory": "state",
                    "pools": [ { "name": "v4-pool", "pool": "10.99.0.100 - 10.99.0.199" } ],
                    "hooks-libraries": [ %s ]
                } }
                """.formatted(String.join(",", libraries));
        return HostConfigurationLoader.parse(json, dir).orElseThrow();
    }

    private String library(String jar, String parameters) {
        return "{ \"library\": \"" + jar + "\", \"parameters\": " + parameters + " }";
    }

    private Path record() {
        return dir.resolve("record.txt");
    }

    private String params(String id, String extra) {
        return "{ \"id\": \"" + id + "\", \"record\": \"" + record() + "\"" + extra + " }";
    }

    private void hookJar(String name, int spiVersion, boolean serviceEntry) throws Exception {
        Files.createDirectories(dir.resolve("plugins"));
        Path jar = TestHookJars.recordingHook(dir.resolve("build"), name, spiVersion, serviceEntry);
        Files.move(Files.createDirectories(dir.resolve("build")).resolve(name), dir.resolve("plugins").resolve(name));
        assertTrue(Files.exists(dir.resolve("plugins").resolve(name)), jar.toString());
    }

    private LoadedHooks start(HostConfiguration config) throws HookLoadException {
        return HookLoader.start(config, noLeases, Clock.systemUTC(), Set.of("org.dhcp4java."));
    }

    private static ClientMessage discover() {
        return new ClientMessage(ClientMessage.MessageType.DISCOVER, Optional.of("v4-pool"), new byte[] {0, 3, 0, 1, 1, 2, 3, 4, 5, 6},
                false, false);
    }

    private static LeaseRequest request(String pool) {
        return new LeaseRequest(new ClientKey(new byte[] {0, 3, 0, 1, 1, 2, 3, 4, 5, 6}, ResourceKind.IPV4_ADDRESS, 0),
                pool, Optional.empty(), Duration.ofHours(1), Duration.ofHours(1), true);
    }

    @Test
    void loadsEachJarInItsOwnLoaderStartsInOrderStopsInReverse() throws Exception {
        hookJar("a.jar", HookFactory.SPI_VERSION, true);
        hookJar("b.jar", HookFactory.SPI_VERSION, true);
        try (LoadedHooks hooks = start(config(library("a.jar", params("A", "")), library("b.jar",
                params("B", ", \"pool\": \"v4-pool\""))))) {
            assertEquals(List.of("a.jar", "b.jar"), hooks.names());
            assertTrue(hooks.answer(discover()));
            Optional<LeaseDecision> decision = hooks.allocate(request("v4-pool"));
            assertEquals(LeaseDecision.Outcome.NO_LEASE, decision.orElseThrow().outcome());
            assertEquals("decided by B", decision.orElseThrow().reason());
            assertTrue(hooks.allocate(request("other")).isEmpty(), "no hook decides: the host allocates");
        }
        List<String> lines = TestHookJars.lines(record());
        assertEquals("start A pools=1 family=DHCPV4 tccl=true hostVisible=false spiShared=true", lines.get(0));
        assertEquals("start B pools=1 family=DHCPV4 tccl=true hostVisible=false spiShared=true", lines.get(1));
        assertEquals(List.of("stop B", "stop A"), lines.subList(lines.size() - 2, lines.size()));
        assertTrue(lines.containsAll(List.of("answer A", "answer B", "allocate A v4-pool", "allocate B v4-pool")));
    }

    @Test
    void aMissingJarIsNamedWithItsPath() {
        HookLoadException e = assertThrows(HookLoadException.class,
                () -> start(config(library("absent.jar", "{}"))));
        assertEquals(1, e.problems().size());
        String problem = e.problems().get(0);
        assertTrue(problem.startsWith("Dhcp4.hooks-libraries[0].library: no hook library \"absent.jar\""), problem);
        assertTrue(problem.contains(dir.resolve("plugins").resolve("absent.jar").toString()), problem);
    }

    @Test
    void aFileThatIsNotAJarIsRefused() throws Exception {
        Files.createDirectories(dir.resolve("plugins"));
        TestHookJars.notAJar(dir.resolve("plugins"), "broken.jar");
        HookLoadException e = assertThrows(HookLoadException.class, () -> start(config(library("broken.jar", "{}"))));
        assertTrue(e.problems().get(0).contains("is not a readable jar"), e.problems().toString());
    }

    @Test
    void aJarWithoutFactoryIsNotAHookLibrary() throws Exception {
        hookJar("plain.jar", HookFactory.SPI_VERSION, false);
        HookLoadException e = assertThrows(HookLoadException.class, () -> start(config(library("plain.jar", "{}"))));
        assertTrue(e.problems().get(0).contains("is not a hook library: it holds no META-INF/services/"
                + HookFactory.class.getName()), e.problems().toString());
    }

    @Test
    void anSpiVersionMismatchIsRefusedWithBothVersions() throws Exception {
        hookJar("old.jar", HookFactory.SPI_VERSION + 41, true);
        HookLoadException e = assertThrows(HookLoadException.class, () -> start(config(library("old.jar", "{}"))));
        assertTrue(e.problems().get(0).contains("was built for hook SPI version " + (HookFactory.SPI_VERSION + 41)
                + ", but this host speaks version " + HookFactory.SPI_VERSION), e.problems().toString());
    }

    @Test
    void everyLibrarysProblemsAreReportedAndNothingStarts() throws Exception {
        hookJar("a.jar", HookFactory.SPI_VERSION, true);
        HookLoadException e = assertThrows(HookLoadException.class, () -> start(config(
                library("a.jar", params("A", ", \"invalid\": \"mclt must be at least 30\"")),
                library("absent.jar", "{}"),
                library("a.jar", params("C", ", \"fail\": \"create\"")))));
        assertEquals(3, e.problems().size(), e.problems().toString());
        assertEquals("Dhcp4.hooks-libraries[0].parameters.invalid: mclt must be at least 30", e.problems().get(0));
        assertTrue(e.problems().get(1).startsWith("Dhcp4.hooks-libraries[1].library"), e.problems().toString());
        assertTrue(e.problems().get(2).startsWith("Dhcp4.hooks-libraries[2].parameters: hook library a.jar failed to"
                + " read its parameters: IllegalStateException: create failed on purpose"), e.problems().toString());
        assertEquals(List.of(), TestHookJars.lines(record()), "nothing started");
    }

    @Test
    void aHookThatFailsToStartStopsThoseAlreadyStarted() throws Exception {
        hookJar("a.jar", HookFactory.SPI_VERSION, true);
        HookLoadException e = assertThrows(HookLoadException.class, () -> start(config(
                library("a.jar", params("A", "")), library("a.jar", params("B", ", \"fail\": \"start\"")),
                library("a.jar", params("C", "")))));
        assertEquals(List.of("hook library a.jar failed to start: IllegalStateException: start failed on purpose"),
                e.problems());
        List<String> lines = TestHookJars.lines(record());
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("start A") && lines.get(1).startsWith("start B"), lines.toString());
        assertEquals("stop A", lines.get(2), "A stopped, C never started");
    }

    @Test
    void aHooksExceptionNeverReachesTheHost() throws Exception {
        hookJar("a.jar", HookFactory.SPI_VERSION, true);
        try (LoadedHooks hooks = start(config(library("a.jar", params("A", ", \"fail\": \"answer\"")),
                library("a.jar", params("B", ", \"fail\": \"leaseEvent\""))))) {
            assertFalse(hooks.answer(discover()), "a failing hook means: do not answer");
            assertFalse(hooks.answer(discover()));
            assertEquals(2, hooks.failures("a.jar", "answer"));
            LeaseEvent released = new LeaseEvent(LeaseEvent.Type.RELEASED, new HostLease(request("v4-pool").client(),
                    InetAddress.getByName("10.99.0.100"), 32, HostLease.State.FREE, Instant.EPOCH, Instant.EPOCH,
                    Instant.EPOCH, Instant.EPOCH));
            hooks.leaseEvent(released);
            assertEquals(1, hooks.failures("a.jar", "leaseEvent"));
        }
        assertTrue(TestHookJars.lines(record()).contains("event A RELEASED"), "the first hook still heard the event");
    }

    @Test
    void allocateOfAFailingHookIsSilent() throws Exception {
        hookJar("a.jar", HookFactory.SPI_VERSION, true);
        try (LoadedHooks hooks = start(config(library("a.jar", params("A", ", \"fail\": \"allocate\""))))) {
            assertEquals(LeaseDecision.Outcome.SILENT, hooks.allocate(request("v4-pool")).orElseThrow().outcome());
        }
    }

    @Test
    void noHooksConfiguredMeansAPlainServer() throws Exception {
        try (LoadedHooks hooks = start(config())) {
            assertTrue(hooks.isEmpty());
            assertTrue(hooks.answer(discover()));
            assertTrue(hooks.allocate(request("v4-pool")).isEmpty());
        }
    }

    @Test
    void aFailureWhileStoppingDoesNotKeepTheOthersRunning() throws Exception {
        hookJar("a.jar", HookFactory.SPI_VERSION, true);
        LoadedHooks hooks = start(config(library("a.jar", params("A", "")),
                library("a.jar", params("B", ", \"fail\": \"stop\""))));
        hooks.close();
        hooks.close();
        List<String> lines = TestHookJars.lines(record());
        assertEquals(List.of("stop B", "stop A"), lines.subList(2, lines.size()), "each stopped once, in reverse");
    }
}
