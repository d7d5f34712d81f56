package org.dhcpfailover.plugin.hook;

import static org.dhcpfailover.plugin.transport.Await.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.dhcpfailover.hook.spi.HookConfigurationException;
import org.dhcpfailover.plugin.endpoint.EndpointState;
import org.dhcpfailover.plugin.endpoint.FileEndpointStateStore;
import org.dhcpfailover.plugin.endpoint.PersistedEndpointState;
import org.dhcpfailover.plugin.log.CatalogLogger;
import org.dhcpfailover.plugin.log.RecordingLogger;
import org.dhcpfailover.plugin.time.AbsoluteTime;
import org.slf4j.event.Level;

/**
 * Two hosts of one failover pair in one JVM, each with its hook, over loopback TCP: the
 * secondary listens on 127.0.0.1 (a free port), the primary's failover address is 127.0.0.2
 * (Linux routes all of 127/8 to the loopback interface). Both share one clock, as two servers
 * with synchronised clocks do.
 */
final class HookPair implements AutoCloseable {
    static final String RELATIONSHIP = "failover-1";

    final MovableClock clock = new MovableClock();
    final RecordingLogger primaryLog = new RecordingLogger(Level.DEBUG);
    final RecordingLogger secondaryLog = new RecordingLogger(Level.DEBUG);
    final TestHost primaryHost;
    final TestHost secondaryHost;
    FailoverHook primary;
    FailoverHook secondary;

    /** The pair's hosts, nothing started; both remember a NORMAL past unless {@code fresh}. */
    HookPair(Path primaryStore, Path secondaryStore, boolean fresh) {
        int port = freePort();
        primaryHost = new TestHost(parameters("server1", "primary", "server2", "127.0.0.1", port, "127.0.0.2", 647),
                primaryStore, TestHost.POOLS, new HostLeaseTable(), clock);
        secondaryHost = new TestHost(parameters("server2", "secondary", "server1", "127.0.0.2", 647, "127.0.0.1", port),
                secondaryStore, TestHost.POOLS, new HostLeaseTable(), clock);
        if (!fresh) {
            rememberNormal(primaryStore);
            rememberNormal(secondaryStore);
        }
    }

    /** Both hooks created and started, secondary first, and both in NORMAL. */
    static HookPair normal(Path primaryStore, Path secondaryStore) throws Exception {
        HookPair pair = new HookPair(primaryStore, secondaryStore, false);
        try {
            pair.startSecondary();
            pair.startPrimary();
            await("both NORMAL", () -> pair.state(pair.primary) == EndpointState.NORMAL
                    && pair.state(pair.secondary) == EndpointState.NORMAL, Duration.ofSeconds(20));
            return pair;
        } catch (Exception | AssertionError e) {
            pair.close();
            throw e;
        }
    }

    void startPrimary() throws Exception {
        primary = create(primaryHost, primaryLog);
        primary.start();
    }

    void startSecondary() throws Exception {
        secondary = create(secondaryHost, secondaryLog);
        secondary.start();
    }

    static FailoverHook create(TestHost host, RecordingLogger log) throws HookConfigurationException {
        return (FailoverHook) new FailoverHookFactory(CatalogLogger.wrap(log)).create(host);
    }

    EndpointState state(FailoverHook hook) {
        return hook.service().status(RELATIONSHIP).state();
    }

    /** The failover parameters of one side: MCLT 30 s, one-second STARTUP, every pool but "other". */
    static String parameters(String self, String role, String partner, String partnerAddress, int partnerPort,
            String listenAddress, int listenPort) {
        return """
                { "failover": [ {
                    "name": "%s", "this-server-name": "%s", "role": "%s",
                    "partner": { "name": "%s", "address": "%s", "port": %d },
                    "listen": { "address": "%s", "port": %d },
                    "mclt": 30, "startup-time": 1,
                    "pools": [ { "name": "lan" }, { "name": "v4" }, { "name": "pd" } ] } ] }
                """.formatted(RELATIONSHIP, self, role, partner, partnerAddress, partnerPort, listenAddress,
                listenPort);
    }

    private static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Both servers remember NORMAL, so they resume COMMUNICATIONS-INTERRUPTED and meet quickly (§8.3.2). */
    private static void rememberNormal(Path hostStore) {
        try {
            Path store = hostStore.resolve(FailoverHook.STORE_FOLDER);
            Files.createDirectories(store);
            long now = AbsoluteTime.fromInstant(java.time.Instant.now());
            FileEndpointStateStore.forRelationship(store, RELATIONSHIP).save(new PersistedEndpointState(
                    EndpointState.NORMAL, now - 100, EndpointState.NORMAL, now - 100, now - 1, true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (primary != null) {
            primary.stop();
        }
        if (secondary != null) {
            secondary.stop();
        }
    }
}
