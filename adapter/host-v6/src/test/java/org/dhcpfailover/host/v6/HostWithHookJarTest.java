package org.dhcpfailover.host.v6;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.List;

import org.dhcpfailover.hook.spi.HookFactory;
import org.dhcpfailover.hook.spi.HostLease;
import org.dhcpfailover.host.hooks.HookLoader;
import org.dhcpfailover.host.launch.HostLauncher;
import org.dhcpfailover.host.testing.HookJars;
import org.dhcpfailover.host.v6.V6Packets.IaReply;
import org.dhcpfailover.host.v6.V6Packets.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DHCPv6 launcher with a real hook jar from its plugin directory, loaded by the real
 * {@link HookLoader} as the DHCPv4 host loads its hooks: the hook applies a binding to the host's
 * table when it starts, decides every allocation (GRANT of an address and of a /56, a REQUEST's
 * durable only 200 ms later), hears of the release, and is stopped with the host; the host answers
 * over UDP on ::1 as the hook decided.
 */
class HostWithHookJarTest {

    private static final String HOOK = """
            package test.v6hook;

            import java.net.InetAddress;
            import java.nio.file.*;
            import java.time.Instant;
            import java.util.*;
            import java.util.concurrent.*;
            import org.dhcpfailover.hook.spi.*;

            public final class GrantingFactory implements HookFactory {
                public int spiVersion() { return %d; }
                public String name() { return "granting-v6"; }
                public Hook create(HookContext context) {
                    Path record = Path.of(context.parametersJson().replaceAll("(?s).*\\"record\\"\\\\s*:\\\\s*\\"([^\\"]*)\\".*", "$1"));
                    return new Hook() {
                        synchronized void note(String line) {
                            try { Files.writeString(record, line + "\\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND); }
                            catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); }
                        }
                        public void start() throws Exception {
                            Instant now = context.clock().instant();
                            ClientKey partners = new ClientKey(new byte[] {0, 3, 0, 1, 2, 0, 0, 0, 0, 7}, ResourceKind.IPV6_PREFIX, 4);
                            context.hostLeases().apply(new HostLease(partners, InetAddress.getByName("2001:db8:100:7700::"), 56,
                                    HostLease.State.ACTIVE, now.plusSeconds(900), now.plusSeconds(600), now.plusSeconds(300), now.plusSeconds(480)));
                            note("start family=" + context.family() + " pools=" + context.pools().size());
                        }
                        public void stop() { note("stop"); }
                        public boolean answer(ClientMessage message) {
                            note("answer " + message.type() + " " + message.pool().orElse("-") + " us=" + message.addressedToUs());
                            return true;
                        }
                        public Optional<LeaseDecision> allocate(LeaseRequest request) {
                            note("allocate " + request.client().kind() + " " + request.pool() + " commit=" + request.commit());
                            Instant now = context.clock().instant();
                            boolean prefix = request.client().kind() == ResourceKind.IPV6_PREFIX;
                            try {
                                HostLease lease = new HostLease(request.client(),
                                        InetAddress.getByName(prefix ? "2001:db8:100:ab00::" : "2001:db8:1::1abc"), prefix ? 56 : 128,
                                        HostLease.State.ACTIVE, now.plusSeconds(300), now.plusSeconds(200), now.plusSeconds(100), now.plusSeconds(160));
                                CompletableFuture<Void> durable = new CompletableFuture<>();
                                if (request.commit()) {
                                    CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS).execute(() -> durable.complete(null));
                                } else {
                                    durable.complete(null);
                                }
                                return Optional.of(new LeaseDecision(LeaseDecision.Outcome.GRANT, Optional.of(lease), durable, "granted"));
                            } catch (java.net.UnknownHostException e) { throw new IllegalStateException(e); }
                        }
                        public void leaseEvent(LeaseEvent event) { note("event " + event.type() + " " + event.lease().address().getHostAddress()); }
                    };
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void aLoadedHookDecidesAddressesAndPrefixesAppliesBindingsAndHearsOfReleases() throws Exception {
        Path record = dir.resolve("hook.log");
        HookJars.compile(dir, dir.resolve("plugins").resolve("granting.jar"), "test.v6hook.GrantingFactory",
                HOOK.formatted(HookFactory.SPI_VERSION), true);
        int port;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("::1"), 0))) {
            port = probe.getLocalPort();
        }
        Path config = dir.resolve("dhcp6.json");
        Files.writeString(config, """
                {"Dhcp6": {
                  "server-duid": "00:01:00:01:2d:24:bd:00:00:50:56:00:00:01",
                  "listen": {"interface": "lo", "address": "::1", "port": %d},
                  "plugin-directory": "plugins",
                  "store-directory": "state",
                  "pools": [{"name": "lan", "pool": "2001:db8:1::1000 - 2001:db8:1::1fff"}],
                  "pd-pools": [{"name": "pd", "prefix": "2001:db8:100::", "prefix-len": 48, "delegated-len": 56}],
                  "hooks-libraries": [{"library": "granting.jar", "parameters": {"record": "%s"}}]
                }}""".formatted(port, record));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        HostLauncher.Launch<HostV6> launch = FailoverHostV6.launch(new String[] {"--config", config.toString()},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC(), HookLoader::start);
        assertEquals(0, launch.exitStatus(), err.toString(StandardCharsets.UTF_8));
        HostV6 host = launch.host().orElseThrow();
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("::1"), 0))) {
            client.setSoTimeout(10_000);
            HostLease applied = host.table().leaseAt(InetAddress.getByName("2001:db8:100:7700::"), 56).orElseThrow();
            assertEquals(HostLease.State.ACTIVE, applied.state(), "the hook's binding is in the host's table");

            byte[] ias = V6Packets.concat(V6Packets.iaNa(1), V6Packets.iaPd(2));
            Reply advertise = exchange(client, port, V6Packets.message(V6Packets.SOLICIT, 1, V6Packets.clientId(5), ias));
            assertEquals(V6Packets.ADVERTISE, advertise.type());
            Reply reply = exchange(client, port, V6Packets.message(V6Packets.REQUEST, 2, V6Packets.clientId(5),
                    V6Packets.serverId(V6Fixture.SERVER_DUID), ias));
            assertEquals(V6Packets.REPLY, reply.type());
            IaReply na = reply.ias().get(0);
            IaReply pd = reply.ias().get(1);
            assertEquals(InetAddress.getByName("2001:db8:1::1abc"), na.leases().get(0).address());
            assertEquals(InetAddress.getByName("2001:db8:100:ab00::"), pd.leases().get(0).address());
            assertEquals(56, pd.leases().get(0).prefixLength());
            long valid = na.leases().get(0).valid();
            assertTrue(valid <= 300 && valid > 200 && na.leases().get(0).preferred() <= 200 && na.t1() <= 100
                    && na.t2() <= 160 && na.t1() < na.t2(), "the hook's lifetimes, not the pool's 7200 / 3600: " + na);

            Reply released = exchange(client, port, V6Packets.message(V6Packets.RELEASE, 3, V6Packets.clientId(5),
                    V6Packets.serverId(V6Fixture.SERVER_DUID), V6Packets.iaNa(1, V6Packets.iaAddr("2001:db8:1::1abc", 0, 0))));
            assertEquals(IaCodec.SUCCESS, (int) released.status());
        } finally {
            host.close();
        }
        List<String> lines = Files.readAllLines(record);
        assertEquals("start family=DHCPV6 pools=2", lines.get(0));
        assertTrue(lines.contains("answer DISCOVER lan us=false"), lines.toString());
        assertTrue(lines.contains("allocate IPV6_ADDRESS lan commit=false"), lines.toString());
        assertTrue(lines.contains("allocate IPV6_PREFIX pd commit=true"), lines.toString());
        assertTrue(lines.contains("answer REQUEST lan us=true"), lines.toString());
        assertTrue(lines.contains("event RELEASED 2001:db8:1:0:0:0:0:1abc"), lines.toString());
        assertEquals("stop", lines.get(lines.size() - 1), "stopped after the server: nothing called it afterwards");
    }

    private static Reply exchange(DatagramSocket client, int port, byte[] message) throws Exception {
        client.send(new DatagramPacket(message, message.length, InetAddress.getByName("::1"), port));
        DatagramPacket received = new DatagramPacket(new byte[1500], 1500);
        client.receive(received);
        return Reply.of(Arrays.copyOf(received.getData(), received.getLength()));
    }

}
