package org.dhcpfailover.plugin.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.sync.Responsiveness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Digest §6.1: what each of the ten states allows, per role, written out literally. */
class EndpointStateTest {

    @ParameterizedTest(name = "{0} (code {1}): primary {2}, secondary {3}, new leases {4}/{5}, MCLT cap {6}")
    @CsvSource({
        // state, code, primary, secondary, primary may allocate, secondary may allocate, MCLT cap
        "STARTUP, 1, UNRESPONSIVE, UNRESPONSIVE, false, false, true",                       // §8.3
        "NORMAL, 2, RESPONSIVE, RENEW_RESPONSIVE, true, false, true",                        // §8.8
        "COMMUNICATIONS_INTERRUPTED, 3, RESPONSIVE, RESPONSIVE, true, true, true",          // §8.9
        "PARTNER_DOWN, 4, RESPONSIVE, RESPONSIVE, true, true, false",                        // §8.4: no cap
        "POTENTIAL_CONFLICT, 5, UNRESPONSIVE, UNRESPONSIVE, false, false, true",            // §8.10
        "RECOVER, 6, UNRESPONSIVE, UNRESPONSIVE, false, false, true",                        // §8.5
        "RECOVER_WAIT, 7, UNRESPONSIVE, UNRESPONSIVE, false, false, true",                   // §8.6
        "RECOVER_DONE, 8, RENEW_RESPONSIVE, RENEW_RESPONSIVE, false, false, true",          // §8.7, decision A6
        "RESOLUTION_INTERRUPTED, 9, RESPONSIVE, RESPONSIVE, true, true, true",              // §8.11
        "CONFLICT_DONE, 10, RESPONSIVE, RESPONSIVE, true, false, true",                      // §8.12 (primary only)
    })
    void responsivenessAllocationAndMcltCapPerState(EndpointState state, int code, Responsiveness primary,
            Responsiveness secondary, boolean primaryAllocates, boolean secondaryAllocates, boolean capped) {
        assertEquals(code, state.code(), "§5.5.16");
        assertEquals(state, EndpointState.fromCode(code));
        assertEquals(primary, state.responsiveness(Role.PRIMARY));
        assertEquals(secondary, state.responsiveness(Role.SECONDARY));
        assertEquals(primaryAllocates, state.mayAllocateNewLeases(Role.PRIMARY));
        assertEquals(secondaryAllocates, state.mayAllocateNewLeases(Role.SECONDARY));
        assertEquals(capped, state.capsLifetimesByMclt(), "decision A24");
    }

    @ParameterizedTest(name = "§8.3.2 step 2: {0} resumes as {1}")
    @CsvSource({
        "NORMAL, COMMUNICATIONS_INTERRUPTED",
        "POTENTIAL_CONFLICT, RESOLUTION_INTERRUPTED",
        "PARTNER_DOWN, PARTNER_DOWN",
        "RECOVER_WAIT, RECOVER_WAIT",
        "CONFLICT_DONE, CONFLICT_DONE",
    })
    void communicationsOkStatesResumeAsTheirFailedSuccessor(EndpointState stored, EndpointState resumed) {
        assertEquals(resumed, stored.afterCommunicationsFailure());
    }

    @ParameterizedTest(name = "unknown code {0}")
    @CsvSource({"0", "11", "255"})
    void unknownCodesAreNotStates(int code) {
        assertNull(EndpointState.fromCode(code));
    }
}
