package org.dhcpfailover.plugin.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.IaType;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.binding.LeaseTransitionException;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.endpoint.EndpointState;
import org.dhcpfailover.plugin.endpoint.FailoverEndpoint;
import org.dhcpfailover.plugin.endpoint.Responsiveness;
import org.dhcpfailover.plugin.sync.LeaseChange;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.Ipv6Address;
import org.dhcpfailover.plugin.wire.OctetString;

/**
 * DHCPv6 clients and the host side of both servers, as small as the invariants need: a pool of
 * {@value #POOL_SIZE} addresses (fd00::1 – fd00::10, fewer than the clients would like, so that
 * addresses go from one client to another) and {@value #CLIENTS} clients with one IA_NA each.
 *
 * <p>Host rules (RFC 8156 §4.2.1, §6.1 / digest §6.1, §10.1): a new lease comes only from a server
 * that is responsive and may allocate in its state (NORMAL primary, COMMUNICATIONS-INTERRUPTED,
 * PARTNER-DOWN, RESOLUTION-INTERRUPTED, CONFLICT-DONE), and only from its own half of the pool —
 * bit 127 set for the primary, clear for the secondary, also in PARTNER-DOWN (decision A3). A
 * renewal goes to any server that is not unresponsive and has the lease ACTIVE for this client.
 * Whether the lease may go to the client, and for how long, is {@code LeaseLedger.grant}'s call
 * (the MCLT rule, the reuse rules); the client hears of it only once the grant is durable,
 * exactly as a host replies only after the commit.
 *
 * <p>Client behaviour: solicit when holding nothing; renew at T1 (½ of the valid lifetime);
 * sometimes release, sometimes fall silent and let the lease expire. A reply that does not come
 * within {@link #REPLY_TIMEOUT_MILLIS} (the server crashed before its commit was durable) is given
 * up and the client tries again later.
 */
final class SimulatedClients {

    static final int POOL_SIZE = 16;
    static final int CLIENTS = 12;
    static final long REPLY_TIMEOUT_MILLIS = 3000;

    /** Where the harness hears of each reply reaching a client. */
    interface Replies {
        void told(SimulatedServer server, ClientLeases.Told told);

        /** The client stopped using {@code lease} now (it released it). */
        void letGo(Lease lease, BindingClient client);
    }

    private final Simulation sim;
    private final SplittableRandom random;
    private final PartnerAcks acks;
    private final Replies replies;
    private final long desiredValid;
    private final List<Lease> pool = new ArrayList<>();
    private final List<Client> clients = new ArrayList<>();
    private Consumer<SimulatedServer> onGrant = server -> {
    };
    private boolean stopped;
    /** Where each client exchange is described, when a replay asks for the details; null otherwise. */
    private Consumer<String> trace;
    long grants;
    long renewals;
    long releases;
    long refusals;

    /** One client: what it holds and which of its scheduled actions is the live one. */
    private static final class Client {
        final BindingClient id;
        Lease lease;
        long untilMillis;
        int request;
        int generation;

        Client(BindingClient id) {
            this.id = id;
        }
    }

    SimulatedClients(Simulation sim, SplittableRandom random, PartnerAcks acks, long desiredValid, Replies replies) {
        this.sim = sim;
        this.random = random;
        this.acks = acks;
        this.desiredValid = desiredValid;
        this.replies = replies;
        for (int i = 1; i <= POOL_SIZE; i++) {
            pool.add(Lease.address(new Ipv6Address(0xfd00_0000_0000_0000L, i)));
        }
        for (int i = 1; i <= CLIENTS; i++) {
            clients.add(new Client(new BindingClient(OctetString.of((byte) 0, (byte) 3, (byte) 0, (byte) 1,
                    (byte) 0xc1, (byte) i), IaType.IA_NA, 1)));
        }
    }

    List<Lease> pool() {
        return List.copyOf(pool);
    }

    /** Runs {@code listener} right after any server granted a lease (before it is durable). */
    void onGrant(Consumer<SimulatedServer> listener) {
        this.onGrant = listener;
    }

    /** Describes every client exchange to {@code trace} (for replaying one seed). */
    void trace(Consumer<String> sink) {
        this.trace = sink;
    }

    private void trace(String text) {
        if (trace != null) {
            trace.accept(text);
        }
    }

    void start() {
        for (Client client : clients) {
            next(client, random.nextLong(20_000));
        }
    }

    /** No client asks for anything any more; replies already on their way still arrive. */
    void stop() {
        stopped = true;
    }

    private void next(Client client, long delayMillis) {
        int generation = ++client.generation;
        sim.schedule(delayMillis, () -> {
            if (!stopped && client.generation == generation) {
                act(client);
            }
        });
    }

    private void act(Client client) {
        if (client.lease != null && sim.millis() >= client.untilMillis) {
            client.lease = null; // the valid lifetime ran out
        }
        if (client.lease == null) {
            solicit(client);
            return;
        }
        int roll = random.nextInt(100);
        if (roll < 8) {
            release(client);
        } else if (roll < 16) {
            // Falls silent: no renewal; it comes back after its lease expired.
            next(client, client.untilMillis - sim.millis() + random.nextLong(60_000));
        } else {
            renew(client);
        }
    }

    private void solicit(Client client) {
        List<SimulatedServer> servers = new ArrayList<>();
        for (SimulatedServer server : List.of(sim.primary(), sim.secondary())) {
            EndpointState state = server.state();
            if (state != null && state.responsiveness(server.role()) == Responsiveness.RESPONSIVE
                    && state.mayAllocateNewLeases(server.role())) {
                servers.add(server);
            }
        }
        if (servers.size() == 2 && random.nextBoolean()) {
            servers.add(servers.remove(0));
        }
        for (SimulatedServer server : servers) {
            for (Lease lease : candidates(server, client)) {
                if (ask(client, server, lease)) {
                    return;
                }
            }
        }
        refusals++;
        next(client, 2000 + random.nextLong(15_000));
    }

    /** The server's own free addresses, in random order; a lease this client just let go first. */
    private List<Lease> candidates(SimulatedServer server, Client client) {
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
            } else if (binding.get().isBoundTo(client.id) && (status.equals(BindingStatus.EXPIRED)
                    || status.equals(BindingStatus.RELEASED))) {
                own.add(lease); // §4.2.2.1: back to the same client if no BNDUPD about it left yet
            }
        }
        own.addAll(free);
        return own;
    }

    private void renew(Client client) {
        List<SimulatedServer> servers = new ArrayList<>();
        for (SimulatedServer server : List.of(sim.primary(), sim.secondary())) {
            if (knowsAsActive(server, client, client.lease)) {
                servers.add(server);
            }
        }
        if (!servers.isEmpty() && ask(client, servers.get(random.nextInt(servers.size())), client.lease)) {
            renewals++;
            return;
        }
        refusals++;
        next(client, Math.min(2000 + random.nextLong(10_000), Math.max(1, client.untilMillis - sim.millis())));
    }

    private void release(Client client) {
        Lease lease = client.lease;
        client.lease = null;
        replies.letGo(lease, client.id);
        releases++;
        List<SimulatedServer> servers = new ArrayList<>();
        for (SimulatedServer server : List.of(sim.primary(), sim.secondary())) {
            if (knowsAsActive(server, client, lease)) {
                servers.add(server);
            }
        }
        // The client stops using the address at once; a server that knows the lease hears the RELEASE.
        if (!servers.isEmpty()) {
            SimulatedServer server = servers.get(random.nextInt(servers.size()));
            server.ledger().release(lease, client.id, sim.now(server));
        }
        trace(ClientLeases.name(client.id) + " releases " + lease + (servers.isEmpty() ? " (no server knows it)" : ""));
        next(client, 5000 + random.nextLong(60_000));
    }

    private static boolean knowsAsActive(SimulatedServer server, Client client, Lease lease) {
        EndpointState state = server.state();
        return state != null && state.responsiveness(server.role()) != Responsiveness.UNRESPONSIVE
                && server.ledger().find(lease).filter(b -> b.status().equals(BindingStatus.ACTIVE)
                        && b.isBoundTo(client.id)).isPresent();
    }

    /** Asks {@code server} for {@code lease}; true if it granted (the reply follows once durable). */
    private boolean ask(Client client, SimulatedServer server, Lease lease) {
        long serverNow = sim.now(server);
        long grantMillis = sim.millis();
        EndpointState state = server.state();
        long acked = acks.ackedTo(server.role(), lease);
        LeaseChange change;
        try {
            change = server.ledger().grant(lease, client.id, desiredValid, desiredValid * 6 / 10, serverNow);
        } catch (LeaseTransitionException | IllegalArgumentException refused) {
            return false;
        }
        grants++;
        trace(ClientLeases.name(client.id) + " granted " + lease + " by " + server.role() + " in " + state + " at "
                + grantMillis + " ms, binding " + change.binding());
        long valid = change.binding().lifetimes().validLifetime();
        long mclt = server.config().mclt().toSeconds();
        FailoverEndpoint incarnation = server.endpoint();
        int request = ++client.request;
        ClientLeases.Told told = new ClientLeases.Told(lease, client.id, server.role(), state, grantMillis,
                (grantMillis / 1000 + valid) * 1000, serverNow, valid, acked, mclt);
        change.durable().whenComplete((ok, error) -> sim.later(() -> {
            if (error != null || !server.isUp() || server.endpoint() != incarnation || client.request != request) {
                return; // no reply: the commit failed, or the process died before answering
            }
            trace(ClientLeases.name(client.id) + " told " + lease + " by " + server.role() + " valid " + valid
                    + " s until " + told.untilMillis() + " ms");
            replies.told(server, told);
            client.lease = lease;
            client.untilMillis = told.untilMillis();
            next(client, valid * 500 + random.nextLong(2000));
        }));
        next(client, REPLY_TIMEOUT_MILLIS + random.nextLong(10_000));
        onGrant.accept(server);
        return true;
    }
}
