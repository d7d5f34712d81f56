package org.dhcpfailover.plugin.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.dhcpfailover.plugin.config.RelationshipConfig;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.endpoint.FailoverMessages.ConnectParameters;
import org.dhcpfailover.plugin.log.CatalogLogger;
import org.dhcpfailover.plugin.log.RecordingLogger;
import org.dhcpfailover.plugin.wire.DecodeException;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.FlagsOption;
import org.dhcpfailover.plugin.wire.MessageType;
import org.dhcpfailover.plugin.wire.OptionCode;
import org.dhcpfailover.plugin.wire.ProtocolVersionOption;
import org.dhcpfailover.plugin.wire.RelationshipNameOption;
import org.dhcpfailover.plugin.wire.StatusCodeOption;
import org.dhcpfailover.plugin.wire.Uint32Option;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.BindingUpdateBuilder;
import org.dhcpfailover.plugin.binding.ClientLifetimes;
import org.dhcpfailover.plugin.binding.IaType;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.binding.LeaseContext;
import org.dhcpfailover.plugin.binding.LeaseStateMachine;
import org.dhcpfailover.plugin.bindingdb.BindingDatabase;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.Ipv6Address;
import org.dhcpfailover.plugin.wire.OctetString;
import org.dhcpfailover.plugin.store.PowerLossDisk;
import org.dhcpfailover.plugin.sync.TestLedgers;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * One endpoint against a recording link: RFC 8156 §6 connection management, messages fed by
 * hand and every answer checked field by field.
 */
class FailoverEndpointTest {

    private static final long T0 = 757_382_400L;
    private static final long MCLT = 3600;

    private final RecordingLogger logLines = new RecordingLogger(Level.DEBUG);
    private final RecordingLink link = new RecordingLink();
    private InMemoryEndpointStateStore store;
    private BindingDatabase database;
    private final PowerLossDisk disk = new PowerLossDisk();

    private static RelationshipConfig config(Role role) {
        return new RelationshipConfig("failover-1", role == Role.PRIMARY ? "server1" : "server2", role,
                role == Role.PRIMARY ? "server2" : "server1",
                new InetSocketAddress("fd00:99::2", 647), new InetSocketAddress("fd00:99::1", 647),
                Duration.ofSeconds(MCLT), 10, Duration.ofSeconds(60), Duration.ofSeconds(10),
                Optional.empty(), List.of());
    }

    /** An endpoint whose store says it was NORMAL, i.e. it resumes COMMUNICATIONS-INTERRUPTED. */
    private FailoverEndpoint endpoint(Role role) throws IOException {
        store = new InMemoryEndpointStateStore(new PersistedEndpointState(
                EndpointState.NORMAL, T0 - 1000, EndpointState.NORMAL, T0 - 1000, T0 - 5, true));
        database = TestLedgers.steppedDatabase(disk, "failover-1");
        FailoverEndpoint endpoint = new FailoverEndpoint(config(role), store, TestLedgers.ledger(database, MCLT),
                TestLedgers.inline(() -> T0), CatalogLogger.wrap(logLines));
        endpoint.start(T0);
        return endpoint;
    }

    private static FailoverMessage connect(long sentTime, long mclt, String name, int flags, int major) {
        return connect(sentTime, mclt, name, flags, major, 10);
    }

    private static FailoverMessage connect(long sentTime, long mclt, String name, int flags, int major,
            long maxUnacked) {
        return new FailoverMessage(MessageType.CONNECT, 7, sentTime, List.of(
                new ProtocolVersionOption(major, 0), new Uint32Option(OptionCode.F_MCLT, mclt),
                new Uint32Option(OptionCode.F_KEEPALIVE_TIME, 40),
                new Uint32Option(OptionCode.F_MAX_UNACKED_BNDUPD, maxUnacked),
                new RelationshipNameOption(name), new FlagsOption(OptionCode.F_CONNECT_FLAGS, flags)));
    }

    private static FailoverMessage goodConnect(long sentTime) {
        return connect(sentTime, 600, "failover-1", FlagsOption.CONNECT_FIXED_PD_LENGTH, 1);
    }

    private static FailoverMessage state(long sentTime, EndpointState state, int flags) {
        return FailoverMessages.state(9, sentTime, state, (flags & FlagsOption.SERVER_STARTUP) != 0,
                false, (flags & FlagsOption.SERVER_COMMUNICATED) != 0, T0 - 50);
    }

    private static StatusCodeOption status(FailoverMessage message) {
        return message.first(OptionCode.STATUS_CODE, StatusCodeOption.class).orElseThrow();
    }

    private List<String> logged() {
        return logLines.lines.stream().map(RecordingLogger.Line::text).toList();
    }

    // ------------------------------------------------------------------ binding store failure

    @Test
    void aFailedBindingStoreClosesTheConnectionAndRefusesTheNext_rfc8156_7_5_2() throws IOException {
        FailoverEndpoint secondary = endpoint(Role.SECONDARY);
        secondary.onConnectionOpened(link, T0 + 1);
        secondary.onMessage(goodConnect(T0 + 1), T0 + 1);
        secondary.onMessage(state(T0 + 1, EndpointState.NORMAL, 0), T0 + 1);
        Lease lease = Lease.address(Ipv6Address.parse("2001:db8::11"));
        BindingClient client = new BindingClient(OctetString.fromHex("00030001aabbccdd0001"), IaType.IA_NA, 1);
        Binding active = LeaseStateMachine.grant(Binding.initial(lease, BindingStatus.FREE, T0), client,
                new ClientLifetimes(T0, 300, 600, 300, 480), T0 + 900, LeaseContext.communicating(T0, MCLT));
        int before = link.sent.size();
        secondary.onMessage(BindingUpdateBuilder.forClient(40, T0 + 2, List.of(active)), T0 + 2);

        disk.failNextForce();
        database.writeQueued();

        assertEquals(before, link.sent.size(), "no BNDREPLY for an update that never became durable");
        assertTrue(logged().stream().anyMatch(line -> line.startsWith(
                "FO_BINDING_STORE_FAILED failover-1: binding store failed: ")), logged().toString());
        assertEquals("the binding store has failed", link.closedBecause);
        secondary.onConnectionClosed(link, "closed", T0 + 3);
        RecordingLink next = new RecordingLink();
        secondary.onConnectionOpened(next, T0 + 4);
        assertEquals("the binding store has failed", next.closedBecause, "no connection until restart");
    }

    // ------------------------------------------------------------------ back-pressure (RFC 7031 S8)

    private static FailoverMessage updateFor(int n, long now) {
        Lease lease = Lease.address(Ipv6Address.parse("2001:db8::" + Integer.toHexString(0x101 + 2 * n)));
        BindingClient client = new BindingClient(OctetString.fromHex(String.format("00030001aabbccdd%04x", n)),
                IaType.IA_NA, 1);
        Binding active = LeaseStateMachine.grant(Binding.initial(lease, BindingStatus.FREE, T0), client,
                new ClientLifetimes(T0, 300, 600, 300, 480), T0 + 900, LeaseContext.communicating(T0, MCLT));
        return BindingUpdateBuilder.forClient(100 + n, now, List.of(active));
    }

    @Test
    void aPartnerSendingMoreThanTheAdvertisedMaxUnackedIsHeldBackUntilTheStoreCatchesUp_rfc8156_5_5_5()
            throws IOException {
        FailoverEndpoint secondary = endpoint(Role.SECONDARY);
        secondary.onConnectionOpened(link, T0 + 1);
        secondary.onMessage(goodConnect(T0 + 1), T0 + 1);
        secondary.onMessage(state(T0 + 1, EndpointState.NORMAL, 0), T0 + 1);
        int before = link.sent.size();

        for (int n = 0; n < 10; n++) {
            assertTrue(secondary.readyForMessages(), "room for update " + n + " of the 10 advertised");
            secondary.onMessage(updateFor(n, T0 + 2), T0 + 2);
        }

        assertFalse(secondary.readyForMessages(), "10 updates wait for the disk: no more is read");
        assertEquals(before, link.sent.size(), "no BNDREPLY before the updates are durable (§7.5.2)");
        database.writeQueued();
        assertTrue(secondary.readyForMessages(), "durable: the connection is read again");
        assertEquals(10, link.sent.subList(before, link.sent.size()).stream()
                .filter(m -> m.type().equals(MessageType.BNDREPLY)).count());
        assertNull(link.closedBecause, "back-pressure is not an error");
    }

    // ------------------------------------------------------------------ secondary side, §6.1.2

    @Test
    void secondaryRefusesAnAbsurdMaxUnackedBndupdWithConfigurationConflict_rfc8156_5_5_5() throws IOException {
        FailoverEndpoint secondary = endpoint(Role.SECONDARY);
        secondary.onConnectionOpened(link, T0 + 1);

        secondary.onMessage(connect(T0 + 1, 600, "failover-1", FlagsOption.CONNECT_FIXED_PD_LENGTH, 1,
                4_000_000_000L), T0 + 1);

        assertEquals(List.of("CONNECTREPLY"), link.types());
        assertEquals(17, status(link.last()).status().code());
        assertEquals("CONNECT advertises max-unacked-bndupd 4000000000; this server keeps at most 1000 binding "
                + "updates in flight (RFC 8156 §5.5.5)", status(link.last()).message());
        assertEquals("CONNECT refused", link.closedBecause);
    }

    @Test
    void secondaryAcceptsTheLargestConfigurableMaxUnackedBndupd_rfc8156_5_5_5() throws IOException {
        FailoverEndpoint secondary = endpoint(Role.SECONDARY);
        secondary.onConnectionOpened(link, T0 + 1);

        secondary.onMessage(connect(T0 + 1, 600, "failover-1", FlagsOption.CONNECT_FIXED_PD_LENGTH, 1, 1000),
                T0 + 1);

        assertEquals(List.of("CONNECTREPLY", "STATE"), link.types());
    }

    @Test
    void secondaryAcceptsConnectAdoptsTheMcltAndSendsState_rfc8156_6_1_2() throws IOException {
        FailoverEndpoint secondary = endpoint(Role.SECONDARY);
        secondary.onConnectionOpened(link, T0 + 1);

        secondary.onMessage(goodConnect(T0 + 1), T0 + 1);

        assertEquals(List.of("CONNECTREPLY", "STATE"), link.types());
        FailoverMessage reply = link.sent.get(0);
        assertEquals(7, reply.transactionId(), "decision A9: the CONNECT's transaction-id is echoed");
        assertEquals(600, reply.first(OptionCode.F_MCLT, Uint32Option.class).orElseThrow().value(),
                "§6.1.2: the MCLT now in use, the primary's");
        assertEquals(60, reply.first(OptionCode.F_KEEPALIVE_TIME, Uint32Option.class).orElseThrow().value());
        assertEquals(600, secondary.status().mcltSeconds());
        FailoverMessage state = link.sent.get(1);
        assertEquals(Optional.of(new PartnerStatus(EndpointState.COMMUNICATIONS_INTERRUPTED, true, true, T0)),
                FailoverEndpoint.partnerStatus(state), "§8.3.1: previous state with the STARTUP flag");
    }

    @Test
    void secondaryRefusesAnUnknownRelationshipWithConfigurationConflict_decisionA19() throws IOException {
        FailoverEndpoint secondary = endpoint(Role.SECONDARY);
        secondary.onConnectionOpened(link, T0 + 1);

        secondary.onMessage(connect(T0 + 1, 600, "other", FlagsOption.CONNECT_FIXED_PD_LENGTH, 1), T0 + 1);

        assertEquals(List.of("CONNECTREPLY"), link.types());
        assertEquals(17, status(link.last()).status().code());
        assertEquals("no relationship named \"other\" with this partner", status(link.last()).message());
        assertEquals("CONNECT refused", link.closedBecause);
        assertTrue(logged().contains("FO_CONNECT_REFUSED failover-1: refused CONNECT from [fd00:99::2]:647: "
                + "ConfigurationConflict (no relationship named \"other\" with this partner)"));
    }

    @Test
    void secondaryRefusesAnotherProtocolVersionWithNotSupported_rfc8156_6_1_2() throws IOException {
        FailoverEndpoint secondary = endpoint(Role.SECONDARY);
        secondary.onConnectionOpened(link, T0 + 1);

        secondary.onMessage(connect(T0 + 1, 600, "failover-1", FlagsOption.CONNECT_FIXED_PD_LENGTH, 2), T0 + 1);

        assertEquals(14, status(link.last()).status().code());
    }

    @Test
    void secondaryRefusesVariablePrefixLengths_rfc8156_5_5_2() throws IOException {
        FailoverEndpoint secondary = endpoint(Role.SECONDARY);
        secondary.onConnectionOpened(link, T0 + 1);

        secondary.onMessage(connect(T0 + 1, 600, "failover-1", 0, 1), T0 + 1);

        assertEquals(14, status(link.last()).status().code());
    }

    @Test
    void secondaryRefusesAnMcltUnderThirtySeconds_rfc8156_1() throws IOException {
        FailoverEndpoint secondary = endpoint(Role.SECONDARY);
        secondary.onConnectionOpened(link, T0 + 1);

        secondary.onMessage(connect(T0 + 1, 29, "failover-1", FlagsOption.CONNECT_FIXED_PD_LENGTH, 1), T0 + 1);

        assertEquals(17, status(link.last()).status().code());
    }

    @Test
    void connectFromAClockNineSecondsBehindIsRefusedWithExcessiveTimeSkew_digest13_10() throws IOException {
        FailoverEndpoint secondary = endpoint(Role.SECONDARY);
        secondary.onConnectionOpened(link, T0 + 9);

        secondary.onMessage(goodConnect(T0), T0 + 9);

        assertEquals(List.of("CONNECTREPLY"), link.types());
        assertEquals(22, status(link.last()).status().code(), "§6.1.2: ExcessiveTimeSkew");
        assertEquals(7, link.last().transactionId());
        assertTrue(logged().contains("FO_CLOCK_SKEW failover-1: clock of partner [fd00:99::2]:647 differs by 9 s, "
                + "more than the 5 s RFC 8156 §7.1 allows; disconnecting"));
    }

    @Test
    void fiveSecondsOfSkewIsStillTheSameTime_rfc8156_7_1() throws IOException {
        FailoverEndpoint secondary = endpoint(Role.SECONDARY);
        secondary.onConnectionOpened(link, T0 + 5);

        secondary.onMessage(goodConnect(T0), T0 + 5);

        assertEquals(List.of("CONNECTREPLY", "STATE"), link.types());
    }

    @Test
    void aFirstMessageOtherThanConnectIsAProtocolError() throws IOException {
        FailoverEndpoint secondary = endpoint(Role.SECONDARY);
        secondary.onConnectionOpened(link, T0 + 1);

        secondary.onMessage(state(T0 + 1, EndpointState.NORMAL, 1), T0 + 1);

        assertEquals(List.of("DISCONNECT"), link.types());
        assertEquals(1, status(link.last()).status().code());
        assertEquals("expected CONNECT, got STATE", status(link.last()).message());
    }

    @Test
    void aRefusalRepeatedOnEveryReconnectionIsLoggedOncePerMinute() throws IOException {
        FailoverEndpoint secondary = endpoint(Role.SECONDARY);
        for (int attempt = 0; attempt < 5; attempt++) {
            RecordingLink attemptLink = new RecordingLink();
            long now = T0 + 1 + attempt * 10L;
            secondary.onConnectionOpened(attemptLink, now);
            secondary.onMessage(connect(now, 600, "other", FlagsOption.CONNECT_FIXED_PD_LENGTH, 1), now);
            secondary.onConnectionClosed(attemptLink, "CONNECT refused", now);
            assertEquals(17, status(attemptLink.last()).status().code(), "every attempt is still refused");
        }
        RecordingLink later = new RecordingLink();
        secondary.onConnectionOpened(later, T0 + 61);
        secondary.onMessage(connect(T0 + 61, 600, "other", FlagsOption.CONNECT_FIXED_PD_LENGTH, 1), T0 + 61);

        assertEquals(2, logged().stream().filter(line -> line.startsWith("FO_CONNECT_REFUSED ")).count(),
                "one line at T0+1, the next a minute later");
    }

    // ------------------------------------------------------------------ primary side, §6.1.3

    @Test
    void primarySendsConnectFirstWithTheRfcContents_rfc8156_6_1_1() throws IOException {
        FailoverEndpoint primary = endpoint(Role.PRIMARY);

        primary.onConnectionOpened(link, T0 + 1);

        assertEquals(List.of("CONNECT"), link.types());
        FailoverMessage connect = link.last();
        assertEquals(T0 + 1, connect.sentTime());
        assertEquals(List.of(127, 122, 128, 121, 130, 115),
                connect.options().stream().map(o -> o.code().code()).toList(), "digest §13.1 option order");
        assertEquals(MCLT, connect.first(OptionCode.F_MCLT, Uint32Option.class).orElseThrow().value());
        assertEquals("failover-1",
                connect.first(OptionCode.F_RELATIONSHIP_NAME, RelationshipNameOption.class).orElseThrow().name());
    }

    private FailoverMessage connectReply(long mclt) {
        return FailoverMessages.connectReply(1, T0 + 2, new ConnectParameters(mclt, 40, 5));
    }

    @Test
    void primaryAcceptsAMatchingConnectReplyAndSendsState_rfc8156_6_1_3() throws IOException {
        FailoverEndpoint primary = endpoint(Role.PRIMARY);
        primary.onConnectionOpened(link, T0 + 1);

        primary.onMessage(connectReply(MCLT), T0 + 2);

        assertEquals(List.of("CONNECT", "STATE"), link.types());
        assertNull(link.closedBecause);
    }

    @Test
    void primaryDisconnectsWhenTheSecondaryEchoesAnotherMclt_rfc8156_6_1_3() throws IOException {
        FailoverEndpoint primary = endpoint(Role.PRIMARY);
        primary.onConnectionOpened(link, T0 + 1);

        primary.onMessage(connectReply(1800), T0 + 2);

        assertEquals(List.of("CONNECT", "DISCONNECT"), link.types());
        assertEquals(17, status(link.last()).status().code());
        assertEquals("the CONNECTREPLY's MCLT (1800 s) differs from this primary's (3600 s), RFC 8156 §6.1.3",
                status(link.last()).message());
        assertTrue(link.closedBecause != null);
    }

    @Test
    void primaryDisconnectsWhenTheSecondaryAdvertisesAnAbsurdMaxUnackedBndupd_rfc8156_5_5_5() throws IOException {
        FailoverEndpoint primary = endpoint(Role.PRIMARY);
        primary.onConnectionOpened(link, T0 + 1);

        primary.onMessage(FailoverMessages.connectReply(1, T0 + 2, new ConnectParameters(MCLT, 40, 1001)), T0 + 2);

        assertEquals(List.of("CONNECT", "DISCONNECT"), link.types());
        assertEquals(17, status(link.last()).status().code());
        assertTrue(status(link.last()).message().startsWith("CONNECTREPLY advertises max-unacked-bndupd 1001"),
                status(link.last()).message());
        assertTrue(link.closedBecause != null);
    }

    @Test
    void aConnectNeverAnsweredIsGivenUpAfterTheKeepaliveTime_rfc8156_6_6_rfc7031_S8() throws IOException {
        FailoverEndpoint primary = endpoint(Role.PRIMARY);
        primary.onConnectionOpened(link, T0 + 1);

        primary.onTick(T0 + 60);
        assertNull(link.closedBecause, "59 s of silence: still waiting for the CONNECTREPLY");
        primary.onTick(T0 + 61);

        assertEquals("keepalive time expired", link.closedBecause, "a half-open connection is not kept");
        assertTrue(logged().contains("FO_KEEPALIVE_EXPIRED failover-1: nothing received from partner "
                + "[fd00:99::2]:647 for 60 s, connection declared dead"), logged().toString());
    }

    @Test
    void primaryLogsAndClosesWhenRefused_rfc8156_6_1_3() throws IOException {
        FailoverEndpoint primary = endpoint(Role.PRIMARY);
        primary.onConnectionOpened(link, T0 + 1);
        FailoverMessage connect = link.last();

        primary.onMessage(FailoverMessages.connectRefusal(connect,
                org.dhcpfailover.plugin.wire.StatusCode.CONFIGURATION_CONFLICT, "no relationship named \"x\"", T0 + 2),
                T0 + 2);

        assertEquals("CONNECT refused by the partner", link.closedBecause);
        assertTrue(logged().contains("FO_CONNECT_REFUSED_BY_PARTNER failover-1: partner [fd00:99::2]:647 refused our "
                + "CONNECT: ConfigurationConflict (no relationship named \"x\")"));
    }

    // ------------------------------------------------------------------ established connection

    private FailoverEndpoint establishedPrimary() throws IOException {
        FailoverEndpoint primary = endpoint(Role.PRIMARY);
        primary.onConnectionOpened(link, T0 + 1);
        primary.onMessage(connectReply(MCLT), T0 + 2);
        return primary;
    }

    @Test
    void partnerStateMakesCommunicationsOkAndDrivesTheMachine_rfc8156_6_1() throws IOException {
        FailoverEndpoint primary = establishedPrimary();
        assertEquals(T0 - 1000, primary.status().partnerSince(), "§8.2: as stored");

        primary.onMessage(state(T0 + 2, EndpointState.NORMAL, FlagsOption.SERVER_COMMUNICATED), T0 + 2);

        EndpointStatus status = primary.status();
        assertEquals(EndpointState.NORMAL, status.state(), "STARTUP → CI (§8.3.2) → NORMAL (table 6.3)");
        assertTrue(status.communicationsOk());
        assertEquals(EndpointState.NORMAL, status.partnerState());
        assertEquals(T0 - 50, status.partnerSince(), "§5.5.17: the partner's start time of state");
        assertEquals(List.of("CONNECT", "STATE", "STATE", "STATE"), link.types(), "STATE on every change (§6.3)");
        assertEquals(List.of("COMMUNICATIONS_INTERRUPTED startup", "COMMUNICATIONS_INTERRUPTED", "NORMAL"),
                link.sent.subList(1, 4).stream().map(m -> FailoverEndpoint.partnerStatus(m).orElseThrow())
                        .map(p -> p.state() + (p.startup() ? " startup" : "")).toList(),
                "after the exchange (§8.3.1: previous state, STARTUP flag), then each transition");
        assertTrue(logged().contains("FO_COMMUNICATIONS_OK failover-1: communications with partner "
                + "[fd00:99::2]:647 OK, partner in NORMAL"));
        assertTrue(logged().contains("FO_STATE_CHANGED failover-1: state COMMUNICATIONS_INTERRUPTED -> NORMAL "
                + "(partner NORMAL)"));
    }

    @Test
    void contactIsSentAfterAQuarterOfThePartnersKeepaliveOfSilence_rfc8156_6_5() throws IOException {
        FailoverEndpoint primary = establishedPrimary(); // partner keepalive 40 s → CONTACT after 10 s
        primary.onMessage(state(T0 + 2, EndpointState.NORMAL, FlagsOption.SERVER_COMMUNICATED), T0 + 2);
        assertEquals(EndpointState.NORMAL, primary.status().state(), "no timer other than the send timer runs");
        int before = link.sent.size(); // the last STATE went out at T0+2

        primary.onTick(T0 + 11);
        assertEquals(before, link.sent.size(), "9 s since the last send: nothing yet");
        primary.onTick(T0 + 12);

        assertEquals("CONTACT", link.last().type().name());
    }

    @Test
    void leavingStartupBeforeThePartnersStateArrivesIsAnnounced_rfc8156_6_3() throws IOException {
        FailoverEndpoint primary = establishedPrimary(); // STATE with the STARTUP flag went out at T0+2

        primary.onTick(T0 + 11); // the 10 s STARTUP timer expires: resume COMMUNICATIONS-INTERRUPTED

        assertEquals(EndpointState.COMMUNICATIONS_INTERRUPTED, primary.status().state());
        PartnerStatus announced = FailoverEndpoint.partnerStatus(link.last()).orElseThrow();
        assertEquals(EndpointState.COMMUNICATIONS_INTERRUPTED, announced.state());
        assertFalse(announced.startup(), "the partner must not be left with a STARTUP-flagged STATE (decision A8)");
    }

    @Test
    void silenceForTheKeepaliveTimeDropsTheConnection_rfc8156_6_6() throws IOException {
        FailoverEndpoint primary = establishedPrimary();
        primary.onMessage(state(T0 + 2, EndpointState.NORMAL, FlagsOption.SERVER_COMMUNICATED), T0 + 2);

        primary.onTick(T0 + 61);
        assertNull(link.closedBecause, "59 s of silence is within the 60 s keepalive");
        primary.onTick(T0 + 62);

        assertEquals("keepalive time expired", link.closedBecause);
        primary.onConnectionClosed(link, "keepalive time expired", T0 + 62);
        assertEquals(EndpointState.COMMUNICATIONS_INTERRUPTED, primary.status().state(), "§8.8.2");
        assertFalse(primary.isConnected());
    }

    @Test
    void skewOnAnEstablishedConnectionDisconnects_decisionA25() throws IOException {
        FailoverEndpoint primary = establishedPrimary();

        primary.onMessage(FailoverMessages.bare(MessageType.CONTACT, 3, T0 + 30), T0 + 20);

        assertEquals("DISCONNECT", link.last().type().name());
        assertEquals(22, status(link.last()).status().code());
    }

    @Test
    void updReqIsAnsweredWithUpdDoneAndPoolReqWithPoolResp_rfc8156_5_3() throws IOException {
        FailoverEndpoint primary = establishedPrimary();

        primary.onMessage(FailoverMessages.bare(MessageType.UPDREQALL, 40, T0 + 3), T0 + 3);
        primary.onMessage(FailoverMessages.bare(MessageType.POOLREQ, 41, T0 + 3), T0 + 3);

        List<FailoverMessage> answers = link.sent.subList(link.sent.size() - 2, link.sent.size());
        assertEquals(List.of("UPDDONE", "POOLRESP"), answers.stream().map(m -> m.type().name()).toList());
        assertEquals(List.of(40, 41), answers.stream().map(FailoverMessage::transactionId).toList(), "decision A9");
    }

    @Test
    void disconnectFromThePartnerIsLoggedAndCloses_rfc8156_8_8_2() throws IOException {
        FailoverEndpoint primary = establishedPrimary();

        primary.onMessage(FailoverMessages.disconnect(5, T0 + 3,
                org.dhcpfailover.plugin.wire.StatusCode.SERVER_SHUTTING_DOWN, "shutdown"), T0 + 3);

        assertEquals("DISCONNECT received", link.closedBecause);
        assertTrue(logged().contains("FO_DISCONNECT_RECEIVED failover-1: partner [fd00:99::2]:647 disconnected: "
                + "ServerShuttingDown (shutdown)"));
    }

    @Test
    void malformedBytesAreAnsweredWithDisconnect() throws IOException {
        FailoverEndpoint primary = establishedPrimary();

        primary.onMalformedMessage(new DecodeException(DecodeException.Kind.TRUNCATED, 8, "header", "cut"), T0 + 3);

        assertEquals("DISCONNECT", link.last().type().name());
        assertEquals(1, status(link.last()).status().code());
    }

    @Test
    void shutdownSendsServerShuttingDown_rfc8156_5_3_10() throws IOException {
        FailoverEndpoint primary = establishedPrimary();

        primary.shutdown(T0 + 4);

        assertEquals(20, status(link.last()).status().code());
        assertEquals("shutdown", link.closedBecause);
    }

    @Test
    void aSecondConnectionWhileOneIsOpenIsClosed() throws IOException {
        FailoverEndpoint primary = establishedPrimary();
        RecordingLink second = new RecordingLink();

        primary.onConnectionOpened(second, T0 + 5);

        assertEquals("a connection for this relationship is already open", second.closedBecause);
        assertTrue(primary.isConnected());

        primary.onConnectionClosed(second, "refused duplicate closed", T0 + 5);
        assertTrue(primary.isConnected(), "the refused link's close is not about the open connection");
    }

    // ------------------------------------------------------------------ operator and timers

    @Test
    void operatorPartnerDownIsLoggedAndRefusedWhereTheRfcDoesNotAllowIt_rfc8156_8_9_2() throws IOException {
        FailoverEndpoint primary = endpoint(Role.PRIMARY);
        assertThrows(IllegalStateException.class, () -> primary.partnerDown(T0 + 1), "not in STARTUP");

        primary.onTick(T0 + 10); // startup timer: resume COMMUNICATIONS-INTERRUPTED
        primary.partnerDown(T0 + 11);

        assertEquals(EndpointState.PARTNER_DOWN, primary.status().state());
        assertTrue(logged().contains("FO_PARTNER_DOWN failover-1: partner declared down (operator command); "
                + "this server now serves all clients without the MCLT limit"));
    }

    @Test
    void theOperatingTimeIsStoredOneIntervalAhead_rfc8156_8_3_2() throws IOException {
        FailoverEndpoint primary = endpoint(Role.PRIMARY);
        primary.onTick(T0 + 10);

        assertEquals(T0 + 10 + FailoverEndpoint.OPERATING_REFRESH_SECONDS, store.current().lastOperatingTime());
    }

    @Test
    void aStoreFailureKeepsTheStateAndClosesTheConnection_rfc8156_8_1() throws IOException {
        FailoverEndpoint primary = establishedPrimary();
        store.failNextSave = true;

        primary.onMessage(state(T0 + 2, EndpointState.NORMAL, FlagsOption.SERVER_COMMUNICATED), T0 + 2);

        assertEquals(EndpointState.STARTUP, primary.status().state());
        assertEquals("endpoint state could not be saved", link.closedBecause);
        assertTrue(logged().contains("FO_STATE_STORE_FAILED failover-1: cannot save the endpoint state: simulated "
                + "disk failure; the state change is not made and the connection is closed"));
    }
}
