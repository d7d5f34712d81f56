package org.dhcpfailover.plugin.service;

import static org.dhcpfailover.plugin.transport.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dhcpfailover.plugin.config.FailoverParameters;
import org.dhcpfailover.plugin.config.RelationshipConfig;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.endpoint.EndpointState;
import org.dhcpfailover.plugin.endpoint.FailoverMessages;
import org.dhcpfailover.plugin.endpoint.FileEndpointStateStore;
import org.dhcpfailover.plugin.endpoint.PersistedEndpointState;
import org.dhcpfailover.plugin.log.CatalogLogger;
import org.dhcpfailover.plugin.log.RecordingLogger;
import org.dhcpfailover.plugin.time.AbsoluteTime;
import org.dhcpfailover.plugin.transport.TransportSettings;
import org.dhcpfailover.plugin.wire.DecodeException;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.FailoverMessageDecoder;
import org.dhcpfailover.plugin.wire.FailoverMessageEncoder;
import org.dhcpfailover.plugin.wire.Frames;
import org.dhcpfailover.plugin.wire.MessageType;
import org.dhcpfailover.plugin.wire.OptionCode;
import org.dhcpfailover.plugin.wire.StatusCodeOption;
import org.junit.jupiter.api.AfterEach;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dhcpfailover.plugin.allocation.AllocationResult;
import org.dhcpfailover.plugin.allocation.PoolSet;
import org.dhcpfailover.plugin.allocation.PoolSpec;
import org.dhcpfailover.plugin.config.PoolKind;
import org.dhcpfailover.plugin.store.StoreSettings;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.IaType;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.binding.PartnerSync;
import org.dhcpfailover.plugin.sync.LeaseLedger;
import org.dhcpfailover.plugin.sync.SyncStatus;
import org.dhcpfailover.plugin.wire.Ipv6Address;
import org.dhcpfailover.plugin.wire.OctetString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/**
 * Two failover servers in one JVM over real loopback TCP (RFC 8156 §6): reaching NORMAL, a cut
 * connection and reconnection, a partner that goes silent, refusals, a restarted secondary, and
 * one server with two partners. The secondary listens on 127.0.0.1; the primary's failover
 * address is 127.0.0.2 (Linux routes all of 127/8 to the loopback interface).
 */
@Timeout(60)
class FailoverServiceTest {

    private static final InetAddress SECONDARY_IP = address("127.0.0.1");
    private static final InetAddress PRIMARY_IP = address("127.0.0.2");
    private static final InetAddress PROXY_IP = address("127.0.0.3");
    private static final Duration KEEPALIVE = Duration.ofSeconds(4);

    @TempDir
    Path primaryStore;
    @TempDir
    Path secondaryStore;

    private final RecordingLogger primaryLog = new RecordingLogger(Level.DEBUG);
    private final RecordingLogger secondaryLog = new RecordingLogger(Level.DEBUG);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RelationshipConfig relationship(String name, Role role, InetSocketAddress partner,
            InetSocketAddress listen) {
        return new RelationshipConfig(name, role == Role.PRIMARY ? "server1" : "server2", role,
                role == Role.PRIMARY ? "server2" : "server1", partner, listen, Duration.ofSeconds(60), 10,
                KEEPALIVE, Duration.ofSeconds(2), Optional.empty(), List.of());
    }

    private static TransportSettings quickTransport() {
        return TransportSettings.defaults()
                .withReconnect(Duration.ofMillis(100), Duration.ofMillis(400))
                .withConnectTimeout(Duration.ofSeconds(2));
    }

    /** Both servers remember a NORMAL past, so they resume COMMUNICATIONS-INTERRUPTED and meet quickly. */
    private static void rememberNormal(Path store, String relationship) throws IOException {
        long now = AbsoluteTime.fromInstant(Clock.systemUTC().instant());
        FileEndpointStateStore.forRelationship(store, relationship).save(new PersistedEndpointState(
                EndpointState.NORMAL, now - 100, EndpointState.NORMAL, now - 100, now - 1, true));
    }

    private FailoverService start(Path store, RecordingLogger log, RelationshipConfig... relationships)
            throws IOException {
        FailoverService service = FailoverService.start(new FailoverParameters(List.of(relationships)), store,
                Clock.systemUTC(), quickTransport(), CatalogLogger.wrap(log));
        toClose.add(0, service);
        return service;
    }

    private FailoverService secondary(String name, int port) throws IOException {
        return start(secondaryStore, secondaryLog, relationship(name, Role.SECONDARY,
                new InetSocketAddress(PRIMARY_IP, 647), new InetSocketAddress(SECONDARY_IP, port)));
    }

    private FailoverService primary(String name, InetSocketAddress secondary) throws IOException {
        return start(primaryStore, primaryLog, relationship(name, Role.PRIMARY, secondary,
                new InetSocketAddress(PRIMARY_IP, 647)));
    }

    private static boolean inState(FailoverService service, EndpointState state) {
        return service.status("failover-1").state() == state;
    }

    private static boolean logged(RecordingLogger log, String prefix) {
        return log.lines.stream().anyMatch(line -> line.text().startsWith(prefix));
    }

    private record Pair(FailoverService primary, FailoverService secondary, TcpProxy proxy) {
    }

    private Pair normalPairThroughProxy() throws IOException {
        rememberNormal(primaryStore, "failover-1");
        rememberNormal(secondaryStore, "failover-1");
        FailoverService secondary = secondary("failover-1", 0);
        TcpProxy proxy = new TcpProxy(PROXY_IP, secondary.boundAddress("failover-1"), PRIMARY_IP);
        toClose.add(proxy);
        FailoverService primary = primary("failover-1", proxy.address());
        await("both NORMAL", () -> inState(primary, EndpointState.NORMAL) && inState(secondary, EndpointState.NORMAL),
                Duration.ofSeconds(20));
        return new Pair(primary, secondary, proxy);
    }

    private record DirectPair(FailoverService primary, FailoverService secondary, int port) {
    }

    /**
     * A pair that remembers NORMAL, in NORMAL, the primary connecting straight to the
     * secondary's port, so that a restarted secondary can listen on it again.
     */
    private DirectPair normalPairDirect() throws IOException {
        rememberNormal(primaryStore, "failover-1");
        rememberNormal(secondaryStore, "failover-1");
        FailoverService secondary = secondary("failover-1", 0);
        int port = secondary.boundAddress("failover-1").getPort();
        FailoverService primary = primary("failover-1", new InetSocketAddress(SECONDARY_IP, port));
        await("NORMAL", () -> inState(primary, EndpointState.NORMAL) && inState(secondary, EndpointState.NORMAL),
                Duration.ofSeconds(20));
        return new DirectPair(primary, secondary, port);
    }

    @Test
    void aPairConnectsAndReachesNormal_rfc8156_6_1_and_8_8() throws IOException {
        Pair pair = normalPairThroughProxy();

        assertTrue(pair.primary().status("failover-1").communicationsOk());
        assertEquals(EndpointState.NORMAL, pair.primary().status("failover-1").partnerState());
        assertTrue(logged(primaryLog, "FO_COMMUNICATIONS_OK failover-1: communications with partner"));
        assertTrue(logged(secondaryLog, "FO_STATE_CHANGED failover-1: state COMMUNICATIONS_INTERRUPTED -> NORMAL"));
        assertTrue(Files.exists(primaryStore.resolve("endpoint-failover-1.state")), "§8.2 state on stable storage");
    }

    @Test
    void aCutConnectionInterruptsBothAndTheyReturnToNormal_rfc8156_figure8() throws IOException {
        Pair pair = normalPairThroughProxy();

        pair.proxy().cutAndRefuse();
        await("both COMMUNICATIONS-INTERRUPTED",
                () -> inState(pair.primary(), EndpointState.COMMUNICATIONS_INTERRUPTED)
                        && inState(pair.secondary(), EndpointState.COMMUNICATIONS_INTERRUPTED),
                Duration.ofSeconds(15));
        pair.proxy().resume();

        await("both NORMAL again without operator action",
                () -> inState(pair.primary(), EndpointState.NORMAL) && inState(pair.secondary(), EndpointState.NORMAL),
                Duration.ofSeconds(20));
    }

    @Test
    void aPartnerThatGoesSilentIsDetectedByTheKeepalive_rfc8156_6_6() throws IOException {
        Pair pair = normalPairThroughProxy();
        long frozeAt = System.nanoTime();

        pair.proxy().freeze();
        await("both declare the connection dead",
                () -> inState(pair.primary(), EndpointState.COMMUNICATIONS_INTERRUPTED)
                        && inState(pair.secondary(), EndpointState.COMMUNICATIONS_INTERRUPTED),
                Duration.ofSeconds(30));

        double seconds = (System.nanoTime() - frozeAt) / 1e9;
        System.out.printf("silent partner detected after %.1f s (keepalive %d s)%n", seconds, KEEPALIVE.toSeconds());
        // Whichever keepalive timer runs out first closes the connection; the other side then sees the close.
        String expired = "FO_KEEPALIVE_EXPIRED failover-1: nothing received from partner";
        assertTrue(logged(primaryLog, expired) || logged(secondaryLog, expired));
    }

    @Test
    void anUnknownRelationshipNameIsRefusedWithConfigurationConflict_decisionA19() throws IOException {
        FailoverService secondary = secondary("failover-2", 0);
        primary("failover-1", secondary.boundAddress("failover-2"));

        await("the primary hears the refusal", () -> logged(primaryLog,
                "FO_CONNECT_REFUSED_BY_PARTNER failover-1: partner 127.0.0.1:"), Duration.ofSeconds(15));
        String line = primaryLog.lines.stream().map(RecordingLogger.Line::text)
                .filter(text -> text.startsWith("FO_CONNECT_REFUSED_BY_PARTNER")).findFirst().orElseThrow();
        assertTrue(line.endsWith("refused our CONNECT: ConfigurationConflict (no relationship named \"failover-1\" "
                + "with this partner)"), line);
        assertTrue(logged(secondaryLog, "FO_UNKNOWN_RELATIONSHIP 127.0.0.2"));
    }

    @Test
    void aCONNECTREPLYWithAnotherMcltIsAnsweredWithDisconnect_rfc8156_6_1_3() throws IOException, DecodeException {
        try (ServerSocket fakeSecondary = new ServerSocket(0, 1, SECONDARY_IP)) {
            primary("failover-1", new InetSocketAddress(SECONDARY_IP, fakeSecondary.getLocalPort()));
            try (Socket socket = fakeSecondary.accept()) {
                socket.setSoTimeout(10_000);
                DataInputStream in = new DataInputStream(socket.getInputStream());
                FailoverMessage connect = readFrame(in);
                assertEquals(MessageType.CONNECT, connect.type());

                long now = AbsoluteTime.fromInstant(Clock.systemUTC().instant());
                OutputStream out = socket.getOutputStream();
                out.write(Frames.frame(FailoverMessageEncoder.encode(FailoverMessages.connectReply(
                        connect.transactionId(), now, new FailoverMessages.ConnectParameters(1800, 60, 10)))));
                out.flush();

                FailoverMessage disconnect = readFrame(in);
                assertEquals(MessageType.DISCONNECT, disconnect.type());
                StatusCodeOption status = disconnect.first(OptionCode.STATUS_CODE, StatusCodeOption.class).orElseThrow();
                assertEquals(17, status.status().code());
                assertEquals("the CONNECTREPLY's MCLT (1800 s) differs from this primary's (60 s), RFC 8156 §6.1.3",
                        status.message());
            }
        }
    }

    private static FailoverMessage readFrame(DataInputStream in) throws IOException, DecodeException {
        byte[] message = new byte[in.readUnsignedShort()];
        in.readFully(message);
        return FailoverMessageDecoder.decode(message);
    }

    @Test
    void aRestartedSecondaryIsFoundAgainWithoutOperatorAction_rfc8156_6_1() throws IOException {
        DirectPair pair = normalPairDirect();
        FailoverService secondary = pair.secondary();
        FailoverService primary = pair.primary();
        int port = pair.port();

        secondary.close();
        toClose.remove(secondary);
        await("primary sees the orderly stop", () -> inState(primary, EndpointState.COMMUNICATIONS_INTERRUPTED),
                Duration.ofSeconds(15));
        assertTrue(logged(primaryLog, "FO_DISCONNECT_RECEIVED failover-1: partner 127.0.0.1:" + port
                + " disconnected: ServerShuttingDown (server shutting down)"));

        FailoverService restarted = secondary("failover-1", port);
        await("NORMAL again", () -> inState(primary, EndpointState.NORMAL) && inState(restarted, EndpointState.NORMAL),
                Duration.ofSeconds(20));
    }

    private static Lease address(int n) {
        return Lease.address(Ipv6Address.parse("2001:db8:0:1::" + Integer.toHexString(2 * n + 1)));
    }

    private static BindingClient client(int n) {
        return new BindingClient(OctetString.fromHex(String.format("00030001aabbccdd%04x", n)), IaType.IA_NA, 1);
    }

    /** The host's grants on {@code server}, each waited for as a host waits before replying. */
    private static void grant(FailoverService server, int from, int to) throws Exception {
        long now = AbsoluteTime.fromInstant(Clock.systemUTC().instant());
        LeaseLedger ledger = server.leases("failover-1");
        for (int i = from; i < to; i++) {
            ledger.grant(address(i), client(i), 3600, 1800, now).durable().get(10, TimeUnit.SECONDS);
        }
    }

    private static boolean allAcknowledged(FailoverService server, int count) {
        SyncStatus status = server.syncStatus("failover-1");
        return status.pendingLeases() == 0 && status.unacked() == 0
                && server.leases("failover-1").all().size() == count
                && server.leases("failover-1").all().stream().allMatch(b -> b.sync() == PartnerSync.ACKNOWLEDGED);
    }

    @Test
    void aMalformedFrameEndsInDisconnectAndThePairReconnectsAndKeepsServing_rfc8156_5_3_10_rfc7031_S8()
            throws Exception {
        Pair pair = normalPairThroughProxy();
        long connectionsBefore = primaryLog.lines.stream()
                .filter(line -> line.text().startsWith("FO_COMMUNICATIONS_OK ")).count();

        pair.proxy().injectUpstream(new byte[] {0, 2, 0, 0}); // message-size 2: shorter than any header

        await("the secondary's protocol error", () -> logged(secondaryLog,
                "FO_PROTOCOL_ERROR failover-1: protocol error from partner"), Duration.ofSeconds(20));
        await("the primary hears why", () -> logged(primaryLog,
                "FO_DISCONNECT_RECEIVED failover-1: partner"), Duration.ofSeconds(20));
        String disconnect = primaryLog.lines.stream().map(RecordingLogger.Line::text)
                .filter(line -> line.startsWith("FO_DISCONNECT_RECEIVED ")).findFirst().orElseThrow();
        assertTrue(disconnect.contains(": UnspecFail (") && disconnect.contains("FRAME_TOO_SHORT"), disconnect);
        grant(pair.primary(), 0, 5); // the host's clients are served meanwhile
        await("reconnected", () -> primaryLog.lines.stream()
                .filter(line -> line.text().startsWith("FO_COMMUNICATIONS_OK ")).count() > connectionsBefore,
                Duration.ofSeconds(20));
        await("NORMAL again", () -> inState(pair.primary(), EndpointState.NORMAL)
                && inState(pair.secondary(), EndpointState.NORMAL), Duration.ofSeconds(20));
        await("the leases granted meanwhile reach the partner", () -> allAcknowledged(pair.primary(), 5),
                Duration.ofSeconds(20));
    }

    @Test
    void leasesReachThePartnerAndSurviveItsRestart_rfc8156_4_3_7_4_8_1() throws Exception {
        DirectPair pair = normalPairDirect();
        FailoverService secondary = pair.secondary();
        FailoverService primary = pair.primary();
        int port = pair.port();

        grant(primary, 0, 50);
        await("the partner acknowledged all 50", () -> allAcknowledged(primary, 50), Duration.ofSeconds(20));
        Binding onPrimary = primary.leases("failover-1").find(address(7)).orElseThrow();
        Binding onSecondary = secondary.leases("failover-1").find(address(7)).orElseThrow();
        assertEquals(onPrimary.client(), onSecondary.client());
        assertEquals(onPrimary.times().ackedPartnerLifetime(), onSecondary.times().expirationTime(),
                "Figure 5: the primary's acknowledged partner lifetime is the secondary's expiration-time");

        secondary.close();
        toClose.remove(secondary);
        FailoverService restarted = secondary("failover-1", port);
        assertEquals(50, restarted.leases("failover-1").all().size(), "every acknowledged update survives a restart");
        assertTrue(logged(secondaryLog, "FO_BINDING_STORE_LOADED failover-1: binding store loaded: 50 bindings"));
        await("NORMAL again", () -> inState(primary, EndpointState.NORMAL) && inState(restarted, EndpointState.NORMAL),
                Duration.ofSeconds(20));
    }

    @Test
    void aSecondaryThatLostItsStoreEndsWithACompleteCopy_rfc8156_8_5_2() throws Exception {
        DirectPair pair = normalPairDirect();
        FailoverService secondary = pair.secondary();
        FailoverService primary = pair.primary();
        int port = pair.port();
        grant(primary, 0, 40);
        await("acknowledged", () -> allAcknowledged(primary, 40), Duration.ofSeconds(20));

        secondary.close();
        toClose.remove(secondary);
        try (var files = Files.walk(secondaryStore)) {
            files.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(secondaryStore))
                    .forEach(p -> p.toFile().delete());
        }
        FailoverService replaced = secondary("failover-1", port);
        grant(primary, 40, 45); // the primary keeps serving while the partner resynchronises

        await("the replaced secondary holds every binding", () -> replaced.leases("failover-1").all().size() == 45,
                Duration.ofSeconds(30));
        assertTrue(secondaryLog.lines.stream().anyMatch(line -> line.text().startsWith(
                "FO_STATE_CHANGED failover-1: state STARTUP -> RECOVER")), "no store: RECOVER (§8.3.2)");
        for (int i = 0; i < 45; i++) {
            assertEquals(Optional.of(client(i)), replaced.leases("failover-1").find(address(i)).orElseThrow().client());
        }
    }

    /** Eight delegable /56 prefixes, half of them for the secondary (RFC 8156 §4.2.2). */
    private static Map<String, PoolSet> eightPrefixes() {
        return Map.of("failover-1", new PoolSet(List.of(PoolSpec.proportional("pd", PoolKind.IPV6_PREFIX,
                Ipv6Address.parse("2001:db8:100::"), Ipv6Address.parse("2001:db8:100:7ff:ffff:ffff:ffff:ffff"), 56,
                50))));
    }

    private FailoverService startWithPools(Path store, RecordingLogger log, RelationshipConfig relationship)
            throws IOException {
        FailoverService service = FailoverService.start(new FailoverParameters(List.of(relationship)), store,
                Clock.systemUTC(), quickTransport(), StoreSettings.defaults(), eightPrefixes(), CatalogLogger.wrap(log));
        toClose.add(0, service);
        return service;
    }

    private static long freeBackup(FailoverService server) {
        return server.leases("failover-1").all().stream()
                .filter(b -> b.status().equals(BindingStatus.FREE_BACKUP) && b.sync() == PartnerSync.ACKNOWLEDGED)
                .count();
    }

    @Test
    void poolreqMovesTheSecondarysShareOfPrefixesWhichItUsesWhenCutOff_rfc8156_4_2_2() throws Exception {
        rememberNormal(primaryStore, "failover-1");
        rememberNormal(secondaryStore, "failover-1");
        FailoverService secondary = startWithPools(secondaryStore, secondaryLog, relationship("failover-1",
                Role.SECONDARY, new InetSocketAddress(PRIMARY_IP, 647), new InetSocketAddress(SECONDARY_IP, 0)));
        TcpProxy proxy = new TcpProxy(PROXY_IP, secondary.boundAddress("failover-1"), PRIMARY_IP);
        toClose.add(proxy);
        FailoverService primary = startWithPools(primaryStore, primaryLog, relationship("failover-1", Role.PRIMARY,
                proxy.address(), new InetSocketAddress(PRIMARY_IP, 647)));

        await("the secondary holds its half as FREE-BACKUP, both sides agreeing",
                () -> freeBackup(secondary) == 4 && freeBackup(primary) == 4, Duration.ofSeconds(20));
        BindingClient router = new BindingClient(OctetString.fromHex("00030001aabbccdd0001"), IaType.IA_PD, 1);
        long now = AbsoluteTime.fromInstant(Clock.systemUTC().instant());
        assertFalse(secondary.allocator("failover-1").allocate("pd", router, 3600, 1800, now).isGranted(),
                "NORMAL: the secondary allocates nothing new (digest §6.1)");

        proxy.cutAndRefuse();
        await("COMMUNICATIONS-INTERRUPTED", () -> inState(secondary, EndpointState.COMMUNICATIONS_INTERRUPTED),
                Duration.ofSeconds(15));
        now = AbsoluteTime.fromInstant(Clock.systemUTC().instant());
        AllocationResult result = secondary.allocator("failover-1").allocate("pd", router, 3600, 1800, now);
        Lease delegated = result.granted().orElseThrow().binding().lease();
        assertEquals(BindingStatus.FREE_BACKUP, primary.leases("failover-1").find(delegated).orElseThrow().status(),
                "cut off, the secondary delegates from its own share only");
        result.granted().get().durable().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aTornLogTailIsCutReportedAndTheLeasesBeforeItKept() throws Exception {
        FailoverService alone = secondary("failover-1", 0);
        long now = AbsoluteTime.fromInstant(Clock.systemUTC().instant());
        for (int i = 0; i < 3; i++) {
            alone.leases("failover-1").grant(address(i), client(i), 3600, 1800, now).durable().get(10, TimeUnit.SECONDS);
        }
        alone.close();
        toClose.remove(alone);
        Path log;
        try (var files = Files.list(secondaryStore.resolve("failover-1"))) {
            log = files.filter(p -> p.getFileName().toString().startsWith("log-")).max(Path::compareTo).orElseThrow();
        }
        Files.write(log, new byte[] {0x42, 0x00, 0x13, 0x37, 0x01}, java.nio.file.StandardOpenOption.APPEND);

        FailoverService restarted = secondary("failover-1", 0);
        assertEquals(3, restarted.leases("failover-1").all().size(), "every durable lease is still there");
        assertTrue(logged(secondaryLog, "FO_BINDING_STORE_TAIL_CUT failover-1: binding store "),
                secondaryLog.lines.toString());
        assertTrue(logged(secondaryLog, "FO_BINDING_STORE_LOADED failover-1: binding store loaded: 3 bindings"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, SECONDARY_IP)) {
            return probe.getLocalPort();
        }
    }

    private FailoverService startPreparing(Path store, int port, FailoverService.BeforeConnecting work)
            throws IOException {
        return FailoverService.start(new FailoverParameters(List.of(relationship("failover-1", Role.SECONDARY,
                new InetSocketAddress(PRIMARY_IP, 647), new InetSocketAddress(SECONDARY_IP, port)))), store,
                Clock.systemUTC(), quickTransport(), StoreSettings.defaults(), Map.of(), CatalogLogger.wrap(secondaryLog),
                work);
    }

    @Test
    void workBeforeConnectingIsInTheLedgerBeforeAnySocketOpens_rfc8156_4_2_2() throws Exception {
        int port = freePort();
        long now = AbsoluteTime.fromInstant(Clock.systemUTC().instant());

        FailoverService service = startPreparing(secondaryStore, port, opened -> {
            try (ServerSocket stillFree = new ServerSocket(port, 1, SECONDARY_IP)) {
                assertEquals(port, stillFree.getLocalPort(), "the failover port is not open yet");
            }
            opened.leases("failover-1").grant(address(1), client(1), 3600, 1800, now);
        });
        toClose.add(0, service);

        assertEquals(new InetSocketAddress(SECONDARY_IP, port), service.boundAddress("failover-1"));
        assertEquals(Optional.of(client(1)), service.leases("failover-1").find(address(1)).orElseThrow().client());
    }

    @Test
    void workBeforeConnectingThatFailsLeavesNothingOpen() throws Exception {
        int port = freePort();

        IOException failed = assertThrows(IOException.class, () -> startPreparing(secondaryStore, port, opened -> {
            throw new IOException("the host's leases cannot be read");
        }));

        assertEquals("the host's leases cannot be read", failed.getMessage());
        new ServerSocket(port, 1, SECONDARY_IP).close();
        FailoverService again = startPreparing(secondaryStore, port, opened -> {
        });
        toClose.add(0, again);
        assertEquals(0, again.leases("failover-1").all().size(), "the store opens again");
    }

    @Test
    void operatorPartnerDownThroughTheJavaApi_rfc8156_8_9_2() throws IOException {
        rememberNormal(primaryStore, "failover-1");
        FailoverService primary = primary("failover-1", new InetSocketAddress(SECONDARY_IP, 9));
        IllegalStateException early = assertThrows(IllegalStateException.class, () -> primary.partnerDown("failover-1"));
        assertEquals("partner-down is possible only in NORMAL, COMMUNICATIONS-INTERRUPTED or "
                + "RESOLUTION-INTERRUPTED; this server is in STARTUP", early.getMessage());

        await("startup timer: COMMUNICATIONS-INTERRUPTED",
                () -> inState(primary, EndpointState.COMMUNICATIONS_INTERRUPTED), Duration.ofSeconds(15));
        primary.partnerDown("failover-1");

        assertEquals(EndpointState.PARTNER_DOWN, primary.status("failover-1").state());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> primary.status("x"));
        assertEquals("no relationship named \"x\"; this server has [failover-1]", unknown.getMessage());
    }

    @Test
    void oneServerWithTwoPartnersOneOfThemFailing_rfc7031_R3() throws IOException {
        rememberNormal(primaryStore, "failover-1");
        rememberNormal(primaryStore, "failover-down");
        rememberNormal(secondaryStore, "failover-1");
        FailoverService partnerA = secondary("failover-1", 0);
        FailoverService server = start(primaryStore, primaryLog,
                relationship("failover-1", Role.PRIMARY, partnerA.boundAddress("failover-1"),
                        new InetSocketAddress(PRIMARY_IP, 647)),
                relationship("failover-down", Role.PRIMARY, new InetSocketAddress(address("127.0.0.4"), 9),
                        new InetSocketAddress(PRIMARY_IP, 647)));

        await("the working relationship reaches NORMAL", () -> inState(server, EndpointState.NORMAL),
                Duration.ofSeconds(20));
        await("the failing one is COMMUNICATIONS-INTERRUPTED",
                () -> server.status("failover-down").state() == EndpointState.COMMUNICATIONS_INTERRUPTED,
                Duration.ofSeconds(15));
        assertFalse(server.status("failover-down").connected());
        assertTrue(Files.exists(primaryStore.resolve("endpoint-failover-1.state")));
        assertTrue(Files.exists(primaryStore.resolve("endpoint-failover-down.state")), "each relationship its own file");
    }
}
