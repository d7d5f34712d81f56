package org.dhcpfailover.plugin.simulation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.endpoint.EndpointState;
import org.dhcpfailover.plugin.endpoint.EndpointStatus;
import org.dhcpfailover.plugin.sync.Responsiveness;
import org.dhcpfailover.plugin.log.RecordingLogger;

/**
 * The invariants a randomized run checks continuously; a breach is recorded as a violation of
 * the {@link Simulation}:
 * <ul>
 *   <li>(a) every transition is one of {@link AllowedTransitions}; CONFLICT-DONE is entered by the
 *       primary only and POTENTIAL-CONFLICT → NORMAL is the secondary's (§8.10.2);</li>
 *   <li>(b) a server in STARTUP never announces STARTUP (checked by the simulation on every STATE);</li>
 *   <li>(c) while one server is in PARTNER-DOWN and talks to its partner, the partner is not serving
 *       clients (§8.4) for longer than a message round trip takes to resolve it;</li>
 *   <li>no protocol error, store failure or refused CONNECT is logged: with identical configurations
 *       and clocks within 5 s none of them may happen.</li>
 * </ul>
 */
final class InvariantChecker {

    /** How long (c) may hold: a STATE must cross and be answered. */
    static final long GRACE_SECONDS = 10;
    private static final List<String> FORBIDDEN_LOG_IDS =
            List.of("FO_PROTOCOL_ERROR", "FO_STATE_STORE_FAILED", "FO_CONNECT_REFUSED", "FO_CONNECTREPLY_UNUSABLE",
                    "FO_CLOCK_SKEW");

    private final Simulation sim;
    private final Map<Role, Long> bothServingSince = new HashMap<>();
    private final Map<Role, Integer> logLinesSeen = new HashMap<>();

    InvariantChecker(Simulation sim) {
        this.sim = sim;
        sim.onTransition(this::checkTransition);
        sim.afterEachTick(this::checkTick);
    }

    private void checkTransition(Transition t) {
        if (!AllowedTransitions.allows(t)) {
            sim.violation(t.role() + " made a forbidden transition " + AllowedTransitions.pair(t) + " (" + t.cause() + ")");
        }
        if (t.to() == EndpointState.CONFLICT_DONE && t.role() != Role.PRIMARY) {
            sim.violation("the secondary entered CONFLICT-DONE (§8.12: primary only)");
        }
        if (t.from() == EndpointState.POTENTIAL_CONFLICT && t.to() == EndpointState.NORMAL && t.role() != Role.SECONDARY) {
            sim.violation("the primary went POTENTIAL-CONFLICT -> NORMAL (§8.10.2: it goes CONFLICT-DONE)");
        }
    }

    private void checkTick() {
        for (SimulatedServer server : List.of(sim.primary(), sim.secondary())) {
            checkPartnerDown(server, sim.partnerOf(server));
            checkLog(server);
        }
    }

    private void checkPartnerDown(SimulatedServer down, SimulatedServer other) {
        boolean breach = false;
        if (down.isUp() && other.isUp() && down.state() == EndpointState.PARTNER_DOWN) {
            EndpointStatus mine = down.status();
            EndpointStatus theirs = other.status();
            breach = mine.communicationsOk() && theirs.communicationsOk()
                    && theirs.state().responsiveness(other.role()) != Responsiveness.UNRESPONSIVE;
        }
        if (!breach) {
            bothServingSince.remove(down.role());
            return;
        }
        long since = bothServingSince.computeIfAbsent(down.role(), r -> sim.now());
        if (sim.now() - since == GRACE_SECONDS) {
            sim.violation(down.role() + " in PARTNER-DOWN talks to a partner serving clients in "
                    + other.state() + " for " + GRACE_SECONDS + " s (§8.4)");
        }
    }

    private void checkLog(SimulatedServer server) {
        List<RecordingLogger.Line> lines = server.logger().lines;
        int seen = logLinesSeen.getOrDefault(server.role(), 0);
        for (int i = seen; i < lines.size(); i++) {
            String text = lines.get(i).text();
            for (String id : FORBIDDEN_LOG_IDS) {
                if (text.startsWith(id + " ")) {
                    sim.violation(server.role() + " logged " + text);
                }
            }
        }
        logLinesSeen.put(server.role(), lines.size());
    }
}
