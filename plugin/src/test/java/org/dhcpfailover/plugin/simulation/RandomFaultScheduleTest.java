package org.dhcpfailover.plugin.simulation;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Runs {@value #SCHEDULES} seeded fault schedules ({@link FaultSchedule}) against two real
 * endpoints and checks the invariants of {@link InvariantChecker} and that both servers end in
 * NORMAL once the faults stop. Reports how often each state, (from, to) pair and (from, cause)
 * row was reached, and fails if a state or an expected pair was never reached.
 *
 * <p>Replay one seed with its event trace:
 * {@code mvn -B -pl plugin test -Dtest=RandomFaultScheduleTest -Dsim.seed=SEED}. Other seed
 * ranges: {@code -Dsim.firstSeed=N -Dsim.schedules=M}.
 */
class RandomFaultScheduleTest {

    static final int SCHEDULES = 10_000;
    private static final int FAILURES_SHOWN = 5;

    /**
     * Allowed pairs the permitted faults cannot produce, each with the reason. Empty: every pair
     * of {@link AllowedTransitions} is expected to occur.
     */
    private static final Map<String, String> UNREACHABLE = Map.of(
            "RECOVER-DONE -> POTENTIAL-CONFLICT",
            "never seen in 20,000 schedules, and argued unreachable with two servers: the partner must "
            + "enter POTENTIAL-CONFLICT while this server is in RECOVER-DONE. It does so only on seeing "
            + "PARTNER-DOWN / POTENTIAL-CONFLICT / RESOLUTION-INTERRUPTED / CONFLICT-DONE from this server "
            + "(not RECOVER-DONE), or from RESOLUTION-INTERRUPTED, which it left POTENTIAL-CONFLICT for while "
            + "this server was in one of those conflict states; from them this server reaches RECOVER-DONE "
            + "only through RECOVER -> RECOVER-WAIT, i.e. an UPDDONE, and a RECOVER server facing a partner "
            + "in POTENTIAL-CONFLICT / RESOLUTION-INTERRUPTED goes POTENTIAL-CONFLICT first (§8.5.2).");

    /**
     * Allowed pairs that ARE reachable but that this generator hits too rarely to demand in every
     * run: they are reported, not required here. Both need a communications failure inside the
     * sub-second POTENTIAL-CONFLICT exchange, so each has a targeted scenario that requires it:
     * {@link FailoverScenarioTest#lostStorageRestartMeetsAConflictResolutionAndJoinsIt} and
     * {@link FailoverScenarioTest#resolutionInterruptedThenPartnerReallyDownThenOperatorPartnerDown}.
     */
    private static final Map<String, String> RARE = Map.of(
            "RECOVER -> POTENTIAL-CONFLICT",
            "needs a restart (lost storage) while the partner is in POTENTIAL-CONFLICT / RESOLUTION-INTERRUPTED; "
            + "seen once in 20,000 schedules",
            "RESOLUTION-INTERRUPTED -> PARTNER-DOWN",
            "needs the operator's partner-down while in RESOLUTION-INTERRUPTED with the partner crashed; "
            + "RESOLUTION-INTERRUPTED is entered about once per 1,000 schedules");

    @Test
    void randomFaultSchedulesEndInNormalWithoutBreakingAnInvariant() {
        String single = System.getProperty("sim.seed");
        long firstSeed = Long.getLong("sim.firstSeed", 1);
        int schedules = Integer.getInteger("sim.schedules", SCHEDULES);
        if (single != null) {
            firstSeed = Long.parseLong(single);
            schedules = 1;
        }
        Coverage coverage = new Coverage();
        List<FaultSchedule.Outcome> failures = new ArrayList<>();
        long virtualSeconds = 0;
        long started = System.nanoTime();
        for (long seed = firstSeed; seed < firstSeed + schedules; seed++) {
            FaultSchedule.Outcome outcome = new FaultSchedule(seed, coverage).run();
            virtualSeconds += outcome.virtualSeconds();
            if (outcome.failed()) {
                failures.add(outcome);
            }
            if (single != null) {
                outcome.events().forEach(System.out::println);
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println(coverage.report());
        System.out.printf("%d schedules (seeds %d..%d), %d virtual hours, %d ms, %d failed%n", schedules, firstSeed,
                firstSeed + schedules - 1, virtualSeconds / 3600, millis, failures.size());

        List<String> problems = new ArrayList<>();
        for (FaultSchedule.Outcome f : failures.subList(0, Math.min(FAILURES_SHOWN, failures.size()))) {
            System.out.println("---- FAILED seed " + f.seed() + "; replay: mvn -B -pl plugin test "
                    + "-Dtest=RandomFaultScheduleTest -Dsim.seed=" + f.seed());
            f.violations().forEach(v -> System.out.println("  VIOLATION " + v));
            f.events().forEach(e -> System.out.println("  " + e));
        }
        if (!failures.isEmpty()) {
            problems.add(failures.size() + " of " + schedules + " schedules failed, first seed "
                    + failures.get(0).seed() + ": " + failures.get(0).violations().get(0));
        }
        if (single == null) {
            coverage.states.forEach((state, n) -> {
                if (n == 0) {
                    problems.add("state never reached: " + state);
                }
            });
            coverage.pairs.forEach((pair, n) -> {
                if (n == 0 && RARE.containsKey(pair)) {
                    System.out.println("rare pair not reached this run (FailoverScenarioTest requires it): " + pair
                            + " (" + RARE.get(pair) + ")");
                } else if (n == 0 && !UNREACHABLE.containsKey(pair)) {
                    problems.add("allowed transition never reached: " + pair);
                }
            });
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
    }

    /** Keeps the whitelist honest: every exclusion names a pair that exists. */
    @Test
    void unreachableExclusionsAreAllowedPairs() {
        Set<String> allowed = Set.copyOf(AllowedTransitions.PAIRS);
        java.util.stream.Stream.concat(UNREACHABLE.keySet().stream(), RARE.keySet().stream()).forEach(pair -> {
            if (!allowed.contains(pair)) {
                fail("not an allowed pair: " + pair);
            }
        });
    }
}
