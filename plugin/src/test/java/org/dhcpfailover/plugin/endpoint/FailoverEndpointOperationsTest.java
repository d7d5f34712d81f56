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
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.BindingReplyBuilder;
import org.dhcpfailover.plugin.binding.UpdateVerdict;
import org.dhcpfailover.plugin.binding.BindingUpdateParser;
import org.dhcpfailover.plugin.binding.ReceivedLease;
import org.dhcpfailover.plugin.binding.BindingUpdateBuilder;
import org.dhcpfailover.plugin.binding.ClientLifetimes;
import org.dhcpfailover.plugin.binding.IaType;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.binding.LeaseContext;
import org.dhcpfailover.plugin.binding.LeaseStateMachine;
import org.dhcpfailover.plugin.bindingdb.BindingDatabase;
import org.dhcpfailover.plugin.config.RelationshipConfig;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.endpoint.FailoverMessages.ConnectParameters;
import org.dhcpfailover.plugin.log.CatalogLogger;
import org.dhcpfailover.plugin.log.LogMessage;
import org.dhcpfailover.plugin.log.RecordingLogger;
import org.dhcpfailover.plugin.store.PowerLossDisk;
import org.dhcpfailover.plugin.sync.LeaseLedger;
import org.dhcpfailover.plugin.sync.TestLedgers;
import org.dhcpfailover.plugin.time.AbsoluteTime;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.Ipv6Address;
import org.dhcpfailover.plugin.wire.MessageType;
import org.dhcpfailover.plugin.wire.OctetString;
import org.dhcpfailover.plugin.wire.OptionCode;
import org.dhcpfailover.plugin.wire.StatusCodeOption;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * The operator's operations on one endpoint against a recording link (full resync, clean
 * disconnect, reset of an abandoned lease) and the status an operator reads (last contact,
 * clock skew, resync progress), each with its refusals.
 */
class FailoverEndpointOperationsTest {

    private static final long T0 = 757_382_400L;
    private static final long MCLT = 3600;
    private static final Lease LEASE = Lease.address(Ipv6Address.parse("2001:db8::11"));
    private static final BindingClient CLIENT = new BindingClient(OctetString.fromHex("00030001aabbccdd0001"),
            IaType.IA_NA, 1);

    private final RecordingLogger logLines = new RecordingLogger(Level.DEBUG);
    private final RecordingLink link = new RecordingLink();
    private final PowerLossDisk disk = new PowerLossDisk();
    private BindingDatabase database;
    private LeaseLedger ledger;

    private FailoverEndpoint primary() throws IOException {
        return primary(EndpointState.NORMAL, EndpointState.NORMAL);
    }

    private FailoverEndpoint primary(EndpointState own, EndpointState partner) throws IOException {
        InMemoryEndpointStateStore store = new InMemoryEndpointStateStore(new PersistedEndpointState(
                own, T0 - 1000, partner, T0 - 1000, T0 - 5, true));
        database = TestLedgers.steppedDatabase(disk, "failover-1");
        ledger = TestLedgers.ledger(database, MCLT);
        RelationshipConfig config = new RelationshipConfig("failover-1", "server1", Role.PRIMARY, "server2",
                new InetSocketAddress("fd00:99::2", 647), new InetSocketAddress("fd00:99::1", 647),
                Duration.ofSeconds(MCLT), 10, Duration.ofSeconds(60), Duration.ofSeconds(10), Optional.empty(),
                List.of());
        FailoverEndpoint endpoint = new FailoverEndpoint(config, store, ledger, TestLedgers.inline(() -> T0),
                CatalogLogger.wrap(logLines));
        endpoint.start(T0);
        return endpoint;
    }

    /** Connected, CONNECTREPLY received, the partner's NORMAL STATE received: communications OK. */
    private FailoverEndpoint communicatingPrimary() throws IOException {
        FailoverEndpoint primary = primary();
        primary.onConnectionOpened(link, T0 + 1);
        primary.onMessage(FailoverMessages.connectReply(1, T0 + 2, new ConnectParameters(MCLT, 40, 5)), T0 + 2);
        primary.onMessage(FailoverMessages.state(9, T0 + 2, EndpointState.NORMAL, false, false, true, T0 - 50),
                T0 + 2);
        assertTrue(primary.status().communicationsOk());
        return primary;
    }

    private static FailoverMessage updateFromPartner(int transactionId, long now) {
        Lease lease = Lease.address(Ipv6Address.parse("2001:db8::" + Integer.toHexString(0x201 + transactionId)));
        Binding active = LeaseStateMachine.grant(Binding.initial(lease, BindingStatus.FREE, T0), CLIENT,
                new ClientLifetimes(T0, 300, 600, 300, 480), T0 + 900, LeaseContext.communicating(T0, MCLT));
        return BindingUpdateBuilder.forClient(transactionId, now, List.of(active));
    }

    // ------------------------------------------------------------------ resync (UPDREQALL)

    @Test
    void resyncSendsUpdReqAllAndFollowsTheAnswerToUpdDone_rfc8156_5_3_6_5_3_7() throws IOException {
        FailoverEndpoint primary = communicatingPrimary();
        assertEquals(ResyncProgress.NONE, primary.status().resync());

        primary.resync(T0 + 3);

        FailoverMessage request = link.last();
        assertEquals(MessageType.UPDREQALL, request.type());
        assertEquals(List.of("FO_OPERATOR_RESYNC failover-1: operator asked partner [fd00:99::2]:647 for a full "
                + "resync (UPDREQALL)"), logLines.lines(LogMessage.FO_OPERATOR_RESYNC));
        ResyncProgress started = primary.status().resync();
        assertEquals("UPDREQALL", started.request());
        assertEquals(T0 + 3, started.requestedAt());
        assertTrue(started.inProgress());

        primary.onMessage(updateFromPartner(50, T0 + 4), T0 + 4);
        primary.onMessage(updateFromPartner(51, T0 + 4), T0 + 4);
        database.writeQueued();
        assertEquals(2, primary.status().resync().updatesReceived(), "BNDUPDs of the answer counted as they come");

        primary.onMessage(FailoverMessages.bare(MessageType.UPDDONE, request.transactionId(), T0 + 5), T0 + 5);

        ResyncProgress done = primary.status().resync();
        assertTrue(done.done());
        assertFalse(done.inProgress());
        assertEquals(T0 + 5, done.doneAt());
        assertEquals(2, done.updatesReceived());
        assertEquals(EndpointState.NORMAL, primary.status().state(), "UPDDONE in NORMAL changes no state");
    }

    @Test
    void resyncIsRefusedWithoutCommunications_rfc8156_5_3_6() throws IOException {
        FailoverEndpoint primary = primary();
        IllegalStateException unconnected = assertThrows(IllegalStateException.class, () -> primary.resync(T0 + 1));
        assertEquals("not connected to the partner (communications interrupted); a resync needs an established "
                + "connection (RFC 8156 §5.3.6)", unconnected.getMessage());

        primary.onConnectionOpened(link, T0 + 1);
        IllegalStateException starting = assertThrows(IllegalStateException.class, () -> primary.resync(T0 + 1));
        assertTrue(starting.getMessage().contains("communications still starting"), starting.getMessage());
        assertEquals(List.of("CONNECT"), link.types(), "no UPDREQALL before CONNECTREPLY and STATE");
        assertEquals(0, logLines.count(LogMessage.FO_OPERATOR_RESYNC));
    }

    @Test
    void resyncIsRefusedOutsideNormalWhereTheStateMachineResynchronizesItself_rfc8156_8_10() throws IOException {
        FailoverEndpoint primary = primary(EndpointState.PARTNER_DOWN, EndpointState.PARTNER_DOWN);
        primary.onConnectionOpened(link, T0 + 1);
        primary.onMessage(FailoverMessages.connectReply(1, T0 + 2, new ConnectParameters(MCLT, 40, 5)), T0 + 2);
        primary.onMessage(FailoverMessages.state(9, T0 + 2, EndpointState.PARTNER_DOWN, false, false, true, T0 - 50),
                T0 + 2);
        assertEquals(EndpointState.POTENTIAL_CONFLICT, primary.status().state(), "both were PARTNER-DOWN (§8.10)");
        int sent = link.sent.size();

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> primary.resync(T0 + 3));

        assertTrue(refused.getMessage().startsWith("this server is in POTENTIAL-CONFLICT; an operator's resync is for "
                + "NORMAL only"), refused.getMessage());
        assertEquals(sent, link.sent.size(), "nothing sent: the state machine's own UPDREQ stays the only one");
        assertEquals(0, logLines.count(LogMessage.FO_OPERATOR_RESYNC));
    }

    @Test
    void aSecondResyncWaitsForTheFirstsUpdDone_rfc8156_5_4() throws IOException {
        FailoverEndpoint primary = communicatingPrimary();
        primary.resync(T0 + 3);
        int sent = link.sent.size();

        IllegalStateException busy = assertThrows(IllegalStateException.class, () -> primary.resync(T0 + 4));

        assertEquals("the UPDREQALL sent earlier is still waiting for its UPDDONE (0 updates received so far)",
                busy.getMessage());
        assertEquals(sent, link.sent.size());
    }

    @Test
    void aConnectionLostBeforeUpdDoneCutsTheResyncOff_rfc8156_8_5_2() throws IOException {
        FailoverEndpoint primary = communicatingPrimary();
        primary.resync(T0 + 3);

        primary.onConnectionClosed(link, "reset by peer", T0 + 4);

        ResyncProgress cut = primary.status().resync();
        assertTrue(cut.cutOff());
        assertFalse(cut.inProgress());
        assertFalse(cut.done());
    }

    // ------------------------------------------------------------------ disconnect

    @Test
    void disconnectSendsDisconnectWithTheReasonAndCloses_rfc8156_5_3_10() throws IOException {
        FailoverEndpoint primary = communicatingPrimary();

        primary.disconnect("moving the partner's rack", T0 + 3);

        FailoverMessage disconnect = link.last();
        assertEquals(MessageType.DISCONNECT, disconnect.type());
        StatusCodeOption status = disconnect.first(OptionCode.STATUS_CODE, StatusCodeOption.class).orElseThrow();
        assertEquals(1, status.status().code(), "UnspecFail");
        assertEquals("operator request: moving the partner's rack", status.message());
        assertEquals("operator request: moving the partner's rack", link.closedBecause);
        assertEquals(List.of("FO_OPERATOR_DISCONNECT failover-1: operator disconnected partner [fd00:99::2]:647: "
                + "operator request: moving the partner's rack"), logLines.lines(LogMessage.FO_OPERATOR_DISCONNECT));

        primary.onConnectionClosed(link, "closed", T0 + 3);
        assertEquals(EndpointState.COMMUNICATIONS_INTERRUPTED, primary.status().state(),
                "§8.8.2: as after any connection loss; the transport reconnects");
    }

    @Test
    void disconnectWithoutAConnectionIsRefused() throws IOException {
        FailoverEndpoint primary = primary();

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> primary.disconnect("x", T0 + 1));

        assertEquals("there is no connection to the partner to disconnect", refused.getMessage());
        assertEquals(0, logLines.count(LogMessage.FO_OPERATOR_DISCONNECT));
    }

    // ------------------------------------------------------------------ reset-lease

    @Test
    void anAbandonedLeaseIsResetAndSentToThePartner_rfc8156_7_2() throws IOException {
        FailoverEndpoint primary = communicatingPrimary();
        ledger.grant(LEASE, CLIENT, 600, 300, T0 + 3);
        ledger.decline(LEASE, CLIENT, T0 + 3);
        database.writeQueued();
        primary.onTick(T0 + 4);
        assertEquals(BindingStatus.ABANDONED, ledger.find(LEASE).orElseThrow().status());
        FailoverMessage abandoned = link.last();
        assertEquals(MessageType.BNDUPD, abandoned.type());
        primary.onMessage(BindingReplyBuilder.build(abandoned, T0 + 4, Optional.empty(), lease -> UpdateVerdict.ACCEPTED),
                T0 + 4);
        database.writeQueued();
        int sent = link.sent.size();

        primary.resetLease(LEASE, T0 + 5);
        database.writeQueued();
        primary.onTick(T0 + 6);

        assertEquals(BindingStatus.RESET, ledger.find(LEASE).orElseThrow().status());
        List<ReceivedLease> updated = link.sent.subList(sent, link.sent.size()).stream()
                .filter(m -> m.type().equals(MessageType.BNDUPD))
                .flatMap(m -> BindingUpdateParser.parse(m).leases().stream()).toList();
        assertEquals(List.of(LEASE), updated.stream().map(ReceivedLease::lease).toList(), link.types().toString());
        assertEquals(BindingStatus.RESET, updated.get(0).status(), "the RESET goes to the partner in a BNDUPD");
        assertEquals(List.of("FO_OPERATOR_LEASE_RESET failover-1: operator reset abandoned lease address 2001:db8::11 "
                + "(ABANDONED -> RESET); the partner is told by BNDUPD"),
                logLines.lines(LogMessage.FO_OPERATOR_LEASE_RESET));
    }

    @Test
    void onlyAnAbandonedLeaseCanBeReset_rfc8156_7_2() throws IOException {
        FailoverEndpoint primary = communicatingPrimary();
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> primary.resetLease(LEASE, T0 + 3));
        assertEquals("address 2001:db8::11 has no binding: it was never leased, so there is nothing to reset",
                unknown.getMessage());

        ledger.grant(LEASE, CLIENT, 600, 300, T0 + 3);
        IllegalStateException active = assertThrows(IllegalStateException.class,
                () -> primary.resetLease(LEASE, T0 + 4));
        assertEquals("address 2001:db8::11 is ACTIVE, not ABANDONED; only an abandoned lease can be reset "
                + "(RFC 8156 §7.2)", active.getMessage());
        assertEquals(BindingStatus.ACTIVE, ledger.find(LEASE).orElseThrow().status(), "left as it was");
        assertEquals(0, logLines.count(LogMessage.FO_OPERATOR_LEASE_RESET));
    }

    // ------------------------------------------------------------------ what an operator reads

    @Test
    void lastContactAndClockSkewComeFromTheLastMessage_rfc8156_7_1() throws IOException {
        FailoverEndpoint primary = primary();
        assertEquals(AbsoluteTime.NEVER, primary.status().lastContact());
        assertNull(primary.status().clockSkewSeconds(), "nothing received yet");

        primary.onConnectionOpened(link, T0 + 1);
        primary.onMessage(FailoverMessages.connectReply(1, T0 + 2, new ConnectParameters(MCLT, 40, 5)), T0 + 2);
        primary.onMessage(FailoverMessages.bare(MessageType.CONTACT, 3, T0 + 7), T0 + 10);

        assertEquals(T0 + 10, primary.status().lastContact());
        assertEquals(3L, primary.status().clockSkewSeconds(), "received at +10, sent at +7: the partner is 3 s behind");
    }

    // ------------------------------------------------------------------ back-pressure line

    @Test
    void backPressureIsLoggedOncePerEpisodeAndAtMostOnceAMinute_rfc8156_5_5_5() throws IOException {
        FailoverEndpoint primary = communicatingPrimary();
        for (int n = 0; n < 10; n++) {
            primary.onMessage(updateFromPartner(60 + n, T0 + 3), T0 + 3);
        }
        assertFalse(primary.readyForMessages());
        assertFalse(primary.readyForMessages(), "asked again while still blocked: no second line");
        assertEquals(List.of("FO_RECEIVE_BACKPRESSURE failover-1: stopped reading from partner [fd00:99::2]:647: "
                + "10 of its binding updates wait for the disk (0 similar lines held back)"),
                logLines.lines(LogMessage.FO_RECEIVE_BACKPRESSURE));

        database.writeQueued();
        assertTrue(primary.readyForMessages());
        for (int n = 10; n < 20; n++) {
            primary.onMessage(updateFromPartner(60 + n, T0 + 30), T0 + 30);
        }
        assertFalse(primary.readyForMessages());
        assertEquals(1, logLines.count(LogMessage.FO_RECEIVE_BACKPRESSURE), "a second episode within the minute");

        database.writeQueued();
        assertTrue(primary.readyForMessages());
        for (int n = 20; n < 30; n++) {
            primary.onMessage(updateFromPartner(60 + n, T0 + 64), T0 + 64);
        }
        assertFalse(primary.readyForMessages());
        assertEquals(List.of("FO_RECEIVE_BACKPRESSURE failover-1: stopped reading from partner [fd00:99::2]:647: "
                + "10 of its binding updates wait for the disk (1 similar lines held back)"),
                logLines.lines(LogMessage.FO_RECEIVE_BACKPRESSURE).subList(1, 2));
    }
}
