package org.dhcpfailover.host.v4;

import org.dhcpfailover.host.testing.HookJars;
import org.dhcpfailover.host.launch.HostLauncher;
import static org.dhcp4java.DHCPConstants.DHCPACK;
import static org.dhcp4java.DHCPConstants.DHCPDISCOVER;
import static org.dhcp4java.DHCPConstants.DHCPOFFER;
import static org.dhcp4java.DHCPConstants.DHCPRELEASE;
import static org.dhcp4java.DHCPConstants.DHCPREQUEST;
import static org.dhcp4java.DHCPConstants.DHO_DHCP_LEASE_TIME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.dhcp4java.DHCPPacket;
import org.dhcpfailover.hook.spi.HookFactory;
import org.dhcpfailover.hook.spi.HostLease;
import org.dhcpfailover.host.hooks.HookLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher with a real hook jar loaded by the real {@link HookLoader}: the hook applies a
 * binding to the host's table when it starts, decides every allocation (GRANT, durable only
 * 200 ms later) and hears of the release; the host answers on loopback as the hook decided.
 */
class HostWithHookJarTest {

    private static final String HOOK = """
            package test.v4hook;

            import java.net.InetAddress;
            import java.nio.file.*;
            import java.time.Instant;
            import java.util.*;
            import java.util.concurrent.*;
            import org.dhcpfailover.hook.spi.*;

            public final class GrantingFactory implements HookFactory {
                public int spiVersion() { return %d; }
                public String name() { return "granting"; }
                public Hook create(HookContext context) {
                    Path record = Path.of(field(context.parametersJson(), "record"));
                    return new Hook() {
                        void note(String line) {
                            try { Files.writeString(record, line + "\\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND); }
                            catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); }
                        }
                        public void start() throws Exception {
                            Instant now = context.clock().instant();
                            ClientKey partners = new ClientKey(new byte[] {0, 3, 0, 1, 2, 0, 0, 0, 0, 7}, ResourceKind.IPV4_ADDRESS, 0);
                            context.hostLeases().apply(new HostLease(partners, InetAddress.getByName("10.99.0.160"), 32,
                                    HostLease.State.ACTIVE, now.plusSeconds(900), now.plusSeconds(900), now.plusSeconds(450), now.plusSeconds(700)));
                            note("start family=" + context.family() + " pools=" + context.pools().size());
                        }
                        public void stop() { note("stop"); }
                        public boolean answer(ClientMessage message) { note("answer " + message.type() + " " + message.pool().orElse("-")); return true; }
                        public Optional<LeaseDecision> allocate(LeaseRequest request) {
                            note("allocate " + request.pool() + " commit=" + request.commit());
                            Instant now = context.clock().instant();
                            try {
                                HostLease lease = new HostLease(request.client(), InetAddress.getByName("10.99.0.150"), 32,
                                        HostLease.State.ACTIVE, now.plusSeconds(600), now.plusSeconds(600), now.plusSeconds(300), now.plusSeconds(525));
                                CompletableFuture<Void> durable = new CompletableFuture<>();
                                CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS).execute(() -> durable.complete(null));
                                return Optional.of(new LeaseDecision(LeaseDecision.Outcome.GRANT, Optional.of(lease), durable, "granted"));
                            } catch (java.net.UnknownHostException e) { throw new IllegalStateException(e); }
                        }
                        public void leaseEvent(LeaseEvent event) { note("event " + event.type() + " " + event.lease().address().getHostAddress()); }
                    };
                }
                static String field(String json, String key) {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\"" + key + "\\"\\\\s*:\\\\s*\\"([^\\"]*)\\"").matcher(json);
                    return m.find() ? m.group(1) : null;
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void aLoadedHookDecidesAllocationAppliesBindingsAndHearsOfReleases() throws Exception {
        Path record = dir.resolve("hook.log");
        buildHookJar(dir.resolve("plugins").resolve("granting.jar"));
        int port;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            port = probe.getLocalPort();
        }
        Path config = dir.resolve("dhcp4.json");
        Files.writeString(config, """
                {"Dhcp4": {
                  "server-address": "127.0.0.1",
                  "listen": {"interface": "lo", "address": "127.0.0.1", "port": %d},
                  "plugin-directory": "plugins",
                  "store-directory": "state",
                  "pools": [{"name": "lab", "pool": "10.99.0.100 - 10.99.0.199"}],
                  "hooks-libraries": [{"library": "granting.jar", "parameters": {"record": "%s"}}]
                }}""".formatted(port, record));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        HostLauncher.Launch<HostV4> launch = FailoverHostV4.launch(new String[] {"--config", config.toString()},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC(), HookLoader::start);
        assertEquals(0, launch.exitStatus(), err.toString(StandardCharsets.UTF_8));
        HostV4 host = launch.host().orElseThrow();
        try (DatagramSocket relay = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            relay.setSoTimeout(5000);
            HostLease applied = host.table().leaseAt((Inet4Address) Packets.ip("10.99.0.160")).orElseThrow();
            assertEquals(HostLease.State.ACTIVE, applied.state(), "the hook's binding is in the host's table");

            DHCPPacket offer = exchange(relay, port, Packets.of(DHCPDISCOVER, Packets.mac(1), 1)
                    .relayedBy("127.0.0.1", relay.getLocalPort()).packet());
            assertEquals(DHCPOFFER, offer.getDHCPMessageType());
            assertEquals("10.99.0.150", offer.getYiaddr().getHostAddress(), "the hook's address, not the host's first");
            long started = System.nanoTime();
            DHCPPacket ack = exchange(relay, port, Packets.of(DHCPREQUEST, Packets.mac(1), 2).serverId("127.0.0.1")
                    .requested("10.99.0.150").relayedBy("127.0.0.1", relay.getLocalPort()).packet());
            assertEquals(DHCPACK, ack.getDHCPMessageType());
            assertTrue((System.nanoTime() - started) / 1_000_000 >= 150, "the ACK waited for the hook's durability");
            assertTrue(ack.getOptionAsInteger(DHO_DHCP_LEASE_TIME) >= 599, "the hook's lifetime");
            assertEquals(ClientIdentity.of(Packets.of(DHCPREQUEST, Packets.mac(1), 2).packet()),
                    host.table().leaseAt((Inet4Address) Packets.ip("10.99.0.150")).orElseThrow().client());

            byte[] release = Packets.of(DHCPRELEASE, Packets.mac(1), 3).ciaddr("10.99.0.150").serverId("127.0.0.1")
                    .packet().serialize();
            relay.send(new DatagramPacket(release, release.length, InetAddress.getLoopbackAddress(), port));
            awaitLine(record, "event RELEASED 10.99.0.150");
        } finally {
            host.close();
        }
        List<String> lines = Files.readAllLines(record);
        assertEquals("start family=DHCPV4 pools=1", lines.get(0));
        assertTrue(lines.contains("answer DISCOVER lab"), lines.toString());
        assertTrue(lines.contains("allocate lab commit=false"), lines.toString());
        assertTrue(lines.contains("allocate lab commit=true"), lines.toString());
        assertEquals("stop", lines.get(lines.size() - 1), "the hook is stopped after the server");
    }

    private static DHCPPacket exchange(DatagramSocket relay, int port, DHCPPacket request) throws Exception {
        byte[] bytes = request.serialize();
        relay.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
        DatagramPacket received = new DatagramPacket(new byte[1500], 1500);
        relay.receive(received);
        return DHCPPacket.getPacket(received);
    }

    private static void awaitLine(Path file, String line) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readAllLines(file).contains(line)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no \"" + line + "\" in " + (Files.exists(file) ? Files.readAllLines(file) : "(none)"));
    }

    private void buildHookJar(Path jar) throws Exception {
        HookJars.compile(dir, jar, "test.v4hook.GrantingFactory", HOOK.formatted(HookFactory.SPI_VERSION), true);
    }
}
