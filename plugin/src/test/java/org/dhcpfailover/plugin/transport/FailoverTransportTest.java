package org.dhcpfailover.plugin.transport;

import static org.dhcpfailover.plugin.transport.Await.await;
import static org.dhcpfailover.plugin.transport.Relationships.LOCALHOST;
import static org.dhcpfailover.plugin.transport.Relationships.STRANGER;
import static org.dhcpfailover.plugin.transport.Relationships.ephemeral;
import static org.dhcpfailover.plugin.transport.Relationships.primary;
import static org.dhcpfailover.plugin.transport.Relationships.secondary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.dhcpfailover.plugin.config.ConnectionLimits;
import org.dhcpfailover.plugin.endpoint.FailoverMessages;
import org.dhcpfailover.plugin.log.CatalogLogger;
import org.dhcpfailover.plugin.log.LogMessage;
import org.dhcpfailover.plugin.log.RecordingLogger;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.MessageType;
import org.dhcpfailover.plugin.wire.OctetString;
import org.dhcpfailover.plugin.wire.OptionCode;
import org.dhcpfailover.plugin.wire.StatusCode;
import org.dhcpfailover.plugin.wire.StatusCodeOption;
import org.dhcpfailover.plugin.wire.UnknownOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.event.Level;

/**
 * The TCP transport over real loopback sockets: RFC 8156 §6.1 connection management (who
 * connects, CONNECT routing, refusals, reconnection), §5.1 framing, §6.5 ticks, and the
 * RFC 7031 S8 resource guards. Partners are either a second transport with a
 * {@link RecordingHandler} or a hand-driven {@link RawPartner}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FailoverTransportTest {

    /** Short pauses so that reconnection is quick; everything else at its default. */
    private static final TransportSettings FAST = TransportSettings.defaults()
            .withReconnect(Duration.ofMillis(50), Duration.ofMillis(400))
            .withConnectTimeout(Duration.ofSeconds(2));

    private final RecordingLogger log = new RecordingLogger(Level.TRACE);
    private final List<FailoverTransport> transports = new ArrayList<>();
    private final List<Closeable> sockets = new ArrayList<>();

    @AfterEach
    void closeEverything() throws IOException {
        for (FailoverTransport transport : transports) {
            transport.stop();
        }
        for (Closeable socket : sockets) {
            socket.close();
        }
    }

    private FailoverTransport started(TransportSettings settings, RecordingHandler... handlers) throws IOException {
        FailoverTransport transport = new FailoverTransport(List.of(handlers), settings, Clock.systemUTC(),
                new Random(7), CatalogLogger.wrap(log));
        transports.add(transport);
        transport.start();
        return transport;
    }

    private RawPartner raw(java.net.InetAddress from, InetSocketAddress to) throws IOException {
        RawPartner partner = new RawPartner(from, to);
        sockets.add(partner);
        return partner;
    }

    private static FailoverMessage connect(String relationship) {
        return FailoverMessages.connect(1, 0, relationship, RecordingHandler.PARAMETERS);
    }

    private static FailoverMessage contact(int transactionId) {
        return FailoverMessages.bare(MessageType.CONTACT, transactionId, 0);
    }

    private static Optional<StatusCode> status(FailoverMessage message) {
        return message.first(OptionCode.STATUS_CODE, StatusCodeOption.class).map(StatusCodeOption::status);
    }

    // ------------------------------------------------------------ connecting and routing

    @Test
    void primaryConnectsAndMessagesFlowBothWaysInOrder() throws IOException {
        RecordingHandler secondary = new RecordingHandler(secondary("r", LOCALHOST, ephemeral()));
        FailoverTransport secondaryTransport = started(FAST, secondary);
        RecordingHandler primary = new RecordingHandler(primary("r", secondaryTransport.boundAddress("r")));
        FailoverTransport primaryTransport = started(FAST, primary);

        await("CONNECTREPLY at the primary", () -> primary.receivedTypes().contains(MessageType.CONNECTREPLY));
        assertEquals(List.of("opened", "message CONNECT"), secondary.events);
        assertEquals(List.of("opened", "message CONNECTREPLY"), primary.events);

        // What one turn of the I/O loop sends leaves in gathering writes: the primary's burst holds
        // more messages than one write takes, and enough 30 KB ones to pass the size at which a
        // send writes at once.
        int burst = 3_000;
        int count = 50;
        primaryTransport.execute(() -> {
            for (int i = 0; i < burst; i++) {
                primary.link().send(i % 500 == 499 ? FailoverMessage.of(MessageType.CONTACT, 100 + i, 0,
                        new UnknownOption(OptionCode.valueOf(65000), OctetString.of(new byte[30_000])))
                        : contact(100 + i));
            }
        });
        secondaryTransport.execute(() -> {
            for (int i = 0; i < count; i++) {
                secondary.link().send(contact(200 + i));
            }
        });
        await("all CONTACTs", () -> secondary.received.size() == 1 + burst && primary.received.size() == 1 + count);
        for (int i = 0; i < burst; i++) {
            assertEquals(100 + i, secondary.received.get(1 + i).transactionId());
        }
        for (int i = 0; i < count; i++) {
            assertEquals(200 + i, primary.received.get(1 + i).transactionId());
        }
        String ioThread = secondaryTransport.ioThread().getName();
        assertTrue(ioThread.startsWith("failover-io-"), ioThread);
        assertTrue(secondary.threads.stream().allMatch(ioThread::equals), "every handler call on the I/O thread");
    }

    /** The system clock moved forward on demand, so that a rate limit's minute passes at once. */
    private static final class MovableClock extends Clock {
        private volatile Duration ahead = Duration.ZERO;

        void advance(Duration by) {
            ahead = ahead.plus(by);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(ahead);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("one zone is enough here");
        }
    }

    @Test
    void aHostThatIsNobodysPartnerIsDroppedAndLoggedOncePerMinuteWithACount_rfc8156_6_1_rfc7031_S1()
            throws IOException {
        RecordingHandler secondary = new RecordingHandler(secondary("r", LOCALHOST, ephemeral()));
        MovableClock clock = new MovableClock();
        FailoverTransport transport = new FailoverTransport(List.of(secondary), FAST, clock, new Random(7),
                CatalogLogger.wrap(log));
        transports.add(transport);
        transport.start();

        for (int attempt = 0; attempt < 3; attempt++) {
            RawPartner stranger = raw(STRANGER, transport.boundAddress("r"));
            assertTrue(stranger.closedByServer(), "attempt " + attempt + " dropped");
        }
        await("the log line", () -> log.count(LogMessage.FO_UNKNOWN_PEER) > 0);
        assertEquals(1, log.count(LogMessage.FO_UNKNOWN_PEER), "rate-limited: " + log.lines(LogMessage.FO_UNKNOWN_PEER));
        assertTrue(log.lines(LogMessage.FO_UNKNOWN_PEER).get(0).startsWith("FO_UNKNOWN_PEER 127.0.0.2: "));
        assertTrue(log.lines(LogMessage.FO_UNKNOWN_PEER).get(0).endsWith("; 0 more refused since the previous line"));

        clock.advance(Duration.ofSeconds(61));
        assertTrue(raw(STRANGER, transport.boundAddress("r")).closedByServer());

        await("the next minute's line", () -> log.count(LogMessage.FO_UNKNOWN_PEER) == 2);
        assertTrue(log.lines(LogMessage.FO_UNKNOWN_PEER).get(1).endsWith("; 2 more refused since the previous line"),
                log.lines(LogMessage.FO_UNKNOWN_PEER).get(1));
        assertEquals(List.of(), secondary.events);
    }

    @Test
    void aConnectNamingAnUnknownRelationshipIsRefusedWithConfigurationConflict() throws Exception {
        RecordingHandler secondary = new RecordingHandler(secondary("r", LOCALHOST, ephemeral()));
        FailoverTransport transport = started(FAST, secondary);
        RawPartner partner = raw(LOCALHOST, transport.boundAddress("r"));

        partner.send(connect("nope"));

        FailoverMessage reply = partner.receive();
        assertEquals(MessageType.CONNECTREPLY, reply.type());
        assertEquals(Optional.of(StatusCode.CONFIGURATION_CONFLICT), status(reply));
        assertEquals(17, StatusCode.CONFIGURATION_CONFLICT.code());
        assertEquals(1, reply.transactionId(), "echoes the CONNECT's transaction-id (A9)");
        assertTrue(partner.closedByServer());
        assertEquals(1, log.count(LogMessage.FO_UNKNOWN_RELATIONSHIP));
        assertTrue(log.lines(LogMessage.FO_UNKNOWN_RELATIONSHIP).get(0).contains("named \"nope\""));
        assertEquals(List.of(), secondary.events);
    }

    @Test
    void aSecondConnectionForAConnectedRelationshipIsRefusedAndTheFirstKept() throws Exception {
        RecordingHandler secondary = new RecordingHandler(secondary("r", LOCALHOST, ephemeral()));
        FailoverTransport transport = started(FAST, secondary);
        RawPartner first = raw(LOCALHOST, transport.boundAddress("r"));
        first.send(connect("r"));
        assertEquals(Optional.empty(), status(first.receive()), "first CONNECT accepted");

        RawPartner second = raw(LOCALHOST, transport.boundAddress("r"));
        second.send(connect("r"));
        FailoverMessage refusal = second.receive();
        assertEquals(MessageType.CONNECTREPLY, refusal.type());
        assertEquals(Optional.of(StatusCode.UNSPEC_FAIL), status(refusal));
        assertTrue(second.closedByServer());
        assertEquals(1, log.count(LogMessage.FO_DUPLICATE_CONNECTION));

        first.send(contact(7));
        await("CONTACT on the first connection", () -> secondary.received.size() == 2);
        transport.execute(() -> secondary.link().send(contact(8)));
        assertEquals(8, first.receive().transactionId());
        assertEquals(List.of("opened", "message CONNECT", "message CONTACT"), secondary.events);
    }

    @Test
    void theRelationshipNameRoutesAmongRelationshipsSharingOneSocket() throws Exception {
        RecordingHandler alpha = new RecordingHandler(secondary("alpha", LOCALHOST, ephemeral()));
        RecordingHandler beta = new RecordingHandler(secondary("beta", LOCALHOST, ephemeral()));
        FailoverTransport transport = started(FAST, alpha, beta);
        assertEquals(transport.boundAddress("alpha"), transport.boundAddress("beta"), "one shared socket");

        RawPartner toBeta = raw(LOCALHOST, transport.boundAddress("beta"));
        toBeta.send(connect("beta"));
        assertEquals(Optional.empty(), status(toBeta.receive()));

        assertEquals(List.of("opened", "message CONNECT"), beta.events);
        assertEquals(List.of(), alpha.events);
    }

    // ------------------------------------------------------------ reconnecting

    @Test
    void thePrimaryReconnectsByItselfAfterTheSecondaryRestarts() throws IOException {
        RecordingHandler firstSecondary = new RecordingHandler(secondary("r", LOCALHOST, ephemeral()));
        FailoverTransport firstSecondaryTransport = started(FAST, firstSecondary);
        InetSocketAddress address = firstSecondaryTransport.boundAddress("r");
        RecordingHandler primary = new RecordingHandler(primary("r", address));
        started(FAST, primary);
        await("first connection", () -> primary.count("message CONNECTREPLY") == 1);

        firstSecondaryTransport.stop();
        await("primary sees the close", () -> primary.count("closed") == 1);
        assertTrue(primary.receivedTypes().contains(MessageType.DISCONNECT), "DISCONNECT before the close");

        RecordingHandler secondSecondary = new RecordingHandler(secondary("r", LOCALHOST, address));
        started(FAST, secondSecondary);

        await("second connection", () -> primary.count("message CONNECTREPLY") == 2);
        assertEquals(List.of("opened", "message CONNECT"), secondSecondary.events);
        assertEquals(2, primary.count("opened"));
    }

    @Test
    void thePrimaryKeepsRetryingAnAbsentPartnerAndLogsTheFailureRateLimited() throws IOException {
        InetSocketAddress nobody;
        try (ServerSocket reserved = new ServerSocket(0, 1, LOCALHOST)) {
            nobody = (InetSocketAddress) reserved.getLocalSocketAddress();
        }
        RecordingHandler primary = new RecordingHandler(primary("r", nobody));
        started(FAST, primary);

        await("several attempts", () -> log.count(LogMessage.FO_CONNECTING) >= 4);
        assertEquals(1, log.count(LogMessage.FO_CONNECT_FAILED), "rate-limited");
        String line = log.lines(LogMessage.FO_CONNECT_FAILED).get(0);
        assertTrue(line.startsWith("FO_CONNECT_FAILED r: cannot reach partner at " + PeerAddress.describe(nobody)), line);
        assertTrue(line.matches(".*next attempt in 0\\.\\d s"), line);
        assertEquals(List.of(), primary.events);
    }

    // ------------------------------------------------------------ resource guards (RFC 7031 S8)

    @Test
    void aPartnerThatStopsReadingIsDisconnected() throws Exception {
        RecordingHandler secondary = new RecordingHandler(secondary("r", LOCALHOST, ephemeral()));
        FailoverMessage large = FailoverMessage.of(MessageType.CONTACT, 9, 0,
                new UnknownOption(OptionCode.valueOf(65000), OctetString.of(new byte[60_000])));
        secondary.onMessage = (link, message) -> {
            for (int i = 0; i < 1000 && secondary.isConnected(); i++) {
                link.send(large);
            }
        };
        FailoverTransport transport = started(FAST.withOutboundLimit(256 * 1024), secondary);
        RawPartner sluggish = new RawPartner(LOCALHOST, transport.boundAddress("r"), 4096);
        sockets.add(sluggish);

        sluggish.send(connect("r"));

        await("stall detected", () -> secondary.count("closed") == 1);
        assertEquals(1, log.count(LogMessage.FO_PARTNER_STALLED));
        assertTrue(secondary.events.get(2).startsWith("closed partner stopped reading"), secondary.events.toString());
    }

    @Test
    void anUndecodableFrameGoesToTheHandlerWhichDisconnects() throws Exception {
        RecordingHandler secondary = new RecordingHandler(secondary("r", LOCALHOST, ephemeral()));
        FailoverTransport transport = started(FAST, secondary);
        RawPartner partner = raw(LOCALHOST, transport.boundAddress("r"));
        partner.send(connect("r"));
        assertEquals(MessageType.CONNECTREPLY, partner.receive().type());

        partner.sendRaw(new byte[] {0, 2, 0, 0}); // message-size 2: shorter than any header

        assertEquals(MessageType.DISCONNECT, partner.receive().type());
        assertTrue(partner.closedByServer());
        await("closed", () -> secondary.count("closed") == 1);
        assertEquals(List.of("opened", "message CONNECT", "malformed FRAME_TOO_SHORT", "closed malformed message"),
                secondary.events);
    }

    @Test
    void undecodableBytesBeforeTheConnectAreDroppedWithoutBotheringAHandler() throws Exception {
        RecordingHandler secondary = new RecordingHandler(secondary("r", LOCALHOST, ephemeral()));
        FailoverTransport transport = started(FAST, secondary);
        RawPartner partner = raw(LOCALHOST, transport.boundAddress("r"));

        partner.sendRaw(new byte[] {0, 2, 0, 0});

        assertTrue(partner.closedByServer());
        assertEquals(List.of(), secondary.events);
    }

    @Test
    void aFirstMessageOtherThanConnectIsDropped() throws Exception {
        RecordingHandler secondary = new RecordingHandler(secondary("r", LOCALHOST, ephemeral()));
        FailoverTransport transport = started(FAST, secondary);
        RawPartner partner = raw(LOCALHOST, transport.boundAddress("r"));

        partner.send(contact(5));

        assertTrue(partner.closedByServer());
        assertEquals(1, log.count(LogMessage.FO_DROPPED_BEFORE_CONNECT));
        assertEquals(List.of(), secondary.events);
    }

    @Test
    void aConnectionThatSendsNoConnectWithinTheRelationshipsConnectWaitIsClosed_rfc7031_S8() throws Exception {
        RecordingHandler secondary = new RecordingHandler(secondary("r", LOCALHOST, ephemeral())
                .withLimits(new ConnectionLimits(Duration.ofMillis(300), 65535)));
        FailoverTransport transport = started(FAST, secondary);
        RawPartner silent = raw(LOCALHOST, transport.boundAddress("r"));
        RawPartner halfFrame = raw(LOCALHOST, transport.boundAddress("r"));
        halfFrame.sendRaw(new byte[] {0, 62, 1, 0});

        assertTrue(silent.closedByServer());
        assertTrue(halfFrame.closedByServer());
        assertEquals(List.of(), secondary.events);
        await("the log line", () -> log.count(LogMessage.FO_DROPPED_BEFORE_CONNECT) == 1);
        assertTrue(log.lines(LogMessage.FO_DROPPED_BEFORE_CONNECT).get(0).endsWith(": no CONNECT within 0.3 s"),
                log.lines(LogMessage.FO_DROPPED_BEFORE_CONNECT).toString());
    }

    @Test
    void aPartnerAddressMayHoldOnlyAFewConnectionsAwaitingTheirConnect_rfc8156_10() throws Exception {
        RecordingHandler secondary = new RecordingHandler(secondary("r", LOCALHOST, ephemeral()));
        FailoverTransport transport = started(FAST, secondary);
        List<RawPartner> waiting = new ArrayList<>();
        for (int i = 0; i < Acceptor.MAX_AWAITING_CONNECT_PER_ADDRESS; i++) {
            waiting.add(raw(LOCALHOST, transport.boundAddress("r")));
        }

        RawPartner oneTooMany = raw(LOCALHOST, transport.boundAddress("r"));

        assertTrue(oneTooMany.closedByServer());
        await("the log line", () -> log.count(LogMessage.FO_DROPPED_BEFORE_CONNECT) == 1);
        assertTrue(log.lines(LogMessage.FO_DROPPED_BEFORE_CONNECT).get(0).endsWith(
                ": 3 connections from this address already await their CONNECT"),
                log.lines(LogMessage.FO_DROPPED_BEFORE_CONNECT).toString());
        RawPartner last = waiting.get(waiting.size() - 1);
        last.send(connect("r"));
        assertEquals(Optional.empty(), status(last.receive()), "the connections within the cap are served");
    }

    @Test
    void aMessageLongerThanTheRelationshipsMaximumIsAProtocolError_rfc7031_S8() throws Exception {
        RecordingHandler secondary = new RecordingHandler(secondary("r", LOCALHOST, ephemeral())
                .withLimits(new ConnectionLimits(Duration.ofSeconds(30), 1024)));
        FailoverTransport transport = started(FAST, secondary);
        RawPartner partner = raw(LOCALHOST, transport.boundAddress("r"));
        partner.send(connect("r"));
        assertEquals(MessageType.CONNECTREPLY, partner.receive().type());

        partner.send(FailoverMessage.of(MessageType.CONTACT, 9, 0,
                new UnknownOption(OptionCode.valueOf(65000), OctetString.of(new byte[1100]))));

        FailoverMessage disconnect = partner.receive();
        assertEquals(MessageType.DISCONNECT, disconnect.type());
        assertEquals(Optional.of(StatusCode.UNSPEC_FAIL), status(disconnect));
        assertTrue(partner.closedByServer());
        await("closed", () -> secondary.count("closed") == 1);
        assertEquals(List.of("opened", "message CONNECT", "malformed FRAME_TOO_LONG", "closed malformed message"),
                secondary.events);
    }

    @Test
    void aHandlerThatAsksForAPauseGetsNothingUntilItIsReadyAgainAndThenEverythingInOrder_rfc7031_S8()
            throws Exception {
        RecordingHandler secondary = new RecordingHandler(secondary("r", LOCALHOST, ephemeral()));
        secondary.onMessage = (link, message) -> {
            if (message.type().equals(MessageType.CONTACT) && message.transactionId() == 1) {
                secondary.ready = false; // e.g. as many updates wait for the disk as it advertised
            }
        };
        FailoverTransport transport = started(FAST, secondary);
        RawPartner partner = raw(LOCALHOST, transport.boundAddress("r"));
        partner.send(connect("r"));
        assertEquals(MessageType.CONNECTREPLY, partner.receive().type());

        java.io.ByteArrayOutputStream five = new java.io.ByteArrayOutputStream();
        for (int id = 1; id <= 5; id++) {
            five.writeBytes(org.dhcpfailover.plugin.wire.Frames.frame(contact(id)));
        }
        partner.sendRaw(five.toByteArray());
        await("the first CONTACT", () -> secondary.received.size() == 2);
        java.util.concurrent.CompletableFuture<Integer> whilePaused = new java.util.concurrent.CompletableFuture<>();
        transport.execute(() -> whilePaused.complete(secondary.received.size()));
        assertEquals(2, whilePaused.get(10, TimeUnit.SECONDS), "held back while the handler is not ready");

        transport.execute(() -> secondary.ready = true);

        await("the other four", () -> secondary.received.size() == 6);
        assertEquals(List.of(1, 2, 3, 4, 5), secondary.received.subList(1, 6).stream()
                .map(FailoverMessage::transactionId).toList());
        assertEquals(0, secondary.count("closed"));
    }

    // ------------------------------------------------------------ several relationships (RFC 7031 R3)

    @Test
    void aRelationshipWorksWhileTheServersOtherPartnersAreAbsent() throws IOException {
        InetSocketAddress nobody;
        try (ServerSocket reserved = new ServerSocket(0, 1, LOCALHOST)) {
            nobody = (InetSocketAddress) reserved.getLocalSocketAddress();
        }
        RecordingHandler partnerA = new RecordingHandler(secondary("a", LOCALHOST, ephemeral()));
        FailoverTransport partnerATransport = started(FAST, partnerA);

        RecordingHandler towardsA = new RecordingHandler(primary("a", partnerATransport.boundAddress("a")));
        RecordingHandler towardsB = new RecordingHandler(primary("b", nobody));
        RecordingHandler waitingForC = new RecordingHandler(
                secondary("c", Relationships.address("127.0.0.3"), ephemeral()));
        FailoverTransport server = started(FAST, towardsA, towardsB, waitingForC);

        await("a connected", () -> towardsA.count("message CONNECTREPLY") == 1);
        await("b retried", () -> log.lines(LogMessage.FO_CONNECTING).stream().filter(l -> l.contains(" b: ")).count() >= 3);
        server.execute(() -> towardsA.link().send(contact(42)));
        await("CONTACT through a", () -> partnerA.received.size() == 2);
        assertEquals(42, partnerA.received.get(1).transactionId());
        assertEquals(List.of(), towardsB.events);
        assertEquals(List.of(), waitingForC.events);
        assertTrue(log.lines(LogMessage.FO_CONNECT_FAILED).get(0).startsWith("FO_CONNECT_FAILED b: "));
    }

    // ------------------------------------------------------------ ticks and lifecycle

    @Test
    void everyHandlerTicksAboutOncePerSecondOnTheIoThread() throws IOException {
        RecordingHandler secondary = new RecordingHandler(secondary("s", LOCALHOST, ephemeral()));
        RecordingHandler primary = new RecordingHandler(primary("p", new InetSocketAddress(LOCALHOST, 9)));
        FailoverTransport transport = started(FAST, secondary, primary);

        await("two ticks each", () -> secondary.ticks.get() >= 2 && primary.ticks.get() >= 2, Duration.ofSeconds(6));
        String ioThread = transport.ioThread().getName();
        assertTrue(secondary.threads.stream().allMatch(ioThread::equals));
    }

    @Test
    void stopShutsEveryHandlerDownFlushesTheDisconnectAndEndsTheThread() throws Exception {
        RecordingHandler connected = new RecordingHandler(secondary("one", LOCALHOST, ephemeral()));
        RecordingHandler idle = new RecordingHandler(secondary("two", LOCALHOST, ephemeral()));
        FailoverTransport transport = started(FAST, connected, idle);
        RawPartner partner = raw(LOCALHOST, transport.boundAddress("one"));
        partner.send(connect("one"));
        partner.receive();

        transport.stop();

        assertFalse(transport.ioThread().isAlive());
        assertEquals(List.of("opened", "message CONNECT", "shutdown", "closed shutting down"), connected.events);
        assertEquals(List.of("shutdown"), idle.events);
        FailoverMessage disconnect = partner.receive();
        assertEquals(MessageType.DISCONNECT, disconnect.type());
        assertEquals(Optional.of(StatusCode.SERVER_SHUTTING_DOWN), status(disconnect));
        assertTrue(partner.closedByServer());
        transport.stop();
        assertThrows(RejectedExecutionException.class, () -> transport.execute(() -> { }));
        assertThrows(IOException.class, () -> raw(LOCALHOST, transport.boundAddress("one")), "listener closed");
    }

    @Test
    void aListenFailureFailsStartNamingTheAddressAndLeavesNothingOpen() throws IOException {
        int freePort;
        try (ServerSocket probe = new ServerSocket(0, 1, LOCALHOST)) {
            freePort = probe.getLocalPort();
        }
        try (ServerSocket occupier = new ServerSocket(0, 1, LOCALHOST)) {
            InetSocketAddress taken = (InetSocketAddress) occupier.getLocalSocketAddress();
            RecordingHandler fine = new RecordingHandler(
                    secondary("fine", LOCALHOST, new InetSocketAddress(LOCALHOST, freePort)));
            RecordingHandler clash = new RecordingHandler(secondary("clash", LOCALHOST, taken));
            FailoverTransport transport = new FailoverTransport(List.of(fine, clash), FAST, Clock.systemUTC(),
                    new Random(1), CatalogLogger.wrap(log));

            IOException failure = assertThrows(IOException.class, transport::start);

            assertTrue(failure.getMessage().contains("127.0.0.1:" + taken.getPort()), failure.getMessage());
            assertEquals(1, log.count(LogMessage.FO_LISTEN_FAILED));
            assertEquals(null, transport.ioThread());
            try (ServerSocket rebound = new ServerSocket(freePort, 1, LOCALHOST)) {
                assertTrue(rebound.isBound(), "the first listener was closed again");
            }
            transport.stop();
        }
    }

    @Test
    void aLinkRefusesUseOffTheIoThread() throws Exception {
        RecordingHandler secondary = new RecordingHandler(secondary("r", LOCALHOST, ephemeral()));
        FailoverTransport transport = started(FAST, secondary);
        RawPartner partner = raw(LOCALHOST, transport.boundAddress("r"));
        partner.send(connect("r"));
        partner.receive();

        assertThrows(IllegalStateException.class, () -> secondary.link().send(contact(1)));
    }
}
