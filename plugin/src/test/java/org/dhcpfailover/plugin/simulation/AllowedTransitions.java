package org.dhcpfailover.plugin.simulation;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every (from, to) pair RFC 8156 §8 allows, written out from digest §6.2–§6.4 and not computed
 * from the production code, so that the simulation can tell a forbidden transition from an
 * allowed one.
 */
final class AllowedTransitions {

    /** "FROM -> TO", one per allowed pair, with the rule that allows it. */
    static final List<String> PAIRS = List.of(
            // §8.3.2 steps 5–6: PREVIOUS-STATE after step 2 (never NORMAL, never POTENTIAL-CONFLICT
            // as such), or the PARTNER-DOWN-time override RECOVER / POTENTIAL-CONFLICT.
            "STARTUP -> COMMUNICATIONS-INTERRUPTED",
            "STARTUP -> PARTNER-DOWN",
            "STARTUP -> RECOVER",
            "STARTUP -> RECOVER-WAIT",
            "STARTUP -> RECOVER-DONE",
            "STARTUP -> RESOLUTION-INTERRUPTED",
            "STARTUP -> CONFLICT-DONE",
            "STARTUP -> POTENTIAL-CONFLICT",
            // §8.8.2: communications fail / partner not NORMAL (then re-evaluate as CI); operator.
            "NORMAL -> COMMUNICATIONS-INTERRUPTED",
            "NORMAL -> PARTNER-DOWN",
            // §8.9.2: partner NORMAL/CI/RD; partner PD/PC/RI/CD; operator or auto-partner-down.
            "COMMUNICATIONS-INTERRUPTED -> NORMAL",
            "COMMUNICATIONS-INTERRUPTED -> POTENTIAL-CONFLICT",
            "COMMUNICATIONS-INTERRUPTED -> PARTNER-DOWN",
            // §8.4.2: partner RECOVER-DONE; any partner state but the recovering ones.
            "PARTNER-DOWN -> NORMAL",
            "PARTNER-DOWN -> POTENTIAL-CONFLICT",
            // §8.10.2: communications fail; UPDDONE (primary → CONFLICT-DONE, secondary → NORMAL).
            "POTENTIAL-CONFLICT -> RESOLUTION-INTERRUPTED",
            "POTENTIAL-CONFLICT -> CONFLICT-DONE",
            "POTENTIAL-CONFLICT -> NORMAL",
            // §8.5.2: UPDDONE; partner PC/RI/CD.
            "RECOVER -> RECOVER-WAIT",
            "RECOVER -> POTENTIAL-CONFLICT",
            // §8.6.2: the MCLT timer.
            "RECOVER-WAIT -> RECOVER-DONE",
            // §8.7.2: partner NORMAL/RD; PC; RECOVER/RW.
            "RECOVER-DONE -> NORMAL",
            "RECOVER-DONE -> POTENTIAL-CONFLICT",
            "RECOVER-DONE -> COMMUNICATIONS-INTERRUPTED",
            // §8.11.2: communications restored; operator.
            "RESOLUTION-INTERRUPTED -> POTENTIAL-CONFLICT",
            "RESOLUTION-INTERRUPTED -> PARTNER-DOWN",
            // §8.12.2: partner NORMAL.
            "CONFLICT-DONE -> NORMAL");

    private static final Set<String> SET = Set.copyOf(PAIRS);

    private AllowedTransitions() {
    }

    static String pair(Transition t) {
        return StateNames.of(t.from()) + " -> " + StateNames.of(t.to());
    }

    static boolean allows(Transition t) {
        return SET.contains(pair(t));
    }

    static Set<String> fromStates() {
        return PAIRS.stream().map(p -> p.substring(0, p.indexOf(' '))).collect(Collectors.toSet());
    }
}
