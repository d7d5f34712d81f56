package org.dhcpfailover.plugin.simulation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.endpoint.EndpointState;

/**
 * The ground truth about clients: every lease a client was told it holds, and until when, kept
 * by the harness apart from either server's database. It checks, as each reply reaches a client:
 * <ul>
 *   <li>(1) no lease is held by two clients at once (RFC 8156 §4.2.2.1, §8.8.1): a lease goes to
 *       a client only after every other client's hold on it ended — its valid lifetime ran out
 *       or it released the lease;</li>
 *   <li>(3) outside PARTNER-DOWN no client was told a lifetime beyond the acknowledged partner
 *       lifetime plus the MCLT (§4.4, digest §9.1), the acknowledgement taken from the wire
 *       ({@link PartnerAcks}) as it stood when the server made the grant.</li>
 * </ul>
 * Times are the simulation's (real) milliseconds; a lifetime runs from the whole second the
 * granting server read on its clock, which is when its own expiry scan counts from.
 */
final class ClientLeases {

    /**
     * One reply to a client.
     *
     * @param lease        the address
     * @param client       who was told
     * @param server       who answered
     * @param state        the answering server's state when it granted
     * @param grantMillis  real time of the grant
     * @param untilMillis  real time the valid lifetime ends
     * @param serverGrant  the granting server's clock at the grant, absolute seconds
     * @param valid        the valid lifetime told, seconds
     * @param ackedAtGrant the partner lifetime acknowledged to the server then (0: none)
     * @param mclt         the MCLT in use
     */
    record Told(Lease lease, BindingClient client, Role server, EndpointState state, long grantMillis,
            long untilMillis, long serverGrant, long valid, long ackedAtGrant, long mclt) {
    }

    /** A client's hold on a lease: from a reply until its lifetime ends or it lets go. */
    private static final class Hold {
        final Told told;
        long endMillis;

        Hold(Told told) {
            this.told = told;
            this.endMillis = told.untilMillis();
        }
    }

    private final Consumer<String> violation;
    private final Map<Lease, List<Hold>> holds = new HashMap<>();
    private final Map<Lease, BindingClient> lastHolder = new HashMap<>();
    long told;
    long reusedForAnotherClient;
    long checks;

    ClientLeases(Consumer<String> violation) {
        this.violation = violation;
    }

    /** A client received {@code reply}; checks (1) and (3). */
    void told(Told reply) {
        told++;
        checks += 2;
        List<Hold> leaseHolds = holds.computeIfAbsent(reply.lease(), l -> new ArrayList<>());
        for (Hold hold : leaseHolds) {
            if (!hold.told.client().equals(reply.client()) && hold.endMillis > reply.grantMillis()) {
                violation.accept("(1) " + reply.lease() + " granted to " + name(reply.client()) + " by " + reply.server()
                        + " in " + reply.state() + " at " + reply.grantMillis() + " ms while " + name(hold.told.client())
                        + " holds it until " + hold.endMillis + " ms (told by " + hold.told.server() + " in "
                        + hold.told.state() + ")");
            }
        }
        if (reply.state() != EndpointState.PARTNER_DOWN) {
            long bound = Math.max(reply.ackedAtGrant(), reply.serverGrant()) + reply.mclt();
            if (reply.serverGrant() + reply.valid() > bound) {
                violation.accept("(3) " + reply.server() + " in " + reply.state() + " told " + name(reply.client())
                        + " a lifetime of " + reply.valid() + " s for " + reply.lease() + " at " + reply.serverGrant()
                        + ", beyond acked partner lifetime " + reply.ackedAtGrant() + " + MCLT " + reply.mclt());
            }
        }
        BindingClient previous = lastHolder.put(reply.lease(), reply.client());
        if (previous != null && !previous.equals(reply.client())) {
            reusedForAnotherClient++;
        }
        leaseHolds.removeIf(hold -> hold.endMillis <= reply.grantMillis());
        // A renewal replaces what the client recorded, a shorter lifetime too (RFC 8415 §18.2.10.1).
        leaseHolds.removeIf(hold -> hold.told.client().equals(reply.client()));
        leaseHolds.add(new Hold(reply));
    }

    /** {@code client} stopped using {@code lease} at {@code millis} (RELEASE, or gave it up). */
    void letGo(Lease lease, BindingClient client, long millis) {
        for (Hold hold : holds.getOrDefault(lease, List.of())) {
            if (hold.told.client().equals(client) && hold.endMillis > millis) {
                hold.endMillis = millis;
            }
        }
    }

    /** Every hold that lasts beyond {@code millis}: the reply that began it. */
    List<Told> heldBeyond(long millis) {
        List<Told> held = new ArrayList<>();
        holds.values().forEach(leaseHolds -> leaseHolds.stream().filter(hold -> hold.endMillis > millis)
                .forEach(hold -> held.add(hold.told)));
        return held;
    }

    static String name(BindingClient client) {
        return "client " + client.duid();
    }
}
