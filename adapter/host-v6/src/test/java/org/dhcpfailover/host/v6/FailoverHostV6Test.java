package org.dhcpfailover.host.v6;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Arrays;
import org.dhcpfailover.host.hooks.HookLoader;
import org.dhcpfailover.host.launch.HostLauncher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher: arguments, configuration problems (exit 2), start failures (exit 1), a real start and a clean stop. */
class FailoverHostV6Test {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private HostLauncher.Launch<HostV6> launch(String... args) {
        return FailoverHostV6.launch(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC(), HookLoader::start);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path config(String json) throws Exception {
        Path file = dir.resolve("dhcp6.json");
        Files.writeString(file, json);
        return file;
    }

    private static int freePort() throws Exception {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("::1"), 0))) {
            return probe.getLocalPort();
        }
    }

    private static String loopbackConfig(String interfaceName, String address, int port, String store) {
        return """
                {"Dhcp6": {
                  "server-duid": "00:01:00:01:2d:24:bd:00:00:50:56:00:00:01",
                  "listen": {"interface": "%s", "address": "%s", "port": %d},
                  "store-directory": "%s",
                  "pools": [{"name": "lan", "pool": "2001:db8:1::1000 - 2001:db8:1::1fff"}],
                  "pd-pools": [{"name": "pd", "prefix": "2001:db8:100::", "prefix-len": 48, "delegated-len": 56}]
                }}""".formatted(interfaceName, address, port, store);
    }

    @Test
    void helpPrintsTheUsageAndExitsZero() {
        assertEquals(0, launch("--help").exitStatus());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Usage: failover-host-v6 --config FILE"));
    }

    @Test
    void wrongArgumentsExitTwo() {
        assertEquals(2, launch().exitStatus());
        assertTrue(err().contains("failover-host-v6: expected --config FILE, got no arguments"), err());
    }

    @Test
    void everyConfigurationProblemIsPrintedWithItsJsonPathAndNothingStarts() throws Exception {
        Path file = config("""
                {"Dhcp6": {
                  "server-duid": "00:01",
                  "listen": {"interface": "lo", "address": "::1", "port": 70000},
                  "store-directory": "state",
                  "pd-pools": [{"name": "pd", "prefix": "2001:db8:100::", "prefix-len": 48, "delegated-len": 40}]
                }}""");
        HostLauncher.Launch<HostV6> launch = launch("--config", file.toString());
        assertEquals(2, launch.exitStatus());
        assertTrue(launch.host().isEmpty());
        assertTrue(err().contains("Dhcp6.server-duid"), err());
        assertTrue(err().contains("Dhcp6.listen.port"), err());
        assertTrue(err().contains("Dhcp6.pd-pools[0].delegated-len"), err());
        assertFalse(Files.exists(dir.resolve("state")), "nothing was started");
    }

    @Test
    void aDhcp4ConfigurationIsRefused() throws Exception {
        Path file = config("""
                {"Dhcp4": {"server-address": "127.0.0.1", "listen": {"interface": "lo", "address": "127.0.0.1"},
                  "store-directory": "state", "pools": [{"name": "p", "pool": "10.0.0.10 - 10.0.0.20"}]}}""");
        assertEquals(2, launch("--config", file.toString()).exitStatus());
        assertTrue(err().contains("configures a Dhcp4 server; this launcher serves \"Dhcp6\""), err());
    }

    @Test
    void aMissingInterfaceOrAListenAddressTheInterfaceLacksExitsOne() throws Exception {
        Path file = config(loopbackConfig("fo-v6-none0", "::1", freePort(), "state"));
        assertEquals(1, launch("--config", file.toString()).exitStatus());
        assertTrue(err().contains("the listen interface \"fo-v6-none0\" does not exist"), err());
        Path other = config(loopbackConfig("lo", "fd00:99::1", freePort(), "state"));
        assertEquals(1, launch("--config", other.toString()).exitStatus());
        assertTrue(err().contains("has no address fd00:99::1"), err());
    }

    @Test
    void anUnusableStoreDirectoryExitsOne() throws Exception {
        Files.writeString(dir.resolve("taken"), "a file, not a folder");
        Path file = config(loopbackConfig("lo", "::1", freePort(), "taken"));
        assertEquals(1, launch("--config", file.toString()).exitStatus());
        assertTrue(err().contains("cannot use the lease journal"), err());
    }

    @Test
    void aPortInUseExitsOneAndLeavesNothingOpen() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("::"), 0))) {
            Path file = config(loopbackConfig("lo", "::1", taken.getLocalPort(), "state"));
            assertEquals(1, launch("--config", file.toString()).exitStatus());
            assertTrue(err().contains("cannot serve on UDP port " + taken.getLocalPort()), err());
        }
        // the journal was closed again: a second start may open it
        Path file = config(loopbackConfig("lo", "::1", freePort(), "state"));
        HostLauncher.Launch<HostV6> launch = launch("--config", file.toString());
        assertEquals(0, launch.exitStatus(), err());
        launch.host().orElseThrow().close();
    }

    @Test
    void aStartedHostAnswersASolicitOverUdpAndStopsWithoutLeavingAThreadBehind() throws Exception {
        int port = freePort();
        Path file = config(loopbackConfig("lo", "::1", port, "state"));
        HostLauncher.Launch<HostV6> launch = launch("--config", file.toString());
        assertEquals(0, launch.exitStatus(), err());
        HostV6 host = launch.host().orElseThrow();
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("::1"), 0))) {
            client.setSoTimeout(10_000);
            byte[] solicit = V6Packets.message(V6Packets.SOLICIT, 0x0a0b0c, V6Packets.clientId(1),
                    V6Packets.iaNa(1), V6Packets.iaPd(2));
            client.send(new DatagramPacket(solicit, solicit.length, InetAddress.getByName("::1"), port));
            DatagramPacket received = new DatagramPacket(new byte[1500], 1500);
            client.receive(received);
            V6Packets.Reply advertise = V6Packets.Reply.of(Arrays.copyOf(received.getData(), received.getLength()));
            assertEquals(V6Packets.ADVERTISE, advertise.type());
            assertEquals(0x0a0b0c, advertise.transactionId());
            assertEquals(2, advertise.ias().size());
            assertEquals(56, advertise.ias().stream().filter(ia -> ia.code() == V6Packets.IA_PD).findFirst()
                    .orElseThrow().leases().get(0).prefixLength());
        } finally {
            host.close();
        }
        host.awaitStopped();
        // netty completes the loop's termination future on the loop's own thread, just before that
        // thread returns: on a busy machine it may still be alive for a moment, so wait (bounded)
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!t.isDaemon() && t.getName().startsWith("dhcp-server")) {
                t.join(5_000);
            }
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.isAlive() && !t.isDaemon() && t.getName().startsWith("dhcp-server")),
                "netty's event loop ended: the JVM can exit");
        assertTrue(Files.exists(dir.resolve("state").resolve(HostV6.JOURNAL.fileName())));
    }
}
