package org.dhcpfailover.plugin.sync;

import static org.dhcpfailover.plugin.sync.SyncFixtures.ADDRESS_1;
import static org.dhcpfailover.plugin.sync.SyncFixtures.ADDRESS_2;
import static org.dhcpfailover.plugin.sync.SyncFixtures.ADDRESS_3;
import static org.dhcpfailover.plugin.sync.SyncFixtures.CLIENT_A;
import static org.dhcpfailover.plugin.sync.SyncFixtures.CLIENT_B;
import static org.dhcpfailover.plugin.sync.SyncFixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.IaType;
import org.dhcpfailover.plugin.wire.Ipv6Address;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.binding.PartnerSync;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.MessageType;
import org.dhcpfailover.plugin.wire.OctetString;
import org.dhcpfailover.plugin.binding.EchoedData;
import org.dhcpfailover.plugin.log.LogMessage;
import org.dhcpfailover.plugin.wire.ClientFqdnOption;
import org.dhcpfailover.plugin.wire.DhcpOption;
import org.dhcpfailover.plugin.wire.ReconfigureDataOption;
import org.junit.jupiter.api.Test;

/**
 * Two servers' binding synchronisation over the real binding database (stepped, on simulated
 * disks), messages delivered by hand: lazy update, the MCLT rule end to end, durability before
 * BNDREPLY, flow control, resynchronisation, expiry and store failure.
 */
class BindingSyncTest {
    private static final long THREE_DAYS = 3 * 86_400;

    private final SyncPair pair = new SyncPair();

    private Binding on(SyncPair.Side side, Lease lease) {
        return side.ledger.find(lease).orElseThrow(() -> new AssertionError(lease + " unknown on " + side));
    }

    /** The primary grants {@code lease}, its disk syncs, and the BNDUPD reaches the secondary. */
    private void grantAndDeliver(Lease lease, BindingClient client) {
        pair.primary.ledger.grant(lease, client, 3600, 1800, T0);
        pair.primary.syncAndPump(T0);
        pair.primary.deliver();
    }

    @Test
    void aGrantIsQueuedWithoutWaitingAndSentAsALazyBndupdOnceDurable_rfc8156_4_3() {
        pair.connect(10);
        LeaseChange change = pair.primary.ledger.grant(ADDRESS_1, CLIENT_A, 3600, 1800, T0);

        assertFalse(change.durable().isDone(), "the grant returns before its sync; the host waits for it");
        assertEquals(PartnerSync.PENDING, change.binding().sync());
        pair.primary.sync.pump(T0);
        assertEquals(List.of(), pair.primary.outboxTypes(),
                "not before the local sync: the partner must not learn of a grant a crash could still undo");
        pair.primary.syncAndPump(T0);
        assertEquals(List.of("BNDUPD"), pair.primary.outboxTypes(), "sent once durable, with the client's reply");
        assertEquals(PartnerSync.PENDING, on(pair.primary, ADDRESS_1).sync(),
                "an ACTIVE lease: SENT would decide nothing, so it is not written");
    }

    @Test
    void aReleasedLeaseIsMarkedSentAsItsUpdateLeaves_rfc8156_4_2_2_1() {
        pair.connect(10);
        pair.primary.ledger.grant(ADDRESS_1, CLIENT_A, 3600, 1800, T0);
        pair.settle();
        pair.primary.ledger.release(ADDRESS_1, CLIENT_A, T0 + 10);
        pair.primary.syncAndPump(T0 + 10);
        assertEquals(PartnerSync.SENT, on(pair.primary, ADDRESS_1).sync(),
                "§4.2.2.1: from now on the client may not simply have it back");
    }

    @Test
    void theBndreplyLeavesOnlyAfterTheSyncThatCoversTheUpdate_rfc8156_7_5_2() {
        pair.connect(10);
        grantAndDeliver(ADDRESS_1, CLIENT_A);

        assertTrue(pair.secondary.outbox.isEmpty(), "no BNDREPLY before the secondary's disk synced");
        assertEquals(BindingStatus.ACTIVE, on(pair.secondary, ADDRESS_1).status(), "already in the view");
        pair.secondary.disk.powerLoss(null);
        pair.secondary.runContinuations();
        assertTrue(pair.secondary.outbox.isEmpty(), "a power loss before the sync: still no reply");
    }

    @Test
    void afterTheSyncTheReplyAcknowledgesTheUpdate_rfc8156_7_6_7_7() {
        pair.connect(10);
        grantAndDeliver(ADDRESS_1, CLIENT_A);
        pair.secondary.sync();

        assertEquals(List.of("BNDREPLY"), pair.secondary.deliver());
        Binding acked = on(pair.primary, ADDRESS_1);
        assertEquals(PartnerSync.ACKNOWLEDGED, acked.sync());
        assertEquals(0, acked.times().partnerLifetime(), "§7.7: nothing left to send");
        assertEquals(on(pair.secondary, ADDRESS_1).times().expirationTime(), acked.times().ackedPartnerLifetime(),
                "Figure 5: what the secondary stored as expiration-time is what the primary counts as acknowledged");
        assertEquals(Optional.of(CLIENT_A), on(pair.secondary, ADDRESS_1).client());
    }

    @Test
    void figure1EndToEnd_mclt1h_desired3d_rfc8156_4_4_1() {
        pair.connect(10);
        LeaseChange first = pair.primary.ledger.grant(ADDRESS_1, CLIENT_A, THREE_DAYS, THREE_DAYS, T0);
        assertEquals(3600, first.binding().lifetimes().validLifetime(), "first lease: the MCLT, 1 h");
        assertEquals(T0 + THREE_DAYS + 1800, first.binding().times().partnerLifetime(), "partner lifetime ½ h + 3 d");
        pair.settle();
        assertEquals(T0 + THREE_DAYS + 1800, on(pair.primary, ADDRESS_1).times().ackedPartnerLifetime());

        long t1 = T0 + 1800;
        pair.now = t1;
        LeaseChange renewal = pair.primary.ledger.grant(ADDRESS_1, CLIENT_A, THREE_DAYS, THREE_DAYS, t1);
        assertEquals(THREE_DAYS, renewal.binding().lifetimes().validLifetime(), "renewal at T1: 3 d");
        assertEquals(t1 + THREE_DAYS + THREE_DAYS / 2, renewal.binding().times().partnerLifetime(),
                "partner lifetime 1.5 d + 3 d");
        pair.settle();
        assertEquals(t1 + THREE_DAYS + THREE_DAYS / 2, on(pair.primary, ADDRESS_1).times().ackedPartnerLifetime());
    }

    @Test
    void neverMoreBndupdsOutstandingThanThePartnerAbsorbs_rfc8156_5_5_5() {
        pair.connect(2);
        for (int i = 0; i < 5; i++) {
            pair.primary.ledger.grant(address(2 * i + 1), client(i), 3600, 1800, T0);
        }
        pair.primary.syncAndPump(T0);
        assertEquals(List.of("BNDUPD", "BNDUPD"), pair.primary.outboxTypes());
        assertEquals(2, pair.primary.sync.status().unacked());
        assertEquals(3, pair.primary.sync.status().pendingLeases());
        pair.settle();
        assertEquals(0, pair.primary.sync.status().pendingLeases());
        assertEquals(5, pair.secondary.database.size());
        assertEquals(5, pair.primary.sync.status().counts().repliesReceived());
    }

    @Test
    void aReplyWhoseSyncFinishesAfterTheConnectionChangedIsDropped_rfc8156_5_4() {
        pair.connect(10);
        grantAndDeliver(ADDRESS_1, CLIENT_A);
        pair.disconnect();
        pair.connect(10);
        pair.secondary.sync();

        assertTrue(pair.secondary.outbox.isEmpty(), "the old connection's transaction-id may be reused on the new one");
        pair.settle();
        assertEquals(PartnerSync.ACKNOWLEDGED, on(pair.primary, ADDRESS_1).sync(), "re-sent and acknowledged");
    }

    @Test
    void updreqallSendsEveryBindingAndUpddoneOnlyAfterTheLastReply_rfc8156_8_8() {
        for (int i = 0; i < 3; i++) {
            pair.primary.ledger.grant(address(2 * i + 1), client(i), 3600, 1800, T0);
        }
        pair.connect(1);
        pair.settle();
        assertEquals(3, pair.secondary.database.size());

        SyncPair fresh = new SyncPair();
        SyncPair.Side lostStore = fresh.secondary;
        // the primary's bindings, all acknowledged, meet a secondary that lost its store
        pair.primary.sync.onConnectionLost();
        pair.primary.sync.onConnected(1);
        pair.primary.sync.onUpdateRequest(FailoverMessage.of(MessageType.UPDREQALL, 78, T0), T0);
        lostStore.sync.onConnected(1);
        List<String> sent = new java.util.ArrayList<>();
        for (int round = 0; round < 20 && sent.stream().noneMatch("UPDDONE"::equals); round++) {
            pair.primary.syncAndPump(T0);
            while (!pair.primary.outbox.isEmpty()) {
                FailoverMessage message = pair.primary.outbox.poll();
                sent.add(message.type().name());
                if (message.type().equals(MessageType.BNDUPD)) {
                    lostStore.sync.onUpdate(message, T0);
                }
            }
            lostStore.sync();
            while (!lostStore.outbox.isEmpty()) {
                pair.primary.sync.onReply(lostStore.outbox.poll(), T0);
            }
        }
        assertEquals(List.of("BNDUPD", "BNDUPD", "BNDUPD", "UPDDONE"), sent,
                "one at a time (max-unacked 1), UPDDONE after the third reply");
        assertEquals(3, lostStore.database.size(), "a server that lost its store ends with a complete copy");
    }

    @Test
    void anExpiredLeaseIsSentAndFreedOnlyAfterTheAck_rfc8156_7_2() {
        pair.connect(10);
        pair.primary.ledger.grant(ADDRESS_1, CLIENT_A, 3600, 1800, T0);
        pair.settle();
        pair.now = T0 + 3600;
        pair.primary.sync.tick(pair.now, false);
        assertEquals(BindingStatus.ACTIVE, on(pair.primary, ADDRESS_1).status(), "not at the last second of its life");
        pair.now = T0 + 3600 + BindingSync.EXPIRY_SCAN_INTERVAL; // the next scan
        pair.primary.sync.tick(pair.now, false);
        assertEquals(BindingStatus.EXPIRED, on(pair.primary, ADDRESS_1).status(), "expiry scan: ACTIVE -> EXPIRED");
        assertEquals(PartnerSync.PENDING, on(pair.primary, ADDRESS_1).sync());

        pair.primary.syncAndPump(pair.now);
        assertEquals(List.of("BNDUPD"), pair.primary.deliver());
        assertEquals(BindingStatus.EXPIRED, on(pair.primary, ADDRESS_1).status(), "not free before the ack");
        pair.secondary.sync();
        pair.secondary.deliver();
        assertEquals(BindingStatus.FREE, on(pair.primary, ADDRESS_1).status(),
                "acknowledged: PENDING-FREE -> FREE (odd address: the primary's, decision A1)");
    }

    @Test
    void aFailedSyncAcknowledgesNothingAndReportsTheStoreFailure_rfc8156_7_5_2() {
        pair.connect(10);
        grantAndDeliver(ADDRESS_1, CLIENT_A);
        pair.secondary.disk.failNextForce();
        pair.secondary.sync();

        assertTrue(pair.secondary.outbox.isEmpty(), "no BNDREPLY for an update that is not durable");
        assertEquals(1, pair.secondary.storeFailures.size());
        assertTrue(pair.secondary.sync.failed());
        pair.primary.ledger.grant(ADDRESS_2, CLIENT_B, 3600, 1800, T0);
        pair.primary.syncAndPump(T0);
        pair.primary.deliver();
        assertTrue(pair.secondary.outbox.isEmpty(), "a failed store answers nothing more");
    }

    @Test
    void anAcceptedPartnerUpdateReplacesTheQueuedLocalVersion_rfc8156_7_5_4() {
        // Both granted the same lease to the same client; the secondary's later version wins.
        pair.primary.ledger.grant(ADDRESS_3, CLIENT_A, 3600, 1800, T0);
        pair.secondary.ledger.grant(ADDRESS_3, CLIENT_A, 3600, 1800, T0 + 10);
        pair.connect(10);
        pair.now = T0 + 20;
        pair.secondary.syncAndPump(pair.now);
        pair.secondary.deliver();
        pair.primary.sync();
        pair.primary.deliver();
        assertEquals(0, pair.primary.sync.status().pendingLeases(), "the primary's older version is not sent");
        pair.settle();
        assertEquals(on(pair.primary, ADDRESS_3).lifetimes(), on(pair.secondary, ADDRESS_3).lifetimes());
    }

    private static Lease address(int n) {
        return Lease.address(Ipv6Address.parse("2001:db8:0:1::" + Integer.toHexString(0x200 + n)));
    }

    private static BindingClient client(int n) {
        return new BindingClient(OctetString.fromHex(String.format("00030001aabbccdd%04x", n)), IaType.IA_NA, 1);
    }

    @Test
    void reconfigureAndDnsDataAreKeptEchoedAndTheDnsDataMentionedOnce_docsProtocol3() {
        DhcpOption reconfigure = new ReconfigureDataOption(T0, OctetString.fromHex("00112233445566778899aabbccddeeff"));
        DhcpOption fqdn = new ClientFqdnOption(1, OctetString.fromHex("04686f737400"));
        Binding granted = pair.primary.ledger.grant(ADDRESS_1, CLIENT_A, 3600, 1800, T0).binding();
        // as if the binding had come from a partner that reconfigures and updates DNS
        Binding withEcho = pair.primary.ledger.mutate(ADDRESS_1, current -> new Binding(ADDRESS_1, granted.client(),
                granted.status(), granted.times(), granted.lifetimes(), PartnerSync.PENDING, 0,
                new EchoedData(List.of(reconfigure), List.of(fqdn)))).binding();
        pair.connect(10);
        pair.settle();

        assertEquals(withEcho.echoed(), on(pair.secondary, ADDRESS_1).echoed(),
                "§3: reconfigure and DNS data are stored with the binding, to be sent back later");
        assertEquals(1, pair.secondary.logger.count(LogMessage.FO_PARTNER_DNS_DATA));
        pair.primary.ledger.grant(ADDRESS_1, CLIENT_A, 3600, 1800, T0 + 10);
        pair.now = T0 + 10;
        pair.settle();
        assertEquals(1, pair.secondary.logger.count(LogMessage.FO_PARTNER_DNS_DATA), "once an hour, not per update");
        assertEquals(withEcho.echoed(), on(pair.primary, ADDRESS_1).echoed(), "a renewal keeps the echoed data");
    }
}
