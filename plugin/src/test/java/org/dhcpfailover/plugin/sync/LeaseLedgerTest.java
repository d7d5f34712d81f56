package org.dhcpfailover.plugin.sync;

import static org.dhcpfailover.plugin.sync.SyncFixtures.ADDRESS_1;
import static org.dhcpfailover.plugin.sync.SyncFixtures.ADDRESS_2;
import static org.dhcpfailover.plugin.sync.SyncFixtures.ADDRESS_3;
import static org.dhcpfailover.plugin.sync.SyncFixtures.CLIENT_A;
import static org.dhcpfailover.plugin.sync.SyncFixtures.CLIENT_B;
import static org.dhcpfailover.plugin.sync.SyncFixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.ClientLifetimes;
import org.dhcpfailover.plugin.binding.PartnerSync;
import org.dhcpfailover.plugin.bindingdb.BindingDatabase;
import org.dhcpfailover.plugin.config.Allocation;
import org.dhcpfailover.plugin.store.PowerLossDisk;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The host's lease changes through the ledger (RFC 8156 §4.4, §7.2, §8.4.1) over the real stepped store. */
class LeaseLedgerTest {
    private static final long MCLT = 60;

    private final BindingDatabase database = TestLedgers.steppedDatabase(new PowerLossDisk(), "ledger-test");
    private final LeaseLedger ledger = TestLedgers.ledger(database, MCLT);

    @Test
    @DisplayName("§4.4: a new lease gets min(desired, MCLT); T1 ½ and T2 0.8 of it; preferred capped to valid")
    void newLeaseIsCappedByTheMclt() {
        ClientLifetimes told = ledger.grant(ADDRESS_1, CLIENT_A, 300, 200, T0).binding().lifetimes();
        assertEquals(new ClientLifetimes(T0, 60, 60, 30, 48), told);
    }

    @Test
    @DisplayName("§8.4.1: PARTNER-DOWN does not cap; the desired lifetime is given")
    void partnerDownDoesNotCap() {
        ledger.endpointChanged(new ServingState(Responsiveness.RESPONSIVE, true, MCLT, OptionalLong.of(T0)));
        ClientLifetimes told = ledger.grant(ADDRESS_1, CLIENT_A, 300, 200, T0 + 1).binding().lifetimes();
        assertEquals(new ClientLifetimes(T0 + 1, 200, 300, 150, 240), told);
    }

    @Test
    @DisplayName("§7.2 (8), §7.5.4 time(1): the expiry scan makes an ACTIVE lease EXPIRED the second after its client expiry")
    void expiryScan() {
        ledger.grant(ADDRESS_1, CLIENT_A, 300, 200, T0);
        assertEquals(List.of(), ledger.expireDue(T0 + 60), "not at its last second: the partner would reject it");
        List<LeaseChange> changes = ledger.expireDue(T0 + 61);
        assertEquals(1, changes.size());
        assertEquals(BindingStatus.EXPIRED, ledger.find(ADDRESS_1).orElseThrow().status());
        assertEquals(List.of(), ledger.expireDue(T0 + 62), "expired once");
    }

    @Test
    @DisplayName("§7.2 (8): the stepped expiry scan expires a renewed lease at its new end, not its old one")
    void steppedScanFollowsRenewals() {
        ledger.grant(ADDRESS_1, CLIENT_A, 300, 200, T0);
        ledger.grant(ADDRESS_1, CLIENT_A, 300, 200, T0 + 30);
        long newEnd = ledger.find(ADDRESS_1).orElseThrow().lifetimes().clientExpiry();
        assertTrue(newEnd > T0 + 61, "the renewal moved the end: " + (newEnd - T0));
        assertEquals(List.of(), ledger.expireDue(T0 + 61, 10), "the old end is stale");
        assertEquals(List.of(), ledger.expireDue(newEnd, 10), "not at its last second");
        assertEquals(1, ledger.expireDue(newEnd + 1, 10).size());
        assertEquals(BindingStatus.EXPIRED, ledger.find(ADDRESS_1).orElseThrow().status());
        assertEquals(List.of(), ledger.expireDue(newEnd + 2, 10), "expired once");
    }

    @Test
    @DisplayName("§7.2 (8): the stepped scan expires at most its limit per step, the earliest first, and leaves none")
    void steppedScanIsBoundedPerStep() {
        ledger.grant(ADDRESS_3, CLIENT_A, 300, 200, T0 + 2);
        ledger.grant(ADDRESS_1, CLIENT_A, 300, 200, T0);
        ledger.grant(ADDRESS_2, CLIENT_B, 300, 200, T0 + 1);
        List<LeaseChange> first = ledger.expireDue(T0 + 100, 2);
        assertEquals(List.of(ADDRESS_1, ADDRESS_2), first.stream().map(c -> c.binding().lease()).toList());
        List<LeaseChange> second = ledger.expireDue(T0 + 101, 2);
        assertEquals(List.of(ADDRESS_3), second.stream().map(c -> c.binding().lease()).toList());
    }

    @Test
    @DisplayName("§7.2 (8): leases already in the store when the server starts are expired by the stepped scan")
    void steppedScanCoversLeasesStoredBeforeTheStart() {
        ledger.grant(ADDRESS_1, CLIENT_A, 300, 200, T0);
        LeaseLedger restarted = TestLedgers.ledger(database, MCLT);
        assertEquals(1, restarted.expireDue(T0 + 61, 10).size());
        assertEquals(BindingStatus.EXPIRED, restarted.find(ADDRESS_1).orElseThrow().status());
    }

    @Test
    @DisplayName("§7.2 (8), §7.5.4 time(1): the host's expiry of a lease ends it only once its binding is due")
    void hostExpiryOnlyWhenDue() {
        ledger.grant(ADDRESS_1, CLIENT_A, 300, 200, T0);
        assertEquals(Optional.empty(), ledger.expireIfDue(ADDRESS_1, T0 + 60), "its last second: not yet");
        assertEquals(BindingStatus.ACTIVE, ledger.find(ADDRESS_1).orElseThrow().status());
        assertEquals(BindingStatus.EXPIRED, ledger.expireIfDue(ADDRESS_1, T0 + 61).orElseThrow().binding().status());
        assertEquals(Optional.empty(), ledger.expireIfDue(ADDRESS_1, T0 + 62), "expired once");
        assertEquals(Optional.empty(), ledger.expireIfDue(ADDRESS_2, T0 + 61), "no binding: nothing to expire");
        assertEquals(2, ledger.changesNotTaken(), "both changes (grant, expiry) count until the endpoint takes them");
        assertEquals(List.of(ADDRESS_1), ledger.drainChanged(), "only real changes reach the endpoint");
        assertEquals(0, ledger.changesNotTaken());
    }

    @Test
    @DisplayName("§4.3, §4.4: a lease the host granted without failover is recorded with the lifetimes its client holds")
    void adoptedLeaseKeepsItsLifetimes() {
        ClientLifetimes held = new ClientLifetimes(T0, 3000, 7200, 3600, 5760);
        Binding adopted = ledger.adopt(ADDRESS_1, CLIENT_A, held, T0).orElseThrow().binding();

        assertEquals(BindingStatus.ACTIVE, adopted.status());
        assertEquals(Optional.of(CLIENT_A), adopted.client());
        assertEquals(held, adopted.lifetimes(), "not capped to the MCLT: the client already has them");
        assertEquals(T0 + 7200, adopted.times().stateExpirationTime());
        assertEquals(T0 + 7200 + 3600, adopted.times().partnerLifetime(), "§4.4.1: desired plus T1");
        assertEquals(PartnerSync.PENDING, adopted.sync(), "the partner is told");
        assertEquals(List.of(ADDRESS_1), ledger.drainChanged());
    }

    @Test
    @DisplayName("§7.5.4: a lease this server has a binding of is never adopted from the host's table")
    void theLedgersOwnBindingWinsOverTheHostsTable() {
        ledger.grant(ADDRESS_1, CLIENT_B, 300, 200, T0);
        ledger.drainChanged();
        ClientLifetimes held = new ClientLifetimes(T0, 3000, 7200, 3600, 5760);

        assertEquals(Optional.empty(), ledger.adopt(ADDRESS_1, CLIENT_A, held, T0 + 1));
        assertEquals(Optional.of(CLIENT_B), ledger.find(ADDRESS_1).orElseThrow().client());
        assertEquals(List.of(), ledger.drainChanged(), "nothing changed, nothing to send");
        LeaseLedger narrow = new LeaseLedger(database, new LeaseScope(lease -> false, lease -> Allocation.INDEPENDENT),
                MCLT, 0.5);
        assertThrows(IllegalArgumentException.class, () -> narrow.adopt(ADDRESS_2, CLIENT_A, held, T0));
        assertFalse(ledger.find(ADDRESS_2).isPresent());
    }

    @Test
    @DisplayName("§7.2 (4), A20: in PARTNER-DOWN an EXPIRED lease is freed the MCLT after it expired; outside, never")
    void partnerDownFreesAfterTheMclt() {
        ledger.grant(ADDRESS_1, CLIENT_A, 300, 200, T0);
        ledger.expireDue(T0 + 61);
        assertEquals(List.of(), ledger.expireDue(T0 + 61 + MCLT), "outside PARTNER-DOWN only the partner frees");
        ledger.endpointChanged(new ServingState(Responsiveness.RESPONSIVE, true, MCLT, OptionalLong.of(T0 + 100)));
        assertEquals(List.of(), ledger.expireDue(T0 + 61 + MCLT - 1));
        assertEquals(1, ledger.expireDue(T0 + 61 + MCLT).size());
        Binding freed = ledger.find(ADDRESS_1).orElseThrow();
        assertEquals(BindingStatus.FREE, freed.status());
        assertTrue(freed.reusableForOthersAt() > T0 + 61 + MCLT, "A4 wait before another client");
    }

    @Test
    @DisplayName("§7.2 (3): only the holder releases an ACTIVE lease; anything else is refused")
    void release() {
        ledger.grant(ADDRESS_1, CLIENT_A, 300, 200, T0);
        assertThrows(IllegalArgumentException.class, () -> ledger.release(ADDRESS_1, CLIENT_B, T0 + 1));
        assertThrows(IllegalArgumentException.class, () -> ledger.release(ADDRESS_2, CLIENT_A, T0 + 1));
        assertEquals(BindingStatus.RELEASED, ledger.release(ADDRESS_1, CLIENT_A, T0 + 1).binding().status());
        assertThrows(IllegalArgumentException.class, () -> ledger.release(ADDRESS_1, CLIENT_A, T0 + 2));
        ledger.grant(ADDRESS_2, CLIENT_B, 300, 200, T0);
        assertThrows(IllegalArgumentException.class, () -> ledger.decline(ADDRESS_2, CLIENT_A, T0 + 1));
        assertEquals(BindingStatus.ABANDONED, ledger.decline(ADDRESS_2, CLIENT_B, T0 + 1).binding().status());
    }

    @Test
    @DisplayName("§7.5.4: a lease outside the relationship's pools is refused")
    void leaseOutsideThePools() {
        LeaseLedger narrow = new LeaseLedger(database, new LeaseScope(lease -> false, lease -> Allocation.INDEPENDENT),
                MCLT, 0.5);
        assertThrows(IllegalArgumentException.class, () -> narrow.grant(ADDRESS_1, CLIENT_A, 300, 200, T0));
    }

    @Test
    @DisplayName("§4.3, §8.4: every host change wakes the endpoint once it is durable (its BNDUPD may leave then),"
            + " and each changed lease is handed over once")
    void changesAreHandedOverOnce() {
        AtomicInteger woken = new AtomicInteger();
        ledger.onChange(woken::incrementAndGet);
        ledger.grant(ADDRESS_1, CLIENT_A, 300, 200, T0);
        ledger.grant(ADDRESS_1, CLIENT_A, 300, 200, T0 + 10);
        assertEquals(0, woken.get(), "nothing may be sent before the sync: no wake-up yet");
        database.writeQueued();
        assertEquals(2, woken.get(), "one wake-up per change, at its sync");
        assertEquals(List.of(ADDRESS_1), ledger.drainChanged());
        assertEquals(List.of(), ledger.drainChanged());
    }
}
