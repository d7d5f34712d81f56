package org.dhcpfailover.plugin.sync;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.BindingReplyBuilder;
import org.dhcpfailover.plugin.binding.BindingUpdateParser;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.binding.OutdatedFollowUp;
import org.dhcpfailover.plugin.binding.ParsedUpdate;
import org.dhcpfailover.plugin.binding.PartnerSync;
import org.dhcpfailover.plugin.binding.ReceivedLease;
import org.dhcpfailover.plugin.binding.UpdateAcceptance;
import org.dhcpfailover.plugin.binding.UpdateStore;
import org.dhcpfailover.plugin.binding.UpdateVerdict;
import org.dhcpfailover.plugin.binding.EchoedData;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.log.CatalogLogger;
import org.dhcpfailover.plugin.log.LogMessage;
import org.dhcpfailover.plugin.log.RateLimiter;
import org.dhcpfailover.plugin.wire.DhcpOption;
import org.dhcpfailover.plugin.wire.OptionCode;
import org.dhcpfailover.plugin.time.AbsoluteTime;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.StatusCode;

/**
 * Binding-database synchronisation for one relationship (RFC 8156 §4.3, §7, §8.8; digest §8):
 * the endpoint hands it every BNDUPD, BNDREPLY, UPDREQ and UPDREQALL it receives and asks it
 * to send when the connection allows; it keeps the lazy-update queue, answers update requests,
 * and stores what the partner sends.
 *
 * <p>Runs on the endpoint's thread, like the endpoint. Its only waits are on the disk, and those
 * are continuations: a received BNDUPD is decided and committed at once, and its BNDREPLY goes
 * out when the commit is durable (§7.5.2, §8.4: never before), from the endpoint's thread
 * ({@link EndpointThread}). If the connection was replaced in between, the reply is dropped:
 * the partner re-sends the update on the new connection, possibly with a reused transaction-id
 * that an old reply would wrongly answer.
 *
 * <p>Decisions where the RFC is open: queued BNDUPDs flow whenever the endpoint says the
 * connection may carry them ({@link #pump}) — the endpoint allows it once the partner's STATE
 * arrived and this server has left STARTUP — rather than only in NORMAL, because the update
 * rules (§7.5.4) make an early update harmless and a server answering UPDREQ in any state needs
 * the queue anyway. An accepted update from the partner replaces a queued local version of the
 * same lease, which would otherwise go out and be rejected as outdated.
 */
public final class BindingSync {
    /** Seconds between steps of the expiry scan (the RFC leaves it open). */
    public static final long EXPIRY_SCAN_INTERVAL = 1;
    /** Bindings examined per step: a full pass takes (bindings / this) steps. */
    public static final int EXPIRY_SCAN_BATCH = 10_000;

    /** What the endpoint provides: sending on the current connection, and failure handling. */
    public interface Outlet {
        /** Sends on the current connection, if there is one. */
        void send(FailoverMessage message);

        /** The binding store failed: nothing more may be acknowledged or served. */
        void storeFailed(IOException error);
    }

    /** The partner's DNS data is mentioned in the log at most once per this many seconds. */
    static final long DNS_NOTICE_INTERVAL_SECONDS = 3600;

    private final LeaseLedger ledger;
    private final Role role;
    private final String relationship;
    private final CatalogLogger log;
    private final RateLimiter dnsNotices = new RateLimiter(DNS_NOTICE_INTERVAL_SECONDS);
    private final EndpointThread thread;
    private final Outlet outlet;
    private final UpdateQueue queue;
    private final UpdateRequestResponder responder;
    private final SyncCounters counters = new SyncCounters();
    /** Connection generation: a continuation from an earlier connection must not send. */
    private int connection;
    private boolean failed;
    private long nextExpiryScan;
    /** Received BNDUPDs committed to the store and not yet durable (their BNDREPLY waits). */
    private int awaitingDurability;

    public BindingSync(LeaseLedger ledger, Role role, TransactionIdSource ids, long scanInterval,
            EndpointThread thread, Outlet outlet, String relationship, CatalogLogger log) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.role = Objects.requireNonNull(role, "role");
        this.relationship = Objects.requireNonNull(relationship, "relationship");
        this.log = Objects.requireNonNull(log, "log");
        this.thread = Objects.requireNonNull(thread, "thread");
        this.outlet = Objects.requireNonNull(outlet, "outlet");
        this.queue = new UpdateQueue(ids, ledger, ledger.scope().allocation(), scanInterval);
        this.responder = new UpdateRequestResponder(queue, ledger);
    }

    // ------------------------------------------------------------------ connection

    /** A connection is established; the partner absorbs {@code partnerMaxUnacked} BNDUPDs (§6.1). */
    public void onConnected(long partnerMaxUnacked) {
        connection++;
        queue.onConnected(partnerMaxUnacked);
    }

    /** The connection is gone: in-flight updates go back to the queue, requests are forgotten (§8.5.2). */
    public void onConnectionLost() {
        connection++;
        queue.onConnectionLost();
        responder.onConnectionLost();
    }

    /** Entry to NORMAL: every binding still marked for the partner is queued (§8.8). */
    public void onEnterNormal() {
        queue.onEnterNormal();
    }

    // ------------------------------------------------------------------ receiving

    /**
     * A BNDUPD from the partner (§7.5): each lease decided by the §7.5.4 rules, the accepted
     * ones stored (§7.5.5), and the BNDREPLY sent once they are durable.
     */
    public void onUpdate(FailoverMessage update, long now) {
        if (!usable()) {
            return;
        }
        ParsedUpdate parsed = BindingUpdateParser.parse(update);
        if (parsed.refusal().isPresent()) {
            counters.refused(parsed.refusal().get().status());
            outlet.send(BindingReplyBuilder.build(update, now, parsed.refusal(), lease -> UpdateVerdict.ACCEPTED));
            return;
        }
        noticeDnsData(parsed, now);
        Map<Lease, UpdateVerdict> verdicts = new HashMap<>();
        List<OutdatedFollowUp> followUps = new ArrayList<>();
        CompletableFuture<Void> durable = ledger.exclusively(() -> {
            List<Binding> store = new ArrayList<>();
            for (ReceivedLease received : parsed.leases()) {
                Optional<Binding> local = ledger.find(received.lease());
                UpdateVerdict verdict = UpdateAcceptance.decide(received, local, role, now, ledger.scope().covers(),
                        ledger.scope().allocation());
                verdicts.put(received.lease(), verdict);
                if (verdict.accepted()) {
                    Binding stored = UpdateStore.apply(local, received);
                    store.add(stored);
                    queue.discard(received.lease());
                } else {
                    counters.refused(verdict.status());
                    if (verdict.status().equals(StatusCode.OUTDATED_BINDING_INFORMATION) && local.isPresent()) {
                        OutdatedFollowUp followUp = OutdatedFollowUp.after(local.get());
                        if (!followUp.binding().equals(local.get())) {
                            store.add(followUp.binding());
                        }
                        followUps.add(followUp);
                    }
                }
            }
            return ledger.commitAll(store);
        });
        int sentOn = connection;
        awaitingDurability++;
        durable.whenComplete((ok, error) -> thread.later(at -> {
            awaitingDurability--;
            if (error != null) {
                fail(error);
                return;
            }
            if (failed || sentOn != connection) {
                return;
            }
            outlet.send(BindingReplyBuilder.build(update, at, Optional.empty(), verdicts::get));
            counters.updatesAnswered++;
            followUps.forEach(queue::onOutdatedRejection);
        }));
    }

    /**
     * docs/protocol.md §3: DNS data from the partner (OPTION_CLIENT_FQDN, OPTION_F_DNS_REMOVAL_INFO)
     * is kept and echoed, never refused; an operator hears once an hour that the partner performs
     * DNS updates this server will not undo.
     */
    private void noticeDnsData(ParsedUpdate parsed, long now) {
        for (ReceivedLease received : parsed.leases()) {
            if (carriesDnsData(received.echoed()) && dnsNotices.permit("dns", now) >= 0) {
                log.log(LogMessage.FO_PARTNER_DNS_DATA, relationship, received.lease());
                return;
            }
        }
    }

    private static boolean carriesDnsData(EchoedData echoed) {
        return echoed.leaseOptions().stream().anyMatch(BindingSync::isDns)
                || echoed.clientOptions().stream().anyMatch(BindingSync::isDns);
    }

    private static boolean isDns(DhcpOption option) {
        return option.code().equals(OptionCode.CLIENT_FQDN) || option.code().equals(OptionCode.F_DNS_REMOVAL_INFO);
    }

    /** A BNDREPLY (§7.7): acknowledgements stored, rejections left marked for the periodic scan. */
    public void onReply(FailoverMessage reply, long now) {
        if (!usable()) {
            return;
        }
        ReplyResult result = ledger.exclusively(() -> {
            ReplyResult outcome = queue.onReply(reply, ledger.context(now));
            outcome.outcome().ifPresent(o -> watch(ledger.commitAll(o.updated())));
            return outcome;
        });
        if (!result.matched()) {
            counters.unmatchedReplies++;
            return;
        }
        counters.repliesReceived++;
        counters.acknowledgedByPartner += result.outcome().get().updated().size();
        result.outcome().get().rejected().values().forEach(counters::rejectedByPartner);
        sendCompletedRequests(now);
    }

    /** An UPDREQ or UPDREQALL (§5.3.5, §5.3.6): the bindings asked for are queued; UPDDONE follows. */
    public void onUpdateRequest(FailoverMessage request, long now) {
        if (!usable()) {
            return;
        }
        absorbHostChanges();
        responder.onRequest(request);
        sendCompletedRequests(now);
    }

    private void sendCompletedRequests(long now) {
        for (FailoverMessage done : responder.completed(now)) {
            outlet.send(done);
        }
    }

    // ------------------------------------------------------------------ sending

    /**
     * Once a second: queues the host's changes, runs a step of the expiry scan
     * ({@link #EXPIRY_SCAN_BATCH} bindings) and the periodic resend scan (§7.5.4), and sends if
     * {@code maySend}.
     */
    public void tick(long now, boolean maySend) {
        if (!usable()) {
            return;
        }
        if (AbsoluteTime.secondsBetween(nextExpiryScan, now) >= 0) {
            nextExpiryScan = AbsoluteTime.plus(now, EXPIRY_SCAN_INTERVAL);
            ledger.expireDue(now, EXPIRY_SCAN_BATCH);
        }
        absorbHostChanges();
        queue.periodicScan(now);
        if (maySend) {
            pump(now);
        }
    }

    /**
     * Queues the host's changes and sends what flow control allows (§5.5.5). The endpoint calls
     * it only while the connection may carry BNDUPDs. An EXPIRED or RELEASED lease is marked
     * SENT as its BNDUPD leaves (§4.2.2.1: from then on its client may not simply have it
     * back). For every other state the difference between PENDING and SENT decides nothing, so
     * it is not written: a grant then costs two durable writes on its server (the grant and the
     * acknowledgement), not three.
     */
    public void pump(long now) {
        if (!usable()) {
            return;
        }
        absorbHostChanges();
        List<OutgoingUpdate> out = queue.poll(now);
        if (out.isEmpty()) {
            return;
        }
        // Only an EXPIRED or RELEASED binding can need its SENT marker stored (the stored one must
        // equal the sent one but for the marker, status included): for grants, the common case,
        // no ledger lock and no decode at all.
        if (out.stream().anyMatch(update -> update.bindings().stream()
                .anyMatch(binding -> givesBackOnlyUnsent(binding.status())))) {
            ledger.exclusively(() -> {
                List<Binding> sent = new ArrayList<>();
                for (OutgoingUpdate update : out) {
                    for (Binding binding : update.bindings()) {
                        if (!givesBackOnlyUnsent(binding.status())) {
                            continue;
                        }
                        ledger.find(binding.lease()).filter(current -> current.sync() == PartnerSync.PENDING
                                && current.withSync(PartnerSync.SENT).equals(binding))
                                .ifPresent(current -> sent.add(binding));
                    }
                }
                if (!sent.isEmpty()) {
                    watch(ledger.commitAll(sent));
                }
                return null;
            });
        }
        for (OutgoingUpdate update : out) {
            outlet.send(update.message());
            counters.updatesSent++;
        }
    }

    /** The states whose client may have the lease back only while nothing about them was sent. */
    private static boolean givesBackOnlyUnsent(BindingStatus status) {
        return status.equals(BindingStatus.EXPIRED) || status.equals(BindingStatus.RELEASED);
    }

    /** Moves the leases the host changed into the queue, those still marked for the partner. */
    private void absorbHostChanges() {
        for (Lease lease : ledger.drainChanged()) {
            ledger.find(lease).filter(binding -> binding.sync().partnerMustBeTold()
                    && (binding.client().isPresent() || binding.lease().standsAlone())).ifPresent(queue::enqueue);
        }
    }

    // ------------------------------------------------------------------ failure and status

    private void watch(CompletableFuture<Void> durable) {
        durable.whenComplete((ok, error) -> {
            if (error != null) {
                thread.later(at -> fail(error));
            }
        });
    }

    /** Whether the store still works; its failure is reported once, the first time it is seen. */
    private boolean usable() {
        ledger.database().failure().ifPresent(this::fail);
        return !failed;
    }

    private void fail(Throwable error) {
        if (failed) {
            return;
        }
        failed = true;
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        outlet.storeFailed(cause instanceof IOException io ? io : new IOException(cause));
    }

    /**
     * Received BNDUPDs whose commit is not yet durable, whatever connection they came on. The
     * endpoint stops taking messages while this reaches the max-unacked-bndupd it advertised
     * (RFC 8156 §5.5.5: what it can absorb "without causing the connection to block").
     */
    public int updatesAwaitingDurability() {
        return awaitingDurability;
    }

    /** Whether the binding store failed; then nothing more is acknowledged. */
    public boolean failed() {
        return failed;
    }

    /** What is waiting for the partner, and what the exchange has counted so far. */
    public SyncStatus status() {
        return new SyncStatus(queue.pendingLeases(), queue.outstanding(), responder.answering(), counters.snapshot());
    }
}
