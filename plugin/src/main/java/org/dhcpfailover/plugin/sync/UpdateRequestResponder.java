package org.dhcpfailover.plugin.sync;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.MessageType;

/**
 * Answers the partner's UPDREQ and UPDREQALL (RFC 8156 §5.3.5–§5.3.7, §8.5.2; digest §8.8):
 * queues the requested bindings on the {@link UpdateQueue} (which keeps to max-unacked-bndupd)
 * and says when the UPDDONE may go: only when every BNDUPD the request covers was answered by a
 * BNDREPLY, because UPDDONE means "all sent and all acknowledged". The UPDDONE echoes the
 * request's transaction-id (decision A9).
 *
 * <p>What a request covers: UPDREQ, "everything not yet acknowledged by you", is every binding
 * still marked for the partner plus everything already queued or in flight; UPDREQALL,
 * "everything", is every binding a BNDUPD can describe (an address that never had a client
 * carries nothing the partner lacks and cannot be described, §7.4), plus the same queue
 * contents. A covered lease counts as answered once the queue no longer holds it (its BNDREPLY
 * came, accepting or rejecting: a rejection is an answer too). A later change to an answered
 * lease is ordinary lazy update and does not hold the UPDDONE back.
 *
 * <p>Decision where the RFC is silent, a second request while one is being answered: each
 * request is answered on its own, with its own UPDDONE once everything it covers is answered;
 * bindings both cover are sent once (the queue never queues a lease twice). The RFC forbids
 * neither, and a requester that re-issues (e.g. RECOVER then POTENTIAL-CONFLICT) waits for the
 * UPDDONE with its own id. On connection loss every request is forgotten: the requester
 * re-issues after the reconnect (§8.5.2), so an UPDDONE on the new connection for an old request
 * would only mislead.
 *
 * <p>Call {@link #completed(long)} after {@link #onRequest(FailoverMessage)} (a request covering
 * nothing is done at once) and after every BNDREPLY given to the queue.
 *
 * <p>Cost: a request's covered set is checked only for the leases that left the queue since the
 * last {@link #completed(long)} (the queue reports them, {@link UpdateQueue#onDeparture}), so
 * answering an UPDREQALL of n bindings costs O(n) in all, not O(n) per BNDREPLY.
 */
public final class UpdateRequestResponder {
    private final UpdateQueue queue;
    private final BindingView bindings;
    private final List<Request> requests = new ArrayList<>();
    /** Leases that left the queue since the last {@link #completed}, while a request was open. */
    private final Set<Lease> departed = new HashSet<>();

    public UpdateRequestResponder(UpdateQueue queue, BindingView bindings) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.bindings = Objects.requireNonNull(bindings, "bindings");
        queue.onDeparture(lease -> {
            if (!requests.isEmpty()) {
                departed.add(lease);
            }
        });
    }

    /** Takes a received UPDREQ or UPDREQALL and queues the bindings it asks for. */
    public void onRequest(FailoverMessage request) {
        boolean all = request.type().equals(MessageType.UPDREQALL);
        if (!all && !request.type().equals(MessageType.UPDREQ)) {
            throw new IllegalArgumentException("not an UPDREQ or UPDREQALL: " + request.type());
        }
        List<Binding> wanted = new ArrayList<>();
        for (Binding binding : bindings.all()) {
            if (all || binding.sync().partnerMustBeTold()) {
                wanted.add(binding);
            }
        }
        queue.enqueueAll(wanted);
        requests.add(new Request(request.transactionId(), queue.queuedLeases()));
    }

    /**
     * The UPDDONEs that may be sent now, in the order their requests arrived, each once: every
     * lease its request covered has been answered.
     */
    public List<FailoverMessage> completed(long now) {
        List<FailoverMessage> done = new ArrayList<>();
        // A covered lease still queued at the last call and not departed since is still queued.
        departed.removeIf(queue::isQueued);
        for (Iterator<Request> it = requests.iterator(); it.hasNext();) {
            Request request = it.next();
            for (Lease answered : departed) {
                request.covered().remove(answered);
            }
            if (request.covered().isEmpty()) {
                it.remove();
                done.add(FailoverMessage.of(MessageType.UPDDONE, request.transactionId(), now));
            }
        }
        departed.clear();
        return done;
    }

    /** The connection is gone: the requests die with it (the requester re-issues, §8.5.2). */
    public void onConnectionLost() {
        requests.clear();
        departed.clear();
    }

    /** How many requests are being answered. */
    public int answering() {
        return requests.size();
    }

    /** One request being answered: its id and the leases still waiting for a BNDREPLY. */
    private record Request(int transactionId, Set<Lease> covered) {
    }
}
