package org.dhcpfailover.plugin.sync;

import static org.dhcpfailover.plugin.sync.SyncFixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.dhcpfailover.plugin.allocation.AllocationResult;
import org.dhcpfailover.plugin.allocation.Allocator;
import org.dhcpfailover.plugin.allocation.PoolSet;
import org.dhcpfailover.plugin.allocation.PoolSpec;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.IaType;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.config.PoolKind;
import org.dhcpfailover.plugin.endpoint.EndpointState;
import org.dhcpfailover.plugin.log.CatalogLogger;
import org.dhcpfailover.plugin.log.RecordingLogger;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.Ipv6Address;
import org.dhcpfailover.plugin.wire.OctetString;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.event.Level;

/**
 * The primary's take-back racing the secondary's grant (RFC 8156 §4.2.2, §4.2.2.1; digest §10.2;
 * docs/protocol.md §5, "a take-back yields to the secondary's lease"), found by a real-process
 * system test: a DHCPv4 pair with a proportional pool of two addresses, A handed to the secondary
 * (FREE-BACKUP), B kept by the primary. The primary is killed; the secondary, cut off, leases A
 * to client C; the primary restarts and its first rebalancing — it leased B, so the secondary
 * holds more than its 50 % — takes A back (FREE, start time later than C's grant) before the
 * secondary's BNDUPD for A has arrived. The secondary was entitled to A until it acknowledged the
 * take-back, so in every order of delivery both stores must end with A ACTIVE for C, nothing
 * left to send, and the primary must not offer A.
 */
class TakeBackRaceTest {
    private static final String POOL = "v4";
    private static final Lease A = Lease.address(Ipv6Address.parse("::ffff:10.0.0.1"));
    private static final Lease B = Lease.address(Ipv6Address.parse("::ffff:10.0.0.2"));
    private static final BindingClient C = client(0xc);
    private static final BindingClient P = client(0xb);
    private static final BindingClient NEW_CLIENT = client(0xd);

    private final RecordingLogger logger = new RecordingLogger(Level.DEBUG);
    private final SyncPair pair = new SyncPair(pools().scope());
    private Allocator primary;
    private Allocator secondary;

    /** How the two updates about A meet once the primary is back. */
    enum Delivery {
        /** The take-back FREE reaches the secondary first, then the secondary's ACTIVE the primary. */
        FREE_FIRST,
        /** The secondary's ACTIVE reaches the primary first, then the FREE the secondary. */
        ACTIVE_FIRST,
        /** The ACTIVE arrives while the take-back is not yet durable, so its FREE has not left. */
        ACTIVE_BEFORE_THE_FREE_LEAVES
    }

    private static BindingClient client(int n) {
        return new BindingClient(OctetString.fromHex(String.format("01005056aabb%04x", n)), IaType.IA_NA, 0);
    }

    private static PoolSet pools() {
        return new PoolSet(List.of(PoolSpec.proportional(POOL, PoolKind.IPV4_ADDRESS,
                Ipv6Address.parse("::ffff:10.0.0.1"), Ipv6Address.parse("::ffff:10.0.0.2"), 128, 50)));
    }

    private Allocator allocator(SyncPair.Side side, EndpointState state) {
        Allocator allocator = new Allocator(side.ledger, pools(), side.role, "sync-test", CatalogLogger.wrap(logger));
        enter(side, state);
        return allocator;
    }

    private static void enter(SyncPair.Side side, EndpointState state) {
        side.ledger.endpointChanged(new ServingState(state.responsiveness(side.role),
                state.mayAllocateNewLeases(side.role), SyncPair.MCLT, OptionalLong.empty()));
    }

    private static Optional<Binding> on(SyncPair.Side side, Lease lease) {
        return side.ledger.find(lease);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Delivery.class)
    void aTakeBackTheSecondaryHasNotAcknowledgedLosesToItsActive_rfc8156_4_2_2(Delivery delivery) {
        // Both NORMAL: the primary hands the secondary its share, A; B stays the primary's.
        primary = allocator(pair.primary, EndpointState.NORMAL);
        secondary = allocator(pair.secondary, EndpointState.NORMAL);
        pair.connect(10);
        pair.primary.ledger.rebalance(T0);
        pair.settle();
        assertEquals(BindingStatus.FREE_BACKUP, on(pair.secondary, A).orElseThrow().status());
        pair.now = T0 + 1;
        assertEquals(Optional.of(B), granted(primary.allocate(POOL, P, 600, 600, pair.now)), "the primary's own");
        pair.settle();

        // SIGKILL of the primary; the secondary, COMMUNICATIONS-INTERRUPTED, leases A to C.
        pair.disconnect();
        enter(pair.secondary, EndpointState.COMMUNICATIONS_INTERRUPTED);
        pair.now = T0 + 20;
        assertEquals(Optional.of(A), granted(secondary.allocate(POOL, C, 600, 600, pair.now)),
                "§4.2.2: the secondary's FREE-BACKUP is its own to lease");
        long grantedAt = pair.now;
        pair.secondary.sync();

        // The primary restarts and, NORMAL again, rebalances before the secondary's BNDUPD arrived.
        pair.now = T0 + 40;
        pair.restart(pair.primary);
        primary = allocator(pair.primary, EndpointState.NORMAL);
        enter(pair.secondary, EndpointState.NORMAL);
        pair.connect(10);
        pair.primary.ledger.rebalance(pair.now);
        Binding takenBack = on(pair.primary, A).orElseThrow();
        assertEquals(BindingStatus.FREE, takenBack.status(), "the balance drifted: A is taken back");
        assertTrue(takenBack.times().startTimeOfState() - grantedAt > 5,
                "the take-back is 'newer' than C's grant by more than the §7.5.4 tolerance");

        pair.secondary.syncAndPump(pair.now);
        switch (delivery) {
            case FREE_FIRST -> {
                pair.primary.syncAndPump(pair.now);
                pair.primary.deliver();
                pair.secondary.deliver();
            }
            case ACTIVE_FIRST -> {
                pair.primary.syncAndPump(pair.now);
                pair.secondary.deliver();
                pair.primary.deliver();
            }
            case ACTIVE_BEFORE_THE_FREE_LEAVES -> {
                pair.primary.sync.pump(pair.now);
                assertEquals(List.of(), pair.primary.outboxTypes(), "the take-back is not durable yet");
                pair.secondary.deliver();
            }
        }
        pair.settle();

        for (SyncPair.Side side : List.of(pair.primary, pair.secondary)) {
            Binding a = on(side, A).orElseThrow();
            assertEquals(BindingStatus.ACTIVE, a.status(), side.role + ": A is C's, whatever the timestamps");
            assertTrue(a.isBoundTo(C), side.role + ": bound to C");
            assertFalse(a.sync().partnerMustBeTold(), side.role + ": nothing left to tell about A");
        }
        assertEquals(0, pair.primary.sync.status().pendingLeases(), "the take-back is dropped, not retried");
        pair.primary.ledger.rebalance(pair.now + 5);
        pair.settle();
        assertTrue(primary.allocate(POOL, NEW_CLIENT, 600, 600, pair.now + 5).granted().isEmpty(),
                "A is C's and B is P's: nothing left for a new client");
    }

    private static Optional<Lease> granted(AllocationResult result) {
        return result.granted().map(change -> change.binding().lease());
    }
}
