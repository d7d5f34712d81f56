package org.dhcpfailover.pair;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The DHCPv6 pair across PARTNER-DOWN and a lost store (RFC 8156 §8.4, §8.5, §8.7, §8.10): one
 * pair ({@code fo-v6p-2}) with auto-partner-down after 17 s goes through a partition long enough
 * for both servers to enter PARTNER-DOWN and its healing, a kill -9 of the primary with the
 * secondary in PARTNER-DOWN and the primary's recovery, and the primary's store deleted before a
 * restart; named clients keep their addresses and prefixes throughout.
 */
class Dhcp6PartnerDownTest extends PairSystemTest {

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void partnerDownBothSidesThenCrashedPrimaryThenLostStore_rfc8156_8_4_8_5() throws Exception {
        // 17 s: PARTNER-DOWN must begin clearly after the primary's last recorded operating time,
        // written ahead as an upper bound refreshed every 10 s (§8.3.2 step 1; docs/testing.md).
        Fleet6 fleet = pair6WithClients("fo-v6p-2", timers(17), 12);

        // A partition long enough for both auto-partner-down timers (§8.9): both serve alone;
        // healed, they meet in POTENTIAL-CONFLICT, resolve it (§8.10) and reach NORMAL.
        run.topology().cutFailoverLink();
        everyone6ServedIn("PARTNER-DOWN", 12, 4, 60);
        run.topology().healFailoverLink();
        settle6(120);

        // kill -9 of the primary; the secondary enters PARTNER-DOWN by its timer, serves every
        // client alone; the restarted primary recovers (§8.5, §8.7).
        run.kill9Primary();
        awaitStates(null, "PARTNER-DOWN", 60);
        List<Fleet6.Event> rebound = fleet.command("rebind");
        assertEquals(16, Fleet6.answeredBy(rebound, false), rebound.toString());
        List<Fleet6.Event> newcomers = fleet.command("join 3");
        assertEquals(3, Fleet6.answeredBy(newcomers, false), newcomers.toString());
        run.startPrimary();
        settle6(120);

        // The primary's store is lost (its whole state directory: failover store and lease
        // journal); UPDREQALL brings every binding back (§8.5).
        long bindings = run.secondaryStatus().bindings();
        run.kill9Primary();
        try (Stream<Path> files = Files.walk(run.primaryStore())) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
        run.startPrimary();
        awaitStates("NORMAL", "NORMAL", 120);
        awaitInSync();
        assertEquals(bindings, run.primaryStatus().bindings(), "every binding back at the primary");
        settle6(30);
        assertEquals(19, checkInvariants6().size());

        List<String> fresh = List.of("STARTUP", "RECOVER", "RECOVER-WAIT", "RECOVER-DONE", "NORMAL");
        // The partition: both enter PARTNER-DOWN (§8.9); healed, the primary resolves the potential
        // conflict and tells the secondary (CONFLICT-DONE, §8.10), both NORMAL. The crash: the
        // restarted primary finds its partner in PARTNER-DOWN and recovers (RECOVER, RECOVER-WAIT
        // for the MCLT, RECOVER-DONE, §8.3.2 step 4, §8.5-§8.7); the lost store: no stored state,
        // so RECOVER again, and the secondary, COMMUNICATIONS-INTERRUPTED, meets a partner in
        // RECOVER and enters PARTNER-DOWN (§8.8.2) until the recovery is done.
        List<String> primary = new ArrayList<>(fresh);
        primary.addAll(List.of("COMMUNICATIONS-INTERRUPTED", "PARTNER-DOWN", "POTENTIAL-CONFLICT", "CONFLICT-DONE",
                "NORMAL"));
        primary.addAll(fresh);
        primary.addAll(fresh);
        List<String> secondary = new ArrayList<>(fresh);
        secondary.addAll(List.of("COMMUNICATIONS-INTERRUPTED", "PARTNER-DOWN", "POTENTIAL-CONFLICT", "NORMAL",
                "COMMUNICATIONS-INTERRUPTED", "PARTNER-DOWN", "NORMAL", "COMMUNICATIONS-INTERRUPTED", "PARTNER-DOWN",
                "NORMAL"));
        assertEquals(primary, run.statePath(true));
        assertEquals(secondary, run.statePath(false));
    }
}
