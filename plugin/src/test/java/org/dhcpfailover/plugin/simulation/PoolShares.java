package org.dhcpfailover.plugin.simulation;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.dhcpfailover.plugin.allocation.PoolSpec;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.binding.PartnerSync;
import org.dhcpfailover.plugin.config.Allocation;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.wire.BindingStatus;

/**
 * The allocation simulation's view of the proportional pools (RFC 8156 §4.2.2): it counts the
 * primary's rebalancing moves and the grants of the partner's free share in PARTNER-DOWN, and
 * checks invariant (6): once both servers are NORMAL with nothing left to tell, the secondary's
 * FREE-BACKUP holding of each proportional pool is within the pool's rebalance threshold of
 * {@code secondary-share} × available.
 *
 * <p>"Available" is counted as {@code ProportionalPool} counts it, but from the primary's store
 * rather than its memory, so a pool that lost track of a resource shows: every resource with no
 * binding (never used), FREE (the primary's) or FREE-BACKUP (the secondary's); a resource
 * leased, expired, released or abandoned is not available. The pool also leaves out a FREE
 * resource whose take-back the secondary has not acknowledged yet; the check runs only when
 * neither server has anything left to tell the other, so there is none. The drift allowed is
 * the one the primary's rebalancing tolerates: less than max(1, threshold % of available).
 */
final class PoolShares {

    private final Simulation sim;
    private final AllocatorHost host;
    private final Map<String, Long> counts = new TreeMap<>();

    PoolShares(Simulation sim, AllocatorHost host) {
        this.sim = sim;
        this.host = host;
        for (SimulatedServer server : List.of(sim.primary(), sim.secondary())) {
            server.afterLoad(this::watch);
        }
    }

    /** Counts, from each incarnation's own changes (not the bindings it loads or receives). */
    private void watch(SimulatedServer server) {
        boolean[] live = {false};
        server.ledger().addObserver((before, after) -> {
            if (live[0] && after.sync() == PartnerSync.PENDING) {
                count(server.role(), before, after);
            }
        });
        live[0] = true;
    }

    private void count(Role role, Optional<Binding> before, Binding after) {
        BindingStatus was = before.map(Binding::status).orElse(BindingStatus.FREE);
        BindingStatus now = after.status();
        if (role == Role.PRIMARY && !was.equals(now)
                && (now.equals(BindingStatus.FREE_BACKUP) || was.equals(BindingStatus.FREE_BACKUP)
                        && now.equals(BindingStatus.FREE))) {
            counts.merge(now.equals(BindingStatus.FREE_BACKUP) ? "rebalance: given to the secondary"
                    : "rebalance: taken back", 1L, Long::sum);
        }
        BindingStatus partners = role == Role.PRIMARY ? BindingStatus.FREE_BACKUP : BindingStatus.FREE;
        if (was.equals(partners) && now.equals(BindingStatus.ACTIVE) && host.isProportional(after.lease())) {
            counts.merge("partner's share granted in PARTNER-DOWN", 1L, Long::sum);
        }
    }

    Map<String, Long> counts() {
        return counts;
    }

    /** Invariant (6) for every proportional pool; returns the number of checks made. */
    int check() {
        int checks = 0;
        for (PoolSpec spec : AllocatorHost.POOLS) {
            if (spec.allocation() != Allocation.PROPORTIONAL) {
                continue;
            }
            checks++;
            long available = 0;
            long secondary = 0;
            for (Lease lease : host.resources(spec.name())) {
                Optional<Binding> binding = sim.primary().ledger().find(lease);
                BindingStatus status = binding.map(Binding::status).orElse(BindingStatus.FREE);
                if (status.equals(BindingStatus.FREE_BACKUP)) {
                    secondary++;
                    available++;
                } else if (status.equals(BindingStatus.FREE)) {
                    available++;
                }
            }
            long target = available * spec.secondaryShare() / 100;
            long allowed = Math.max(1, available * spec.rebalanceThreshold() / 100);
            if (Math.abs(target - secondary) >= allowed) {
                sim.violation("(6) pool " + spec.name() + ": the secondary holds " + secondary
                        + " FREE-BACKUP of " + available + " available, share " + spec.secondaryShare()
                        + " % wants " + target + " (allowed drift < " + allowed + ")");
            }
        }
        return checks;
    }
}
