package org.dhcpfailover.plugin.binding;

import static org.dhcpfailover.plugin.binding.Fixtures.CLIENT_A;
import static org.dhcpfailover.plugin.binding.Fixtures.CLIENT_B;
import static org.dhcpfailover.plugin.binding.Fixtures.T0;
import static org.dhcpfailover.plugin.binding.Fixtures.binding;
import static org.dhcpfailover.plugin.binding.Fixtures.received;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
import org.dhcpfailover.plugin.config.Allocation;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.OctetString;
import org.dhcpfailover.plugin.wire.StatusCode;
import org.dhcpfailover.plugin.wire.VssOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Receiving a BNDUPD (RFC 8156 §7.5.3, §7.5.4; digest §8.3). The Figure 4 cells are checked
 * end to end with two scenarios, chosen so that the four rules give four different pairs of
 * answers (primary receiving, local client A, received client B):
 *
 * <pre>
 *            local start  local CLT  local state-exp  now       received start  received CLT
 *   X        T0+100       T0+300     T0+2000          T0+1000   T0+150          T0+200
 *   Y        T0+300       T0+300     T0+500           T0+1000   T0+250          T0+250
 *
 *   rule       X (update T0+200 vs local T0+300)         Y (update T0+250 vs local T0+300)
 *   accept     19 (not later)                           19 (not later)
 *   time(1)    19 (now before T0+2000)                  accept (now past T0+500)
 *   time(2)    accept (CLT T0+200 later than T0+100)    19 (CLT T0+250 not later than T0+300)
 *   accept(3)  accept (different client, time(2))       16 (different client, no time(2), primary)
 * </pre>
 */
class UpdateAcceptanceTest {
    private static final Predicate<Lease> ALL = lease -> true;

    private static String scenarioX(String local, String received) {
        return verdict(BindingStatus.valueOf(code(local)), BindingStatus.valueOf(code(received)),
                new LeaseTimes(0, 0, 0, T0 + 300, 0, T0 + 100, T0 + 2000), T0 + 150, T0 + 200);
    }

    private static String scenarioY(String local, String received) {
        return verdict(BindingStatus.valueOf(code(local)), BindingStatus.valueOf(code(received)),
                new LeaseTimes(0, 0, 0, T0 + 300, 0, T0 + 300, T0 + 500), T0 + 250, T0 + 250);
    }

    private static String verdict(BindingStatus local, BindingStatus received, LeaseTimes times, long start,
            long clt) {
        UpdateVerdict verdict = UpdateAcceptance.decide(received(received, CLIENT_B, start, OptionalLong.of(clt)),
                Optional.of(binding(local, CLIENT_A, times, PartnerSync.ACKNOWLEDGED)), Role.PRIMARY, T0 + 1000, ALL);
        return verdict.accepted() ? "accept" : String.valueOf(verdict.status().code());
    }

    private static int code(String name) {
        return BindingStatus.knownValues().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow()
                .code();
    }

    @ParameterizedTest(name = "§7.5.4 Figure 4 {0}/{1}: {2}")
    @CsvSource({
        "ACTIVE, ACTIVE, accept(3), accept, 16",
        "ACTIVE, EXPIRED, time(1), 19, accept",
        "ACTIVE, RELEASED, accept, 19, 19",
        "ACTIVE, FREE, time(1), 19, accept",
        "ACTIVE, FREE-BACKUP, time(1), 19, accept",
        "ACTIVE, RESET, accept, 19, 19",
        "ACTIVE, ABANDONED, accept, 19, 19",
        "EXPIRED, ACTIVE, accept, 19, 19",
        "EXPIRED, EXPIRED, accept, 19, 19",
        "EXPIRED, RELEASED, accept, 19, 19",
        "EXPIRED, FREE, accept, 19, 19",
        "EXPIRED, FREE-BACKUP, accept, 19, 19",
        "EXPIRED, RESET, accept, 19, 19",
        "EXPIRED, ABANDONED, accept, 19, 19",
        "RELEASED, ACTIVE, accept, 19, 19",
        "RELEASED, EXPIRED, accept, 19, 19",
        "RELEASED, RELEASED, accept, 19, 19",
        "RELEASED, FREE, accept, 19, 19",
        "RELEASED, FREE-BACKUP, accept, 19, 19",
        "RELEASED, RESET, accept, 19, 19",
        "RELEASED, ABANDONED, accept, 19, 19",
        "FREE, ACTIVE, accept, 19, 19",
        "FREE, EXPIRED, accept, 19, 19",
        "FREE, RELEASED, accept, 19, 19",
        "FREE, FREE, accept, 19, 19",
        "FREE, FREE-BACKUP, accept, 19, 19",
        "FREE, RESET, accept, 19, 19",
        "FREE, ABANDONED, accept, 19, 19",
        "FREE-BACKUP, ACTIVE, accept, 19, 19",
        "FREE-BACKUP, EXPIRED, accept, 19, 19",
        "FREE-BACKUP, RELEASED, accept, 19, 19",
        "FREE-BACKUP, FREE, accept, 19, 19",
        "FREE-BACKUP, FREE-BACKUP, accept, 19, 19",
        "FREE-BACKUP, RESET, accept, 19, 19",
        "FREE-BACKUP, ABANDONED, accept, 19, 19",
        "RESET, ACTIVE, time(2), accept, 19",
        "RESET, EXPIRED, accept, 19, 19",
        "RESET, RELEASED, accept, 19, 19",
        "RESET, FREE, accept, 19, 19",
        "RESET, FREE-BACKUP, accept, 19, 19",
        "RESET, RESET, accept, 19, 19",
        "RESET, ABANDONED, accept, 19, 19",
        "ABANDONED, ACTIVE, accept, 19, 19",
        "ABANDONED, EXPIRED, accept, 19, 19",
        "ABANDONED, RELEASED, accept, 19, 19",
        "ABANDONED, FREE, accept, 19, 19",
        "ABANDONED, FREE-BACKUP, accept, 19, 19",
        "ABANDONED, RESET, accept, 19, 19",
        "ABANDONED, ABANDONED, accept, 19, 19",
    })
    void figure4(String local, String received, String rule, String inX, String inY) {
        assertEquals(rule, switch (ConflictTable.rule(BindingStatus.valueOf(code(local)),
                BindingStatus.valueOf(code(received)))) {
            case ACCEPT -> "accept";
            case TIME_1 -> "time(1)";
            case TIME_2 -> "time(2)";
            case ACCEPT_3 -> "accept(3)";
        }, "Figure 4 cell");
        assertEquals(inX, scenarioX(local, received), "scenario X");
        assertEquals(inY, scenarioY(local, received), "scenario Y");
    }

    @Test
    @DisplayName("§7.5.4 Figure 4: PENDING-FREE is read as FREE, on either side")
    void pendingFreeReadsAsFree() {
        assertEquals(ConflictRule.TIME_1, ConflictTable.rule(BindingStatus.ACTIVE, BindingStatus.PENDING_FREE));
        assertEquals(ConflictRule.ACCEPT, ConflictTable.rule(BindingStatus.PENDING_FREE, BindingStatus.ACTIVE));
        assertEquals(ConflictRule.ACCEPT, ConflictTable.rule(BindingStatus.valueOf(0), BindingStatus.ACTIVE));
    }

    @Test
    @DisplayName("§7.5.4 accept, decision A10: later by more than 5 s accepts; equal within ±5 s rejects with 19")
    void acceptWithTolerance() {
        Binding local = binding(BindingStatus.EXPIRED, CLIENT_A, new LeaseTimes(0, 0, 0, T0 + 100, 0, T0 + 50, 0),
                PartnerSync.ACKNOWLEDGED);
        assertEquals(UpdateVerdict.ACCEPTED, decide(BindingStatus.RELEASED, T0 + 106, local));
        assertEquals(19, decide(BindingStatus.RELEASED, T0 + 105, local).status().code());
        assertEquals(19, decide(BindingStatus.RELEASED, T0 + 95, local).status().code());
        assertEquals(19, decide(BindingStatus.RELEASED, T0 + 10, local).status().code());
    }

    @Test
    @DisplayName("§7.5.4 accept, decision A10 tie-break: an equal-time update from the lease's owner is taken")
    void equalTimeUpdateFromTheOwnerIsTaken() {
        // Both servers expired the lease of client A at the same moment: ADDRESS has bit 127 set,
        // so the primary owns it (§4.2.1) and its EXPIRED ends the tie; the secondary's does not.
        Binding local = binding(BindingStatus.EXPIRED, CLIENT_A, new LeaseTimes(0, 0, 0, T0 + 100, 0, T0 + 400, 0),
                PartnerSync.SENT);
        ReceivedLease same = received(BindingStatus.EXPIRED, CLIENT_A, T0 + 401, OptionalLong.of(T0 + 100));
        assertEquals(UpdateVerdict.ACCEPTED, UpdateAcceptance.decide(same, Optional.of(local), Role.SECONDARY,
                T0 + 1000, ALL, lease -> Allocation.INDEPENDENT));
        assertEquals(19, UpdateAcceptance.decide(same, Optional.of(local), Role.PRIMARY, T0 + 1000, ALL,
                lease -> Allocation.INDEPENDENT).status().code());
        // The tolerance still bounds it: an update older by more than 5 s is outdated from the owner too.
        ReceivedLease older = received(BindingStatus.EXPIRED, CLIENT_A, T0 + 401, OptionalLong.of(T0 + 94));
        assertEquals(19, UpdateAcceptance.decide(older, Optional.of(local), Role.SECONDARY, T0 + 1000, ALL,
                lease -> Allocation.INDEPENDENT).status().code());
        // A proportional pool returns every lease to the primary, whatever bit 127 says (§4.2.2, A1).
        assertEquals(UpdateVerdict.ACCEPTED, UpdateAcceptance.decide(same, Optional.of(local), Role.SECONDARY,
                T0 + 1000, ALL, lease -> Allocation.PROPORTIONAL));
    }

    @Test
    @DisplayName("§7.5.4 accept, decision A10 tie-break: the secondary owns addresses with bit 127 clear")
    void secondaryOwnsEvenAddresses() {
        Lease even = Lease.address(org.dhcpfailover.plugin.wire.Ipv6Address.parse("2001:db8:0:1::100"));
        Binding local = new Binding(even, Optional.of(CLIENT_A), BindingStatus.FREE,
                new LeaseTimes(0, 0, 0, 0, 0, T0 + 516, 0), ClientLifetimes.NONE, PartnerSync.SENT, 0,
                EchoedData.NONE);
        ReceivedLease allocated = new ReceivedLease(even, Optional.of(CLIENT_B), BindingStatus.ACTIVE, T0 + 521,
                OptionalLong.empty(), OptionalLong.of(T0 + 521), OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), ClientLifetimes.NONE, EchoedData.NONE);
        // Allocated by its owner 5 s after the partner freed it: the primary takes it ...
        assertEquals(UpdateVerdict.ACCEPTED, UpdateAcceptance.decide(allocated, Optional.of(local), Role.PRIMARY,
                T0 + 1000, ALL, lease -> Allocation.INDEPENDENT));
        // The tie-break never takes a free lease back to EXPIRED: that is an older state crossing the FREE.
        ReceivedLease expired = new ReceivedLease(even, Optional.of(CLIENT_A), BindingStatus.EXPIRED, T0 + 510,
                OptionalLong.empty(), OptionalLong.of(T0 + 512), OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), ClientLifetimes.NONE, EchoedData.NONE);
        assertEquals(19, UpdateAcceptance.decide(expired, Optional.of(local), Role.PRIMARY, T0 + 1000, ALL,
                lease -> Allocation.INDEPENDENT).status().code());
        // An EXPIRED whose state began well after the FREE ends a later lease that tied with the FREE: taken.
        ReceivedLease laterLease = new ReceivedLease(even, Optional.of(CLIENT_A), BindingStatus.EXPIRED, T0 + 640,
                OptionalLong.empty(), OptionalLong.of(T0 + 519), OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), ClientLifetimes.NONE, EchoedData.NONE);
        assertEquals(UpdateVerdict.ACCEPTED, UpdateAcceptance.decide(laterLease, Optional.of(local), Role.PRIMARY,
                T0 + 1000, ALL, lease -> Allocation.INDEPENDENT));
        // ... and the literal rule still holds where the sender is not the owner (the four-argument form).
        assertEquals(19, UpdateAcceptance.decide(allocated, Optional.of(local), Role.SECONDARY, T0 + 1000, ALL)
                .status().code());
    }

    @Test
    @DisplayName("§4.2.2, docs/protocol.md §5: the secondary's ACTIVE beats the primary's FREE-BACKUP or "
            + "unacknowledged take-back FREE of a proportional pool, whatever the times")
    void theSecondarysShareIsItsToLease() {
        // Never leased (no CLT): the take-back FREE is dated by its start, 20 s after the grant.
        LeaseTimes takeBackTimes = new LeaseTimes(0, 0, 0, 0, 0, T0 + 40, 0);
        ReceivedLease grant = received(BindingStatus.ACTIVE, CLIENT_A, T0 + 20, OptionalLong.of(T0 + 20));
        Binding takeBack = binding(BindingStatus.FREE, null, takeBackTimes, PartnerSync.PENDING);
        assertEquals(UpdateVerdict.ACCEPTED, proportional(grant, takeBack, Role.PRIMARY),
                "a take-back the secondary has not acknowledged: it may have leased the resource first");
        assertEquals(UpdateVerdict.ACCEPTED, proportional(grant, takeBack.withSync(PartnerSync.SENT), Role.PRIMARY),
                "nor once the FREE left: the secondary rejects it (time(1)) and the lease is its own");
        assertEquals(19, proportional(grant, takeBack.withSync(PartnerSync.ACKNOWLEDGED), Role.PRIMARY).status()
                .code(), "an acknowledged FREE ends the secondary's claim: an older ACTIVE is outdated");
        // Handed over 4 s before the secondary leased it: a tie, which A10 gives the primary.
        Binding handedOver = binding(BindingStatus.FREE_BACKUP, null, new LeaseTimes(0, 0, 0, 0, 0, T0 + 16, 0),
                PartnerSync.ACKNOWLEDGED);
        assertEquals(UpdateVerdict.ACCEPTED, proportional(grant, handedOver, Role.PRIMARY),
                "FREE-BACKUP is the secondary's to lease at any time");
        // The rule is the primary's, for ACTIVE updates of proportional pools only.
        assertEquals(19, proportional(grant, takeBack, Role.SECONDARY).status().code());
        assertEquals(19, UpdateAcceptance.decide(grant, Optional.of(takeBack), Role.PRIMARY, T0 + 100, ALL,
                lease -> Allocation.INDEPENDENT).status().code());
        ReceivedLease released = received(BindingStatus.RELEASED, CLIENT_A, T0 + 30, OptionalLong.of(T0 + 30));
        assertEquals(19, proportional(released, takeBack, Role.PRIMARY).status().code(),
                "a lease the client gave up holds nothing against the take-back");
    }

    @Test
    @DisplayName("§4.4, §7.5.4, docs/protocol.md §5: the latest end granted stands — an EXPIRED the partner's "
            + "ACTIVE outlives is outdated, and so is a FREE, whatever the times")
    void anExpiryThePartnersLeaseOutlivesYields() {
        // Never talked to the client (no CLT): the EXPIRED is dated by the expiry scan, T0+601,
        // after the partner's renewal at T0+300 that runs the lease to T0+900.
        Binding expired = binding(BindingStatus.EXPIRED, CLIENT_A, new LeaseTimes(0, 0, 0, 0, 0, T0 + 601, 0),
                PartnerSync.PENDING);
        assertEquals(UpdateVerdict.ACCEPTED, decide(renewal(CLIENT_A, T0 + 900), Optional.of(expired)));
        assertEquals(UpdateVerdict.ACCEPTED, decide(renewal(CLIENT_B, T0 + 900), Optional.of(expired)),
                "whoever holds it: the partner's lease runs past the expiry");
        assertEquals(19, decide(renewal(CLIENT_A, T0 + 606), Optional.of(expired)).status().code(),
                "a lease that ends within the 5 s of §7.1 of the expiry does not outlive it");
        assertEquals(19, decide(received(BindingStatus.ACTIVE, CLIENT_A, T0 + 300, OptionalLong.of(T0 + 300)),
                Optional.of(expired)).status().code(), "no F_STATE_EXPIRATION_TIME, no proof: the accept rule");
        Binding freedInPartnerDown = binding(BindingStatus.FREE, CLIENT_A, new LeaseTimes(0, 0, 0, 0, 0, T0 + 661, 0),
                PartnerSync.PENDING);
        assertEquals(UpdateVerdict.ACCEPTED, decide(renewal(CLIENT_A, T0 + 900), Optional.of(freedInPartnerDown)),
                "freed in PARTNER-DOWN one MCLT after that expiry: still before the renewal's end");
        assertEquals(19, decide(renewal(CLIENT_A, T0 + 600), Optional.of(freedInPartnerDown)).status().code(),
                "a lease that ended before the FREE began: the accept rule");
        Binding released = binding(BindingStatus.RELEASED, CLIENT_A, new LeaseTimes(0, 0, 0, 0, 0, T0 + 601, 0),
                PartnerSync.PENDING);
        assertEquals(19, decide(renewal(CLIENT_A, T0 + 900), Optional.of(released)).status().code(),
                "a release is the client's own word, later than the renewal");
    }

    @Test
    @DisplayName("§7.5.4 accept(3), docs/protocol.md §5: for the same client the ACTIVE that ends later wins, "
            + "whichever client transaction is later; ends within 5 s leave it to the accept rule")
    void theSameClientsLeaseIsNeverShortened() {
        // Local: the secondary gave the client its lease back at T0+620 for 60 s (to T0+680).
        Binding shorter = binding(BindingStatus.ACTIVE, CLIENT_A, new LeaseTimes(0, 0, 0, T0 + 620, 0, T0 + 620,
                T0 + 680), PartnerSync.PENDING);
        assertEquals(UpdateVerdict.ACCEPTED, decide(renewal(CLIENT_A, T0 + 900), Optional.of(shorter)),
                "the partner's older renewal ends later: the client may still hold it");
        Binding longer = binding(BindingStatus.ACTIVE, CLIENT_A, new LeaseTimes(0, 0, 0, T0 + 300, 0, T0 + 10,
                T0 + 900), PartnerSync.PENDING);
        ReceivedLease newerShorter = new ReceivedLease(Fixtures.ADDRESS, Optional.of(CLIENT_A), BindingStatus.ACTIVE,
                T0 + 620, OptionalLong.of(T0 + 680), OptionalLong.of(T0 + 620), OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty(), ClientLifetimes.NONE, EchoedData.NONE);
        assertEquals(19, decide(newerShorter, Optional.of(longer)).status().code(),
                "a later grant that ends sooner does not shorten it");
        assertEquals(UpdateVerdict.ACCEPTED, decide(renewal(CLIENT_A, T0 + 904), Optional.of(shorter.withTimes(
                new LeaseTimes(0, 0, 0, T0 + 200, 0, T0 + 10, T0 + 900)))),
                "ends within 5 s: the later client transaction (T0+300 after T0+200) wins");
        assertEquals(StatusCode.ADDRESS_IN_USE, UpdateAcceptance.decide(renewal(CLIENT_B, T0 + 900),
                Optional.of(shorter), Role.PRIMARY, T0 + 700, ALL).status(), "another client: accept(3) as before");
    }

    private static ReceivedLease renewal(BindingClient client, long stateExpiration) {
        return new ReceivedLease(Fixtures.ADDRESS, Optional.of(client), BindingStatus.ACTIVE, T0 + 10,
                OptionalLong.of(stateExpiration), OptionalLong.of(T0 + 300), OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty(), ClientLifetimes.NONE, EchoedData.NONE);
    }

    private static UpdateVerdict decide(ReceivedLease received, Optional<Binding> local) {
        return UpdateAcceptance.decide(received, local, Role.SECONDARY, T0 + 700, ALL);
    }

    private static UpdateVerdict proportional(ReceivedLease received, Binding local, Role receiver) {
        return UpdateAcceptance.decide(received, Optional.of(local), receiver, T0 + 100, ALL,
                lease -> Allocation.PROPORTIONAL);
    }

    private static UpdateVerdict decide(BindingStatus status, long clt, Binding local) {
        return UpdateAcceptance.decide(received(status, CLIENT_A, T0, OptionalLong.of(clt)), Optional.of(local),
                Role.PRIMARY, T0 + 1000, ALL);
    }

    @Test
    @DisplayName("§7.5.4: local time is the start-time-of-state when no client-last-transaction-time is known")
    void localTimeFallsBackToStartOfState() {
        Binding local = binding(BindingStatus.FREE, null, new LeaseTimes(0, 0, 0, 0, 0, T0 + 100, 0),
                PartnerSync.ACKNOWLEDGED);
        assertEquals(UpdateVerdict.ACCEPTED, decide(BindingStatus.ACTIVE, T0 + 106, local));
        assertEquals(19, decide(BindingStatus.ACTIVE, T0 + 104, local).status().code());
    }

    @Test
    @DisplayName("§7.5.4: update time is CLT for ACTIVE/EXPIRED/RELEASED, else the later of CLT and start-time-of-state")
    void updateTime() {
        assertEquals(T0 + 10, received(BindingStatus.ACTIVE, CLIENT_A, T0 + 20, OptionalLong.of(T0 + 10)).updateTime());
        assertEquals(T0 + 10, received(BindingStatus.EXPIRED, CLIENT_A, T0 + 20, OptionalLong.of(T0 + 10)).updateTime());
        assertEquals(T0 + 10, received(BindingStatus.RELEASED, CLIENT_A, T0 + 20, OptionalLong.of(T0 + 10)).updateTime());
        assertEquals(T0 + 20, received(BindingStatus.ACTIVE, CLIENT_A, T0 + 20, OptionalLong.empty()).updateTime());
        assertEquals(T0 + 20, received(BindingStatus.FREE, CLIENT_A, T0 + 20, OptionalLong.of(T0 + 10)).updateTime());
        assertEquals(T0 + 30, received(BindingStatus.RESET, CLIENT_A, T0 + 20, OptionalLong.of(T0 + 30)).updateTime());
        assertEquals(T0 + 20, received(BindingStatus.ABANDONED, CLIENT_A, T0 + 20, OptionalLong.empty()).updateTime());
    }

    @Test
    @DisplayName("A15: CLT_TIME converts with the sender's LQ_BASE_TIME: base − clt (digest §13.5: T0+12 − 2 = T0+10)")
    void cltConversion() {
        assertEquals(757382410L, ReceivedLease.absoluteClt(757382412L, 2));
        assertEquals(4294967295L, ReceivedLease.absoluteClt(1L, 2));
    }

    @Test
    @DisplayName("§7.5.4 accept(3): the same client by the accept rule (an older renewal is outdated); "
            + "the secondary takes a different client")
    void accept3Variants() {
        LeaseTimes times = new LeaseTimes(0, 0, 0, T0 + 300, 0, T0 + 300, T0 + 500);
        Binding local = binding(BindingStatus.ACTIVE, CLIENT_A, times, PartnerSync.ACKNOWLEDGED);
        ReceivedLease sameOlder = received(BindingStatus.ACTIVE, CLIENT_A, T0 + 10, OptionalLong.of(T0 + 10));
        ReceivedLease sameNewer = received(BindingStatus.ACTIVE, CLIENT_A, T0 + 10, OptionalLong.of(T0 + 320));
        ReceivedLease otherOlder = received(BindingStatus.ACTIVE, CLIENT_B, T0 + 10, OptionalLong.of(T0 + 10));
        // An older renewal of the same client crossing a newer one must not shorten the local lease.
        assertEquals(StatusCode.OUTDATED_BINDING_INFORMATION, UpdateAcceptance.decide(sameOlder, Optional.of(local),
                Role.PRIMARY, T0 + 400, ALL).status());
        assertEquals(UpdateVerdict.ACCEPTED, UpdateAcceptance.decide(sameNewer, Optional.of(local), Role.PRIMARY,
                T0 + 400, ALL));
        assertEquals(UpdateVerdict.ACCEPTED, UpdateAcceptance.decide(otherOlder, Optional.of(local), Role.SECONDARY,
                T0 + 400, ALL));
        assertEquals(StatusCode.ADDRESS_IN_USE, UpdateAcceptance.decide(otherOlder, Optional.of(local),
                Role.PRIMARY, T0 + 400, ALL).status());
        ReceivedLease otherIaid = received(BindingStatus.ACTIVE, new BindingClient(Fixtures.DUID_A, IaType.IA_NA, 2),
                T0 + 10, OptionalLong.of(T0 + 10));
        assertEquals(StatusCode.ADDRESS_IN_USE, UpdateAcceptance.decide(otherIaid, Optional.of(local),
                Role.PRIMARY, T0 + 400, ALL).status());
    }

    @Test
    @DisplayName("§7.5.4 time(2): without a CLT_TIME nothing proves the update is newer, so it is rejected")
    void time2NeedsClt() {
        Binding local = binding(BindingStatus.RESET, null, new LeaseTimes(0, 0, 0, 0, 0, T0, 0),
                PartnerSync.ACKNOWLEDGED);
        assertEquals(StatusCode.OUTDATED_BINDING_INFORMATION, UpdateAcceptance.decide(
                received(BindingStatus.ACTIVE, CLIENT_A, T0 + 100, OptionalLong.empty()), Optional.of(local),
                Role.PRIMARY, T0 + 200, ALL).status());
    }

    @Test
    @DisplayName("§7.5.4 time(1): a local state without expiration never counts as past")
    void time1WithoutExpiry() {
        Binding local = binding(BindingStatus.ACTIVE, CLIENT_A, new LeaseTimes(0, 0, 0, 0, 0, T0, 0),
                PartnerSync.ACKNOWLEDGED);
        assertEquals(StatusCode.OUTDATED_BINDING_INFORMATION, UpdateAcceptance.decide(
                received(BindingStatus.EXPIRED, CLIENT_A, T0 + 100, OptionalLong.empty()), Optional.of(local),
                Role.PRIMARY, T0 + 200, ALL).status());
    }

    @Test
    @DisplayName("§7.5.3: an unknown or reserved binding-status is MissingBindingInformation (18)")
    void unknownStatus() {
        for (int code : new int[] {0, 9, 255}) {
            UpdateVerdict verdict = UpdateAcceptance.decide(
                    received(BindingStatus.valueOf(code), CLIENT_A, T0, OptionalLong.empty()), Optional.empty(),
                    Role.PRIMARY, T0, ALL);
            assertEquals(18, verdict.status().code());
        }
    }

    @Test
    @DisplayName("§7.5.4: a lease outside this relationship's pools is ConfigurationConflict (17); an unknown lease in them is taken")
    void configuration() {
        ReceivedLease update = received(BindingStatus.ACTIVE, CLIENT_A, T0, OptionalLong.empty());
        assertEquals(17, UpdateAcceptance.decide(update, Optional.empty(), Role.PRIMARY, T0, lease -> false)
                .status().code());
        assertEquals(UpdateVerdict.ACCEPTED, UpdateAcceptance.decide(update, Optional.empty(), Role.PRIMARY, T0,
                ALL));
    }

    @Test
    @DisplayName("§7.5.4, docs/protocol.md §3: VSS for a non-default VPN is ConfigurationConflict; type 255 or none is fine")
    void vpn() {
        assertEquals(Optional.empty(), UpdateAcceptance.checkVpn(Optional.empty()));
        assertEquals(Optional.empty(), UpdateAcceptance.checkVpn(Optional.of(new VssOption(255, OctetString.empty()))));
        assertEquals(StatusCode.CONFIGURATION_CONFLICT, UpdateAcceptance.checkVpn(
                Optional.of(new VssOption(0, OctetString.fromHex("76706e31")))).orElseThrow().status());
    }

    @Test
    @DisplayName("§7.5.4 step 6: after an Outdated reject mark the lease; send at once only if it was not marked")
    void outdatedFollowUp() {
        Binding clean = binding(BindingStatus.ACTIVE, CLIENT_A, LeaseTimes.NONE, PartnerSync.ACKNOWLEDGED);
        OutdatedFollowUp first = OutdatedFollowUp.after(clean);
        assertTrue(first.sendNow());
        assertEquals(PartnerSync.SENT, first.binding().sync(), "marked, and not a never-sent state");
        OutdatedFollowUp again = OutdatedFollowUp.after(first.binding());
        assertFalse(again.sendNow());
        assertEquals(PartnerSync.SENT, again.binding().sync());
        OutdatedFollowUp sent = OutdatedFollowUp.after(clean.withSync(PartnerSync.SENT));
        assertFalse(sent.sendNow());
        assertEquals(PartnerSync.SENT, sent.binding().sync());
    }

    @Test
    @DisplayName("§7.5.4: a rejection must carry an error code")
    void rejectNeedsError() {
        assertThrows(IllegalArgumentException.class, () -> UpdateVerdict.reject(StatusCode.SUCCESS, "x"));
    }
}
