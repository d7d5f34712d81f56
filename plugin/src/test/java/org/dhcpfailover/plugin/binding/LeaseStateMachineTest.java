package org.dhcpfailover.plugin.binding;

import static org.dhcpfailover.plugin.binding.Fixtures.ADDRESS;
import static org.dhcpfailover.plugin.binding.Fixtures.CLIENT_A;
import static org.dhcpfailover.plugin.binding.Fixtures.CLIENT_B;
import static org.dhcpfailover.plugin.binding.Fixtures.T0;
import static org.dhcpfailover.plugin.binding.Fixtures.binding;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.dhcpfailover.plugin.config.Allocation;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.Ipv6Address;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The lease state machine of RFC 8156 §7.2 Figure 2, §4.2.2.1 and §8.8.1 (digest §5.2, §9.4). */
class LeaseStateMachineTest {
    private static final long MCLT = 3600;
    private static final LeaseContext NORMAL = LeaseContext.communicating(T0 + 1000, MCLT);
    /** Granted at T0+1000 for 3600 s: client expiry T0+4600. */
    private static final ClientLifetimes LIFETIMES = new ClientLifetimes(T0 + 1000, 3600, 3600, 1800, 2880);
    private static final LeaseTimes OLD = new LeaseTimes(0, 0, 0, T0 + 10, 0, T0 + 10, 0);

    private static BindingStatus status(String name) {
        return BindingStatus.knownValues().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "§7.2 Figure 2 {0} -> {1}: {2}")
    @CsvSource({
        "FREE, ACTIVE, true",
        "FREE-BACKUP, ACTIVE, true",
        "ACTIVE, ACTIVE, true",
        "ACTIVE, EXPIRED, true",
        "ACTIVE, RELEASED, true",
        "ACTIVE, ABANDONED, true",
        "ABANDONED, RESET, true",
        "EXPIRED, PENDING-FREE, true",
        "RELEASED, PENDING-FREE, true",
        "RESET, PENDING-FREE, true",
        "PENDING-FREE, FREE, true",
        "PENDING-FREE, FREE-BACKUP, true",
        "FREE, FREE-BACKUP, true",
        "FREE-BACKUP, FREE, true",
        "EXPIRED, ACTIVE, true",
        "RELEASED, ACTIVE, true",
        "ABANDONED, PENDING-FREE, false",
        "ABANDONED, ACTIVE, false",
        "ABANDONED, FREE, false",
        "RESET, ACTIVE, false",
        "EXPIRED, FREE, false",
        "RELEASED, FREE-BACKUP, false",
        "ACTIVE, FREE, false",
        "ACTIVE, PENDING-FREE, false",
        "ACTIVE, RESET, false",
        "FREE, EXPIRED, false",
        "FREE, RELEASED, false",
        "FREE, PENDING-FREE, false",
        "PENDING-FREE, ACTIVE, false",
        "EXPIRED, RELEASED, false",
    })
    void figure2Arcs(String from, String to, boolean allowed) {
        assertEquals(allowed, LeaseStateMachine.isArc(status(from), status(to)));
    }

    @Test
    @DisplayName("§7.2: a reserved or unknown status has no arcs")
    void unknownStatusHasNoArcs() {
        assertFalse(LeaseStateMachine.isArc(BindingStatus.valueOf(0), BindingStatus.ACTIVE));
        assertFalse(LeaseStateMachine.isArc(BindingStatus.FREE, BindingStatus.valueOf(9)));
    }

    @Test
    @DisplayName("§7.2 arc (1): FREE -> ACTIVE sets client, times, lifetimes and marks the lease")
    void allocateFree() {
        Binding free = Binding.initial(ADDRESS, BindingStatus.FREE, T0);
        Binding active = LeaseStateMachine.grant(free, CLIENT_A, LIFETIMES, T0 + 262800, NORMAL);
        assertEquals(BindingStatus.ACTIVE, active.status());
        assertEquals(Optional.of(CLIENT_A), active.client());
        assertEquals(new LeaseTimes(0, 0, T0 + 262800, T0 + 1000, 0, T0 + 1000, T0 + 4600), active.times());
        assertEquals(LIFETIMES, active.lifetimes());
        assertEquals(PartnerSync.PENDING, active.sync());
    }

    @Test
    @DisplayName("§7.2 arc (2): FREE-BACKUP -> ACTIVE")
    void allocateFreeBackup() {
        Binding active = LeaseStateMachine.grant(Binding.initial(ADDRESS, BindingStatus.FREE_BACKUP, T0), CLIENT_B,
                LIFETIMES, T0 + 262800, NORMAL);
        assertEquals(BindingStatus.ACTIVE, active.status());
    }

    @Test
    @DisplayName("§7.2 ACTIVE -> ACTIVE: a renewal keeps start-time-of-state, moves the state's end")
    void renew() {
        Binding active = binding(BindingStatus.ACTIVE, CLIENT_A, new LeaseTimes(0, T0 + 261000, 0, T0 + 10, 0,
                T0 + 10, T0 + 3610), PartnerSync.ACKNOWLEDGED);
        Binding renewed = LeaseStateMachine.grant(active, CLIENT_A, LIFETIMES, T0 + 390000, NORMAL);
        assertEquals(new LeaseTimes(0, T0 + 261000, T0 + 390000, T0 + 1000, 0, T0 + 10, T0 + 4600), renewed.times());
        assertEquals(PartnerSync.PENDING, renewed.sync());
    }

    @Test
    @DisplayName("§4.2.2.1 hard rule: an ACTIVE lease never goes straight to another client")
    void activeToOtherClient() {
        Binding active = binding(BindingStatus.ACTIVE, CLIENT_A, OLD, PartnerSync.ACKNOWLEDGED);
        assertThrows(LeaseTransitionException.class,
                () -> LeaseStateMachine.grant(active, CLIENT_B, LIFETIMES, T0, NORMAL));
    }

    @ParameterizedTest(name = "§7.2 arc {0} -> {1}")
    @CsvSource({
        "ACTIVE, EXPIRED, 0",
        "ACTIVE, RELEASED, 0",
        "ACTIVE, ABANDONED, 757472400",
        "ABANDONED, RESET, 0",
        "FREE, FREE-BACKUP, 0",
        "FREE-BACKUP, FREE, 0",
    })
    void changes(String from, String to, long stateExpiration) {
        Binding before = binding(status(from), CLIENT_A, OLD, PartnerSync.ACKNOWLEDGED);
        Binding after = LeaseStateMachine.change(before, status(to), stateExpiration, NORMAL);
        assertEquals(status(to), after.status());
        assertEquals(new LeaseTimes(0, 0, 0, T0 + 10, 0, T0 + 1000, stateExpiration), after.times());
        assertEquals(Optional.of(CLIENT_A), after.client());
        assertEquals(PartnerSync.PENDING, after.sync());
    }

    @ParameterizedTest(name = "§7.2 forbidden {0} -> {1}")
    @CsvSource({
        "ABANDONED, PENDING-FREE",
        "ABANDONED, FREE",
        "EXPIRED, FREE",
        "ACTIVE, FREE",
        "ACTIVE, RESET",
        "FREE, EXPIRED",
        "RELEASED, EXPIRED",
        "PENDING-FREE, RESET",
        "EXPIRED, PENDING-FREE",
        "ACTIVE, ACTIVE",
    })
    void forbiddenChanges(String from, String to) {
        Binding before = binding(status(from), CLIENT_A, OLD, PartnerSync.ACKNOWLEDGED);
        LeaseTransitionException refused = assertThrows(LeaseTransitionException.class,
                () -> LeaseStateMachine.change(before, status(to), 0, NORMAL));
        assertEquals(status(from), refused.from());
        assertEquals(status(to), refused.to());
    }

    @ParameterizedTest(name = "§7.2 forbidden grant from {0}")
    @CsvSource({"ABANDONED", "RESET", "PENDING-FREE"})
    void forbiddenGrants(String from) {
        Binding before = binding(status(from), CLIENT_A, OLD, PartnerSync.ACKNOWLEDGED);
        assertThrows(LeaseTransitionException.class,
                () -> LeaseStateMachine.grant(before, CLIENT_A, LIFETIMES, T0, NORMAL));
    }

    @Test
    @DisplayName("§4.2.2.1, §8.8.1: an EXPIRED lease whose partner update was rejected as outdated is not re-leased")
    void noReLeaseAfterAnOutdatedReject() {
        // The partner told us EXPIRED (stored acknowledged), then re-sent it and we rejected the
        // equal-time copy (decision A10): the partner knows the lease expired.
        Binding toldByPartner = binding(BindingStatus.EXPIRED, CLIENT_A, OLD, PartnerSync.ACKNOWLEDGED);
        Binding afterReject = OutdatedFollowUp.after(toldByPartner).binding();

        assertThrows(LeaseTransitionException.class,
                () -> LeaseStateMachine.grant(afterReject, CLIENT_A, LIFETIMES, T0 + 262800, NORMAL));
    }

    @Test
    @DisplayName("§4.2.2.1, §8.8.1: EXPIRED/RELEASED -> ACTIVE for the same client only before a BNDUPD about it went out")
    void reLeaseSameClient() {
        for (BindingStatus status : new BindingStatus[] {BindingStatus.EXPIRED, BindingStatus.RELEASED}) {
            Binding unsent = binding(status, CLIENT_A, OLD, PartnerSync.PENDING);
            assertEquals(BindingStatus.ACTIVE,
                    LeaseStateMachine.grant(unsent, CLIENT_A, LIFETIMES, T0 + 262800, NORMAL).status());
            for (PartnerSync told : new PartnerSync[] {PartnerSync.SENT, PartnerSync.ACKNOWLEDGED}) {
                Binding sent = binding(status, CLIENT_A, OLD, told);
                assertThrows(LeaseTransitionException.class,
                        () -> LeaseStateMachine.grant(sent, CLIENT_A, LIFETIMES, T0, NORMAL));
            }
            assertThrows(LeaseTransitionException.class,
                    () -> LeaseStateMachine.grant(unsent, CLIENT_B, LIFETIMES, T0, NORMAL));
        }
    }

    @Test
    @DisplayName("§7.2 arcs (4)-(6), A1: the partner's ack frees EXPIRED/RELEASED/RESET to FREE or FREE-BACKUP")
    void partnerAcknowledged() {
        Lease primaryOwned = ADDRESS;
        Lease secondaryOwned = Lease.address(Ipv6Address.parse("2001:db8:0:1::100"));
        Lease prefix = Lease.prefix(Ipv6Address.parse("2001:db8:1::"), 48);
        assertEquals(BindingStatus.FREE, LeaseStateMachine.freeStatus(primaryOwned, Allocation.INDEPENDENT));
        assertEquals(BindingStatus.FREE_BACKUP, LeaseStateMachine.freeStatus(secondaryOwned, Allocation.INDEPENDENT));
        assertEquals(BindingStatus.FREE, LeaseStateMachine.freeStatus(secondaryOwned, Allocation.PROPORTIONAL));
        assertEquals(BindingStatus.FREE, LeaseStateMachine.freeStatus(prefix, Allocation.INDEPENDENT));

        for (BindingStatus status : new BindingStatus[] {BindingStatus.EXPIRED, BindingStatus.RELEASED,
                BindingStatus.RESET}) {
            Binding freed = LeaseStateMachine.partnerAcknowledged(
                    binding(status, CLIENT_A, OLD, PartnerSync.SENT), Allocation.INDEPENDENT, NORMAL);
            assertEquals(BindingStatus.FREE, freed.status());
            assertEquals(new LeaseTimes(0, 0, 0, T0 + 10, 0, T0 + 1000, 0), freed.times());
            assertEquals(0L, freed.reusableForOthersAt());
            // The former client stays as a hint (§7.2 FREE: "MAY" carry the last user).
            assertEquals(Optional.of(CLIENT_A), freed.client());
        }
        Binding freed = LeaseStateMachine.partnerAcknowledged(
                binding(BindingStatus.EXPIRED, CLIENT_A, OLD, PartnerSync.SENT), Allocation.INDEPENDENT, NORMAL);
        assertEquals(BindingStatus.ACTIVE, LeaseStateMachine.grant(freed, CLIENT_B, LIFETIMES, T0, NORMAL).status());
        assertThrows(LeaseTransitionException.class, () -> LeaseStateMachine.partnerAcknowledged(
                binding(BindingStatus.ABANDONED, CLIENT_A, OLD, PartnerSync.SENT), Allocation.INDEPENDENT, NORMAL));
    }

    @Test
    @DisplayName("§7.2 event (4), A20: outside PARTNER-DOWN nothing but the partner's ack frees a lease")
    void noFreeingWithoutPartnerOutsidePartnerDown() {
        Binding expired = binding(BindingStatus.EXPIRED, CLIENT_A, OLD, PartnerSync.SENT);
        assertThrows(LeaseTransitionException.class,
                () -> LeaseStateMachine.freeInPartnerDown(expired, Allocation.INDEPENDENT, NORMAL));
    }

    @ParameterizedTest(name = "A4: the {0} is the latest time, so the wait is MCLT after it")
    @CsvSource({
        // largest term, client granted at, partner lifetime sent, acked partner lifetime, expiration-time,
        // PARTNER-DOWN since, expected reuse time (all T0 + seconds; MCLT 3600; the client got 3600 s)
        "client expiry, 900000, 1000, 2000, 3000, 4000, 907200",
        "partner lifetime sent, 1000, 900000, 2000, 3000, 4000, 903600",
        "acked partner lifetime, 1000, 2000, 900000, 3000, 4000, 903600",
        "expiration-time, 1000, 2000, 3000, 900000, 4000, 903600",
        "PARTNER-DOWN entry, 1000, 2000, 3000, 4000, 900000, 903600",
    })
    void a4WaitIsMcltAfterTheLatestOfItsFiveTimes(String term, long grantedAt, long partnerLifetime, long acked,
            long expiration, long partnerDownSince, long expected) {
        LeaseTimes times = new LeaseTimes(T0 + expiration, T0 + acked, T0 + partnerLifetime, T0 + grantedAt, 0,
                T0 + grantedAt, 0);
        Binding binding = new Binding(ADDRESS, Optional.of(CLIENT_A), BindingStatus.EXPIRED, times,
                new ClientLifetimes(T0 + grantedAt, 3600, 3600, 1800, 2880), PartnerSync.SENT, 0, EchoedData.NONE);

        assertEquals(T0 + expected, PartnerDownWaits.reuseAt(binding, MCLT, T0 + partnerDownSince), term);
    }

    @Test
    @DisplayName("§7.2 event (4), §8.4.1, A4, A20: in PARTNER-DOWN free after MCLT, another client only after the A4 wait")
    void partnerDown() {
        // EXPIRED at T0+5000; client had been granted T0+1000 + 3600 = T0+4600;
        // partner-lifetime sent T0+262600, acked T0+261000, expiration-time T0+200000; PD entered T0+6000.
        LeaseTimes times = new LeaseTimes(T0 + 200000, T0 + 261000, T0 + 262600, T0 + 1000, 0, T0 + 5000, 0);
        Binding expired = new Binding(ADDRESS, Optional.of(CLIENT_A), BindingStatus.EXPIRED, times, LIFETIMES,
                PartnerSync.SENT, 0, EchoedData.NONE);
        assertThrows(LeaseTransitionException.class, () -> LeaseStateMachine.freeInPartnerDown(expired,
                Allocation.INDEPENDENT, LeaseContext.partnerDown(T0 + 8599, MCLT, T0 + 6000)));
        Binding free = LeaseStateMachine.freeInPartnerDown(expired, Allocation.INDEPENDENT,
                LeaseContext.partnerDown(T0 + 8600, MCLT, T0 + 6000));
        assertEquals(BindingStatus.FREE, free.status());
        // A4: MCLT + max(T0+4600, T0+262600, T0+261000, T0+200000, T0+6000) = T0+266200.
        assertEquals(T0 + 266200, free.reusableForOthersAt());
        assertThrows(LeaseTransitionException.class, () -> LeaseStateMachine.grant(free, CLIENT_B, LIFETIMES,
                T0 + 266199, LeaseContext.partnerDown(T0 + 266199, MCLT, T0 + 6000)));
        Binding other = LeaseStateMachine.grant(free, CLIENT_B, LIFETIMES, T0 + 600000,
                LeaseContext.partnerDown(T0 + 266200, MCLT, T0 + 6000));
        assertEquals(Optional.of(CLIENT_B), other.client());
        assertEquals(0L, other.reusableForOthersAt());
        // The same client may have it back at once, and the wait stays for others.
        Binding same = LeaseStateMachine.grant(free, CLIENT_A, LIFETIMES, T0 + 600000,
                LeaseContext.partnerDown(T0 + 8600, MCLT, T0 + 6000));
        assertEquals(T0 + 266200, same.reusableForOthersAt());
    }

    @Test
    @DisplayName("§8.4.1, A4: with nothing acked or sent, the PARTNER-DOWN entry + MCLT is the floor")
    void reuseFloor() {
        Binding released = binding(BindingStatus.RELEASED, CLIENT_A, OLD, PartnerSync.PENDING);
        assertEquals(T0 + 9600, PartnerDownWaits.reuseAt(released, MCLT, T0 + 6000));
        assertEquals(T0 + 3610, PartnerDownWaits.mayFreeAt(released, MCLT));
        assertTrue(LeaseContext.partnerDown(T0, MCLT, T0).inPartnerDown());
        assertFalse(NORMAL.inPartnerDown());
    }
}
