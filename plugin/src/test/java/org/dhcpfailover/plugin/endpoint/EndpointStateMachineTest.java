package org.dhcpfailover.plugin.endpoint;

import static org.dhcpfailover.plugin.endpoint.EndpointState.COMMUNICATIONS_INTERRUPTED;
import static org.dhcpfailover.plugin.endpoint.EndpointState.CONFLICT_DONE;
import static org.dhcpfailover.plugin.endpoint.EndpointState.NORMAL;
import static org.dhcpfailover.plugin.endpoint.EndpointState.PARTNER_DOWN;
import static org.dhcpfailover.plugin.endpoint.EndpointState.POTENTIAL_CONFLICT;
import static org.dhcpfailover.plugin.endpoint.EndpointState.RECOVER;
import static org.dhcpfailover.plugin.endpoint.EndpointState.RECOVER_DONE;
import static org.dhcpfailover.plugin.endpoint.EndpointState.RECOVER_WAIT;
import static org.dhcpfailover.plugin.endpoint.EndpointState.RESOLUTION_INTERRUPTED;
import static org.dhcpfailover.plugin.endpoint.EndpointState.STARTUP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.endpoint.EndpointAction.CancelTimer;
import org.dhcpfailover.plugin.endpoint.EndpointAction.RaiseAlarm;
import org.dhcpfailover.plugin.endpoint.EndpointAction.SendPendingUpdates;
import org.dhcpfailover.plugin.endpoint.EndpointAction.SendPoolRequest;
import org.dhcpfailover.plugin.endpoint.EndpointAction.SendState;
import org.dhcpfailover.plugin.endpoint.EndpointAction.SendUpdateRequest;
import org.dhcpfailover.plugin.endpoint.EndpointAction.StartTimer;
import org.dhcpfailover.plugin.endpoint.EndpointAction.StateChanged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 8156 §8 state machine: every cell of digest table 6.3 (reaction to the partner's state
 * with communications OK) and every row of table 6.4 (all other triggers), each named after the
 * row it covers. Machines are brought into a state only through real inputs: stored state,
 * boot, timers and STATE messages.
 */
class EndpointStateMachineTest {

    private static final long MCLT = 3600;
    private static final long T0 = 757_382_400L; // 2024-01-01T00:00:00Z in RFC 8156 absolute time
    private static final long BOOT = T0 + 100_000;

    // ------------------------------------------------------------ fixtures

    private InMemoryEndpointStateStore store;

    private EndpointStateMachine machine(Role role, PersistedEndpointState stored, OptionalLong autoPartnerDown,
            boolean partnerDownWhenNew) throws IOException {
        store = new InMemoryEndpointStateStore(stored);
        EndpointStateMachine m = new EndpointStateMachine(
                new EndpointSettings(role, MCLT, 10, autoPartnerDown, partnerDownWhenNew), store);
        m.start(BOOT);
        return m;
    }

    private static PersistedEndpointState stored(EndpointState state) {
        // Last known operating just before the boot, partner heard before.
        return new PersistedEndpointState(state, T0, NORMAL, T0, BOOT - 1, true);
    }

    /** A machine in {@code state} with communications down, reached through real inputs. */
    private EndpointStateMachine machineIn(EndpointState state, Role role) throws IOException {
        EndpointStateMachine m;
        switch (state) {
            case NORMAL -> {
                m = machineIn(COMMUNICATIONS_INTERRUPTED, role);
                m.onPartnerState(partner(NORMAL), BOOT + 20);
            }
            case POTENTIAL_CONFLICT -> {
                m = machineIn(RESOLUTION_INTERRUPTED, role);
                m.onPartnerState(partner(POTENTIAL_CONFLICT), BOOT + 20);
            }
            case RESOLUTION_INTERRUPTED -> m = bootedInto(stored(POTENTIAL_CONFLICT), role);
            default -> m = bootedInto(stored(state), role);
        }
        assertEquals(state, m.state());
        return m;
    }

    private EndpointStateMachine bootedInto(PersistedEndpointState persisted, Role role) throws IOException {
        EndpointStateMachine m = machine(role, persisted, OptionalLong.empty(), false);
        m.onStartupTimerExpired(BOOT + 10);
        return m;
    }

    private static PartnerStatus partner(EndpointState state) {
        return new PartnerStatus(state, false, true, T0 + 50);
    }

    private static EndpointState state(String name) {
        return EndpointState.valueOf(name.replace('-', '_'));
    }

    // ------------------------------------------------------------ table 6.3

    @ParameterizedTest(name = "{4}: {0} ({1}) + partner {2} → {3}")
    @CsvSource({
        // me, role, partner, expected, row
        "PARTNER-DOWN, PRIMARY, NORMAL, POTENTIAL-CONFLICT, §8.4.2 PD row",
        "PARTNER-DOWN, PRIMARY, COMMUNICATIONS-INTERRUPTED, POTENTIAL-CONFLICT, §8.4.2 PD row",
        "PARTNER-DOWN, PRIMARY, PARTNER-DOWN, POTENTIAL-CONFLICT, §8.4.2 PD row",
        "PARTNER-DOWN, PRIMARY, POTENTIAL-CONFLICT, POTENTIAL-CONFLICT, §8.4.2 PD row",
        "PARTNER-DOWN, PRIMARY, RECOVER, PARTNER-DOWN, §8.4.2 PD row",
        "PARTNER-DOWN, PRIMARY, RECOVER-WAIT, PARTNER-DOWN, §8.4.2 PD row",
        "PARTNER-DOWN, PRIMARY, RECOVER-DONE, NORMAL, §8.4.2 PD row",
        "PARTNER-DOWN, PRIMARY, RESOLUTION-INTERRUPTED, POTENTIAL-CONFLICT, §8.4.2 PD row",
        "PARTNER-DOWN, PRIMARY, CONFLICT-DONE, POTENTIAL-CONFLICT, §8.4.2 PD row",
        "COMMUNICATIONS-INTERRUPTED, PRIMARY, NORMAL, NORMAL, §8.9.2 CI row",
        "COMMUNICATIONS-INTERRUPTED, PRIMARY, COMMUNICATIONS-INTERRUPTED, NORMAL, §8.9.2 CI row",
        "COMMUNICATIONS-INTERRUPTED, PRIMARY, PARTNER-DOWN, POTENTIAL-CONFLICT, §8.9.2 CI row",
        "COMMUNICATIONS-INTERRUPTED, PRIMARY, POTENTIAL-CONFLICT, POTENTIAL-CONFLICT, §8.9.2 CI row",
        "COMMUNICATIONS-INTERRUPTED, PRIMARY, RECOVER, COMMUNICATIONS-INTERRUPTED, §8.9.2 CI row",
        "COMMUNICATIONS-INTERRUPTED, PRIMARY, RECOVER-WAIT, COMMUNICATIONS-INTERRUPTED, §8.9.2 CI row (decision A7)",
        "COMMUNICATIONS-INTERRUPTED, PRIMARY, RECOVER-DONE, NORMAL, §8.9.2 CI row",
        "COMMUNICATIONS-INTERRUPTED, PRIMARY, RESOLUTION-INTERRUPTED, POTENTIAL-CONFLICT, §8.9.2 CI row",
        "COMMUNICATIONS-INTERRUPTED, PRIMARY, CONFLICT-DONE, POTENTIAL-CONFLICT, §8.9.2 CI row",
        "RECOVER, SECONDARY, NORMAL, RECOVER, §8.5.2 RECOVER row (UPDREQ)",
        "RECOVER, SECONDARY, COMMUNICATIONS-INTERRUPTED, RECOVER, §8.5.2 RECOVER row (UPDREQ)",
        "RECOVER, SECONDARY, PARTNER-DOWN, RECOVER, §8.5.2 RECOVER row (UPDREQ)",
        "RECOVER, SECONDARY, POTENTIAL-CONFLICT, POTENTIAL-CONFLICT, §8.5.2 RECOVER row",
        "RECOVER, SECONDARY, RECOVER, RECOVER, §8.5.2 RECOVER row (UPDREQ)",
        "RECOVER, SECONDARY, RECOVER-WAIT, RECOVER, §8.5.2 RECOVER row (UPDREQ)",
        "RECOVER, SECONDARY, RECOVER-DONE, RECOVER, §8.5.2 RECOVER row (UPDREQ)",
        "RECOVER, SECONDARY, RESOLUTION-INTERRUPTED, POTENTIAL-CONFLICT, §8.5.2 RECOVER row",
        "RECOVER, SECONDARY, CONFLICT-DONE, POTENTIAL-CONFLICT, §8.5.2 RECOVER row",
        "RECOVER-WAIT, SECONDARY, NORMAL, RECOVER-WAIT, §8.6.2 RECOVER-WAIT row (timer only)",
        "RECOVER-WAIT, SECONDARY, PARTNER-DOWN, RECOVER-WAIT, §8.6.2 RECOVER-WAIT row (timer only)",
        "RECOVER-WAIT, SECONDARY, POTENTIAL-CONFLICT, RECOVER-WAIT, §8.6.2 RECOVER-WAIT row (timer only)",
        "RECOVER-DONE, SECONDARY, NORMAL, NORMAL, §8.7.2 RECOVER-DONE row",
        "RECOVER-DONE, SECONDARY, COMMUNICATIONS-INTERRUPTED, RECOVER-DONE, §8.7.2 RECOVER-DONE row",
        "RECOVER-DONE, SECONDARY, PARTNER-DOWN, RECOVER-DONE, §8.7.2 RECOVER-DONE row",
        "RECOVER-DONE, SECONDARY, POTENTIAL-CONFLICT, POTENTIAL-CONFLICT, §8.7.2 RECOVER-DONE row",
        "RECOVER-DONE, SECONDARY, RECOVER, COMMUNICATIONS-INTERRUPTED, §8.7.2 RECOVER-DONE row",
        "RECOVER-DONE, SECONDARY, RECOVER-WAIT, COMMUNICATIONS-INTERRUPTED, §8.7.2 RECOVER-DONE row",
        "RECOVER-DONE, SECONDARY, RECOVER-DONE, NORMAL, §8.7.2 RECOVER-DONE row",
        "RECOVER-DONE, SECONDARY, RESOLUTION-INTERRUPTED, RECOVER-DONE, §8.7.2 RECOVER-DONE row",
        "RECOVER-DONE, SECONDARY, CONFLICT-DONE, RECOVER-DONE, §8.7.2 RECOVER-DONE row",
        "RESOLUTION-INTERRUPTED, PRIMARY, NORMAL, POTENTIAL-CONFLICT, §8.11.2 RI row (communications restored)",
        "RESOLUTION-INTERRUPTED, PRIMARY, PARTNER-DOWN, POTENTIAL-CONFLICT, §8.11.2 RI row (communications restored)",
        "RESOLUTION-INTERRUPTED, SECONDARY, RESOLUTION-INTERRUPTED, POTENTIAL-CONFLICT, §8.11.2 RI row (communications restored)",
        "CONFLICT-DONE, PRIMARY, NORMAL, NORMAL, §8.12.2 CD row",
        "CONFLICT-DONE, PRIMARY, POTENTIAL-CONFLICT, CONFLICT-DONE, §8.12.2 CD row",
        "CONFLICT-DONE, PRIMARY, COMMUNICATIONS-INTERRUPTED, CONFLICT-DONE, §8.12.2 CD row",
    })
    void table63_firstStateAfterConnect(String me, Role role, String partnerState, String expected, String row)
            throws IOException {
        EndpointStateMachine m = machineIn(state(me), role);

        m.onPartnerState(partner(state(partnerState)), BOOT + 30);

        assertEquals(state(expected), m.state(), row);
    }

    @ParameterizedTest(name = "§8.8.2 NORMAL row: partner {0} → {1}")
    @CsvSource({
        "NORMAL, NORMAL",
        "COMMUNICATIONS-INTERRUPTED, NORMAL",
        "RECOVER-DONE, NORMAL",
        "PARTNER-DOWN, POTENTIAL-CONFLICT",
        "POTENTIAL-CONFLICT, POTENTIAL-CONFLICT",
        "RESOLUTION-INTERRUPTED, POTENTIAL-CONFLICT",
        "CONFLICT-DONE, POTENTIAL-CONFLICT",
        "RECOVER, COMMUNICATIONS-INTERRUPTED",
        "RECOVER-WAIT, COMMUNICATIONS-INTERRUPTED",
    })
    void table63_normalGoesThroughCommunicationsInterrupted(String partnerState, String expected)
            throws IOException {
        EndpointStateMachine m = machineIn(NORMAL, Role.PRIMARY);

        m.onPartnerState(partner(state(partnerState)), BOOT + 40);

        assertEquals(state(expected), m.state());
    }

    @Test
    void table63_potentialConflict_secondaryAsksOnceThePrimaryIsConflictDone() throws IOException {
        EndpointStateMachine m = machineIn(POTENTIAL_CONFLICT, Role.SECONDARY);

        List<EndpointAction> actions = m.onPartnerState(partner(CONFLICT_DONE), BOOT + 40);

        assertEquals(POTENTIAL_CONFLICT, m.state(), "§8.10.2: no state change, only UPDREQ");
        assertEquals(List.of(new SendUpdateRequest(false)), actions);
    }

    @Test
    void table63_potentialConflict_primaryAsksOnEntry() throws IOException {
        EndpointStateMachine m = machineIn(RESOLUTION_INTERRUPTED, Role.PRIMARY);

        List<EndpointAction> actions = m.onPartnerState(partner(POTENTIAL_CONFLICT), BOOT + 40);

        assertEquals(POTENTIAL_CONFLICT, m.state());
        assertTrue(actions.contains(new SendUpdateRequest(false)), "§8.10: the primary sends UPDREQ");
    }

    @Test
    void decisionA8_startupFlaggedStateDrivesNoTransition() throws IOException {
        EndpointStateMachine m = machineIn(PARTNER_DOWN, Role.PRIMARY);

        m.onPartnerState(new PartnerStatus(NORMAL, true, true, T0), BOOT + 30);

        assertEquals(PARTNER_DOWN, m.state(), "§8.4.2: a STARTUP-flagged STATE is ignored");
        assertTrue(m.communicationsOk());
    }

    // ------------------------------------------------------------ table 6.4

    @Test
    void table64_startup_communicationsOk_resumesPreviousStateThenAppliesTable() throws IOException {
        EndpointStateMachine m = machine(Role.PRIMARY, stored(NORMAL), OptionalLong.empty(), false);
        assertEquals(STARTUP, m.state());
        assertEquals(COMMUNICATIONS_INTERRUPTED, m.announcedState(), "§8.3.2 step 2: NORMAL → CI");

        m.onPartnerState(partner(NORMAL), BOOT + 2);

        assertEquals(NORMAL, m.state(), "§8.3.2 step 5: CI, then table 6.3 with partner NORMAL");
    }

    @Test
    void table64_startup_partnerWentDownAfterWeStopped_recover() throws IOException {
        EndpointStateMachine m = machine(Role.SECONDARY, stored(NORMAL), OptionalLong.empty(), false);

        m.onPartnerState(new PartnerStatus(PARTNER_DOWN, false, true, BOOT - 1 + 600), BOOT + 2);

        assertEquals(RECOVER, m.state(), "§8.3.2 step 5: partner's PARTNER-DOWN is later than our last operation");
    }

    @Test
    void table64_startup_partnerWentDownBeforeWeStopped_potentialConflict() throws IOException {
        EndpointStateMachine m = machine(Role.SECONDARY, stored(COMMUNICATIONS_INTERRUPTED),
                OptionalLong.empty(), false);

        m.onPartnerState(new PartnerStatus(PARTNER_DOWN, false, true, T0 + 10), BOOT + 2);

        assertEquals(POTENTIAL_CONFLICT, m.state(), "§8.3.2 step 5: both may have served clients");
    }

    @Test
    void table64_startup_timerExpires_previousState() throws IOException {
        EndpointStateMachine m = machine(Role.PRIMARY, stored(PARTNER_DOWN), OptionalLong.empty(), false);

        List<EndpointAction> actions = m.onStartupTimerExpired(BOOT + 10);

        assertEquals(PARTNER_DOWN, m.state(), "§8.3.2 step 6");
        assertEquals(List.of(new StateChanged(STARTUP, PARTNER_DOWN, "startup timer expired"),
                new CancelTimer(EndpointTimer.STARTUP)), actions, "no STATE while communications are down");
    }

    @Test
    void table64_startup_emptyStorage_recover_orPartnerDownWhenConfiguredNew() throws IOException {
        EndpointStateMachine cautious = machine(Role.PRIMARY, null, OptionalLong.empty(), false);
        cautious.onStartupTimerExpired(BOOT + 10);
        assertEquals(RECOVER, cautious.state(), "§8.3.2 step 1, decision A2: RECOVER for both roles");

        EndpointStateMachine fresh = machine(Role.PRIMARY, null, OptionalLong.empty(), true);
        fresh.onStartupTimerExpired(BOOT + 10);
        assertEquals(PARTNER_DOWN, fresh.state(), "§8.3.2 step 1: configured switch for a new server");
    }

    @Test
    void table64_normal_communicationsFail_communicationsInterruptedWithAlarm() throws IOException {
        EndpointStateMachine m = machineIn(NORMAL, Role.PRIMARY);

        List<EndpointAction> actions = m.onCommunicationsFailed(BOOT + 50);

        assertEquals(COMMUNICATIONS_INTERRUPTED, m.state(), "§8.8.2");
        assertTrue(actions.stream().anyMatch(RaiseAlarm.class::isInstance), "§8.9 SHOULD raise an alarm");
        assertTrue(actions.stream().noneMatch(SendState.class::isInstance), "communications are down: no STATE");
    }

    @ParameterizedTest(name = "§8.8.2/§8.9.2/§8.11.2: operator partner-down from {0}")
    @CsvSource({"NORMAL", "COMMUNICATIONS-INTERRUPTED", "RESOLUTION-INTERRUPTED"})
    void table64_operatorPartnerDown(String from) throws IOException {
        EndpointStateMachine m = machineIn(state(from), Role.PRIMARY);

        m.onOperatorPartnerDown(BOOT + 60);

        assertEquals(PARTNER_DOWN, m.state());
        assertEquals(BOOT + 60, m.startTimeOfState(), "PARTNER-DOWN entry time drives every MCLT wait");
    }

    @ParameterizedTest(name = "operator partner-down refused in {0}")
    @CsvSource({"RECOVER", "RECOVER-WAIT", "RECOVER-DONE", "PARTNER-DOWN", "CONFLICT-DONE"})
    void table64_operatorPartnerDownIsOnlyDefinedInThreeStates(String from) throws IOException {
        EndpointStateMachine m = machineIn(state(from), Role.PRIMARY);

        IllegalStateException error = assertThrows(IllegalStateException.class, () -> m.onOperatorPartnerDown(BOOT + 60));

        assertEquals("partner-down is possible only in NORMAL, COMMUNICATIONS-INTERRUPTED or "
                + "RESOLUTION-INTERRUPTED; this server is in " + state(from), error.getMessage());
        assertEquals(state(from), m.state());
    }

    @Test
    void table64_communicationsInterrupted_autoPartnerDownTimer() throws IOException {
        EndpointStateMachine m = machine(Role.SECONDARY, stored(NORMAL), OptionalLong.of(7200), false);

        List<EndpointAction> entry = m.onStartupTimerExpired(BOOT + 10);
        assertTrue(entry.contains(new StartTimer(EndpointTimer.AUTO_PARTNER_DOWN, BOOT + 10 + 7200)), "§8.9 entry");

        m.onAutoPartnerDownTimerExpired(BOOT + 10 + 7200);
        assertEquals(PARTNER_DOWN, m.state(), "§8.9.2");
    }

    @Test
    void table64_autoPartnerDownIsOffByDefault() throws IOException {
        EndpointStateMachine m = machineIn(COMMUNICATIONS_INTERRUPTED, Role.SECONDARY);
        assertTrue(m.partner().isPresent());
        assertEquals(COMMUNICATIONS_INTERRUPTED, m.state());
        assertTrue(store.saved.stream().allMatch(s -> s.state() != PARTNER_DOWN));
    }

    @ParameterizedTest(name = "{0} stays when communications fail (Figure 6)")
    @CsvSource({"PARTNER-DOWN", "RECOVER", "RECOVER-WAIT", "RECOVER-DONE", "CONFLICT-DONE", "COMMUNICATIONS-INTERRUPTED"})
    void table64_statesThatIgnoreCommunicationsFailure(String me) throws IOException {
        EndpointStateMachine m = machineIn(state(me), Role.PRIMARY);

        m.onCommunicationsFailed(BOOT + 70);

        assertEquals(state(me), m.state());
    }

    @Test
    void table64_recover_updDone_recoverWait_thenMcltLater_recoverDone() throws IOException {
        EndpointStateMachine m = machineIn(RECOVER, Role.SECONDARY);
        List<EndpointAction> asked = m.onPartnerState(partner(PARTNER_DOWN), BOOT + 20);
        assertEquals(List.of(new SendUpdateRequest(false)), asked, "§8.5.2: UPDREQ, storage intact");

        List<EndpointAction> waiting = m.onUpdateDone(BOOT + 30);
        assertEquals(RECOVER_WAIT, m.state(), "§8.5.2");
        // TIME-OF-FAILURE was BOOT - 1: the wait ends one MCLT later (§8.6.2).
        assertTrue(waiting.contains(new StartTimer(EndpointTimer.RECOVER_WAIT, BOOT - 1 + MCLT)));

        m.onRecoverWaitTimerExpired(BOOT - 1 + MCLT);
        assertEquals(RECOVER_DONE, m.state(), "§8.6.2");
    }

    @Test
    void table64_recover_lostDatabase_asksForEverything() throws IOException {
        EndpointStateMachine m = bootedInto(null, Role.SECONDARY);
        assertEquals(RECOVER, m.state());

        List<EndpointAction> asked = m.onPartnerState(partner(PARTNER_DOWN), BOOT + 20);

        assertEquals(List.of(new SendUpdateRequest(true)), asked, "§8.5.2: UPDREQALL after losing storage");
    }

    @Test
    void table64_recover_communicationsFail_staysAndAsksAgainAfterReconnect() throws IOException {
        EndpointStateMachine m = machineIn(RECOVER, Role.SECONDARY);
        m.onPartnerState(partner(PARTNER_DOWN), BOOT + 20);

        m.onCommunicationsFailed(BOOT + 25);
        assertEquals(RECOVER, m.state(), "§8.5.2");

        List<EndpointAction> again = m.onPartnerState(partner(PARTNER_DOWN), BOOT + 40);
        assertEquals(List.of(new SendUpdateRequest(false)), again, "§8.5.2: re-send UPDREQ after reconnect");
    }

    @Test
    void table64_potentialConflict_communicationsFail_resolutionInterrupted() throws IOException {
        EndpointStateMachine m = machineIn(POTENTIAL_CONFLICT, Role.PRIMARY);

        List<EndpointAction> actions = m.onCommunicationsFailed(BOOT + 50);

        assertEquals(RESOLUTION_INTERRUPTED, m.state(), "§8.10.2");
        assertTrue(actions.stream().anyMatch(RaiseAlarm.class::isInstance), "§8.11 SHOULD raise an alarm");
    }

    @ParameterizedTest(name = "§8.10.2: UPDDONE in POTENTIAL-CONFLICT, {0} → {1}")
    @CsvSource({"PRIMARY, CONFLICT-DONE", "SECONDARY, NORMAL"})
    void table64_potentialConflict_updDone(Role role, String expected) throws IOException {
        EndpointStateMachine m = machineIn(POTENTIAL_CONFLICT, role);

        m.onUpdateDone(BOOT + 50);

        assertEquals(state(expected), m.state());
    }

    // ------------------------------------------------------------ entry actions and persistence

    @Test
    void entryActions_normal_sendsStatePendingUpdatesAndSecondaryPoolRequest() throws IOException {
        EndpointStateMachine m = machineIn(COMMUNICATIONS_INTERRUPTED, Role.SECONDARY);

        List<EndpointAction> actions = m.onPartnerState(partner(NORMAL), BOOT + 20);

        assertEquals(List.of(new StateChanged(COMMUNICATIONS_INTERRUPTED, NORMAL, "partner NORMAL"),
                new CancelTimer(EndpointTimer.AUTO_PARTNER_DOWN), new SendState(NORMAL, BOOT + 20),
                new SendPendingUpdates(), new SendPoolRequest()), actions, "§8.1, §8.8");
    }

    @Test
    void persistence_everyTransitionIsSavedBeforeItTakesEffect() throws IOException {
        EndpointStateMachine m = machineIn(COMMUNICATIONS_INTERRUPTED, Role.PRIMARY);

        m.onPartnerState(partner(NORMAL), BOOT + 20);

        PersistedEndpointState saved = store.current();
        assertEquals(NORMAL, saved.state());
        assertEquals(BOOT + 20, saved.startTime());
        assertEquals(NORMAL, saved.partnerState());
        assertTrue(saved.communicated(), "decision A18: COMMUNICATED is remembered");
    }

    @Test
    void persistence_aFailedSaveLeavesTheOldState() throws IOException {
        EndpointStateMachine m = machineIn(COMMUNICATIONS_INTERRUPTED, Role.PRIMARY);
        store.failNextSave = true;

        assertThrows(IOException.class, () -> m.onOperatorPartnerDown(BOOT + 20));

        assertEquals(COMMUNICATIONS_INTERRUPTED, m.state(), "§8.1: no transition without stable storage");
        assertEquals(COMMUNICATIONS_INTERRUPTED, store.current().state());
    }

    @Test
    void persistence_operatingTimeIsRefreshedForTheNextStartup() throws IOException {
        EndpointStateMachine m = machineIn(PARTNER_DOWN, Role.PRIMARY);

        m.onOperating(BOOT + 500);

        assertEquals(BOOT + 500, store.current().lastOperatingTime(), "§8.3.2 step 1: TIME-OF-FAILURE");
        assertEquals(PARTNER_DOWN, store.current().state());
    }

    @ParameterizedTest(name = "secondary {0} + partner CONFLICT-DONE → POTENTIAL-CONFLICT and UPDREQ")
    @CsvSource({"COMMUNICATIONS-INTERRUPTED", "RESOLUTION-INTERRUPTED"})
    void secondaryEnteringPotentialConflictWhilePrimaryIsConflictDoneSendsUpdreq(String from) throws IOException {
        // §8.10: the secondary asks once the primary is CONFLICT-DONE. When it enters
        // POTENTIAL-CONFLICT after that (the primary crashed in CONFLICT-DONE and came back in it),
        // no further STATE will come: the UPDREQ must go out on entry, or both wait forever.
        EndpointStateMachine m = machineIn(state(from), Role.SECONDARY);

        List<EndpointAction> actions = m.onPartnerState(partner(CONFLICT_DONE), BOOT + 30);

        assertEquals(POTENTIAL_CONFLICT, m.state());
        assertTrue(actions.contains(new SendUpdateRequest(false)), "secondary UPDREQ towards a CONFLICT-DONE primary");
    }
}
