package org.dhcpfailover.plugin.sync;

import static org.dhcpfailover.plugin.sync.SyncFixtures.ADDRESS_1;
import static org.dhcpfailover.plugin.sync.SyncFixtures.ADDRESS_2;
import static org.dhcpfailover.plugin.sync.SyncFixtures.ADDRESS_3;
import static org.dhcpfailover.plugin.sync.SyncFixtures.CLIENT_A;
import static org.dhcpfailover.plugin.sync.SyncFixtures.CLIENT_B;
import static org.dhcpfailover.plugin.sync.SyncFixtures.PREFIX_2;
import static org.dhcpfailover.plugin.sync.SyncFixtures.T0;
import static org.dhcpfailover.plugin.sync.SyncFixtures.accept;
import static org.dhcpfailover.plugin.sync.SyncFixtures.active;
import static org.dhcpfailover.plugin.sync.SyncFixtures.at;
import static org.dhcpfailover.plugin.sync.SyncFixtures.freeBackupPrefix;
import static org.dhcpfailover.plugin.sync.SyncFixtures.leases;
import static org.dhcpfailover.plugin.sync.SyncFixtures.rejectOutdated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.IaType;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.binding.PartnerSync;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.MessageType;
import org.dhcpfailover.plugin.wire.OctetString;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Answering UPDREQ / UPDREQALL (RFC 8156 §5.3.5–§5.3.7; digest §8.8, decision A9). */
class UpdateRequestResponderTest {
    private static final BindingClient CLIENT_C =
            new BindingClient(OctetString.fromHex("0003000100505600c0c0"), IaType.IA_NA, 1);

    private final SyncFixtures.Database db = new SyncFixtures.Database();
    private final UpdateQueue queue = new UpdateQueue(new TransactionIdCounter(), db, SyncFixtures::allocation, 60);
    private final UpdateRequestResponder responder = new UpdateRequestResponder(queue, db);

    private List<OutgoingUpdate> send(long now) {
        List<OutgoingUpdate> out = queue.poll(now);
        out.forEach(update -> db.putAll(update.bindings()));
        return out;
    }

    private void receive(FailoverMessage reply, long now) {
        queue.onReply(reply, at(now)).outcome().ifPresent(outcome -> db.putAll(outcome.updated()));
    }

    /** A: marked and sent; B: acknowledged; C: marked, never sent; PREFIX_2: marked, never sent. */
    private void database() {
        db.put(active(ADDRESS_1, CLIENT_A, T0).withSync(PartnerSync.SENT));
        db.put(active(ADDRESS_2, CLIENT_B, T0).withSync(PartnerSync.ACKNOWLEDGED));
        db.put(active(ADDRESS_3, CLIENT_C, T0));
        db.put(freeBackupPrefix(PREFIX_2, T0));
    }

    private static FailoverMessage updreq(int id) {
        return FailoverMessage.of(MessageType.UPDREQ, id, T0 + 10);
    }

    @Test
    @DisplayName("§5.3.5: UPDREQ gets exactly the unacknowledged bindings, max-unacked 1, UPDDONE only after the last BNDREPLY")
    void updreqSendsUnacknowledged() {
        database();
        queue.onConnected(1);
        responder.onRequest(updreq(0x123456));
        List<Lease> sent = new ArrayList<>();
        for (long now = T0 + 11; now < T0 + 14; now++) {
            assertEquals(List.of(), responder.completed(now));
            List<OutgoingUpdate> out = send(now);
            assertEquals(1, out.size());
            sent.addAll(leases(out.get(0)));
            receive(accept(out.get(0).message(), now), now);
        }
        assertEquals(List.of(ADDRESS_1, ADDRESS_3, PREFIX_2), sent);
        List<FailoverMessage> done = responder.completed(T0 + 14);
        assertEquals(List.of(FailoverMessage.of(MessageType.UPDDONE, 0x123456, T0 + 14)), done);
        assertEquals(List.of(), responder.completed(T0 + 15));
        assertEquals(0, responder.answering());
    }

    @Test
    @DisplayName("§5.3.6: UPDREQALL gets every binding, the acknowledged one unmarked, then UPDDONE")
    void updreqallSendsEverything() {
        database();
        queue.onConnected(10);
        responder.onRequest(FailoverMessage.of(MessageType.UPDREQALL, 99, T0 + 10));
        List<OutgoingUpdate> out = send(T0 + 11);
        assertEquals(List.of(List.of(ADDRESS_1), List.of(ADDRESS_2), List.of(ADDRESS_3), List.of(PREFIX_2)),
                out.stream().map(SyncFixtures::leases).toList());
        assertEquals(PartnerSync.ACKNOWLEDGED, out.get(1).bindings().get(0).sync());
        for (int i = 0; i < 3; i++) {
            receive(accept(out.get(i).message(), T0 + 12), T0 + 12);
        }
        assertEquals(List.of(), responder.completed(T0 + 12));
        receive(accept(out.get(3).message(), T0 + 13), T0 + 13);
        assertEquals(List.of(FailoverMessage.of(MessageType.UPDDONE, 99, T0 + 13)), responder.completed(T0 + 13));
    }

    @Test
    @DisplayName("§5.3.7: with nothing unacknowledged, UPDDONE goes at once")
    void nothingToSend() {
        db.put(active(ADDRESS_2, CLIENT_B, T0).withSync(PartnerSync.ACKNOWLEDGED));
        queue.onConnected(10);
        responder.onRequest(updreq(5));
        assertEquals(List.of(FailoverMessage.of(MessageType.UPDDONE, 5, T0 + 10)), responder.completed(T0 + 10));
        assertEquals(List.of(), send(T0 + 10));
    }

    @Test
    @DisplayName("§5.3.7: a rejecting BNDREPLY is an answer too; UPDDONE follows it")
    void rejectionCountsAsAnswered() {
        db.put(active(ADDRESS_1, CLIENT_A, T0));
        queue.onConnected(10);
        responder.onRequest(updreq(6));
        OutgoingUpdate out = send(T0 + 11).get(0);
        receive(rejectOutdated(out.message(), T0 + 12), T0 + 12);
        assertEquals(List.of(FailoverMessage.of(MessageType.UPDDONE, 6, T0 + 12)), responder.completed(T0 + 12));
    }

    @Test
    @DisplayName("§8.8: an update already in flight when UPDREQ arrives is covered by it")
    void inFlightCovered() {
        queue.onConnected(10);
        Binding binding = active(ADDRESS_1, CLIENT_A, T0);
        db.put(binding);
        queue.enqueue(binding);
        OutgoingUpdate out = send(T0 + 1).get(0);
        responder.onRequest(updreq(7));
        assertEquals(List.of(), send(T0 + 2));
        assertEquals(List.of(), responder.completed(T0 + 2));
        receive(accept(out.message(), T0 + 3), T0 + 3);
        assertEquals(List.of(FailoverMessage.of(MessageType.UPDDONE, 7, T0 + 3)), responder.completed(T0 + 3));
    }

    @Test
    @DisplayName("decision: a second request is answered on its own; shared bindings are sent once")
    void secondRequest() {
        database();
        queue.onConnected(10);
        responder.onRequest(updreq(1));
        responder.onRequest(FailoverMessage.of(MessageType.UPDREQALL, 2, T0 + 10));
        List<OutgoingUpdate> out = send(T0 + 11);
        assertEquals(4, out.size());
        for (OutgoingUpdate update : out) {
            receive(accept(update.message(), T0 + 12), T0 + 12);
        }
        assertEquals(List.of(FailoverMessage.of(MessageType.UPDDONE, 1, T0 + 12),
                FailoverMessage.of(MessageType.UPDDONE, 2, T0 + 12)), responder.completed(T0 + 12));
    }

    @Test
    @DisplayName("§8.5.2: connection loss forgets the requests; the requester re-issues")
    void connectionLossForgets() {
        database();
        queue.onConnected(10);
        responder.onRequest(updreq(3));
        send(T0 + 11);
        queue.onConnectionLost();
        responder.onConnectionLost();
        assertEquals(0, responder.answering());
        assertEquals(List.of(), responder.completed(T0 + 12));
    }

    @Test
    @DisplayName("§5.3.5: only UPDREQ and UPDREQALL are requests")
    void otherMessagesRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> responder.onRequest(FailoverMessage.of(MessageType.UPDDONE, 1, T0)));
    }

    @Test
    @DisplayName("§5.3.7: a covered lease the partner's own update replaced (discarded from the queue) counts as answered")
    void discardedLeaseCountsAsAnswered() {
        db.put(active(ADDRESS_1, CLIENT_A, T0));
        queue.onConnected(10);
        responder.onRequest(updreq(8));
        assertEquals(List.of(), responder.completed(T0 + 10));
        queue.discard(ADDRESS_1);
        assertEquals(List.of(FailoverMessage.of(MessageType.UPDDONE, 8, T0 + 11)), responder.completed(T0 + 11));
    }

    @Test
    @DisplayName("§5.3.7: a covered lease changed while its BNDUPD was in flight is answered only by the newer BNDUPD's reply")
    void leaseChangedInFlightWaitsForItsNewerReply() {
        queue.onConnected(10);
        Binding first = active(ADDRESS_1, CLIENT_A, T0);
        db.put(first);
        queue.enqueue(first);
        OutgoingUpdate out = send(T0 + 1).get(0);
        responder.onRequest(updreq(9));
        Binding renewed = active(ADDRESS_1, CLIENT_A, T0 + 2);
        db.put(renewed);
        queue.enqueue(renewed);
        receive(accept(out.message(), T0 + 3), T0 + 3);
        assertEquals(List.of(), responder.completed(T0 + 3), "the renewal is queued: the lease is not answered yet");
        OutgoingUpdate again = send(T0 + 4).get(0);
        receive(accept(again.message(), T0 + 5), T0 + 5);
        assertEquals(List.of(FailoverMessage.of(MessageType.UPDDONE, 9, T0 + 5)), responder.completed(T0 + 5));
    }

    @Test
    @DisplayName("§5.3.6: an UPDREQALL of many bindings, answered reply by reply, ends with one UPDDONE after the last")
    void manyBindingsAnsweredOneByOne() {
        int count = 5_000;
        for (int n = 0; n < count; n++) {
            Lease lease = Lease.address(new org.dhcpfailover.plugin.wire.Ipv6Address(0x2001_0db8_0000_0009L, n));
            db.put(active(lease, new BindingClient(OctetString.fromHex(String.format("0003%08x", n)), IaType.IA_NA, 1),
                    T0).withSync(PartnerSync.ACKNOWLEDGED));
        }
        queue.onConnected(64);
        responder.onRequest(FailoverMessage.of(MessageType.UPDREQALL, 10, T0 + 10));
        int answered = 0;
        List<FailoverMessage> done = List.of();
        while (answered < count) {
            assertEquals(List.of(), done, "UPDDONE before the last reply, after " + answered);
            for (OutgoingUpdate update : send(T0 + 11)) {
                receive(accept(update.message(), T0 + 11), T0 + 11);
                answered++;
                done = responder.completed(T0 + 11);
                if (answered < count) {
                    assertEquals(List.of(), done);
                }
            }
        }
        assertEquals(List.of(FailoverMessage.of(MessageType.UPDDONE, 10, T0 + 11)), done);
        assertEquals(0, responder.answering());
    }
}
