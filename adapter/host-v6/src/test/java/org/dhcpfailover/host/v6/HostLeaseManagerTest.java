package org.dhcpfailover.host.v6;

import static org.dhcpfailover.host.v6.V6Packets.ADVERTISE;
import static org.dhcpfailover.host.v6.V6Packets.CLIENTID;
import static org.dhcpfailover.host.v6.V6Packets.CONFIRM;
import static org.dhcpfailover.host.v6.V6Packets.DECLINE;
import static org.dhcpfailover.host.v6.V6Packets.IA_NA;
import static org.dhcpfailover.host.v6.V6Packets.IA_PD;
import static org.dhcpfailover.host.v6.V6Packets.IA_TA;
import static org.dhcpfailover.host.v6.V6Packets.INFORMATION_REQUEST;
import static org.dhcpfailover.host.v6.V6Packets.REBIND;
import static org.dhcpfailover.host.v6.V6Packets.RELEASE;
import static org.dhcpfailover.host.v6.V6Packets.RENEW;
import static org.dhcpfailover.host.v6.V6Packets.REPLY;
import static org.dhcpfailover.host.v6.V6Packets.REQUEST;
import static org.dhcpfailover.host.v6.V6Packets.SERVERID;
import static org.dhcpfailover.host.v6.V6Packets.SOLICIT;
import static org.dhcpfailover.host.v6.V6Packets.clientId;
import static org.dhcpfailover.host.v6.V6Packets.elapsed;
import static org.dhcpfailover.host.v6.V6Packets.iaAddr;
import static org.dhcpfailover.host.v6.V6Packets.iaNa;
import static org.dhcpfailover.host.v6.V6Packets.iaPd;
import static org.dhcpfailover.host.v6.V6Packets.iaPrefix;
import static org.dhcpfailover.host.v6.V6Packets.iaTa;
import static org.dhcpfailover.host.v6.V6Packets.ip;
import static org.dhcpfailover.host.v6.V6Packets.message;
import static org.dhcpfailover.host.v6.V6Packets.oroDnsOnly;
import static org.dhcpfailover.host.v6.V6Packets.serverId;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.dhcpfailover.hook.spi.ClientKey;
import org.dhcpfailover.hook.spi.ClientMessage;
import org.dhcpfailover.hook.spi.HostLease;
import org.dhcpfailover.hook.spi.LeaseDecision;
import org.dhcpfailover.hook.spi.LeaseEvent;
import org.dhcpfailover.hook.spi.LeaseRequest;
import org.dhcpfailover.hook.spi.ResourceKind;
import org.dhcpfailover.host.v6.V6Packets.IaReply;
import org.dhcpfailover.host.v6.V6Packets.Lease;
import org.dhcpfailover.host.v6.V6Packets.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DHCPv6 server logic on octets in and octets out: the exchanges of RFC 8415 §18.3 for IA_NA,
 * IA_TA and IA_PD (RFC 8415 §21.21, first RFC 3633), the hook decisions, the journal across a
 * restart.
 */
class HostLeaseManagerTest {

    private static final byte[] US = V6Fixture.SERVER_DUID;

    @TempDir
    Path store;

    private V6Fixture host;

    @BeforeEach
    void start() throws Exception {
        host = new V6Fixture(store);
    }

    @AfterEach
    void stop() {
        host.close();
    }

    private static IaReply only(Reply reply, int code) {
        List<IaReply> ias = reply.ias().stream().filter(ia -> ia.code() == code).toList();
        assertEquals(1, ias.size(), "one IA " + code + " in " + reply);
        return ias.get(0);
    }

    private static Lease lease(IaReply ia) {
        assertEquals(1, ia.leases().size(), "one lease in " + ia);
        return ia.leases().get(0);
    }

    /** SOLICIT, then REQUEST of what was advertised; returns the REPLY. */
    private Reply join(int client, byte[]... ias) {
        Reply advertise = host.reply(message(SOLICIT, 0x10 + client, V6Packets.concat(clientId(client), elapsed()),
                V6Packets.concat(ias)));
        assertEquals(ADVERTISE, advertise.type());
        return host.reply(message(REQUEST, 0x20 + client, clientId(client), serverId(US), V6Packets.concat(ias)));
    }

    // ---- SOLICIT / ADVERTISE, REQUEST / REPLY ----

    @Test
    void solicitIsAdvertisedAnAddressWithThePoolsLifetimesAndNothingIsCommitted_rfc8415_18_3_1() {
        Reply advertise = host.reply(message(SOLICIT, 0xabcdef, clientId(1), elapsed(), iaNa(7)));

        assertEquals(ADVERTISE, advertise.type());
        assertEquals(0xabcdef, advertise.transactionId(), "the transaction ID is echoed (RFC 8415 §16.3)");
        assertArrayEquals(V6Packets.duid(1), advertise.first(CLIENTID));
        assertArrayEquals(US, advertise.first(SERVERID));
        IaReply ia = only(advertise, IA_NA);
        assertEquals(7, ia.iaid());
        assertEquals(new Lease(ip("2001:db8:1::1000"), 128, 3600, 7200), lease(ia));
        assertEquals(1800, ia.t1(), "T1 = 0.5 of the preferred lifetime (RFC 8415 §21.4)");
        assertEquals(2880, ia.t2(), "T2 = 0.8 of the preferred lifetime");
        assertEquals(0, host.table.size(), "an advertisement is not a binding (RFC 8415 §18.3.9)");
        assertFalse(host.hooks.requests.get(0).commit(), "SOLICIT asks the hook for an offer");
    }

    @Test
    void requestBindsTheAdvertisedAddressAndJournalsItBeforeTheReply_rfc8415_18_3_2() throws Exception {
        Reply reply = join(1, iaNa(7));

        assertEquals(REPLY, reply.type());
        assertEquals(ip("2001:db8:1::1000"), lease(only(reply, IA_NA)).address());
        HostLease bound = host.table.activeLease(new ClientKey(V6Packets.duid(1), ResourceKind.IPV6_ADDRESS, 7)).orElseThrow();
        assertEquals(V6Fixture.START.plusSeconds(7200), bound.validUntil());
        assertTrue(Files.readString(store.resolve(HostV6.JOURNAL.fileName())).contains("L 2001:db8:1:0:0:0:0:1000 ACTIVE IPV6_ADDRESS 7 "));
        assertTrue(host.hooks.requests.get(host.hooks.requests.size() - 1).commit(), "REQUEST commits");
    }

    @Test
    void twoClientsGetDifferentAddressesAndARetransmittedSolicitTheSameOne_rfc8415_18_3_1() {
        Lease first = lease(only(host.reply(message(SOLICIT, 1, clientId(1), iaNa(1))), IA_NA));
        Lease again = lease(only(host.reply(message(SOLICIT, 2, clientId(1), iaNa(1))), IA_NA));
        Lease other = lease(only(host.reply(message(SOLICIT, 3, clientId(2), iaNa(1))), IA_NA));
        assertEquals(first.address(), again.address());
        assertFalse(first.address().equals(other.address()), "an advertised address is held for its client");
    }

    @Test
    void aFreeAddressTheClientHintsAtIsTheOneItGets_rfc8415_18_3_1() {
        Reply advertise = host.reply(message(SOLICIT, 1, clientId(1), iaNa(1, iaAddr("2001:db8:1::1042", 0, 0))));
        assertEquals(ip("2001:db8:1::1042"), lease(only(advertise, IA_NA)).address());
        Reply outside = host.reply(message(SOLICIT, 2, clientId(2), iaNa(1, iaAddr("2001:db8:9::1", 0, 0))));
        assertEquals(ip("2001:db8:1::1000"), lease(only(outside, IA_NA)).address(), "a hint outside the pools is ignored");
    }

    @Test
    void aTemporaryAddressIsAssignedInIaTaWithoutTimers_rfc8415_21_5() {
        Reply reply = join(3, iaTa(9));
        IaReply ia = only(reply, IA_TA);
        assertEquals(9, ia.iaid());
        assertEquals(128, lease(ia).prefixLength());
        assertTrue(host.table.activeLease(new ClientKey(V6Packets.duid(3), ResourceKind.IPV6_TEMPORARY_ADDRESS, 9)).isPresent());
    }

    // ---- prefix delegation ----

    @Test
    void iaPdIsDelegatedAPrefixOfTheDelegatedLengthFromThePdPool_rfc8415_18_3_2_rfc3633() {
        Reply reply = join(4, iaPd(11));
        IaReply ia = only(reply, IA_PD);
        assertEquals(11, ia.iaid());
        assertEquals(new Lease(ip("2001:db8:100::"), 56, 3600, 7200), lease(ia));
        assertEquals(1800, ia.t1());
        Reply second = join(5, iaPd(11));
        assertEquals(new Lease(ip("2001:db8:100:100::"), 56, 3600, 7200), lease(only(second, IA_PD)),
                "the next /56 of the pool");
    }

    @Test
    void aClientAskingForAddressesAndPrefixesInOneExchangeGetsBoth_evenIfItsOptionRequestListsNeither() {
        byte[] both = V6Packets.concat(iaNa(1), iaPd(2));
        Reply advertise = host.reply(message(SOLICIT, 1, clientId(6), oroDnsOnly(), both));
        assertEquals(1, only(advertise, IA_NA).leases().size());
        assertEquals(1, only(advertise, IA_PD).leases().size(), "IA_PD is not stripped for want of option 25 in the ORO");
        Reply reply = host.reply(message(REQUEST, 2, clientId(6), serverId(US), oroDnsOnly(), both));
        assertEquals(lease(only(advertise, IA_NA)), lease(only(reply, IA_NA)));
        assertEquals(lease(only(advertise, IA_PD)), lease(only(reply, IA_PD)));
        assertEquals(2, host.table.size());
    }

    @Test
    void aPrefixHintOfAnotherLengthOnlyNamesALengthAndIsNotTaken_rfc8415_18_3_1() {
        Reply reply = join(7, iaPd(1, iaPrefix("2001:db8:100:4200::", 64, 0, 0)));
        assertEquals(new Lease(ip("2001:db8:100::"), 56, 3600, 7200), lease(only(reply, IA_PD)));
    }

    // ---- RENEW, REBIND ----

    @Test
    void renewExtendsTheBindingFromNow_rfc8415_18_3_4() {
        Lease bound = lease(only(join(1, iaNa(7), iaPd(8)), IA_NA));
        host.clock.advance(Duration.ofSeconds(1800));
        Reply renewed = host.reply(message(RENEW, 3, clientId(1), serverId(US),
                iaNa(7, iaAddr(bound.address().getHostAddress(), 3600, 7200)), iaPd(8, iaPrefix("2001:db8:100::", 56, 0, 0))));
        assertEquals(REPLY, renewed.type());
        assertEquals(new Lease(bound.address(), 128, 3600, 7200), lease(only(renewed, IA_NA)));
        assertEquals(new Lease(ip("2001:db8:100::"), 56, 3600, 7200), lease(only(renewed, IA_PD)));
        assertEquals(V6Fixture.START.plusSeconds(1800 + 7200),
                host.table.leaseAt(bound.address(), 128).orElseThrow().validUntil());
        assertEquals(ClientMessage.MessageType.RENEW, host.hooks.messages.get(host.hooks.messages.size() - 1).type());
    }

    @Test
    void renewOfAnIaTheServerHasNoBindingForIsAnsweredNoBinding_rfc8415_18_3_4() {
        Reply reply = host.reply(message(RENEW, 3, clientId(1), serverId(US), iaNa(7)));
        IaReply ia = only(reply, IA_NA);
        assertEquals(IaCodec.NO_BINDING, (int) ia.status());
        assertTrue(ia.leases().isEmpty());
    }

    @Test
    void rebindOfAnAddressLeasedToAnotherClientReturnsItWithLifetimesZero_rfc8415_18_3_5() {
        Lease theirs = lease(only(join(1, iaNa(1)), IA_NA));
        Reply reply = host.reply(message(REBIND, 4, clientId(2),
                iaNa(1, iaAddr(theirs.address().getHostAddress(), 3600, 7200))));
        assertEquals(new Lease(theirs.address(), 128, 0, 0), lease(only(reply, IA_NA)));
        assertArrayEquals(V6Packets.duid(1), host.table.leaseAt(theirs.address(), 128).orElseThrow().client().duid(),
                "the binding stays with its client");
    }

    @Test
    void rebindOfAFreeAddressOfThePoolsCreatesTheBinding_rfc8415_18_3_5() {
        Reply reply = host.reply(message(REBIND, 4, clientId(2), iaNa(1, iaAddr("2001:db8:1::1077", 3600, 7200))));
        assertEquals(new Lease(ip("2001:db8:1::1077"), 128, 3600, 7200), lease(only(reply, IA_NA)));
        assertTrue(host.table.leaseAt(ip("2001:db8:1::1077"), 128).isPresent());
    }

    @Test
    void rebindOfAnAddressOutsideThePoolsReturnsItWithLifetimesZero_rfc8415_18_3_5() {
        Reply reply = host.reply(message(REBIND, 4, clientId(2), iaNa(1, iaAddr("2001:db8:9::1", 3600, 7200))));
        assertEquals(new Lease(ip("2001:db8:9::1"), 128, 0, 0), lease(only(reply, IA_NA)));
    }

    // ---- RELEASE, DECLINE, CONFIRM, INFORMATION-REQUEST ----

    @Test
    void releaseEndsTheBindingTellsTheHooksAndIsAnsweredSuccess_rfc8415_18_3_7() throws Exception {
        Lease bound = lease(only(join(1, iaNa(7)), IA_NA));
        Reply reply = host.reply(message(RELEASE, 5, clientId(1), serverId(US),
                iaNa(7, iaAddr(bound.address().getHostAddress(), 0, 0)), iaNa(8)));
        assertEquals(REPLY, reply.type());
        assertEquals(IaCodec.SUCCESS, (int) reply.status());
        assertEquals(IaCodec.NO_BINDING, (int) only(reply, IA_NA).status(), "IA 8 has no binding here");
        assertEquals(8, only(reply, IA_NA).iaid());
        assertEquals(0, host.table.size());
        LeaseEvent event = host.hooks.events.get(0);
        assertEquals(LeaseEvent.Type.RELEASED, event.type());
        assertEquals(HostLease.State.FREE, event.lease().state());
        assertTrue(Files.readString(store.resolve(HostV6.JOURNAL.fileName())).contains("D 2001:db8:1:0:0:0:0:1000 "));
    }

    @Test
    void declineAbandonsTheAddressSoNobodyElseGetsIt_rfc8415_18_3_8() {
        Lease bound = lease(only(join(1, iaNa(7)), IA_NA));
        Reply reply = host.reply(message(DECLINE, 6, clientId(1), serverId(US),
                iaNa(7, iaAddr(bound.address().getHostAddress(), 0, 0))));
        assertEquals(IaCodec.SUCCESS, (int) reply.status());
        assertEquals(LeaseEvent.Type.DECLINED, host.hooks.events.get(0).type());
        assertEquals(HostLease.State.ABANDONED, host.table.leaseAt(bound.address(), 128).orElseThrow().state());
        Lease next = lease(only(join(2, iaNa(7)), IA_NA));
        assertFalse(next.address().equals(bound.address()));
    }

    @Test
    void confirmSaysWhetherTheAddressesAreOnThisLinkAndIgnoresAConfirmWithoutAddresses_rfc8415_18_3_3() {
        Reply onLink = host.reply(message(CONFIRM, 7, clientId(1), iaNa(1, iaAddr("2001:db8:1::1005", 0, 0))));
        assertEquals(IaCodec.SUCCESS, (int) onLink.status());
        assertTrue(onLink.ias().isEmpty());
        Reply offLink = host.reply(message(CONFIRM, 8, clientId(1), iaNa(1, iaAddr("2001:db8:9::5", 0, 0))));
        assertEquals(IaCodec.NOT_ON_LINK, (int) offLink.status());
        assertTrue(host.send(message(CONFIRM, 9, clientId(1), iaNa(1))).isEmpty(), "no addresses: no reply");
        assertEquals(ClientMessage.MessageType.CONFIRM, host.hooks.messages.get(0).type());
    }

    @Test
    void informationRequestIsAnsweredWithoutLeases_rfc8415_18_3_6() {
        Reply reply = host.reply(message(INFORMATION_REQUEST, 9, clientId(1), elapsed()));
        assertEquals(REPLY, reply.type());
        assertTrue(reply.ias().isEmpty());
        assertArrayEquals(US, reply.first(SERVERID));
        assertEquals(ClientMessage.MessageType.INFORM, host.hooks.messages.get(0).type());
    }

    // ---- relays ----

    @Test
    void aRelayedSolicitIsAnsweredInsideARelayReplyWithTheRelaysFrame_rfc8415_19_3() {
        byte[] link = ip("2001:db8:1::1").getAddress();
        byte[] peer = ip("fe80::200:5eff:fe10:5").getAddress();
        byte[] interfaceId = {'e', 't', 'h', '1'};
        byte[] relayed = V6Packets.concat(new byte[] {12, 1}, link, peer, V6Packets.option(18, interfaceId),
                V6Packets.option(9, message(SOLICIT, 0x777, clientId(5), iaNa(1), iaPd(2))));

        byte[] answer = host.receiver.serve(relayed, V6Fixture.CLIENT).orElseThrow();

        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(answer);
        assertEquals(13, in.get(), "RELAY-REPL");
        assertEquals(1, in.get(), "the relay's hop count");
        byte[] sixteen = new byte[16];
        in.get(sixteen);
        assertArrayEquals(link, sixteen, "link-address copied");
        in.get(sixteen);
        assertArrayEquals(peer, sixteen, "peer-address copied");
        byte[] inner = null;
        byte[] echoed = null;
        while (in.hasRemaining()) {
            int code = in.getShort();
            byte[] data = new byte[in.getShort()];
            in.get(data);
            if (code == 9) {
                inner = data;
            } else if (code == 18) {
                echoed = data;
            }
        }
        assertArrayEquals(interfaceId, echoed, "the Interface-ID option is returned");
        Reply advertise = Reply.of(inner);
        assertEquals(ADVERTISE, advertise.type());
        assertEquals(0x777, advertise.transactionId());
        assertEquals(1, only(advertise, IA_NA).leases().size());
        assertEquals(1, only(advertise, IA_PD).leases().size());
    }

    // ---- messages for another server ----

    @Test
    void aRequestForAnotherServerIsNotAnsweredAndFreesWhatWasAdvertised_rfc8415_16_4() {
        Lease advertised = lease(only(host.reply(message(SOLICIT, 1, clientId(1), iaNa(1))), IA_NA));
        String held = advertised.address().getHostAddress();
        Lease meanwhile = lease(only(host.reply(message(SOLICIT, 2, clientId(2), iaNa(1, iaAddr(held, 0, 0)))), IA_NA));
        assertFalse(meanwhile.address().equals(advertised.address()), "held for client 1 while advertised");

        assertTrue(host.send(message(REQUEST, 3, clientId(1), serverId(V6Fixture.OTHER_SERVER_DUID), iaNa(1))).isEmpty());

        Lease after = lease(only(host.reply(message(SOLICIT, 4, clientId(3), iaNa(1, iaAddr(held, 0, 0)))), IA_NA));
        assertEquals(advertised.address(), after.address(), "client 1 chose another server: its offer was withdrawn");
        assertEquals(0, host.table.size());
    }

    // ---- hooks ----

    @Test
    void theHookIsToldTheTypePoolClientAndWhetherTheMessageNamesThisServer() {
        join(1, iaNa(7));
        ClientMessage solicit = host.hooks.messages.get(0);
        ClientMessage request = host.hooks.messages.get(1);
        assertEquals(ClientMessage.MessageType.DISCOVER, solicit.type());
        assertEquals(Optional.of("lan"), solicit.pool());
        assertArrayEquals(V6Packets.duid(1), solicit.duid());
        assertFalse(solicit.addressedToUs());
        assertFalse(solicit.addressedToOther());
        assertEquals(ClientMessage.MessageType.REQUEST, request.type());
        assertTrue(request.addressedToUs());
        LeaseRequest asked = host.hooks.requests.get(1);
        assertEquals("lan", asked.pool());
        assertEquals(Optional.of(ip("2001:db8:1::1000")), asked.candidate(), "the advertised address is the candidate");
        assertEquals(Duration.ofSeconds(7200), asked.desiredValid());
        assertEquals(Duration.ofSeconds(3600), asked.desiredPreferred());
    }

    @Test
    void aHookThatDeclinesToAnswerLeavesTheClientWithoutAReply() {
        host.hooks.answer = false;
        assertTrue(host.send(message(SOLICIT, 1, clientId(1), iaNa(1))).isEmpty());
        assertTrue(host.hooks.requests.isEmpty());
    }

    private static LeaseDecision grant(LeaseRequest request, String address, int length, long validSeconds,
            CompletableFuture<Void> durable) {
        Instant now = V6Fixture.START;
        return new LeaseDecision(LeaseDecision.Outcome.GRANT, Optional.of(new HostLease(request.client(), ip(address),
                length, HostLease.State.ACTIVE, now.plusSeconds(validSeconds), now.plusSeconds(validSeconds / 2),
                now.plusSeconds(validSeconds / 4), now.plusSeconds(validSeconds / 3))), durable, "");
    }

    @Test
    void aHookGrantIsWhatTheClientGetsWithTheHooksLifetimes_andIsRecordedOnRequest() {
        host.hooks.decide = request -> Optional.of(grant(request,
                request.client().kind() == ResourceKind.IPV6_PREFIX ? "2001:db8:100:ff00::" : "2001:db8:1::10aa",
                request.client().kind() == ResourceKind.IPV6_PREFIX ? 56 : 128, 600,
                CompletableFuture.completedFuture(null)));
        Reply reply = join(1, iaNa(1), iaPd(2));
        assertEquals(new Lease(ip("2001:db8:1::10aa"), 128, 300, 600), lease(only(reply, IA_NA)));
        assertEquals(150, only(reply, IA_NA).t1(), "T1 from the hook's lease (MCLT-capped times reach the client)");
        assertEquals(new Lease(ip("2001:db8:100:ff00::"), 56, 300, 600), lease(only(reply, IA_PD)));
        assertEquals(2, host.table.size(), "the granted leases are in the host's table");
    }

    @Test
    void aHookNoLeaseIsAnsweredNoAddrsAvailAndNoPrefixAvailInTheIa_rfc8415_18_3_2() {
        host.hooks.decide = request -> Optional.of(new LeaseDecision(LeaseDecision.Outcome.NO_LEASE, Optional.empty(),
                CompletableFuture.completedFuture(null), "the partner's half"));
        Reply advertise = host.reply(message(SOLICIT, 1, clientId(1), iaNa(1), iaPd(2)));
        assertEquals(IaCodec.NO_ADDRS_AVAIL, (int) only(advertise, IA_NA).status());
        assertEquals(IaCodec.NO_PREFIX_AVAIL, (int) only(advertise, IA_PD).status());
        assertTrue(only(advertise, IA_NA).leases().isEmpty());
    }

    @Test
    void aRenewalTheHookWillNotConfirmIsAnsweredNoBindingForTheIa_docsProtocol() {
        Lease bound = lease(only(join(1, iaNa(7)), IA_NA));
        host.hooks.decide = request -> Optional.of(new LeaseDecision(LeaseDecision.Outcome.NO_LEASE, Optional.empty(),
                CompletableFuture.completedFuture(null), "not this server's binding"));
        Reply reply = host.reply(message(RENEW, 3, clientId(1), serverId(US),
                iaNa(7, iaAddr(bound.address().getHostAddress(), 0, 0))));
        IaReply ia = only(reply, IA_NA);
        assertEquals(IaCodec.NO_BINDING, (int) ia.status());
        assertTrue(ia.leases().isEmpty());
    }

    @Test
    void aHookSaysSilentAndNothingIsSent() {
        host.hooks.decide = request -> Optional.of(new LeaseDecision(LeaseDecision.Outcome.SILENT, Optional.empty(),
                CompletableFuture.completedFuture(null), "not responsive"));
        assertTrue(host.send(message(SOLICIT, 1, clientId(1), iaNa(1))).isEmpty());
    }

    @Test
    void aGrantWhoseStoreFailsGetsNoReplyAndIsNotRecorded() {
        host.hooks.decide = request -> Optional.of(grant(request, "2001:db8:1::10aa", 128, 600,
                CompletableFuture.failedFuture(new java.io.IOException("disk gone"))));
        assertTrue(host.send(message(REQUEST, 1, clientId(1), serverId(US), iaNa(1))).isEmpty());
        assertEquals(0, host.table.size());
    }

    @Test
    void aGrantThatNeverBecomesDurableGetsNoReply() throws Exception {
        host.close();
        host = new V6Fixture(store.resolve("again"), Duration.ofMillis(50));
        host.hooks.decide = request -> Optional.of(grant(request, "2001:db8:1::10aa", 128, 600, new CompletableFuture<>()));
        assertTrue(host.send(message(REQUEST, 1, clientId(1), serverId(US), iaNa(1))).isEmpty());
        assertEquals(0, host.table.size());
    }

    @Test
    void aGrantIsAnsweredOnlyAfterItsDurabilityCompleted() throws Exception {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        host.hooks.decide = request -> Optional.of(grant(request, "2001:db8:1::10aa", 128, 600, durable));
        CompletableFuture<Optional<Reply>> answered = CompletableFuture.supplyAsync(
                () -> host.send(message(REQUEST, 1, clientId(1), serverId(US), iaNa(1))));
        assertFalse(answered.isDone(), "no reply while the grant is not durable");
        durable.complete(null);
        assertEquals(ip("2001:db8:1::10aa"), lease(only(answered.get().orElseThrow(), IA_NA)).address());
    }

    @Test
    void onTheReceivingPathAReplyWaitingForTheDiskHoldsNoWorker_andCountsItsLifetimesFromWhenItLeaves_rfc8156_5_2()
            throws Exception {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        host.hooks.decide = request -> Optional.of(grant(request, "2001:db8:1::10aa", 128, 600, durable));

        host.dispatch(message(REQUEST, 1, clientId(1), serverId(US), iaNa(1))); // the worker (this thread) is back

        assertTrue(host.sent.isEmpty(), "nothing sent before the lease is durable");
        assertEquals(1, host.deferred.pending());
        assertEquals(0, host.table.size(), "the host records the lease only once the hook's is durable");
        host.clock.advance(Duration.ofSeconds(10));
        durable.complete(null);
        awaitNothingPending();
        assertEquals(1, host.sent.size());
        Reply reply = Reply.of(bytes(host.sent.get(0)));
        assertEquals(new Lease(ip("2001:db8:1::10aa"), 128, 290, 590), lease(only(reply, IA_NA)),
                "lifetimes counted from the moment the reply left, not from when it was built");
        assertEquals(140, only(reply, IA_NA).t1());
        assertEquals(1, host.table.size());
    }

    @Test
    void onTheReceivingPathAGrantWhoseStoreFailsGetsNoReplyAndIsNotRecorded() throws Exception {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        host.hooks.decide = request -> Optional.of(grant(request, "2001:db8:1::10aa", 128, 600, durable));
        host.dispatch(message(REQUEST, 1, clientId(1), serverId(US), iaNa(1)));
        durable.completeExceptionally(new java.io.IOException("disk gone"));
        awaitNothingPending();
        assertTrue(host.sent.isEmpty());
        assertEquals(0, host.table.size());
    }

    @Test
    void onTheReceivingPathAReplyThatWaitsForNothingLeavesAtOnce() {
        host.dispatch(message(SOLICIT, 1, clientId(1), iaNa(1), iaPd(2)));
        assertEquals(1, host.sent.size(), "sent by the worker itself");
        assertEquals(0, host.deferred.pending());
    }

    private void awaitNothingPending() throws InterruptedException {
        for (int i = 0; i < 500 && host.deferred.pending() > 0; i++) {
            Thread.sleep(10);
        }
        assertEquals(0, host.deferred.pending());
    }

    private static byte[] bytes(io.netty.channel.socket.DatagramPacket datagram) {
        byte[] out = new byte[datagram.content().readableBytes()];
        datagram.content().getBytes(datagram.content().readerIndex(), out);
        return out;
    }

    // ---- restart ----

    @Test
    void afterAnAbruptStopTheSameIaGetsTheSameAddressAndPrefixAgain() throws Exception {
        Reply before = join(1, iaNa(7), iaPd(8));
        // no close(): the process "died"; a new host replays the journal
        V6Fixture restarted = new V6Fixture(store);
        try {
            Reply after = restarted.reply(message(SOLICIT, 9, clientId(1), iaNa(7), iaPd(8)));
            assertEquals(lease(only(before, IA_NA)).address(), lease(only(after, IA_NA)).address());
            assertEquals(lease(only(before, IA_PD)).address(), lease(only(after, IA_PD)).address());
            Reply otherClient = restarted.reply(message(SOLICIT, 10, clientId(2), iaNa(7), iaPd(8)));
            assertFalse(lease(only(otherClient, IA_NA)).address().equals(lease(only(before, IA_NA)).address()));
        } finally {
            restarted.close();
        }
    }

    @Test
    void whenTheJournalCannotBeWrittenNoLeaseIsGivenAndTheFailureIsCounted() {
        host.loaded.journal().close(); // every later write fails, as on a failed disk
        assertTrue(host.send(message(REQUEST, 1, clientId(1), serverId(US), iaNa(1))).isEmpty());
        assertEquals(0, host.table.size(), "nothing the host could not remember after a restart");
        assertEquals(1, host.counters.journalFailures().drain());
    }

    @Test
    void theJournalLinesOfTheDocumentationAreWhatTheHostWrites() throws Exception {
        // docs/host-v6.md, "The lease table and the lease journal"
        join(1, iaNa(7), iaPd(8));
        host.send(message(RELEASE, 5, clientId(1), serverId(US), iaNa(7, iaAddr("2001:db8:1::1000", 0, 0))));
        List<String> lines = Files.readAllLines(store.resolve(HostV6.JOURNAL.fileName()));
        assertEquals(List.of(
                "# failover-host-v6 lease journal, format 1",
                "L 2001:db8:1:0:0:0:0:1000 ACTIVE IPV6_ADDRESS 7 0003000102005e100001 1772373600 1772370000 1772368200 1772369280 184815c3",
                "L 2001:db8:100:0:0:0:0:0/56 ACTIVE IPV6_PREFIX 8 0003000102005e100001 1772373600 1772370000 1772368200 1772369280 e9957c22",
                "D 2001:db8:1:0:0:0:0:1000 04f26e49"), lines);
    }

    @Test
    void expiredBindingsAreRemovedAndReportedToTheHooks() {
        join(1, iaNa(7));
        host.clock.advance(Duration.ofSeconds(7200));
        host.manager.expireLeases(host.clock.instant());
        assertEquals(0, host.table.size());
        assertEquals(LeaseEvent.Type.EXPIRED, host.hooks.events.get(0).type());
        assertEquals(HostLease.State.FREE, host.hooks.events.get(0).lease().state());
    }
}
