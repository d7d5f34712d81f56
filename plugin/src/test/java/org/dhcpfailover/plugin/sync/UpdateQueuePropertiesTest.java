package org.dhcpfailover.plugin.sync;

import static org.dhcpfailover.plugin.sync.SyncFixtures.T0;
import static org.dhcpfailover.plugin.sync.SyncFixtures.accept;
import static org.dhcpfailover.plugin.sync.SyncFixtures.active;
import static org.dhcpfailover.plugin.sync.SyncFixtures.at;
import static org.dhcpfailover.plugin.sync.SyncFixtures.rejectOutdated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.IaType;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.Ipv6Address;
import org.dhcpfailover.plugin.wire.OctetString;

/**
 * Random interleavings of host changes, polls, accepting and rejecting BNDREPLYs and connection
 * losses (RFC 8156 §4.3, §5.4, §5.5.5): flow control holds at every step, no lease and no
 * transaction-id is in flight twice, the outstanding UPDREQ's id is never used, and once
 * everything is answered the last version sent of every lease is the latest change.
 */
class UpdateQueuePropertiesTest {
    private static final int LEASES = 6;
    private static final int CLIENTS = 3;

    @Property(tries = 300)
    void flowControlAndLatestVersion(@ForAll @Size(max = 150) List<@IntRange(min = 0, max = 999) Integer> ops,
            @ForAll @IntRange(min = 1, max = 4) int maxUnacked) {
        SyncFixtures.Database db = new SyncFixtures.Database();
        TransactionIdCounter ids = new TransactionIdCounter(0xFF_FFF0);
        int updreq = ids.nextReserved();
        UpdateQueue queue = new UpdateQueue(ids, db, SyncFixtures::allocation, 60);
        Map<Integer, OutgoingUpdate> inFlight = new LinkedHashMap<>();
        Map<Lease, Binding> latest = new HashMap<>();
        Map<Lease, Binding> lastSent = new HashMap<>();
        boolean connected = true;
        queue.onConnected(maxUnacked);
        long now = T0;
        for (int op : ops) {
            now++;
            int arg = op / 5;
            switch (op % 5) {
                case 0, 1 -> {
                    Binding change = active(lease(arg % LEASES), client(arg % CLIENTS), now);
                    db.put(change);
                    queue.enqueue(change);
                    latest.put(change.lease(), change);
                }
                case 2 -> send(queue, db, now, inFlight, lastSent, updreq);
                case 3 -> {
                    if (!inFlight.isEmpty()) {
                        int id = inFlight.keySet().iterator().next();
                        FailoverMessage update = inFlight.remove(id).message();
                        FailoverMessage reply = arg % 2 == 0 ? accept(update, now) : rejectOutdated(update, now);
                        ReplyResult result = queue.onReply(reply, at(now));
                        assertTrue(result.matched());
                        db.putAll(result.outcome().get().updated());
                    }
                }
                default -> {
                    if (connected) {
                        queue.onConnectionLost();
                        inFlight.clear();
                    } else {
                        queue.onConnected(maxUnacked);
                    }
                    connected = !connected;
                }
            }
            assertTrue(queue.outstanding() <= maxUnacked);
            assertEquals(inFlight.size(), queue.outstanding());
        }
        if (!connected) {
            queue.onConnected(maxUnacked);
        }
        while (true) {
            send(queue, db, ++now, inFlight, lastSent, updreq);
            if (inFlight.isEmpty()) {
                break;
            }
            for (OutgoingUpdate update : List.copyOf(inFlight.values())) {
                db.putAll(queue.onReply(accept(update.message(), now), at(now)).outcome().get().updated());
            }
            inFlight.clear();
        }
        assertEquals(0, queue.pendingLeases());
        for (Binding change : latest.values()) {
            Binding sent = lastSent.get(change.lease());
            assertEquals(change.times().startTimeOfState(), sent.times().startTimeOfState(), change.lease().toString());
            assertEquals(change.client(), sent.client());
            assertFalse(queue.isQueued(change.lease()));
        }
    }

    private static void send(UpdateQueue queue, SyncFixtures.Database db, long now,
            Map<Integer, OutgoingUpdate> inFlight, Map<Lease, Binding> lastSent, int updreq) {
        for (OutgoingUpdate update : queue.poll(now)) {
            int id = update.message().transactionId();
            assertNotEquals(updreq, id);
            assertFalse(inFlight.containsKey(id));
            Set<Lease> busy = new HashSet<>();
            inFlight.values().forEach(other -> busy.addAll(SyncFixtures.leases(other)));
            for (Binding binding : update.bindings()) {
                assertFalse(busy.contains(binding.lease()), "lease in flight twice");
                lastSent.put(binding.lease(), binding);
            }
            inFlight.put(id, update);
            db.putAll(update.bindings());
        }
    }

    private static Lease lease(int n) {
        return Lease.address(Ipv6Address.parse("2001:db8:0:3::" + (n + 1)));
    }

    private static BindingClient client(int n) {
        return new BindingClient(OctetString.of((byte) 0, (byte) 3, (byte) n), IaType.IA_NA, 1);
    }
}
