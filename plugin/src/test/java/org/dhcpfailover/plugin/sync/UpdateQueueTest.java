package org.dhcpfailover.plugin.sync;

import static org.dhcpfailover.plugin.sync.SyncFixtures.ADDRESS_1;
import static org.dhcpfailover.plugin.sync.SyncFixtures.ADDRESS_2;
import static org.dhcpfailover.plugin.sync.SyncFixtures.ADDRESS_3;
import static org.dhcpfailover.plugin.sync.SyncFixtures.CLIENT_A;
import static org.dhcpfailover.plugin.sync.SyncFixtures.CLIENT_A_PD;
import static org.dhcpfailover.plugin.sync.SyncFixtures.CLIENT_B;
import static org.dhcpfailover.plugin.sync.SyncFixtures.PREFIX_1;
import static org.dhcpfailover.plugin.sync.SyncFixtures.PREFIX_2;
import static org.dhcpfailover.plugin.sync.SyncFixtures.T0;
import static org.dhcpfailover.plugin.sync.SyncFixtures.accept;
import static org.dhcpfailover.plugin.sync.SyncFixtures.active;
import static org.dhcpfailover.plugin.sync.SyncFixtures.at;
import static org.dhcpfailover.plugin.sync.SyncFixtures.freeBackupPrefix;
import static org.dhcpfailover.plugin.sync.SyncFixtures.leases;
import static org.dhcpfailover.plugin.sync.SyncFixtures.rejectOutdated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.IaType;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.binding.OutdatedFollowUp;
import org.dhcpfailover.plugin.binding.PartnerSync;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.BindingStatusOption;
import org.dhcpfailover.plugin.wire.ClientDataOption;
import org.dhcpfailover.plugin.wire.ClientIdOption;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.IaAddressOption;
import org.dhcpfailover.plugin.wire.IaOption;
import org.dhcpfailover.plugin.wire.Ipv6Address;
import org.dhcpfailover.plugin.wire.MessageType;
import org.dhcpfailover.plugin.wire.OctetString;
import org.dhcpfailover.plugin.wire.OptionCode;
import org.dhcpfailover.plugin.wire.StatusCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The lazy-update queue (RFC 8156 §4.3, §5.5.5, §7.4–§7.7; digest §8.1–§8.6). */
class UpdateQueueTest {
    private final SyncFixtures.Database db = new SyncFixtures.Database();
    private final TransactionIdCounter ids = new TransactionIdCounter();
    private final UpdateQueue queue = new UpdateQueue(ids, db, SyncFixtures::allocation, 60);

    /** The host changes a binding: it persists it and records it in the queue. */
    private void change(Binding binding) {
        db.put(binding);
        queue.enqueue(binding);
    }

    /** The caller sends what the queue releases and persists the SENT markers. */
    private List<OutgoingUpdate> send(long now) {
        List<OutgoingUpdate> out = queue.poll(now);
        out.forEach(update -> db.putAll(update.bindings()));
        return out;
    }

    /** The caller hands a BNDREPLY to the queue and persists what it acknowledged. */
    private ReplyResult receive(FailoverMessage reply, long now) {
        ReplyResult result = queue.onReply(reply, at(now));
        result.outcome().ifPresent(outcome -> db.putAll(outcome.updated()));
        return result;
    }

    private static BindingClient client(int n) {
        return new BindingClient(OctetString.of((byte) 0, (byte) 3, (byte) n), IaType.IA_NA, 1);
    }

    private static Lease address(int n) {
        return Lease.address(Ipv6Address.parse("2001:db8:0:2::" + Integer.toHexString(n)));
    }

    @Test
    @DisplayName("§4.3, §8.4: a BNDUPD waits until its change is durable here, and the others pass it meanwhile")
    void anUpdateLeavesOnlyOnceItsChangeIsDurable_rfc8156_4_3() {
        change(active(address(1), client(1), T0));
        db.durable(address(1), false);
        change(active(address(2), client(2), T0));
        queue.onConnected(10);
        List<OutgoingUpdate> first = send(T0 + 1);
        assertEquals(1, first.size(), "only the durable client's update");
        assertEquals(List.of(address(2)), leases(first.get(0)));
        assertEquals(List.of(), send(T0 + 2), "a crash now must not leave the partner knowing a lost grant");
        db.durable(address(1), true);
        List<OutgoingUpdate> second = send(T0 + 3);
        assertEquals(1, second.size());
        assertEquals(List.of(address(1)), leases(second.get(0)));
    }

    @Test
    @DisplayName("§5.5.5: with max-unacked-bndupd 2, five clients' updates leave two at a time, one per freed slot")
    void flowControl() {
        for (int n = 1; n <= 5; n++) {
            change(active(address(n), client(n), T0));
        }
        queue.onConnected(2);
        List<OutgoingUpdate> first = send(T0 + 1);
        assertEquals(2, first.size());
        assertEquals(List.of(), send(T0 + 2));
        assertEquals(2, queue.outstanding());
        receive(accept(first.get(0).message(), T0 + 3), T0 + 3);
        List<OutgoingUpdate> next = send(T0 + 3);
        assertEquals(1, next.size());
        assertEquals(List.of(address(3)), leases(next.get(0)));
        assertEquals(2, queue.outstanding());
        assertEquals(2, queue.pendingLeases());
    }

    @Test
    @DisplayName("§6.1: nothing goes out before CONNECT / CONNECTREPLY announced max-unacked-bndupd")
    void nothingBeforeConnected() {
        change(active(ADDRESS_1, CLIENT_A, T0));
        assertEquals(List.of(), send(T0));
        assertThrows(IllegalArgumentException.class, () -> queue.onConnected(0));
        queue.onConnected(1);
        assertEquals(1, send(T0).size());
    }

    @Test
    @DisplayName("§4.3: a newer change to a queued lease replaces it; only the latest version is sent")
    void latestVersionOnly() {
        Binding older = active(ADDRESS_1, CLIENT_A, T0);
        Binding newer = active(ADDRESS_1, CLIENT_A, T0 + 600);
        change(older);
        change(newer);
        queue.onConnected(10);
        List<OutgoingUpdate> out = send(T0 + 601);
        assertEquals(1, out.size());
        assertEquals(List.of(newer.withSync(PartnerSync.SENT)), out.get(0).bindings());
        assertEquals(1, out.get(0).message().all(OptionCode.CLIENT_DATA).size());
    }

    @Test
    @DisplayName("§4.3: a change to a lease in flight waits for the BNDREPLY, then goes out")
    void changeInFlightSentAfterReply() {
        queue.onConnected(10);
        change(active(ADDRESS_1, CLIENT_A, T0));
        OutgoingUpdate first = send(T0).get(0);
        Binding renewed = active(ADDRESS_1, CLIENT_A, T0 + 900);
        change(renewed);
        assertEquals(List.of(), send(T0 + 900));
        ReplyResult result = receive(accept(first.message(), T0 + 901), T0 + 901);
        assertEquals(PartnerSync.PENDING, result.outcome().get().updated().get(0).sync(),
                "the renewal was not sent yet");
        List<OutgoingUpdate> again = send(T0 + 901);
        assertEquals(1, again.size());
        assertEquals(List.of(ADDRESS_1), leases(again.get(0)));
        assertEquals(T0 + 900 + 7200, again.get(0).bindings().get(0).times().partnerLifetime());
        assertEquals(T0 + 7200, again.get(0).bindings().get(0).times().ackedPartnerLifetime());
    }

    @Test
    @DisplayName("§7.4: one CLIENT_DATA per client (IA_NA and IA_PD together), a delegable prefix alone")
    void onePerClient() {
        queue.onConnected(10);
        change(active(ADDRESS_1, CLIENT_A, T0));
        change(active(ADDRESS_2, CLIENT_B, T0));
        change(active(PREFIX_1, CLIENT_A_PD, T0));
        change(freeBackupPrefix(PREFIX_2, T0));
        List<OutgoingUpdate> out = send(T0 + 1);
        assertEquals(3, out.size());
        assertEquals(List.of(ADDRESS_1, PREFIX_1), leases(out.get(0)));
        assertEquals(List.of(ADDRESS_2), leases(out.get(1)));
        assertEquals(List.of(PREFIX_2), leases(out.get(2)));
        assertEquals(1, out.get(0).message().all(OptionCode.CLIENT_DATA).size());
        assertEquals(0, out.get(2).message().all(OptionCode.CLIENT_DATA).size());
        assertEquals(1, out.get(2).message().all(OptionCode.IAPREFIX).size());
        assertEquals(MessageType.BNDUPD, out.get(0).message().type());
        assertEquals(List.of(1, 2, 3), out.stream().map(update -> update.message().transactionId()).toList());
    }

    @Test
    @DisplayName("§7.4: a client with a BNDUPD in flight gets no second one until the reply")
    void oneOutstandingPerClient() {
        queue.onConnected(10);
        change(active(ADDRESS_1, CLIENT_A, T0));
        OutgoingUpdate first = send(T0).get(0);
        change(active(ADDRESS_3, CLIENT_A, T0 + 5));
        assertEquals(List.of(), send(T0 + 5));
        receive(accept(first.message(), T0 + 6), T0 + 6);
        assertEquals(List.of(ADDRESS_3), leases(send(T0 + 6).get(0)));
    }

    @Test
    @DisplayName("§7.7: a BNDREPLY is matched by transaction-id; an unknown id is reported and changes nothing")
    void replyMatching() {
        queue.onConnected(1);
        change(active(ADDRESS_1, CLIENT_A, T0));
        OutgoingUpdate update = send(T0).get(0);
        FailoverMessage stray = FailoverMessage.of(MessageType.BNDREPLY, 4711, T0 + 1);
        ReplyResult unknown = receive(stray, T0 + 1);
        assertFalse(unknown.matched());
        assertEquals(4711, unknown.transactionId());
        assertEquals(1, queue.outstanding());

        ReplyResult result = receive(accept(update.message(), T0 + 2), T0 + 2);
        assertTrue(result.matched());
        Binding acked = result.outcome().get().updated().get(0);
        assertEquals(PartnerSync.ACKNOWLEDGED, acked.sync());
        assertEquals(0, acked.times().partnerLifetime());
        assertEquals(T0 + 7200, acked.times().ackedPartnerLifetime());
        assertEquals(0, queue.outstanding());
        assertFalse(queue.isQueued(ADDRESS_1));
        assertFalse(receive(accept(update.message(), T0 + 3), T0 + 3).matched());
    }

    @Test
    @DisplayName("§8.3 step 6, §7.7: a rejected lease stays marked, is not re-sent at once, but by the periodic scan")
    void rejectedWaitsForScan() {
        queue.onConnected(10);
        assertTrue(queue.periodicScan(T0));
        change(active(ADDRESS_1, CLIENT_A, T0));
        OutgoingUpdate update = send(T0 + 1).get(0);
        ReplyResult result = receive(rejectOutdated(update.message(), T0 + 2), T0 + 2);
        assertEquals(Map.of(ADDRESS_1, StatusCode.OUTDATED_BINDING_INFORMATION), result.outcome().get().rejected());
        assertEquals(PartnerSync.SENT, db.get(ADDRESS_1).sync());
        assertEquals(List.of(), send(T0 + 2));
        assertFalse(queue.periodicScan(T0 + 59));
        assertEquals(List.of(), send(T0 + 59));
        assertTrue(queue.periodicScan(T0 + 60));
        List<OutgoingUpdate> retry = send(T0 + 60);
        assertEquals(1, retry.size());
        assertEquals(List.of(ADDRESS_1), leases(retry.get(0)));
        assertFalse(queue.periodicScan(T0 + 119));
        assertTrue(queue.periodicScan(T0 + 120));
    }

    @Test
    @DisplayName("§8.3 step 6: after rejecting the partner's update, send at once only if the lease was not marked")
    void outdatedFollowUp() {
        queue.onConnected(10);
        Binding acknowledged = active(ADDRESS_1, CLIENT_A, T0).withSync(PartnerSync.ACKNOWLEDGED);
        queue.onOutdatedRejection(OutdatedFollowUp.after(acknowledged));
        assertEquals(1, send(T0).size());
        Binding marked = active(ADDRESS_2, CLIENT_B, T0).withSync(PartnerSync.SENT);
        queue.onOutdatedRejection(OutdatedFollowUp.after(marked));
        assertEquals(List.of(), send(T0));
    }

    @Test
    @DisplayName("§6: losing the connection returns every in-flight update to the front of the queue")
    void connectionLossRequeues() {
        queue.onConnected(2);
        change(active(ADDRESS_1, CLIENT_A, T0));
        change(active(ADDRESS_2, CLIENT_B, T0));
        change(freeBackupPrefix(PREFIX_2, T0));
        List<OutgoingUpdate> lost = send(T0);
        assertEquals(2, lost.size());
        queue.onConnectionLost();
        assertEquals(0, queue.outstanding());
        assertEquals(3, queue.pendingLeases());
        assertEquals(List.of(), send(T0 + 10));
        assertFalse(receive(accept(lost.get(0).message(), T0 + 10), T0 + 10).matched());
        queue.onConnected(5);
        List<OutgoingUpdate> resent = send(T0 + 20);
        assertEquals(List.of(List.of(ADDRESS_1), List.of(ADDRESS_2), List.of(PREFIX_2)),
                resent.stream().map(SyncFixtures::leases).toList());
        assertEquals(List.of(3, 4, 5), resent.stream().map(update -> update.message().transactionId()).toList());
    }

    @Test
    @DisplayName("§6: a newer version queued while in flight wins over the lost in-flight one")
    void connectionLossKeepsNewerVersion() {
        queue.onConnected(1);
        change(active(ADDRESS_1, CLIENT_A, T0));
        send(T0);
        Binding renewed = active(ADDRESS_1, CLIENT_A, T0 + 300);
        change(renewed);
        queue.onConnectionLost();
        queue.onConnected(1);
        assertEquals(List.of(renewed.withSync(PartnerSync.SENT)), send(T0 + 301).get(0).bindings());
    }

    @Test
    @DisplayName("§8.8: entering NORMAL queues every binding still marked, and only those")
    void enterNormalSendsMarked() {
        db.put(active(ADDRESS_1, CLIENT_A, T0).withSync(PartnerSync.SENT));
        db.put(active(ADDRESS_2, CLIENT_B, T0).withSync(PartnerSync.ACKNOWLEDGED));
        db.put(freeBackupPrefix(PREFIX_2, T0));
        queue.onConnected(10);
        assertEquals(List.of(), send(T0));
        assertEquals(2, queue.onEnterNormal());
        List<OutgoingUpdate> out = send(T0 + 1);
        assertEquals(List.of(List.of(ADDRESS_1), List.of(PREFIX_2)), out.stream().map(SyncFixtures::leases).toList());
        assertEquals(0, queue.onEnterNormal());
    }

    @Test
    @DisplayName("§4.3: the bulk paths never replace a version the host queued")
    void bulkKeepsHostVersion() {
        Binding newest = active(ADDRESS_1, CLIENT_A, T0 + 60);
        queue.enqueue(newest);
        db.put(active(ADDRESS_1, CLIENT_A, T0));
        queue.onEnterNormal();
        queue.onConnected(10);
        assertEquals(List.of(newest.withSync(PartnerSync.SENT)), send(T0 + 61).get(0).bindings());
    }

    @Test
    @DisplayName("§7.4: an address without a client cannot be described by a BNDUPD")
    void addressWithoutClientRefused() {
        Binding free = Binding.initial(ADDRESS_1, BindingStatus.FREE, T0).withSync(PartnerSync.PENDING);
        assertThrows(IllegalArgumentException.class, () -> queue.enqueue(free));
        assertEquals(0, queue.enqueueAll(List.of(free)));
    }

    @Test
    @DisplayName("§5.4: BNDUPD ids skip 0 and the outstanding UPDREQ's id across the 24-bit wrap")
    void idsSkipOutstandingRequest() {
        int reserved = ids.nextReserved();
        assertEquals(1, reserved);
        int last = 0;
        while (last != 0xFF_FFFF) {
            last = ids.next();
        }
        queue.onConnected(10);
        change(active(ADDRESS_1, CLIENT_A, T0));
        change(active(ADDRESS_2, CLIENT_B, T0));
        List<OutgoingUpdate> out = send(T0);
        assertEquals(List.of(2, 3), out.stream().map(update -> update.message().transactionId()).toList());
    }

    @Test
    @DisplayName("§5.4: an id still in flight is never handed out twice")
    void idsSkipInFlight() {
        int[] script = {7, 7, 8};
        int[] next = {0};
        UpdateQueue scripted = new UpdateQueue(() -> script[next[0]++], db, SyncFixtures::allocation, 60);
        scripted.onConnected(10);
        scripted.enqueue(active(ADDRESS_1, CLIENT_A, T0));
        scripted.enqueue(active(ADDRESS_2, CLIENT_B, T0));
        assertEquals(List.of(7, 8),
                scripted.poll(T0).stream().map(update -> update.message().transactionId()).toList());
    }

    @Test
    @DisplayName("§7.7: a reply that disagrees with an unchanged lease leaves it to the scan, no resend loop")
    void disagreeingReplyWaitsForScan() {
        queue.onConnected(10);
        change(active(ADDRESS_1, CLIENT_A, T0));
        OutgoingUpdate update = send(T0).get(0);
        IaAddressOption expired = new IaAddressOption(ADDRESS_1.value(), 3600, 3600,
                List.of(new BindingStatusOption(BindingStatus.EXPIRED)));
        FailoverMessage reply = FailoverMessage.of(MessageType.BNDREPLY, update.message().transactionId(), T0 + 1,
                new ClientDataOption(List.of(new ClientIdOption(SyncFixtures.DUID_A),
                        new IaOption(OptionCode.IA_NA, 1, 1800, 2880, List.of(expired)))));
        ReplyResult result = receive(reply, T0 + 1);
        assertEquals(PartnerSync.SENT, result.outcome().get().updated().get(0).sync());
        assertFalse(queue.isQueued(ADDRESS_1));
        assertEquals(List.of(), send(T0 + 1));
        assertTrue(queue.periodicScan(T0 + 2));
        assertEquals(List.of(ADDRESS_1), leases(send(T0 + 2).get(0)));
    }

    @Test
    @DisplayName("departures: each lease a BNDREPLY answered and each discarded one is reported, nothing else")
    void departuresReportAnsweredAndDiscardedLeases() {
        List<Lease> departed = new java.util.ArrayList<>();
        queue.onDeparture(departed::add);
        queue.onConnected(1);
        change(active(ADDRESS_1, CLIENT_A, T0));
        change(active(ADDRESS_2, CLIENT_B, T0));
        OutgoingUpdate first = send(T0 + 1).get(0);
        assertEquals(List.of(), departed, "sending is no departure");
        queue.discard(ADDRESS_2);
        assertEquals(List.of(ADDRESS_2), departed);
        receive(accept(first.message(), T0 + 2), T0 + 2);
        assertEquals(List.of(ADDRESS_2, ADDRESS_1), departed);
        queue.onConnectionLost();
        assertEquals(List.of(ADDRESS_2, ADDRESS_1), departed, "connection loss keeps every lease queued");
    }

    @Test
    @DisplayName("limits: scan interval from 1 s, max-unacked-bndupd 1..2^32-1 (§5.5.5)")
    void limitsOfTheSettings() {
        new UpdateQueue(ids, db, SyncFixtures::allocation, 1);
        assertThrows(IllegalArgumentException.class, () -> new UpdateQueue(ids, db, SyncFixtures::allocation, 0));
        queue.onConnected(1);
        queue.onConnected(0xFFFF_FFFFL);
        assertThrows(IllegalArgumentException.class, () -> queue.onConnected(0));
        assertThrows(IllegalArgumentException.class, () -> queue.onConnected(0x1_0000_0000L));
    }

    @Test
    @DisplayName("latest version only: a queued lease that changed client goes out once, with the new client")
    void aQueuedLeaseThatChangedClientGoesOutOnce() {
        queue.onConnected(10);
        change(active(ADDRESS_1, CLIENT_A, T0));
        change(active(ADDRESS_1, CLIENT_B, T0 + 1));
        List<OutgoingUpdate> out = send(T0 + 2);
        assertEquals(1, out.size());
        assertEquals(List.of(ADDRESS_1), leases(out.get(0)));
        assertEquals(CLIENT_B, out.get(0).bindings().get(0).client().orElseThrow());
    }
}
