package org.dhcpfailover.plugin.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.endpoint.EndpointState;
import org.dhcpfailover.plugin.endpoint.FailoverEndpoint;
import org.dhcpfailover.plugin.sync.Responsiveness;
import org.dhcpfailover.plugin.sync.LeaseChange;
import org.dhcpfailover.plugin.wire.BindingStatus;

/**
 * DHCP clients of both servers, as small as the invariants need; which clients there are, the
 * resources they contend for and how a server's host answers them is the {@link ClientHost}'s
 * (the harness picking addresses, or the plugin's allocator). The client hears of a grant only
 * once it is durable, exactly as a host replies only after the commit.
 *
 * <p>Client behaviour: solicit when holding nothing (every server the host says hears it, in
 * random order); renew at T1 (½ of the valid lifetime) at a server the host says it sends its
 * RENEW to; sometimes release, sometimes fall silent and let the lease expire. A reply that does
 * not come within {@link #REPLY_TIMEOUT_MILLIS} (the server crashed before its commit was durable)
 * is given up and the client tries again later. A client told another lease than it held keeps
 * its hold on the old one until that one's lifetime ends (it was not told to stop using it).
 */
final class SimulatedClients {

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
    private final ClientHost host;
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
    /** Grants (new leases and renewals) by pool name. */
    final Map<String, Long> grantsByPool = new TreeMap<>();

    /** One client: what it holds and which of its scheduled actions is the live one. */
    private static final class Client {
        final ClientHost.Requester requester;
        final BindingClient id;
        Lease lease;
        long untilMillis;
        int request;
        int generation;

        Client(ClientHost.Requester requester) {
            this.requester = requester;
            this.id = requester.id();
        }
    }

    /**
     * @param random the clients' random source
     * @param host   the host side of both servers; built on the same {@code random} if it needs one
     */
    SimulatedClients(Simulation sim, SplittableRandom random, PartnerAcks acks, long desiredValid, ClientHost host,
            Replies replies) {
        this.sim = sim;
        this.random = random;
        this.acks = acks;
        this.desiredValid = desiredValid;
        this.host = host;
        this.replies = replies;
        for (ClientHost.Requester requester : host.requesters()) {
            clients.add(new Client(requester));
        }
    }

    /** Every resource the clients contend for. */
    List<Lease> pool() {
        return host.resources();
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
            if (host.hears(server)) {
                servers.add(server);
            }
        }
        if (servers.size() == 2 && random.nextBoolean()) {
            servers.add(servers.remove(0));
        }
        for (SimulatedServer server : servers) {
            if (ask(client, server, now -> host.solicit(server, client.requester, desiredValid,
                    desiredValid * 6 / 10, now))) {
                return;
            }
        }
        refusals++;
        next(client, 2000 + random.nextLong(15_000));
    }

    private void renew(Client client) {
        List<SimulatedServer> servers = new ArrayList<>();
        for (SimulatedServer server : List.of(sim.primary(), sim.secondary())) {
            if (host.renewsAt(server, client.requester, client.lease)) {
                servers.add(server);
            }
        }
        Lease held = client.lease;
        if (!servers.isEmpty() && askAt(client, servers.get(random.nextInt(servers.size())), held)) {
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
            if (knowsAsActive(server, client.id, lease)) {
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

    /** Whether {@code server} answers clients in its state and holds {@code lease} ACTIVE for {@code client}. */
    static boolean knowsAsActive(SimulatedServer server, BindingClient client, Lease lease) {
        EndpointState state = server.state();
        return state != null && state.responsiveness(server.role()) != Responsiveness.UNRESPONSIVE
                && server.ledger().find(lease).filter(b -> b.status().equals(BindingStatus.ACTIVE)
                        && b.isBoundTo(client)).isPresent();
    }

    private boolean askAt(Client client, SimulatedServer server, Lease held) {
        return ask(client, server, now -> host.renew(server, client.requester, held, desiredValid,
                desiredValid * 6 / 10, now));
    }

    /**
     * Asks {@code server} with {@code exchange} (given the server's clock); true if it granted
     * (the reply follows once durable).
     */
    private boolean ask(Client client, SimulatedServer server, LongFunction<Optional<LeaseChange>> exchange) {
        long serverNow = sim.now(server);
        long grantMillis = sim.millis();
        EndpointState state = server.state();
        Optional<LeaseChange> granted = exchange.apply(serverNow);
        if (granted.isEmpty()) {
            return false;
        }
        LeaseChange change = granted.get();
        Lease lease = change.binding().lease();
        // Read after the grant: nothing is delivered during it, so it is the value at the grant.
        long acked = acks.ackedTo(server.role(), lease);
        grants++;
        grantsByPool.merge(client.requester.pool(), 1L, Long::sum);
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
