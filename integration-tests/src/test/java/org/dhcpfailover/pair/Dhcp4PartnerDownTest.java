package org.dhcpfailover.pair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pair across PARTNER-DOWN (RFC 8156 §8.4, §8.5, §8.7): recovery of a crashed primary, and a healed partition. */
class Dhcp4PartnerDownTest extends PairSystemTest {

    /** Index of {@code state} in {@code path} at or after {@code from}, or fail. */
    private static int indexOf(List<String> path, String state, int from) {
        for (int i = from; i < path.size(); i++) {
            if (path.get(i).equals(state)) {
                return i;
            }
        }
        throw new AssertionError(state + " not in " + path + " after position " + from);
    }

    /**
     * Scenario 3, automatic variant: kill -9 of the primary, the secondary goes to PARTNER-DOWN
     * by its auto-partner-down timer (§8.9), serves alone; the restarted primary goes RECOVER …
     * RECOVER-DONE … NORMAL (§8.5, §8.7) and loses no binding.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void crashedPrimaryRecoversFromASecondaryInPartnerDown() throws Exception {
        // PARTNER-DOWN must begin clearly after the primary's last recorded operating time, which it
        // writes ahead as an upper bound refreshed every 10 s (§8.3.2 step 1), and times within 5 s
        // count as equal (§5.6): earlier, the restarted primary cannot tell and goes to
        // POTENTIAL-CONFLICT instead (the safe answer, §8.3.2 step 5).
        Fleet fleet = pairWithClients("fo-st3", timers(17), 12);
        run.kill9Primary();
        awaitStates(null, "PARTNER-DOWN", 60);
        List<Fleet.Event> rebound = fleet.command("rebind");
        assertEquals(12, answeredBy(rebound, PairTopology.SECONDARY_ADDRESS), rebound.toString());
        List<Fleet.Event> newcomers = fleet.command("join 4");
        assertEquals(4, answeredBy(newcomers, PairTopology.SECONDARY_ADDRESS), newcomers.toString());
        int before = run.statePath(true).size();
        run.startPrimary();
        settleAndCheck(120);
        List<String> primary = run.statePath(true);
        int recover = indexOf(primary, "RECOVER", before);
        int done = indexOf(primary, "RECOVER-DONE", recover);
        indexOf(primary, "NORMAL", done);
        List<String> secondary = run.statePath(false);
        assertEquals(List.of("NORMAL", "COMMUNICATIONS-INTERRUPTED", "PARTNER-DOWN", "NORMAL"),
                secondary.subList(4, secondary.size()), secondary.toString());
    }

    /**
     * Scenario 3, operator variant: kill -9 of the primary, the operator declares partner-down on
     * the secondary through JMX (§8.4); the restarted primary recovers (§8.5, §8.7).
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void crashedPrimaryRecoversAfterTheOperatorsPartnerDown() throws Exception {
        Fleet fleet = pairWithClients("fo-st8", timers(null), 8);
        run.kill9Primary();
        awaitStates(null, "COMMUNICATIONS-INTERRUPTED", 30);
        Thread.sleep(17_000); // clearly past the primary's last recorded operating time (see the automatic variant)
        assertEquals("OK", run.partnerDown(false));
        awaitStates(null, "PARTNER-DOWN", 10);
        List<Fleet.Event> rebound = fleet.command("rebind");
        assertEquals(8, answeredBy(rebound, PairTopology.SECONDARY_ADDRESS), rebound.toString());
        int before = run.statePath(true).size();
        run.startPrimary();
        settleAndCheck(120);
        List<String> primary = run.statePath(true);
        int recover = indexOf(primary, "RECOVER", before);
        indexOf(primary, "NORMAL", indexOf(primary, "RECOVER-DONE", recover));
    }

    /**
     * Scenario 4 with PARTNER-DOWN on both sides: a partition long enough for both servers'
     * auto-partner-down timers; both serve; after healing they meet in POTENTIAL-CONFLICT,
     * resolve it (§8.10) and reach NORMAL with zero addresses held by two clients.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void partitionWithBothInPartnerDownResolvesThroughPotentialConflict() throws Exception {
        pairWithClients("fo-st6", timers(5), 10);
        run.topology().cutFailoverLink();
        everyoneServedIn("PARTNER-DOWN", 10, 6, 60);
        run.topology().healFailoverLink();
        settleAndCheck(120);
        for (boolean primary : new boolean[] {true, false}) {
            List<String> path = run.statePath(primary);
            int down = indexOf(path, "PARTNER-DOWN", 0);
            int conflict = indexOf(path, "POTENTIAL-CONFLICT", down);
            indexOf(path, "NORMAL", conflict);
            assertTrue(path.get(path.size() - 1).equals("NORMAL"), path.toString());
        }
    }
}
