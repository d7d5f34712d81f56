package org.dhcpfailover.plugin.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.BindingUpdateBuilder;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.binding.LeaseContext;
import org.dhcpfailover.plugin.binding.OutdatedFollowUp;
import org.dhcpfailover.plugin.binding.PartnerSync;
import org.dhcpfailover.plugin.binding.ReplyOutcome;
import org.dhcpfailover.plugin.binding.ReplyProcessor;
import org.dhcpfailover.plugin.config.Allocation;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.MessageType;
import org.dhcpfailover.plugin.wire.OctetString;
import org.dhcpfailover.plugin.wire.StatusCode;

/**
 * The lazy-update queue of one failover relationship (RFC 8156 §4.3, §5.5.5, §7.4–§7.7; digest
 * §8.1–§8.6): the host records binding changes without waiting for the partner, and the queue
 * decides which BNDUPDs may go out, matches the BNDREPLYs and keeps the "partner must be told"
 * promise through reconnects.
 *
 * <p>Rules, and why:
 * <ul>
 * <li>Latest version only. A newer change to a queued lease replaces the queued one (the older
 * state is of no use to the partner). A change to a lease whose BNDUPD is in flight waits and is
 * sent after the reply, so that at most one BNDUPD per lease is ever outstanding and the reply
 * is judged against a known update.</li>
 * <li>One client, one BNDUPD (§7.4, digest §8.2): the queued bindings of one DUID go out together
 * in one OPTION_CLIENT_DATA; a delegable prefix without a client goes alone in a stand-alone
 * OPTION_IAPREFIX. A client with a BNDUPD in flight gets no second one until the reply (same
 * reason as above). An address without a client cannot be described in a BNDUPD at all: the
 * single {@link #enqueue(Binding)} refuses it, the bulk paths skip it.</li>
 * <li>Durable first (docs/protocol.md §6): a BNDUPD leaves only once every binding it carries is
 * on stable storage here ({@link BindingView#isDurable}). A partner that stored a change this
 * server then lost in a crash would keep it — the allocator renews a client's existing lease,
 * so the partner hands it to the client the crashed grant was meant for — while this server,
 * restarted without it, gives the resource to another client (found by the allocation
 * simulation, seed 57). The client itself hears of a grant only once it is durable too, so
 * the lazy update loses nothing by waiting.</li>
 * <li>Flow control (§5.5.5, §6.1.2): never more BNDUPDs without BNDREPLY than the partner's
 * max-unacked-bndupd from CONNECT / CONNECTREPLY ({@link #onConnected(long)}), so that the TCP
 * stream never blocks CONTACT and STATE. Nothing goes out while no connection is up.</li>
 * <li>Transaction-ids come from the shared {@link TransactionIdSource}, which skips an
 * outstanding UPDREQ's id; an id still in flight here is drawn past as well (§5.4).</li>
 * <li>Replies (§7.7): matched by transaction-id; an unknown id is reported in the
 * {@link ReplyResult}, not thrown. The outcome is computed with {@link ReplyProcessor} against
 * the current bindings ({@link BindingView}), but only for the leases that BNDUPD carried, so a
 * reply can never acknowledge what was not sent. The queue does <em>not</em> write: the caller
 * persists {@link ReplyOutcome#updated()} (decision: persistence stays with the one owner of the
 * binding database; the queue stays pure).</li>
 * <li>No ping-pong (§7.5.4, digest §8.3 step 6, §8.6): a rejected lease stays marked but is not
 * queued again by the reply; the {@link #periodicScan(long) periodic scan}, entry to NORMAL, or
 * an UPDREQ sends it. An acknowledged binding that is still marked is queued again at once only if
 * the lease changed after the BNDUPD left (a newer state, not a repeat); if it did not, the
 * reply disagreed with what was sent (a partner echoing another status or lifetime), and an
 * immediate resend would loop, so the scan retries it like a rejection.</li>
 * <li>Connection loss returns every in-flight update to the front of the queue (the partner may
 * never have stored it); entry to NORMAL queues every marked binding (§8.8).</li>
 * </ul>
 * Pure and single-threaded: time comes in as absolute seconds, the caller serialises calls.
 */
public final class UpdateQueue {
    /** Default seconds between periodic scans (the RFC leaves the interval open, §7.5.4). */
    public static final long DEFAULT_SCAN_INTERVAL = 60;

    private final TransactionIdSource ids;
    private final BindingView bindings;
    private final Function<Lease, Allocation> allocation;
    private final long scanInterval;

    private final LinkedHashMap<Key, LinkedHashMap<Lease, Binding>> pending = new LinkedHashMap<>();
    private final Map<Lease, Key> pendingKeys = new HashMap<>();
    private final LinkedHashMap<Integer, InFlight> inFlight = new LinkedHashMap<>();
    private final Map<Lease, Binding> inFlightLeases = new HashMap<>();
    private final Set<Key> inFlightKeys = new HashSet<>();
    private long maxUnacked;
    private long nextScanAt;
    private Consumer<Lease> departures = lease -> {
    };

    /**
     * @param ids          transaction-ids shared with the UPDREQ requester
     * @param bindings     the relationship's current bindings
     * @param allocation   how each lease's pool is split, for the FREE / FREE-BACKUP label
     * @param scanInterval seconds between periodic scans, at least 1
     */
    public UpdateQueue(TransactionIdSource ids, BindingView bindings, Function<Lease, Allocation> allocation,
            long scanInterval) {
        this.ids = Objects.requireNonNull(ids, "ids");
        this.bindings = Objects.requireNonNull(bindings, "bindings");
        this.allocation = Objects.requireNonNull(allocation, "allocation");
        if (scanInterval < 1) {
            throw new IllegalArgumentException("scan interval " + scanInterval + " is not positive");
        }
        this.scanInterval = scanInterval;
    }

    /** Records a changed binding; it replaces any queued version of the same lease. */
    public void enqueue(Binding binding) {
        if (!sendable(binding)) {
            throw new IllegalArgumentException(binding.lease() + " has no client and is no prefix: no BNDUPD can"
                    + " describe it (§7.4)");
        }
        Lease lease = binding.lease();
        removePending(lease);
        Binding sent = inFlightLeases.get(lease);
        if (sent != null && sameState(sent, binding)) {
            return;
        }
        pending.computeIfAbsent(keyOf(binding), key -> new LinkedHashMap<>()).put(lease, binding);
        pendingKeys.put(lease, keyOf(binding));
    }

    /**
     * Drops the queued (not in-flight) version of {@code lease}: the partner's accepted update
     * replaced it, and sending it would only be rejected as outdated.
     */
    public void discard(Lease lease) {
        removePending(lease);
        departures.accept(lease);
    }

    /**
     * Tells {@code listener} of every lease that may have left the queue: each lease a BNDREPLY
     * answered and each {@link #discard discarded} one (it may be queued again at once, e.g.
     * changed since it was sent: ask {@link #isQueued}). These are the only ways out of the
     * queue besides connection loss, so a watcher of a set of queued leases (the UPDREQ
     * responder) needs to look only at these, not at its whole set on every reply, which made
     * answering an UPDREQALL quadratic in the number of bindings. Replaces any earlier listener.
     */
    public void onDeparture(Consumer<Lease> listener) {
        this.departures = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Queues each of {@code candidates} that can be sent and is not queued already (a queued
     * version came from the host and is at least as new), nor in flight unchanged.
     *
     * @return how many were queued
     */
    public int enqueueAll(Collection<Binding> candidates) {
        int queued = 0;
        for (Binding binding : candidates) {
            Lease lease = binding.lease();
            if (!sendable(binding) || pendingKeys.containsKey(lease)) {
                continue;
            }
            Binding sent = inFlightLeases.get(lease);
            if (sent == null || !sameState(sent, binding)) {
                enqueue(binding);
                queued++;
            }
        }
        return queued;
    }

    /**
     * Follows up a rejection of the partner's update as outdated (digest §8.3 step 6): queued at
     * once only if the lease was not marked before; otherwise the periodic scan sends it.
     */
    public void onOutdatedRejection(OutdatedFollowUp followUp) {
        if (followUp.sendNow()) {
            enqueue(followUp.binding());
        }
    }

    /**
     * A connection is up and the partner announced {@code partnerMaxUnacked} in its CONNECT or
     * CONNECTREPLY (F_MAX_UNACKED_BNDUPD, §5.5.5).
     */
    public void onConnected(long partnerMaxUnacked) {
        if (partnerMaxUnacked < 1 || partnerMaxUnacked > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("max-unacked-bndupd " + partnerMaxUnacked
                    + " is not in 1..2^32-1 (0 would never let an update out)");
        }
        maxUnacked = partnerMaxUnacked;
    }

    /**
     * The BNDUPDs that may be sent now, oldest first, without exceeding the partner's
     * max-unacked-bndupd; each is in flight from now on.
     */
    public List<OutgoingUpdate> poll(long now) {
        List<OutgoingUpdate> out = new ArrayList<>();
        while (inFlight.size() < maxUnacked) {
            Key key = firstReady();
            if (key == null) {
                break;
            }
            LinkedHashMap<Lease, Binding> group = pending.remove(key);
            List<Binding> sent = new ArrayList<>();
            for (Binding binding : group.values()) {
                pendingKeys.remove(binding.lease());
                sent.add(binding.sync().partnerMustBeTold() ? binding.withSync(PartnerSync.SENT) : binding);
            }
            int id = freshId();
            FailoverMessage message = key instanceof PrefixKey
                    ? BindingUpdateBuilder.forPrefix(id, now, sent.get(0))
                    : BindingUpdateBuilder.forClient(id, now, sent);
            inFlight.put(id, new InFlight(key, sent));
            inFlightKeys.add(key);
            for (Binding binding : sent) {
                inFlightLeases.put(binding.lease(), binding);
            }
            out.add(new OutgoingUpdate(message, sent));
        }
        return out;
    }

    /**
     * Takes a received BNDREPLY (§7.7): frees its flow-control slot and works out what it
     * acknowledged. The caller persists {@code outcome().updated()}.
     *
     * @param reply   the BNDREPLY
     * @param context time, MCLT and PARTNER-DOWN state, for freeing acknowledged leases
     */
    public ReplyResult onReply(FailoverMessage reply, LeaseContext context) {
        if (!reply.type().equals(MessageType.BNDREPLY)) {
            throw new IllegalArgumentException("not a BNDREPLY: " + reply.type());
        }
        InFlight answered = inFlight.remove(reply.transactionId());
        if (answered == null) {
            return new ReplyResult(reply.transactionId(), Optional.empty());
        }
        inFlightKeys.remove(answered.key());
        Map<Lease, Binding> sent = new HashMap<>();
        for (Binding binding : answered.bindings()) {
            inFlightLeases.remove(binding.lease());
            sent.put(binding.lease(), binding);
            departures.accept(binding.lease());
        }
        Set<Lease> sentLeases = sent.keySet();
        Set<Lease> changedSince = new HashSet<>();
        for (Binding binding : sent.values()) {
            bindings.find(binding.lease()).filter(current -> !sameState(current, binding))
                    .ifPresent(current -> changedSince.add(current.lease()));
        }
        ReplyOutcome raw = ReplyProcessor.apply(reply,
                lease -> sentLeases.contains(lease) ? bindings.find(lease) : Optional.empty(),
                allocation, context);
        Map<Lease, StatusCode> rejected = new LinkedHashMap<>(raw.rejected());
        rejected.keySet().retainAll(sentLeases);
        for (Binding updated : raw.updated()) {
            if (updated.sync().partnerMustBeTold() && changedSince.contains(updated.lease())) {
                enqueue(updated);
            } else if (pendingKeys.containsKey(updated.lease())) {
                refreshPending(updated);
            }
        }
        return new ReplyResult(reply.transactionId(), Optional.of(new ReplyOutcome(raw.updated(),
                rejected)));
    }

    /**
     * The connection is gone: every in-flight update goes back to the front of the queue,
     * unless a newer version of its lease is queued already; nothing goes out until the next
     * {@link #onConnected(long)}.
     */
    public void onConnectionLost() {
        maxUnacked = 0;
        LinkedHashMap<Key, LinkedHashMap<Lease, Binding>> reordered = new LinkedHashMap<>();
        for (InFlight update : inFlight.values()) {
            for (Binding binding : update.bindings()) {
                if (!pendingKeys.containsKey(binding.lease())) {
                    reordered.computeIfAbsent(keyOf(binding), key -> new LinkedHashMap<>())
                            .put(binding.lease(), binding);
                }
            }
        }
        pending.forEach((key, group) -> reordered.computeIfAbsent(key, k -> new LinkedHashMap<>()).putAll(group));
        inFlight.clear();
        inFlightLeases.clear();
        inFlightKeys.clear();
        pending.clear();
        pendingKeys.clear();
        pending.putAll(reordered);
        pending.forEach((key, group) -> group.keySet().forEach(lease -> pendingKeys.put(lease, key)));
    }

    /**
     * Entry to NORMAL (§8.8, digest §8.1): every binding still marked for the partner is queued.
     *
     * @return how many bindings were queued
     */
    public int onEnterNormal() {
        return enqueueMarked();
    }

    /**
     * The periodic scan (§7.5.4): at most once per scan interval, queues every binding still
     * marked for the partner, which is how a rejected lease is retried. The first call scans.
     *
     * @return whether a scan ran
     */
    public boolean periodicScan(long now) {
        if (now < nextScanAt) {
            return false;
        }
        nextScanAt = now + scanInterval;
        enqueueMarked();
        return true;
    }

    /** Whether {@code lease} is queued or in flight. */
    public boolean isQueued(Lease lease) {
        return pendingKeys.containsKey(lease) || inFlightLeases.containsKey(lease);
    }

    /** Every lease queued or in flight. */
    public Set<Lease> queuedLeases() {
        Set<Lease> leases = new HashSet<>(pendingKeys.keySet());
        leases.addAll(inFlightLeases.keySet());
        return leases;
    }

    /** How many BNDUPDs are in flight (sent, no BNDREPLY yet). */
    public int outstanding() {
        return inFlight.size();
    }

    /** How many leases wait to be sent. */
    public int pendingLeases() {
        return pendingKeys.size();
    }

    private int enqueueMarked() {
        List<Binding> marked = new ArrayList<>();
        for (Binding binding : bindings.all()) {
            if (binding.sync().partnerMustBeTold()) {
                marked.add(binding);
            }
        }
        return enqueueAll(marked);
    }

    private Key firstReady() {
        for (Map.Entry<Key, LinkedHashMap<Lease, Binding>> entry : pending.entrySet()) {
            if (!inFlightKeys.contains(entry.getKey()) && ready(entry.getValue().keySet())) {
                return entry.getKey();
            }
        }
        return null;
    }

    /** None of {@code leases} is in flight and all are durable. */
    private boolean ready(Set<Lease> leases) {
        for (Lease lease : leases) {
            if (inFlightLeases.containsKey(lease) || !bindings.isDurable(lease)) {
                return false;
            }
        }
        return true;
    }

    private int freshId() {
        int id;
        do {
            id = ids.next();
        } while (inFlight.containsKey(id));
        return id;
    }

    private void removePending(Lease lease) {
        Key key = pendingKeys.remove(lease);
        if (key != null) {
            LinkedHashMap<Lease, Binding> group = pending.get(key);
            group.remove(lease);
            if (group.isEmpty()) {
                pending.remove(key);
            }
        }
    }

    /** Replaces the queued copy of an acknowledged lease with its updated times, keeping its place. */
    private void refreshPending(Binding updated) {
        Key key = pendingKeys.get(updated.lease());
        LinkedHashMap<Lease, Binding> group = pending.get(key);
        Binding queued = group.get(updated.lease());
        group.put(updated.lease(), queued.withTimes(queued.times().withAckedPartnerLifetime(
                updated.times().ackedPartnerLifetime())));
    }

    private static boolean sendable(Binding binding) {
        return binding.client().isPresent() || binding.lease().standsAlone();
    }

    /** Equal apart from the marker: sending one is sending the other. */
    private static boolean sameState(Binding a, Binding b) {
        return a.withSync(PartnerSync.ACKNOWLEDGED).equals(b.withSync(PartnerSync.ACKNOWLEDGED));
    }

    private static Key keyOf(Binding binding) {
        return binding.client().<Key>map(client -> new ClientKey(client.duid()))
                .orElseGet(() -> new PrefixKey(binding.lease()));
    }

    /** What one BNDUPD describes: a client (by DUID) or a stand-alone prefix. */
    private sealed interface Key permits ClientKey, PrefixKey {
    }

    private record ClientKey(OctetString duid) implements Key {
    }

    private record PrefixKey(Lease lease) implements Key {
    }

    private record InFlight(Key key, List<Binding> bindings) {
    }
}
