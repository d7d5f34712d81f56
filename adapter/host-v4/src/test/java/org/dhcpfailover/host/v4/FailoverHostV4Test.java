package org.dhcpfailover.host.v4;

import org.dhcpfailover.host.launch.HostLauncher;
import org.dhcpfailover.host.hooks.HookStarter;
import static org.dhcp4java.DHCPConstants.DHCPDISCOVER;
import static org.dhcp4java.DHCPConstants.DHCPOFFER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.dhcp4java.DHCPPacket;
import org.dhcpfailover.hook.spi.HostLeases;
import org.dhcpfailover.host.hooks.HookLoadException;
import org.dhcpfailover.host.hooks.HookLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher: arguments, configuration and hook problems (exit 2, nothing started), a clean stop. */
class FailoverHostV4Test {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private HostLauncher.Launch<HostV4> launch(HookStarter hooks, String... args) {
        return FailoverHostV4.launch(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC(), hooks);
    }

    private HostLauncher.Launch<HostV4> launch(String... args) {
        return launch(HookLoader::start, args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path config(String json) throws Exception {
        Path file = dir.resolve("dhcp4.json");
        Files.writeString(file, json);
        return file;
    }

    /** A free UDP port on loopback (bound and released; the test binds it again at once). */
    private static int freePort() throws Exception {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return probe.getLocalPort();
        }
    }

    private static String loopbackConfig(int port, String hooks) {
        return """
                {"Dhcp4": {
                  "server-address": "127.0.0.1",
                  "listen": {"interface": "lo", "address": "127.0.0.1", "port": %d},
                  "store-directory": "state",
                  "valid-lifetime": 600,
                  "pools": [{"name": "lab", "pool": "10.99.0.100 - 10.99.0.199"}],
                  "hooks-libraries": [%s]
                }}""".formatted(port, hooks);
    }

    @Test
    void helpPrintsTheUsageAndExitsZero() {
        HostLauncher.Launch<HostV4> launch = launch("--help");
        assertEquals(0, launch.exitStatus());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Usage: failover-host-v4 --config FILE"));
    }

    @Test
    void wrongArgumentsExitTwoWithTheUsage() {
        assertEquals(2, launch().exitStatus());
        assertTrue(err().contains("expected --config FILE, got no arguments"), err());
        assertEquals(2, launch("--conf", "x.json").exitStatus());
    }

    @Test
    void aMissingConfigurationFileExitsTwo() {
        assertEquals(2, launch("--config", dir.resolve("nope.json").toString()).exitStatus());
        assertTrue(err().contains("does not exist"), err());
    }

    @Test
    void everyConfigurationProblemIsPrintedWithItsJsonPathAndNothingStarts() throws Exception {
        Path file = config("""
                {"Dhcp4": {
                  "server-address": "10.99.0.300",
                  "listen": {"interface": "lo", "address": "127.0.0.1", "port": 70000},
                  "store-directory": "state",
                  "pools": [{"name": "a", "pool": "10.99.0.200 - 10.99.0.100"}]
                }}""");
        HostLauncher.Launch<HostV4> launch = launch("--config", file.toString());
        assertEquals(2, launch.exitStatus());
        assertTrue(launch.host().isEmpty());
        String printed = err();
        assertTrue(printed.contains("Dhcp4.server-address: "), printed);
        assertTrue(printed.contains("Dhcp4.listen.port: "), printed);
        assertTrue(printed.contains("Dhcp4.pools[0].pool: "), printed);
        assertTrue(printed.contains("has 3 problem(s); nothing was started"), printed);
        assertFalse(Files.exists(dir.resolve("state")), "no store directory: nothing was started");
    }

    @Test
    void aDhcp6ConfigurationIsRefused() throws Exception {
        Path file = config("""
                {"Dhcp6": {
                  "server-duid": "00:01:00:01:2d:24:bd:00:00:50:56:00:00:01",
                  "listen": {"interface": "lo", "address": "::1"},
                  "store-directory": "state"
                }}""");
        assertEquals(2, launch("--config", file.toString()).exitStatus());
        assertTrue(err().contains("configures a Dhcp6 server; this launcher serves \"Dhcp4\""), err());
    }

    @Test
    void hookLibraryProblemsArePrintedExitTwoAndTheServerIsNotStarted() throws Exception {
        int port = freePort();
        Path file = config(loopbackConfig(port, """
                {"library": "failover.jar", "parameters": {"failover": []}}"""));
        AtomicReference<HostLeases> handed = new AtomicReference<>();
        HostLauncher.Launch<HostV4> launch = launch((config, leases, clock, packages) -> {
            handed.set(leases);
            assertEquals(java.util.Set.of("org.dhcp4java."), packages);
            throw new HookLoadException(List.of("Dhcp4.hooks-libraries[0].parameters.failover: must not be empty"));
        }, "--config", file.toString());
        assertEquals(2, launch.exitStatus());
        assertTrue(err().contains("  Dhcp4.hooks-libraries[0].parameters.failover: must not be empty"), err());
        assertTrue(handed.get() != null, "the hooks were given the host's lease table");
        try (DatagramSocket same = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            assertEquals(port, same.getLocalPort(), "the DHCP port was never bound");
        }
    }

    @Test
    void aPortInUseExitsOneWithTheReason() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Path file = config(loopbackConfig(taken.getLocalPort(), ""));
            HostLauncher.Launch<HostV4> launch = launch("--config", file.toString());
            assertEquals(1, launch.exitStatus());
            assertTrue(err().contains("cannot start: cannot serve on 127.0.0.1:" + taken.getLocalPort()), err());
        }
    }

    @Test
    void aStartedHostAnswersARelayOnLoopbackAndStopsWithoutLeavingThreads() throws Exception {
        int port = freePort();
        Path file = config(loopbackConfig(port, ""));
        HostLauncher.Launch<HostV4> launch = launch("--config", file.toString());
        assertEquals(0, launch.exitStatus(), err());
        HostV4 host = launch.host().orElseThrow();
        try (DatagramSocket relay = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            relay.setSoTimeout(5000);
            DHCPPacket discover = Packets.of(DHCPDISCOVER, Packets.mac(1), 42).relayedBy("127.0.0.1", relay.getLocalPort()).packet();
            byte[] bytes = discover.serialize();
            relay.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
            DatagramPacket received = new DatagramPacket(new byte[1500], 1500);
            relay.receive(received); // the reply comes to the relay's own port (RFC 8357), not 67
            DHCPPacket offer = DHCPPacket.getPacket(received);
            assertEquals(DHCPOFFER, offer.getDHCPMessageType());
            assertEquals(42, offer.getXid());
            assertEquals("10.99.0.100", offer.getYiaddr().getHostAddress());
        } finally {
            host.close();
        }
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && !thread.isDaemon() && thread.getName().startsWith("DHCPCoreServer")) {
                fail("dhcp4java worker left running after close: " + thread.getName());
            }
        }
        assertTrue(Files.exists(dir.resolve("state").resolve(HostV4.JOURNAL.fileName())));
    }

    @Test
    void aWildcardListenAddressBindsTheInterfacesOwnAddress() throws Exception {
        java.net.Inet4Address loopback = (java.net.Inet4Address) InetAddress.getByName("127.0.0.1");
        java.net.Inet4Address any = (java.net.Inet4Address) InetAddress.getByName("0.0.0.0");
        HostV4.Bound bound = HostV4.bind("lo", any, (java.net.Inet4Address) InetAddress.getByName("10.99.0.1"));
        assertEquals(loopback, bound.address(), "no 10.99.0.1 on lo: its first IPv4 address");
        assertEquals(8, bound.subnet().prefixLength());
        assertEquals(loopback, HostV4.bind("lo", loopback, loopback).address());
        HostLauncher.StartException missing = org.junit.jupiter.api.Assertions.assertThrows(HostLauncher.StartException.class,
                () -> HostV4.bind("lo", (java.net.Inet4Address) InetAddress.getByName("10.99.0.1"), loopback));
        assertTrue(missing.getMessage().contains("has no address 10.99.0.1"), missing.getMessage());
        HostLauncher.StartException noSuch = org.junit.jupiter.api.Assertions.assertThrows(HostLauncher.StartException.class,
                () -> HostV4.bind("fo-v4-none0", any, loopback));
        assertTrue(noSuch.getMessage().contains("\"fo-v4-none0\" does not exist"), noSuch.getMessage());
    }

    @Test
    void theHostHandsDhcp4javaEveryKeySoNoPropertiesFileDecides() {
        java.util.Properties properties = HostV4.properties(new InetSocketAddress(InetAddress.getLoopbackAddress(), 1067));
        assertEquals("127.0.0.1:1067", properties.getProperty("serverAddress"));
        assertEquals(java.util.Set.of("serverAddress", "serverThreads", "serverThreadsMax", "serverThreadsKeepalive"),
                properties.stringPropertyNames());
    }
}
