package org.dhcpfailover.plugin.allocation;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.time.AbsoluteTime;

/**
 * Leases offered to a client (a DHCPv4 OFFER, a DHCPv6 ADVERTISE) and not yet requested: held
 * for that client for {@link #HOLD_SECONDS} so that no other client is offered or granted them
 * meanwhile (RFC 2131 §4.3.1: the server should not offer the same address twice before the
 * client answers), without a binding — nothing is stored and no update goes to the partner until
 * the client's REQUEST commits the lease (RFC 8156 §4.2: the binding, and its MCLT-capped
 * lifetime, start with the commit).
 *
 * <p>In memory only: a server restarted between OFFER and REQUEST has forgotten its offers, and
 * the client's REQUEST for an address it has no binding for gets no lease (the client starts
 * again with a DISCOVER). At most {@link #CAPACITY} offers are held; beyond that the oldest is
 * dropped. Thread-safe.
 */
final class OfferReservations {
    /** How long an offer is held for its client (as long as the DHCPv4 host's own offers). */
    static final long HOLD_SECONDS = 30;
    /** Offers held at once; a flood of DISCOVERs from new clients drops the oldest first. */
    static final int CAPACITY = 65_536;

    private record Held(String pool, BindingClient client, long until) {
    }

    private record ClientInPool(String pool, BindingClient client) {
    }

    /** By lease, oldest first (every offer is held equally long, so also first to expire). */
    private final LinkedHashMap<Lease, Held> byLease = new LinkedHashMap<>();
    private final Map<ClientInPool, Lease> byClient = new HashMap<>();

    /** The lease offered to {@code client} in {@code pool} and held for it at {@code now}. */
    synchronized Optional<Lease> offeredTo(String pool, BindingClient client, long now) {
        purge(now);
        return Optional.ofNullable(byClient.get(new ClientInPool(pool, client)));
    }

    /** Whether {@code lease} is held for a client other than {@code client} at {@code now}. */
    synchronized boolean heldForAnother(Lease lease, BindingClient client, long now) {
        purge(now);
        Held held = byLease.get(lease);
        return held != null && !held.client().equals(client);
    }

    /** Whether {@code lease} is held for {@code client} at {@code now}. */
    synchronized boolean heldFor(Lease lease, BindingClient client, long now) {
        purge(now);
        Held held = byLease.get(lease);
        return held != null && held.client().equals(client);
    }

    /** Holds {@code lease} for {@code client} from {@code now}, instead of its earlier offer in the pool. */
    synchronized void hold(String pool, BindingClient client, Lease lease, long now) {
        purge(now);
        ClientInPool key = new ClientInPool(pool, client);
        Lease earlier = byClient.remove(key);
        if (earlier != null) {
            byLease.remove(earlier);
        }
        Held replaced = byLease.remove(lease);
        if (replaced != null) {
            byClient.remove(new ClientInPool(replaced.pool(), replaced.client()));
        }
        byLease.put(lease, new Held(pool, client, AbsoluteTime.plus(now, HOLD_SECONDS)));
        byClient.put(key, lease);
        Iterator<Map.Entry<Lease, Held>> oldest = byLease.entrySet().iterator();
        while (byLease.size() > CAPACITY) {
            forget(oldest, oldest.next());
        }
    }

    /** The lease was committed (or is otherwise no longer an offer): nobody holds it any more. */
    synchronized void drop(Lease lease) {
        Held held = byLease.remove(lease);
        if (held != null) {
            byClient.remove(new ClientInPool(held.pool(), held.client()), lease);
        }
    }

    /** How many offers are held (for tests and status). */
    synchronized int size() {
        return byLease.size();
    }

    private void purge(long now) {
        Iterator<Map.Entry<Lease, Held>> oldest = byLease.entrySet().iterator();
        while (oldest.hasNext()) {
            Map.Entry<Lease, Held> entry = oldest.next();
            if (AbsoluteTime.secondsBetween(now, entry.getValue().until()) > 0) {
                return;
            }
            forget(oldest, entry);
        }
    }

    private void forget(Iterator<Map.Entry<Lease, Held>> at, Map.Entry<Lease, Held> entry) {
        at.remove();
        byClient.remove(new ClientInPool(entry.getValue().pool(), entry.getValue().client()), entry.getKey());
    }
}
