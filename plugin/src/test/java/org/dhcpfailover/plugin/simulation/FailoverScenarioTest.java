package org.dhcpfailover.plugin.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.endpoint.EndpointState;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.IaType;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.Ipv6Address;
import org.dhcpfailover.plugin.wire.OctetString;
import org.junit.jupiter.api.Test;

/**
 * The state sequences RFC 8156 gives (digest §6.6: Figures 7, 8 and 9) and the start-up cases
 * of §8.3.2 / §8.5.2, played by two real {@link org.dhcpfailover.plugin.endpoint.FailoverEndpoint}s
 * over the simulated network. Each test asserts both servers' exact state paths and the update
 * and pool messages exchanged, in delivery order. The network delay is fixed (50 ms) so that the
 * order of messages is the protocol's, not the dice's.
 */
class FailoverScenarioTest {

    private static final long MCLT = 60;
    private static final long KEEPALIVE = 30;
    private static final long STARTUP_TIME = 10;
    private static final Set<String> UPDATES = Set.of("UPDREQ", "UPDREQALL", "UPDDONE", "POOLREQ", "POOLRESP");

    private static Simulation pair(long mclt, long secondaryAutoPartnerDown) {
        Simulation sim = new Simulation(1, Simulation.config(Role.PRIMARY, mclt, KEEPALIVE, STARTUP_TIME, 0),
                Simulation.config(Role.SECONDARY, mclt, KEEPALIVE, STARTUP_TIME, secondaryAutoPartnerDown));
        sim.network().setDelay(50, 50);
        sim.setMaxBackoffMillis(1000);
        return sim;
    }

    /** Starts a brand-new pair and runs it to NORMAL (the first test shows the path in detail). */
    private static Simulation normalPair(long mclt, long secondaryAutoPartnerDown) {
        Simulation sim = pair(mclt, secondaryAutoPartnerDown);
        sim.start(sim.primary());
        sim.start(sim.secondary());
        assertTrue(sim.runUntil(() -> bothIn(sim, EndpointState.NORMAL), 3 * mclt));
        sim.runFor(5);
        return sim;
    }

    private static Lease address(int n) {
        return Lease.address(Ipv6Address.parse("2001:db8::" + Integer.toHexString(0x100 + n)));
    }

    private static BindingClient client(int n) {
        return new BindingClient(OctetString.fromHex(String.format("00030001aabbccdd%04x", n)), IaType.IA_NA, 1);
    }

    /** {@code server}'s host grants {@code address(n)} to {@code client(n)}; the disk syncs at the next event. */
    private static void grant(Simulation sim, SimulatedServer server, int n) {
        server.ledger().grant(address(n), client(n), 600, 300, sim.now());
    }

    /** Whether {@code server} holds {@code address(n)} bound to {@code client(n)}, ACTIVE. */
    private static boolean holds(SimulatedServer server, int n) {
        return server.ledger().find(address(n)).map(b -> b.status().equals(BindingStatus.ACTIVE)
                && b.isBoundTo(client(n))).orElse(false);
    }

    private static boolean bothIn(Simulation sim, EndpointState state) {
        return sim.primary().isUp() && sim.secondary().isUp()
                && sim.primary().state() == state && sim.secondary().state() == state;
    }

    private static List<String> since(List<String> all, int from) {
        return all.subList(from, all.size());
    }

    private static long enteredAt(Simulation sim, Role role, EndpointState state) {
        return sim.transitions().stream().filter(t -> t.role() == role && t.to() == state)
                .reduce((a, b) -> b).orElseThrow().atSeconds();
    }

    /** §8.3.2 step 1 with empty storage (decision A2: RECOVER), §8.5.2 UPDREQALL, §8.6.2 one MCLT. */
    @Test
    void brandNewPairRecoversWithUpdreqAllAndReachesNormal() {
        Simulation sim = pair(MCLT, 0);
        long boot = sim.now();
        sim.start(sim.primary());
        sim.start(sim.secondary());

        assertTrue(sim.runUntil(() -> bothIn(sim, EndpointState.NORMAL), 3 * MCLT));
        sim.runFor(5);

        List<String> path = List.of("STARTUP", "RECOVER", "RECOVER-WAIT", "RECOVER-DONE", "NORMAL");
        assertEquals(path, sim.primary().path());
        assertEquals(path, sim.secondary().path());
        // The secondary's STATE follows its CONNECTREPLY, so the primary hears it first and the
        // secondary's UPDREQALL is the first to arrive; each is answered by UPDDONE at once.
        assertEquals(List.of("SECONDARY UPDREQALL", "PRIMARY UPDREQALL", "PRIMARY UPDDONE", "SECONDARY UPDDONE",
                "SECONDARY POOLREQ", "PRIMARY POOLRESP"), sim.delivered(UPDATES));
        // RECOVER-WAIT ends one MCLT after the boot: TIME-OF-FAILURE is unknown (§8.6.2).
        assertEquals(boot + MCLT, enteredAt(sim, Role.PRIMARY, EndpointState.RECOVER_DONE));
        assertEquals(boot + MCLT, enteredAt(sim, Role.SECONDARY, EndpointState.RECOVER_DONE));
        assertEquals(List.of(), sim.violations());
    }

    /** Figure 8 (§8.9): a TCP loss, both COMMUNICATIONS-INTERRUPTED, reconnect, both NORMAL, POOLREQ. */
    @Test
    void figure8LinkFlapReturnsBothToNormal() {
        Simulation sim = normalPair(MCLT, 0);
        int p = sim.primary().path().size() - 1;
        int s = sim.secondary().path().size() - 1;
        int m = sim.delivered(UPDATES).size();

        sim.partition(true);
        sim.runFor(1);
        sim.heal();
        assertTrue(sim.runUntil(() -> bothIn(sim, EndpointState.NORMAL), 60));
        sim.runFor(5);

        List<String> path = List.of("NORMAL", "COMMUNICATIONS-INTERRUPTED", "NORMAL");
        assertEquals(path, since(sim.primary().path(), p));
        assertEquals(path, since(sim.secondary().path(), s));
        assertEquals(List.of("SECONDARY POOLREQ", "PRIMARY POOLRESP"), since(sim.delivered(UPDATES), m));
        assertEquals(List.of(), sim.violations());
    }

    /**
     * Figure 7 (§8.5): the primary crashes, the operator puts the secondary in PARTNER-DOWN; the
     * primary restarts, finds its partner in PARTNER-DOWN since after its last operation, and
     * RECOVERs: UPDREQ, UPDDONE, RECOVER-WAIT until TIME-OF-FAILURE + MCLT, RECOVER-DONE; the
     * secondary goes NORMAL, then the primary.
     */
    @Test
    void figure7RecoveryAfterPartnerDown() {
        long mclt = 120;
        Simulation sim = normalPair(mclt, 0);
        int p = sim.primary().path().size() - 1;
        int s = sim.secondary().path().size() - 1;
        int m = sim.delivered(UPDATES).size();

        grant(sim, sim.primary(), 1); // told to the secondary in NORMAL
        sim.runFor(2);
        sim.crash(sim.primary(), true);
        sim.runFor(30);
        sim.partnerDown(sim.secondary());
        grant(sim, sim.secondary(), 2); // the secondary serves alone (odd and even alike here)
        grant(sim, sim.secondary(), 4);
        sim.runFor(30);
        long timeOfFailure = sim.primary().store().current().orElseThrow().lastOperatingTime();
        sim.restart(sim.primary(), false);
        assertTrue(sim.runUntil(() -> bothIn(sim, EndpointState.NORMAL), 3 * mclt));
        sim.runFor(5);

        assertEquals(List.of("NORMAL", "STARTUP", "RECOVER", "RECOVER-WAIT", "RECOVER-DONE", "NORMAL"),
                since(sim.primary().path(), p));
        assertEquals(List.of("NORMAL", "COMMUNICATIONS-INTERRUPTED", "PARTNER-DOWN", "NORMAL"),
                since(sim.secondary().path(), s));
        assertEquals(List.of("PRIMARY UPDREQ", "SECONDARY UPDDONE", "SECONDARY POOLREQ", "PRIMARY POOLRESP"),
                since(sim.delivered(UPDATES), m));
        assertEquals(timeOfFailure + mclt, enteredAt(sim, Role.PRIMARY, EndpointState.RECOVER_DONE));
        for (int n : new int[] {1, 2, 4}) {
            assertTrue(holds(sim.primary(), n) && holds(sim.secondary(), n),
                    "§8.5.2: the recovered primary holds what the secondary leased alone, lease " + n);
        }
        assertEquals(List.of(), sim.violations());
    }

    /**
     * Figure 9 (§8.10): both sides in PARTNER-DOWN (a partition and an operator mistake on both
     * sides — the one place this suite declares partner-down against a live partner, to
     * reproduce the figure). On heal both go POTENTIAL-CONFLICT; the primary's UPDREQ is answered,
     * it goes CONFLICT-DONE; then the secondary's UPDREQ, the secondary NORMAL, the primary NORMAL.
     */
    @Test
    void figure9ConflictResolutionAfterBothPartnerDown() {
        Simulation sim = normalPair(MCLT, 0);
        int p = sim.primary().path().size() - 1;
        int s = sim.secondary().path().size() - 1;
        int m = sim.delivered(UPDATES).size();

        sim.partition(true);
        sim.runFor(5);
        sim.partnerDown(sim.primary());
        sim.partnerDown(sim.secondary());
        grant(sim, sim.primary(), 1);
        grant(sim, sim.primary(), 3);
        grant(sim, sim.secondary(), 2);
        grant(sim, sim.secondary(), 6);
        sim.runFor(60);
        sim.heal();
        assertTrue(sim.runUntil(() -> bothIn(sim, EndpointState.NORMAL), 60));
        sim.runFor(5);

        assertEquals(List.of("NORMAL", "COMMUNICATIONS-INTERRUPTED", "PARTNER-DOWN", "POTENTIAL-CONFLICT",
                "CONFLICT-DONE", "NORMAL"), since(sim.primary().path(), p));
        assertEquals(List.of("NORMAL", "COMMUNICATIONS-INTERRUPTED", "PARTNER-DOWN", "POTENTIAL-CONFLICT",
                "NORMAL"), since(sim.secondary().path(), s));
        assertEquals(List.of("PRIMARY UPDREQ", "SECONDARY UPDDONE", "SECONDARY UPDREQ", "PRIMARY UPDDONE",
                "SECONDARY POOLREQ", "PRIMARY POOLRESP"), since(sim.delivered(UPDATES), m));
        for (int n : new int[] {1, 2, 3, 6}) {
            assertTrue(holds(sim.primary(), n) && holds(sim.secondary(), n),
                    "§8.10: after conflict resolution both hold every lease either made alone, lease " + n);
        }
        assertEquals(List.of(), sim.violations());
    }

    /** §8.5.2: a server that lost its storage asks for everything (UPDREQALL), then both NORMAL. */
    @Test
    void secondaryWithLostStorageSendsUpdreqAll() {
        Simulation sim = normalPair(MCLT, 0);
        int p = sim.primary().path().size() - 1;
        int s = sim.secondary().path().size() - 1;
        int m = sim.delivered(UPDATES).size();

        sim.crash(sim.secondary(), true);
        sim.runFor(20);
        long boot = sim.now();
        sim.restart(sim.secondary(), true);
        assertTrue(sim.runUntil(() -> bothIn(sim, EndpointState.NORMAL), 3 * MCLT));
        sim.runFor(5);

        assertEquals(List.of("NORMAL", "COMMUNICATIONS-INTERRUPTED", "NORMAL"), since(sim.primary().path(), p));
        assertEquals(List.of("NORMAL", "STARTUP", "RECOVER", "RECOVER-WAIT", "RECOVER-DONE", "NORMAL"),
                since(sim.secondary().path(), s));
        assertEquals(List.of("SECONDARY UPDREQALL", "PRIMARY UPDDONE", "SECONDARY POOLREQ", "PRIMARY POOLRESP"),
                since(sim.delivered(UPDATES), m));
        assertEquals(boot + MCLT, enteredAt(sim, Role.SECONDARY, EndpointState.RECOVER_DONE));
        assertEquals(List.of(), sim.violations());
    }

    /** §8.9: with auto-partner-down configured, the secondary enters PARTNER-DOWN by itself. */
    @Test
    void autoPartnerDownOnTheSecondary() {
        long delay = 120;
        Simulation sim = normalPair(MCLT, delay);
        int s = sim.secondary().path().size() - 1;

        sim.crash(sim.primary(), false);
        sim.runFor(KEEPALIVE + delay + 10);

        assertEquals(List.of("NORMAL", "COMMUNICATIONS-INTERRUPTED", "PARTNER-DOWN"), since(sim.secondary().path(), s));
        long interrupted = enteredAt(sim, Role.SECONDARY, EndpointState.COMMUNICATIONS_INTERRUPTED);
        assertEquals(interrupted + delay, enteredAt(sim, Role.SECONDARY, EndpointState.PARTNER_DOWN));
        assertTrue(sim.secondary().logger().lines.stream()
                .anyMatch(l -> l.text().startsWith("FO_PARTNER_DOWN") && l.text().contains("auto-partner-down")));
        assertEquals(List.of(), sim.violations());
    }

    /**
     * Both servers resolving a conflict (Figure 9's start) with a slow network, so that the
     * test can cut the link while both are still in POTENTIAL-CONFLICT: §8.10.2 → both
     * RESOLUTION-INTERRUPTED.
     */
    private static Simulation bothResolutionInterrupted() {
        Simulation sim = normalPair(MCLT, 0);
        sim.partition(true);
        sim.runFor(5);
        sim.partnerDown(sim.primary());
        sim.partnerDown(sim.secondary());
        sim.runFor(30);
        sim.network().setDelay(4000, 4000);
        sim.heal();
        assertTrue(sim.runUntil(() -> bothIn(sim, EndpointState.POTENTIAL_CONFLICT), 60));
        sim.partition(true);
        assertTrue(sim.runUntil(() -> bothIn(sim, EndpointState.RESOLUTION_INTERRUPTED), 60));
        sim.network().setDelay(50, 50);
        return sim;
    }

    /** §8.11.2: the operator may declare partner-down from RESOLUTION-INTERRUPTED once the partner is down. */
    @Test
    void resolutionInterruptedThenPartnerReallyDownThenOperatorPartnerDown() {
        Simulation sim = bothResolutionInterrupted();
        int p = sim.primary().path().size() - 1;

        sim.crash(sim.secondary(), false);
        sim.runFor(5);
        sim.partnerDown(sim.primary());
        sim.runFor(5);

        assertEquals(List.of("RESOLUTION-INTERRUPTED", "PARTNER-DOWN"), since(sim.primary().path(), p));
        assertEquals(List.of(), sim.violations());
    }

    /**
     * §8.5.2: a server that restarts with lost storage (RECOVER) meets a partner still resolving
     * a conflict and joins the resolution (RECOVER → POTENTIAL-CONFLICT) instead of asking for
     * updates; then both resolve and reach NORMAL.
     */
    @Test
    void lostStorageRestartMeetsAConflictResolutionAndJoinsIt() {
        Simulation sim = bothResolutionInterrupted();
        int p = sim.primary().path().size() - 1;
        int s = sim.secondary().path().size() - 1;

        sim.crash(sim.secondary(), true);
        sim.runFor(5);
        sim.restart(sim.secondary(), true);
        sim.runFor(STARTUP_TIME + 5);
        sim.heal();
        assertTrue(sim.runUntil(() -> bothIn(sim, EndpointState.NORMAL), 3 * MCLT));
        sim.runFor(5);

        assertEquals(List.of("RESOLUTION-INTERRUPTED", "POTENTIAL-CONFLICT", "CONFLICT-DONE", "NORMAL"),
                since(sim.primary().path(), p));
        assertEquals(List.of("RESOLUTION-INTERRUPTED", "STARTUP", "RECOVER", "POTENTIAL-CONFLICT", "NORMAL"),
                since(sim.secondary().path(), s));
        assertEquals(List.of(), sim.violations());
    }
}
