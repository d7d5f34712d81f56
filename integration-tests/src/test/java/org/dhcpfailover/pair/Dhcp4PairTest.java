package org.dhcpfailover.pair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The DHCPv4 failover pair as a user runs it: two host processes loading the built plugin jar,
 * perfdhcp for load and named clients for lease stability, faults by SIGKILL and by cutting the
 * failover link between network namespaces. Each test asserts the exact state path (RFC 8156 §8)
 * read from the servers' FO_STATE_CHANGED lines and checks the invariants from both stores.
 */
class Dhcp4PairTest extends PairSystemTest {

    /** Scenario 1: the primary answers, the secondary ends with every binding (RFC 8156 §4.3, §7). */
    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void normalOperationPrimaryAnswersSecondaryHoldsEveryBinding() throws Exception {
        pair("fo-st1", timers(null));
        awaitStates("NORMAL", "NORMAL", 90);
        Fleet fleet = run.fleet();
        List<Fleet.Event> joined = fleet.command("join 20");
        assertEquals(20, answeredBy(joined, PairTopology.PRIMARY_ADDRESS), "in NORMAL the primary answers: " + joined);
        // RFC 8156 §4.4: nothing about a new client is acknowledged yet, so it is offered the MCLT
        // (less the second the host may count off). The OFFER already commits the lease, so an ACK
        // sent after the partner acknowledged it may carry the configured lifetime (docs/protocol.md §9).
        assertTrue(joined.stream().allMatch(e -> e.offeredSeconds() >= 29 && e.offeredSeconds() <= 30),
                "a new client is offered the MCLT (§4.4): " + joined);
        assertTrue(joined.stream().allMatch(e -> e.leaseSeconds() <= 30 || e.leaseSeconds() >= 295), joined.toString());
        Perfdhcp.Report load = Perfdhcp.start(run.topology().clientNamespace(), PairTopology.PRIMARY_ADDRESS, 100, 50, 5)
                .await(60);
        // The drop ratio is a figure, not an assertion: on a loaded 2-core CI machine it varied
        // from 0 to 23 % (an open item, docs/testing.md); every ACKed lease must still reach both stores.
        OUT.printf("perfdhcp: %d of %d DORA completed (%.1f %% lost)%n", load.acks(), load.discovers(),
                100 * load.dropRatio());
        assertTrue(load.acks() > 0, load.text());
        awaitInSync();
        List<Fleet.Event> renewed = fleet.command("renew");
        assertTrue(renewed.stream().allMatch(e -> e.kind().equals("RENEWED") && e.leaseSeconds() >= 295),
                "after the partner's ack, renewals get the configured lifetime (§4.4.1 Figure 1): " + renewed);
        awaitInSync();
        assertEquals(run.primaryStatus().bindings(), run.secondaryStatus().bindings());
        checkInvariants();
        // A freshly commissioned pair: STARTUP, then RECOVER with nothing stored (§8.3.2), UPDREQALL,
        // RECOVER-WAIT, RECOVER-DONE, NORMAL (§8.5, §8.6, §8.7) on both servers.
        List<String> fresh = List.of("STARTUP", "RECOVER", "RECOVER-WAIT", "RECOVER-DONE", "NORMAL");
        assertEquals(fresh, run.statePath(true));
        assertEquals(fresh, run.statePath(false));
    }

    /**
     * Scenario 1 over TLS (RFC 8156 §10; RFC 7653 §8.2, §9.1; issue 8): with the certificates of
     * bin/gen-failover-certs, as the demo runs it, the failover connection is STARTTLS plus
     * mutually authenticated TLS on both servers, nothing is refused, both reach NORMAL, the
     * primary serves the clients and the secondary ends with every binding.
     */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void overMutuallyAuthenticatedTlsThePrimaryAnswersAndTheSecondaryHoldsEveryBinding_rfc8156_10() throws Exception {
        pair("fo-tls", timers(null), Optional.of(PairConfig.Tls.generate(dir.resolve("tls"))));
        awaitStates("NORMAL", "NORMAL", 60);
        assertTrue(run.awaitPrimaryLog("FO_TLS_ESTABLISHED", 10), "the primary's connection runs over TLS");
        // Each checked the other's certificate: mutual authentication.
        assertTrue(logLines("primary.log", "FO_TLS_ESTABLISHED").stream()
                .allMatch(line -> line.contains("partner certificate \"CN=server2\"")), "the primary saw server2's");
        List<String> secondaryTls = logLines("secondary.log", "FO_TLS_ESTABLISHED");
        assertTrue(!secondaryTls.isEmpty() && secondaryTls.stream()
                .allMatch(line -> line.contains("partner certificate \"CN=server1\"")), "the secondary saw server1's: "
                + secondaryTls);
        Fleet fleet = run.fleet();
        List<Fleet.Event> joined = fleet.command("join 10");
        assertEquals(10, answeredBy(joined, PairTopology.PRIMARY_ADDRESS), "in NORMAL the primary answers: " + joined);
        fleet.command("renew");
        awaitInSync();
        assertEquals(run.primaryStatus().bindings(), run.secondaryStatus().bindings());
        checkInvariants(); // every held lease in both stores, the stores equal
        assertEquals(List.of(), logLines("primary.log", "FO_TLS_REFUSED"));
        assertEquals(List.of(), logLines("secondary.log", "FO_TLS_REFUSED"));
    }

    /**
     * Scenario 2: kill -9 of the primary under load, no partner-down: the secondary goes to
     * COMMUNICATIONS-INTERRUPTED, renews the same addresses for rebinding clients and serves new
     * clients from its own share; the restarted primary and the secondary return to NORMAL.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void killedPrimaryTheSecondaryServesAndBothReturnToNormal() throws Exception {
        Fleet fleet = pairWithClients("fo-st2", timers(null), 20);
        Perfdhcp load = Perfdhcp.start(run.topology().clientNamespace(), PairTopology.PRIMARY_ADDRESS, 100, 200, 6);
        Thread.sleep(2000); // the kill lands in the middle of perfdhcp's 6 s of load, not before it starts
        run.kill9Primary();
        long killed = System.nanoTime();
        OUT.println("perfdhcp during the kill: " + load.await(60).acks() + " ACKs");
        awaitStates(null, "COMMUNICATIONS-INTERRUPTED", 30);
        List<Fleet.Event> rebound = fleet.command("rebind");
        assertEquals(20, answeredBy(rebound, PairTopology.SECONDARY_ADDRESS), "the secondary renews: " + rebound);
        assertTrue(rebound.stream().noneMatch(e -> e.kind().equals("MOVED")), "same addresses: " + rebound);
        List<Fleet.Event> newcomers = fleet.command("join 5");
        assertEquals(5, answeredBy(newcomers, PairTopology.SECONDARY_ADDRESS), "new clients: " + newcomers);
        OUT.printf("time without answers after the kill: %.1f s until the secondary answered%n",
                (System.nanoTime() - killed) / 1e9);
        run.startPrimary();
        settleAndCheck(90);
        assertEquals(List.of("STARTUP", "RECOVER", "RECOVER-WAIT", "RECOVER-DONE", "NORMAL",
                "COMMUNICATIONS-INTERRUPTED", "NORMAL"), run.statePath(false));
        // The restarted primary: its stored NORMAL becomes COMMUNICATIONS-INTERRUPTED (§8.3.2 step 2),
        // then NORMAL against a partner in COMMUNICATIONS-INTERRUPTED (§8.8.x).
        assertEquals(List.of("STARTUP", "RECOVER", "RECOVER-WAIT", "RECOVER-DONE", "NORMAL",
                "STARTUP", "COMMUNICATIONS-INTERRUPTED", "NORMAL"), run.statePath(true));
    }

    /** Scenario 4 without partner-down: a partition, both serve from their own resources, healed → NORMAL. */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void partitionBothServeOwnResourcesHealedWithoutPartnerDown() throws Exception {
        pairWithClients("fo-st4", timers(null), 10);
        run.topology().cutFailoverLink();
        everyoneServedIn("COMMUNICATIONS-INTERRUPTED", 10, 6, 40);
        run.topology().healFailoverLink();
        settleAndCheck(90);
        for (boolean primary : new boolean[] {true, false}) {
            assertEquals(List.of("STARTUP", "RECOVER", "RECOVER-WAIT", "RECOVER-DONE", "NORMAL",
                    "COMMUNICATIONS-INTERRUPTED", "NORMAL"), run.statePath(primary));
        }
    }

    /** Scenario 5: the primary's store is deleted before a restart; UPDREQALL restores it completely (§8.5). */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void lostPrimaryStoreIsRestoredByUpdreqall() throws Exception {
        Fleet fleet = pairWithClients("fo-st5", timers(null), 15);
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
        // NORMAL comes an MCLT after the restart, past the host's first expiry sweep: the restored
        // leases (299 s, granted before the kill) must still be in the host's table.
        assertEquals(Optional.empty(), run.primaryLogLine("HOST_LEASE_ENDED"), "a restored lease ended early");
        assertAllRenewed(fleet.command("renew"));
        Map<String, Fleet.Hold> holds = checkInvariants();
        assertEquals(15, holds.size());
        List<String> primary = run.statePath(true);
        assertTrue(primary.containsAll(List.of("RECOVER", "RECOVER-DONE", "NORMAL")), primary.toString());
    }
}
