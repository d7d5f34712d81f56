package org.dhcpfailover.pair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The DHCPv6 failover pair as a user runs it: two {@code bin/failover-host-v6} processes loading the
 * built plugin jar, named DHCPv6 clients (an address and a delegated prefix each, behind a relay
 * forwarding to both servers) for lease stability, {@code perfdhcp -6 -e address-and-prefix} for
 * load, faults by SIGKILL and by cutting the failover link between network namespaces
 * ({@code fo-v6p-*}). One pair goes through the scenarios in turn; each step asserts what the
 * clients got, and the end asserts both servers' exact state paths (RFC 8156 §8, from their
 * FO_STATE_CHANGED lines) and the invariants from both stores.
 */
class Dhcp6PairTest extends PairSystemTest {

    private static final List<String> FRESH = List.of("STARTUP", "RECOVER", "RECOVER-WAIT", "RECOVER-DONE", "NORMAL");

    /**
     * Normal operation, the secondary's share of the delegable prefixes (POOLREQ / POOLRESP, RFC
     * 8156 §4.2.2, §5.3.3), kill -9 of the primary without partner-down, its restart, a partition
     * healed without partner-down; addresses and prefixes stay with their clients throughout.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void normalCrashRestartAndPartitionKeepEveryAddressAndPrefix_rfc8156_8() throws Exception {
        PairConfig.V6Pools pools = PairConfig.V6Pools.standard();
        pair6("fo-v6p-1", timers(null));
        awaitStates("NORMAL", "NORMAL", 90);

        // §4.2.2, §5.3.3: the secondary, entering NORMAL, asks for its share (POOLREQ); the primary
        // acknowledges (POOLRESP) and gives it half of the free prefixes as FREE-BACKUP by BNDUPD.
        Share given = awaitShare(pools, "after POOLREQ");
        assertTrue(given.backup().size() >= pools.prefixes() / 2 - given.slack(pools), given.toString());

        Fleet6 fleet = run.fleet6();
        List<Fleet6.Event> joined = fleet.command("join 20");
        assertEquals(20, Fleet6.answeredBy(joined, true), "in NORMAL the primary answers: " + joined);
        // §4.4: nothing about a new client is acknowledged yet, so it is offered at most the MCLT.
        assertTrue(joined.stream().allMatch(e -> e.offeredNa() <= 30 && e.offeredPd() <= 30
                && e.offeredNa() > 0 && e.offeredPd() > 0), "a new client is offered the MCLT (§4.4): " + joined);
        Perfdhcp.Report load = Perfdhcp.startV6(run.topology(), 50, 40, 4).await(60);
        OUT.printf("perfdhcp -6: %d of %d SOLICITs ended in a REPLY with an address and a prefix (%.1f %% lost)%n",
                load.acks(), load.discovers(), 100 * load.dropRatio());
        assertTrue(load.acks() > 0, load.text());
        awaitInSync();
        List<Fleet6.Event> renewed = fleet.command("renew");
        assertTrue(renewed.stream().allMatch(e -> e.kind().equals("RENEWED") && e.validNa() >= 295
                && e.validPd() >= 295), "after the partner's ack, renewals get the configured lifetime (§4.4.1): "
                + renewed);
        awaitInSync();

        // The primary delegated prefixes of its own; its next rebalancing takes back part of the
        // secondary's FREE-BACKUP so that the secondary keeps its 50 % of what is still free (§4.2.2).
        Share rebalanced = awaitShare(pools, "after the primary's delegations");
        Set<String> takenBack = new HashSet<>(given.backup());
        takenBack.removeAll(rebalanced.backup());
        assertTrue(!takenBack.isEmpty() && rebalanced.backup().size() < given.backup().size(),
                "prefixes moved back to the primary: " + given + " -> " + rebalanced);
        OUT.println("prefixes moved back to the primary by its rebalancing: " + takenBack.size());

        // kill -9 of the primary under load; no partner-down: COMMUNICATIONS-INTERRUPTED (§8.8).
        Perfdhcp during = Perfdhcp.startV6(run.topology(), 50, 100, 5);
        Thread.sleep(2000);
        run.kill9Primary();
        long killed = System.nanoTime();
        OUT.println("perfdhcp -6 during the kill: " + during.await(60).acks() + " REPLYs");
        awaitStates(null, "COMMUNICATIONS-INTERRUPTED", 30);
        List<Fleet6.Event> rebound = fleet.command("rebind");
        assertEquals(20, Fleet6.answeredBy(rebound, false), "the secondary renews every binding: " + rebound);
        List<Fleet6.Event> newcomers = fleet.command("join 5");
        assertEquals(5, Fleet6.answeredBy(newcomers, false), "new clients: " + newcomers);
        // The secondary delegates only from its own share (§4.2.2): the prefixes it held as FREE-BACKUP.
        Set<String> backup = new HashSet<>(rebalanced.backup());
        assertTrue(newcomers.stream().allMatch(e -> backup.contains(e.prefix())),
                "the secondary delegates from its FREE-BACKUP share: " + newcomers + " / " + rebalanced);
        OUT.printf("time without answers after the kill: %.1f s until the secondary answered%n",
                (System.nanoTime() - killed) / 1e9);
        run.startPrimary();
        settle6(90);

        // A partition: both serve from their own resources; healed without partner-down (§8.8.2).
        run.topology().cutFailoverLink();
        everyone6ServedIn("COMMUNICATIONS-INTERRUPTED", 25, 4, 40);
        run.topology().healFailoverLink();
        settle6(90);

        assertEquals(29, checkInvariants6().size());
        List<String> secondary = new java.util.ArrayList<>(FRESH);
        secondary.addAll(List.of("COMMUNICATIONS-INTERRUPTED", "NORMAL", "COMMUNICATIONS-INTERRUPTED", "NORMAL"));
        assertEquals(secondary, run.statePath(false));
        // The restarted primary: its stored NORMAL becomes COMMUNICATIONS-INTERRUPTED (§8.3.2 step 2).
        List<String> primary = new java.util.ArrayList<>(FRESH);
        primary.addAll(List.of("STARTUP", "COMMUNICATIONS-INTERRUPTED", "NORMAL", "COMMUNICATIONS-INTERRUPTED",
                "NORMAL"));
        assertEquals(primary, run.statePath(true));
    }

    /**
     * The secondary's FREE-BACKUP prefixes in the primary's store, and how many of the pool's
     * prefixes are free (FREE or FREE-BACKUP; no binding yet counts as free).
     */
    record Share(List<String> backup, int available) {
        /** How far the holding may drift from the share before the primary rebalances (§4.2.2), plus one for rounding. */
        int slack(PairConfig.V6Pools pools) {
            return available * pools.rebalanceThreshold() / 100 + 1;
        }

        boolean balanced(PairConfig.V6Pools pools) {
            return Math.abs(backup.size() - available * pools.secondaryShare() / 100) <= slack(pools);
        }

        @Override
        public String toString() {
            return backup.size() + " FREE-BACKUP of " + available + " free";
        }
    }

    /** Polls copies of the primary's store (at most 30 s) until the secondary's share is within the threshold. */
    Share awaitShare(PairConfig.V6Pools pools, String when) throws Exception {
        Share share = null;
        for (int attempt = 0; attempt < 15; attempt++) {
            StoreView view = StoreView.snapshot(run.primaryStore(), run.relationship(), dir.resolve("snapshot"));
            long used = view.prefixes() - view.prefixesIn("FREE").size() - view.prefixesIn("FREE-BACKUP").size();
            share = new Share(view.prefixesIn("FREE-BACKUP"), (int) (pools.prefixes() - used));
            if (share.balanced(pools) && !share.backup().isEmpty()) {
                break;
            }
            Thread.sleep(2000);
        }
        OUT.println("the secondary's share " + when + ": " + share);
        assertTrue(share.balanced(pools), "the secondary holds its 50 % within the threshold " + when + ": " + share);
        return share;
    }
}
