package org.dhcpfailover.plugin.simulation;

import java.util.List;
import java.util.Optional;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.sync.LeaseChange;

/**
 * The host side of both servers as {@link SimulatedClients} meets it: which clients there are,
 * which resources they contend for, and how a request becomes a grant. Two hosts exist: {@link
 * PickingHost}, where the harness picks the address itself and asks the lease ledger (the binding
 * simulation), and {@link AllocatorHost}, where the plugin's {@code Allocator} chooses (the
 * allocation simulation). Either way the client hears of a grant only once it is durable.
 */
interface ClientHost {

    /** One client IA and the pool it asks for its lease. */
    record Requester(BindingClient id, String pool) {
    }

    List<Requester> requesters();

    /** Every resource of every pool, for comparing the stores. */
    List<Lease> resources();

    /** Whether a soliciting client gets an answer from {@code server} at all (it multicasts). */
    boolean hears(SimulatedServer server);

    /** A new lease (or the client's own) from {@code server}, if it grants one now. */
    Optional<LeaseChange> solicit(SimulatedServer server, Requester requester, long valid, long preferred, long now);

    /** Whether a client renewing {@code lease} sends its RENEW to {@code server}. */
    boolean renewsAt(SimulatedServer server, Requester requester, Lease lease);

    /** The renewal of {@code lease} (or whatever lease the host answers with), if granted. */
    Optional<LeaseChange> renew(SimulatedServer server, Requester requester, Lease lease, long valid, long preferred,
            long now);
}
