package org.dhcpfailover.plugin.simulation;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs {@value #SCHEDULES} seeded {@link BindingFaultSchedule}s: clients allocating and renewing
 * against both servers, the real binding database on a fault-injecting disk, crashes with and
 * without power loss, partitions, delays and skewed clocks, checking invariants (1)–(5) of
 * RFC 8156's lease rules (§4.2.2.1, §4.4, §7.5.2, §8.4, §8.8.1) after and during every schedule.
 *
 * <p>Replay one seed with its event trace:
 * {@code mvn -B -pl plugin test -Dtest=BindingSimulationTest -Dsim.seed=SEED}. Other seed
 * ranges: {@code -Dsim.firstSeed=N -Dsim.schedules=M}.
 */
class BindingSimulationTest {

    static final int SCHEDULES = 1_000;
    private static final int FAILURES_SHOWN = 3;

    @Test
    void clientsNeverShareALeaseAndAcknowledgedBindingsSurviveCrashes() {
        String single = System.getProperty("sim.seed");
        long firstSeed = Long.getLong("sim.firstSeed", 1);
        int schedules = Integer.getInteger("sim.schedules", SCHEDULES);
        if (single != null) {
            firstSeed = Long.parseLong(single);
            schedules = 1;
        }
        List<BindingFaultSchedule.Outcome> failures = new ArrayList<>();
        long virtualSeconds = 0;
        long told = 0;
        long reused = 0;
        long checks = 0;
        long grants = 0;
        long releases = 0;
        long started = System.nanoTime();
        for (long seed = firstSeed; seed < firstSeed + schedules; seed++) {
            BindingFaultSchedule schedule = new BindingFaultSchedule(seed);
            BindingFaultSchedule.Outcome outcome = (single != null ? schedule.traced() : schedule).run();
            virtualSeconds += outcome.virtualSeconds();
            told += outcome.told();
            reused += outcome.reused();
            checks += outcome.checks();
            grants += outcome.grants();
            releases += outcome.releases();
            if (outcome.failed()) {
                failures.add(outcome);
            }
            if (single != null) {
                outcome.events().forEach(System.out::println);
                outcome.violations().forEach(v -> System.out.println("VIOLATION " + v));
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("binding simulation: %d schedules (seeds %d..%d), %d virtual hours, %d ms; %d grants, "
                + "%d replies to clients, %d leases reused for another client, %d releases, %d invariant checks, "
                + "%d failed%n", schedules, firstSeed, firstSeed + schedules - 1, virtualSeconds / 3600, millis, grants,
                told, reused, releases, checks, failures.size());
        for (BindingFaultSchedule.Outcome f : failures.subList(0, Math.min(FAILURES_SHOWN, failures.size()))) {
            System.out.println("---- FAILED seed " + f.seed() + "; replay: mvn -B -pl plugin test "
                    + "-Dtest=BindingSimulationTest -Dsim.seed=" + f.seed());
            f.violations().stream().limit(10).forEach(v -> System.out.println("  VIOLATION " + v));
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + schedules + " schedules failed, first seed " + failures.get(0).seed() + ": "
                    + failures.get(0).violations().get(0));
        }
        if (single == null) {
            // The run must have exercised what the invariants are about, or it proves nothing.
            assertTrue(reused >= schedules / 2, "too few leases went from one client to another: " + reused);
            assertTrue(releases > 0, "no client ever released a lease");
        }
    }
}
