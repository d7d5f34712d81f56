package org.dhcpfailover.plugin.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.IaType;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.binding.LeaseTransitionException;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.endpoint.EndpointState;
import org.dhcpfailover.plugin.sync.Responsiveness;
import org.dhcpfailover.plugin.sync.LeaseChange;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.Ipv6Address;
import org.dhcpfailover.plugin.wire.OctetString;

/**
 * The binding simulation's host: a pool of {@value #POOL_SIZE} addresses (fd00::1 – fd00::10,
 * fewer than the clients would like, so that addresses go from one client to another) and
 * {@value #CLIENTS} clients with one IA_NA each; the harness picks the address and asks {@code
 * LeaseLedger.grant} directly.
 *
 * <p>Host rules (RFC 8156 §4.2.1, §6.1 / digest §6.1, §10.1): a new lease comes only from a
 * server that is responsive and may allocate in its state (NORMAL primary,
 * COMMUNICATIONS-INTERRUPTED, PARTNER-DOWN, RESOLUTION-INTERRUPTED, CONFLICT-DONE), and only from
 * its own half of the pool — bit 127 set for the primary, clear for the secondary, also in
 * PARTNER-DOWN (decision A3). A renewal goes to any server that is not unresponsive and has the
 * lease ACTIVE for this client. Whether the lease may go to the client, and for how long, is
 * {@code LeaseLedger.grant}'s call (the MCLT rule, the reuse rules).
 */
final class PickingHost implements ClientHost {

    static final int POOL_SIZE = 16;
    static final int CLIENTS = 12;
    static final String POOL = "fd00::/124";

    private final SplittableRandom random;
    private final List<Lease> pool = new ArrayList<>();
    private final List<Requester> requesters = new ArrayList<>();

    /** @param random the clients' random source: candidate addresses are tried in random order */
    PickingHost(SplittableRandom random) {
        this.random = random;
        for (int i = 1; i <= POOL_SIZE; i++) {
            pool.add(Lease.address(new Ipv6Address(0xfd00_0000_0000_0000L, i)));
        }
        for (int i = 1; i <= CLIENTS; i++) {
            requesters.add(new Requester(new BindingClient(OctetString.of((byte) 0, (byte) 3, (byte) 0, (byte) 1,
                    (byte) 0xc1, (byte) i), IaType.IA_NA, 1), POOL));
        }
    }

    @Override
    public List<Requester> requesters() {
        return List.copyOf(requesters);
    }

    @Override
    public List<Lease> resources() {
        return List.copyOf(pool);
    }

    @Override
    public boolean hears(SimulatedServer server) {
        EndpointState state = server.state();
        return state != null && state.responsiveness(server.role()) == Responsiveness.RESPONSIVE
                && state.mayAllocateNewLeases(server.role());
    }

    @Override
    public Optional<LeaseChange> solicit(SimulatedServer server, Requester requester, long valid, long preferred,
            long now) {
        for (Lease lease : candidates(server, requester.id())) {
            Optional<LeaseChange> granted = grant(server, requester, lease, valid, preferred, now);
            if (granted.isPresent()) {
                return granted;
            }
        }
        return Optional.empty();
    }

    /** The server's own free addresses, in random order; a lease this client just let go first. */
    private List<Lease> candidates(SimulatedServer server, BindingClient client) {
        List<Lease> free = new ArrayList<>();
        List<Lease> own = new ArrayList<>();
        for (Lease lease : pool) {
            if (lease.lastBitSet() != (server.role() == Role.PRIMARY)) {
                continue; // the partner's half (§4.2.1, decision A3)
            }
            Optional<Binding> binding = server.ledger().find(lease);
            BindingStatus status = binding.map(Binding::status).orElse(BindingStatus.FREE);
            if (status.equals(BindingStatus.FREE) || status.equals(BindingStatus.FREE_BACKUP)) {
                free.add(random.nextInt(free.size() + 1), lease);
            } else if (binding.get().isBoundTo(client) && (status.equals(BindingStatus.EXPIRED)
                    || status.equals(BindingStatus.RELEASED))) {
                own.add(lease); // §4.2.2.1: back to the same client if no BNDUPD about it left yet
            }
        }
        own.addAll(free);
        return own;
    }

    @Override
    public boolean renewsAt(SimulatedServer server, Requester requester, Lease lease) {
        return SimulatedClients.knowsAsActive(server, requester.id(), lease);
    }

    @Override
    public Optional<LeaseChange> renew(SimulatedServer server, Requester requester, Lease lease, long valid,
            long preferred, long now) {
        return grant(server, requester, lease, valid, preferred, now);
    }

    private static Optional<LeaseChange> grant(SimulatedServer server, Requester requester, Lease lease, long valid,
            long preferred, long now) {
        try {
            return Optional.of(server.ledger().grant(lease, requester.id(), valid, preferred, now));
        } catch (LeaseTransitionException | IllegalArgumentException refused) {
            return Optional.empty();
        }
    }
}
