package org.dhcpfailover.plugin.endpoint;

import java.io.IOException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.binding.LeaseStateMachine;
import org.dhcpfailover.plugin.config.RelationshipConfig;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.endpoint.ConnectExchange.Refusal;
import org.dhcpfailover.plugin.endpoint.FailoverMessages.ConnectParameters;
import org.dhcpfailover.plugin.log.CatalogLogger;
import org.dhcpfailover.plugin.log.LogMessage;
import org.dhcpfailover.plugin.log.RateLimiter;
import org.dhcpfailover.plugin.sync.BindingSync;
import org.dhcpfailover.plugin.sync.EndpointThread;
import org.dhcpfailover.plugin.sync.LeaseLedger;
import org.dhcpfailover.plugin.sync.ServingState;
import org.dhcpfailover.plugin.sync.SyncStatus;
import org.dhcpfailover.plugin.sync.TransactionIdCounter;
import org.dhcpfailover.plugin.sync.UpdateQueue;
import org.dhcpfailover.plugin.time.AbsoluteTime;
import org.dhcpfailover.plugin.wire.AbsoluteTimeOption;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.DecodeException;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.FlagsOption;
import org.dhcpfailover.plugin.wire.HeaderFormat;
import org.dhcpfailover.plugin.wire.MessageType;
import org.dhcpfailover.plugin.wire.OptionCode;
import org.dhcpfailover.plugin.wire.ServerStateOption;
import org.dhcpfailover.plugin.wire.StatusCode;
import org.dhcpfailover.plugin.wire.StatusCodeOption;

/**
 * One relationship's failover endpoint (RFC 8156 §6, §8): the {@link EndpointStateMachine}
 * together with the connection it talks over — the CONNECT / CONNECTREPLY exchange, STATE,
 * CONTACT, keepalive, clock-skew checks and DISCONNECT — and the update exchanges (UPDREQ /
 * UPDREQALL / UPDDONE, POOLREQ / POOLRESP).
 *
 * <p>Free of sockets, threads and wall-clock time: a transport (real TCP or a simulated
 * network) calls it from one thread with the current absolute time and carries what it sends.
 * The bindings travel through {@link BindingSync}: BNDUPD, BNDREPLY, UPDREQ and UPDREQALL go to
 * it, and it sends while the connection may carry updates ({@link #maySendUpdates()}). If the
 * binding store fails, the endpoint closes the connection and accepts none until restarted:
 * a server that cannot make an update durable must not acknowledge one (§7.5.2).
 */
public final class FailoverEndpoint implements PartnerConnectionHandler {

    /** How often the "last time I was operating" timestamp is refreshed (RFC 8156 §8.3.2 step 1). */
    static final long OPERATING_REFRESH_SECONDS = 10;

    /** How often the primary checks the proportional pools' balance in NORMAL (RFC 8156 §4.2.2). */
    static final long REBALANCE_INTERVAL_SECONDS = 5;

    /** Identical warnings that repeat with every reconnection attempt are logged once per this. */
    static final long REPEATED_WARNING_INTERVAL_SECONDS = 60;

    private final RelationshipConfig config;
    private final EndpointStateMachine machine;
    private final CatalogLogger log;
    private final TransactionIdCounter transactionIds = new TransactionIdCounter();
    private final LeaseLedger ledger;
    private final BindingSync sync;
    /** The id of our UPDREQ / UPDREQALL awaiting UPDDONE, reserved until then (§5.4); 0 if none. */
    private int outstandingUpdateRequest;
    private final Map<EndpointTimer, Long> deadlines = new EnumMap<>(EndpointTimer.class);
    private final RateLimiter repeatedWarnings = new RateLimiter(REPEATED_WARNING_INTERVAL_SECONDS);

    private PartnerLink link;
    private ConnectionPhase phase = ConnectionPhase.NONE;
    private long lastReceived;
    private long lastSent;
    /** The partner's FO_KEEPALIVE_TIME once known; until then our own (§6.5). */
    private long partnerKeepalive;
    private boolean partnerSentStartup;
    /** What the last STATE on this connection announced ({@code null}: none sent yet). */
    private EndpointState lastAnnounced;
    private boolean lastAnnouncedStartup;
    private long nextOperatingRefresh;
    private long nextRebalance;
    /** When the partner's last message arrived, for operators (RFC 8156 §6.6 counts from it too). */
    private long lastContact = AbsoluteTime.NEVER;
    /** The last message's receive time minus its sent-time (§7.1); null until one arrived. */
    private Long clockSkew;
    private ResyncProgress resync = ResyncProgress.NONE;
    /** BNDUPDs answered so far when the current update request went out (progress baseline). */
    private long updatesBeforeResync;
    /** Whether the receive path is stopped because the partner's BNDUPDs wait for the disk. */
    private boolean backPressured;
    private final RateLimiter backPressureLines = new RateLimiter(REPEATED_WARNING_INTERVAL_SECONDS);

    /**
     * @param config the relationship
     * @param store  where the endpoint's state survives restarts (§8.1)
     * @param ledger the relationship's leases, shared with the host
     * @param thread runs continuations (a durable commit) back on this endpoint's thread
     * @param log    the catalogue logger
     */
    public FailoverEndpoint(RelationshipConfig config, EndpointStateStore store, LeaseLedger ledger,
            EndpointThread thread, CatalogLogger log) {
        this.config = Objects.requireNonNull(config, "config");
        this.log = Objects.requireNonNull(log, "log");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.sync = new BindingSync(ledger, config.role(), transactionIds, UpdateQueue.DEFAULT_SCAN_INTERVAL, thread,
                new BindingSync.Outlet() {
                    @Override
                    public void send(FailoverMessage message) {
                        FailoverEndpoint.this.send(message, message.sentTime());
                    }

                    @Override
                    public void storeFailed(IOException error) {
                        bindingStoreFailed(error);
                    }
                }, config.name(), log);
        OptionalLong autoPartnerDown = config.autoPartnerDownDelay()
                .map(d -> OptionalLong.of(d.toSeconds())).orElse(OptionalLong.empty());
        this.machine = new EndpointStateMachine(new EndpointSettings(config.role(), config.mclt().toSeconds(),
                config.startupTime().toSeconds(), autoPartnerDown, false), store);
    }

    /**
     * Runs the STARTUP procedure (RFC 8156 §8.3.2 steps 1–3).
     *
     * @throws IOException if the stored state cannot be read: the server must not start without
     *     knowing which state it was in
     */
    public void start(long now) throws IOException {
        apply(machine.start(now), now);
        nextOperatingRefresh = now;
    }

    // ------------------------------------------------------------------ PartnerConnectionHandler

    @Override
    public RelationshipConfig config() {
        return config;
    }

    @Override
    public boolean isConnected() {
        return link != null;
    }

    @Override
    public void onConnectionOpened(PartnerLink newLink, long now) {
        if (link != null) {
            newLink.close("a connection for this relationship is already open");
            return;
        }
        if (sync.failed()) {
            newLink.close("the binding store has failed");
            return;
        }
        link = newLink;
        lastReceived = now;
        lastSent = now;
        partnerKeepalive = config.keepaliveTime().toSeconds();
        partnerSentStartup = false;
        lastAnnounced = null;
        if (config.role() == Role.PRIMARY) {
            // §6.1.1: CONNECT is the first message on a connection the primary opened.
            phase = ConnectionPhase.AWAITING_CONNECTREPLY;
            send(FailoverMessages.connect(transactionIds.next(), now, config.name(), ownParameters()), now);
        } else {
            phase = ConnectionPhase.AWAITING_CONNECT;
        }
    }

    /**
     * RFC 8156 §5.5.5: this server advertised how many BNDUPDs it absorbs without blocking the
     * connection; once that many wait for the store, it blocks (the transport stops reading)
     * rather than buffer whatever a partner sends. A failed store never drains: the connection is
     * closed then anyway.
     */
    @Override
    public boolean readyForMessages() {
        int waiting = sync.updatesAwaitingDurability();
        boolean ready = waiting < config.maxUnackedBndupd();
        if (!ready && !backPressured && link != null) {
            // Stamped with the last receipt: the message that filled the window is why reading stops.
            long held = backPressureLines.permit(LogMessage.FO_RECEIVE_BACKPRESSURE.id(), lastReceived);
            if (held >= 0) {
                log.log(LogMessage.FO_RECEIVE_BACKPRESSURE, config.name(), link.peer(), waiting, held);
            }
        }
        backPressured = !ready;
        return ready;
    }

    @Override
    public void onMessage(FailoverMessage message, long now) {
        if (link == null || phase == ConnectionPhase.CLOSING) {
            return;
        }
        lastReceived = now;
        lastContact = now;
        if (skewTooLarge(message, now)) {
            return;
        }
        switch (phase) {
            case AWAITING_CONNECT -> receiveConnect(message, now);
            case AWAITING_CONNECTREPLY -> receiveConnectReply(message, now);
            case ESTABLISHED -> receive(message, now);
            default -> {
            }
        }
    }

    @Override
    public void onMalformedMessage(DecodeException error, long now) {
        protocolError(error.getMessage(), now);
    }

    @Override
    public void onConnectionClosed(PartnerLink closed, String reason, long now) {
        if (link == null || closed != link) {
            return;
        }
        String peer = link.peer();
        boolean wasOk = machine.communicationsOk();
        link = null;
        phase = ConnectionPhase.NONE;
        if (resync.inProgress()) {
            resync = new ResyncProgress(resync.request(), resync.requestedAt(), updatesSinceRequest(),
                    AbsoluteTime.NEVER, true);
        }
        releaseUpdateRequest(); // re-issued with a new id after the reconnect (§8.5.2)
        sync.onConnectionLost();
        if (wasOk) {
            log.log(LogMessage.FO_COMMUNICATIONS_INTERRUPTED, config.name(), peer, reason);
        }
        guarded(() -> machine.onCommunicationsFailed(now), now);
    }

    @Override
    public void onTick(long now) {
        fireTimers(now);
        if (config.role() == Role.PRIMARY && machine.state() == EndpointState.NORMAL
                && AbsoluteTime.secondsBetween(nextRebalance, now) >= 0) {
            // §4.2.2: the primary re-examines the balance now and then, not on every allocation.
            nextRebalance = AbsoluteTime.plus(now, REBALANCE_INTERVAL_SECONDS);
            ledger.rebalance(now);
        }
        sync.tick(now, maySendUpdates());
        if (AbsoluteTime.secondsBetween(nextOperatingRefresh, now) >= 0) {
            // "A time after which it certainly was not running": one interval ahead (§8.3.2).
            nextOperatingRefresh = AbsoluteTime.plus(now, OPERATING_REFRESH_SECONDS);
            guarded(() -> {
                machine.onOperating(nextOperatingRefresh);
                return List.of();
            }, now);
        }
        if (link == null) {
            return;
        }
        long keepalive = config.keepaliveTime().toSeconds();
        if (AbsoluteTime.secondsBetween(lastReceived, now) >= keepalive) {
            // §6.6: FO_KEEPALIVE_TIMER ran out.
            log.log(LogMessage.FO_KEEPALIVE_EXPIRED, config.name(), link.peer(), keepalive);
            close("keepalive time expired", now);
        } else if (phase == ConnectionPhase.ESTABLISHED
                && AbsoluteTime.secondsBetween(lastSent, now) >= sendTime()) {
            // §6.5: FO_SEND_TIMER ran out: nothing sent for the partner's keepalive / 4.
            send(FailoverMessages.bare(MessageType.CONTACT, transactionIds.next(), now), now);
        }
    }

    @Override
    public void shutdown(long now) {
        if (link != null && phase != ConnectionPhase.CLOSING) {
            log.log(LogMessage.FO_SHUTDOWN, config.name(), link.peer());
            send(FailoverMessages.disconnect(transactionIds.next(), now, StatusCode.SERVER_SHUTTING_DOWN,
                    "server shutting down"), now);
            close("shutdown", now);
        }
    }

    // ------------------------------------------------------------------ operator

    /**
     * The operator declares the partner down (RFC 8156 §8.8.2, §8.9.2, §8.11.2).
     *
     * @throws IllegalStateException if this endpoint's state does not allow it, with the reason
     */
    public void partnerDown(long now) {
        if (guarded(() -> machine.onOperatorPartnerDown(now), now)) {
            log.log(LogMessage.FO_PARTNER_DOWN, config.name(), "operator command");
        }
    }

    /**
     * The operator asks the partner for every binding it has (RFC 8156 §5.3.6 UPDREQALL): the
     * partner sends them as BNDUPDs, each merged by the conflict rules of §7.5.4, then UPDDONE
     * (§5.3.7). Clients are served as before; {@link ResyncProgress} follows the answer.
     *
     * @throws IllegalStateException when communications are not OK (no connection, or the
     *     partner's STATE not yet received), in any state but NORMAL, or while an earlier request
     *     awaits UPDDONE
     */
    public void resync(long now) {
        if (link == null || phase != ConnectionPhase.ESTABLISHED || !machine.communicationsOk()) {
            throw new IllegalStateException("not connected to the partner (communications "
                    + (link == null ? "interrupted" : "still starting")
                    + "); a resync needs an established connection (RFC 8156 §5.3.6)");
        }
        if (machine.state() != EndpointState.NORMAL) {
            // Elsewhere the state machine runs its own UPDREQ / UPDREQALL, and their UPDDONE moves
            // it on (RECOVER §8.5, POTENTIAL-CONFLICT §8.10): an operator's request must not stand in.
            throw new IllegalStateException("this server is in " + machine.state().name().replace('_', '-') + "; an operator's "
                    + "resync is for NORMAL only (in the other states the failover state machine resynchronizes on "
                    + "its own, RFC 8156 §8.5, §8.10)");
        }
        if (outstandingUpdateRequest != 0) {
            throw new IllegalStateException("the " + resync.request() + " sent earlier is still waiting for its "
                    + "UPDDONE (" + updatesSinceRequest() + " updates received so far)");
        }
        log.log(LogMessage.FO_OPERATOR_RESYNC, config.name(), link.peer());
        sendUpdateRequest(MessageType.UPDREQALL, now);
    }

    /**
     * The operator closes the connection cleanly (RFC 8156 §5.3.10 DISCONNECT, with UnspecFail and
     * the reason); the primary then reconnects as after any connection loss (§6.1).
     *
     * @throws IllegalStateException when there is no connection to close
     */
    public void disconnect(String reason, long now) {
        if (link == null || phase == ConnectionPhase.CLOSING) {
            throw new IllegalStateException("there is no connection to the partner to disconnect");
        }
        String why = "operator request" + (reason == null || reason.isBlank() ? "" : ": " + reason.strip());
        log.log(LogMessage.FO_OPERATOR_DISCONNECT, config.name(), link.peer(), why);
        disconnect(StatusCode.UNSPEC_FAIL, why, now);
    }

    /**
     * The operator declares an ABANDONED lease usable again: ABANDONED → RESET (RFC 8156 §7.2,
     * arc (10)), committed like any change and so sent to the partner in a BNDUPD; the partner's
     * acknowledgement makes it free (arc (4)).
     *
     * @throws IllegalArgumentException if the lease is outside the relationship's pools or has no binding
     * @throws IllegalStateException    if the lease is not ABANDONED
     */
    public void resetLease(Lease lease, long now) {
        if (!ledger.scope().covers().test(lease)) {
            throw new IllegalArgumentException(describe(lease) + " is not in this relationship's pools");
        }
        ledger.mutate(lease, current -> {
            Binding binding = current.orElseThrow(() -> new IllegalArgumentException(
                    describe(lease) + " has no binding: it was never leased, so there is nothing to reset"));
            if (!binding.status().equals(BindingStatus.ABANDONED)) {
                throw new IllegalStateException(describe(lease) + " is " + binding.status().name()
                        + ", not ABANDONED; only an abandoned lease can be reset (RFC 8156 §7.2)");
            }
            return LeaseStateMachine.change(binding, BindingStatus.RESET, 0, ledger.context(now));
        });
        log.log(LogMessage.FO_OPERATOR_LEASE_RESET, config.name(), describe(lease));
        onHostChanges(now);
    }

    private static String describe(Lease lease) {
        return lease.kind() == Lease.Kind.ADDRESS ? "address " + lease.value()
                : "prefix " + lease.value() + "/" + lease.prefixLength();
    }

    /** The host changed leases: send their BNDUPDs now if the connection allows (§4.3). */
    public void onHostChanges(long now) {
        if (maySendUpdates()) {
            sync.pump(now);
        }
    }

    /** What waits for the partner, and the update exchange's totals. */
    public SyncStatus syncStatus() {
        return sync.status();
    }

    public EndpointStatus status() {
        return new EndpointStatus(machine.state(), machine.startTimeOfState(),
                machine.partner().map(PartnerStatus::state).orElse(null),
                machine.partner().map(PartnerStatus::startTimeOfState).orElse(AbsoluteTime.NEVER), link != null,
                machine.communicationsOk(), machine.mcltSeconds(), lastContact, clockSkew,
                resync.inProgress() ? resync.withUpdates(updatesSinceRequest()) : resync);
    }

    // ------------------------------------------------------------------ connect exchange

    /** §6.1.2: the secondary checks the primary's CONNECT, then accepts or refuses. */
    private void receiveConnect(FailoverMessage message, long now) {
        if (!message.type().equals(MessageType.CONNECT)) {
            protocolError("expected CONNECT, got " + message.type().name(), now);
            return;
        }
        Optional<Refusal> refusal = ConnectExchange.checkConnect(message, config.name());
        if (refusal.isPresent()) {
            refuseConnect(message, refusal.get(), now);
            return;
        }
        ConnectExchange.Offer offer = ConnectExchange.offer(message);
        machine.adoptMclt(offer.mcltSeconds());
        partnerKeepalive = offer.keepaliveSeconds();
        // §6.1.2: the CONNECTREPLY echoes the MCLT now in use; A9: and the CONNECT's transaction-id.
        send(FailoverMessages.connectReply(message.transactionId(), now, ownParameters()), now);
        publishToLedger();
        established(offer.maxUnackedBndupd(), now);
    }

    /** §6.1.3: the primary checks the secondary's CONNECTREPLY. */
    private void receiveConnectReply(FailoverMessage message, long now) {
        if (!message.type().equals(MessageType.CONNECTREPLY)) {
            if (message.type().equals(MessageType.DISCONNECT)) {
                receiveDisconnect(message, now);
            } else {
                protocolError("expected CONNECTREPLY, got " + message.type().name(), now);
            }
            return;
        }
        Optional<Refusal> refused = ConnectExchange.refusalIn(message);
        if (refused.isPresent()) {
            logRepeating(now, LogMessage.FO_CONNECT_REFUSED_BY_PARTNER, config.name(), link.peer(),
                    refused.get().status().name(), refused.get().reason());
            close("CONNECT refused by the partner", now);
            return;
        }
        Optional<Refusal> unusable = ConnectExchange.checkConnectReply(message, config.mclt().toSeconds());
        if (unusable.isPresent()) {
            logRepeating(now, LogMessage.FO_CONNECTREPLY_UNUSABLE, config.name(), link.peer(), unusable.get().reason());
            disconnect(unusable.get().status(), unusable.get().reason(), now);
            return;
        }
        ConnectExchange.Offer offer = ConnectExchange.offer(message);
        partnerKeepalive = offer.keepaliveSeconds();
        established(offer.maxUnackedBndupd(), now);
    }

    private void refuseConnect(FailoverMessage connect, Refusal refusal, long now) {
        logRepeating(now, LogMessage.FO_CONNECT_REFUSED, config.name(), link.peer(), refusal.status().name(),
                refusal.reason());
        send(FailoverMessages.connectRefusal(connect, refusal.status(), refusal.reason(), now), now);
        close("CONNECT refused", now);
    }

    /** Both sides send STATE right after the exchange (§6.1.2, §6.1.3). */
    private void established(long partnerMaxUnacked, long now) {
        phase = ConnectionPhase.ESTABLISHED;
        sync.onConnected(partnerMaxUnacked);
        sendState(machine.announcedState(), machine.state() == EndpointState.STARTUP, machine.startTimeOfState(), now);
    }

    // ------------------------------------------------------------------ established connection

    private void receive(FailoverMessage message, long now) {
        MessageType type = message.type();
        if (type.equals(MessageType.STATE)) {
            receiveState(message, now);
        } else if (type.equals(MessageType.DISCONNECT)) {
            receiveDisconnect(message, now);
        } else if (type.equals(MessageType.BNDUPD)) {
            sync.onUpdate(message, now);
        } else if (type.equals(MessageType.BNDREPLY)) {
            sync.onReply(message, now);
            onHostChanges(now); // a freed flow-control slot
        } else if (type.equals(MessageType.UPDREQ) || type.equals(MessageType.UPDREQALL)) {
            // §5.3.5, §5.3.6: the bindings asked for, then UPDDONE (A9: echoing the request's id).
            sync.onUpdateRequest(message, now);
            onHostChanges(now);
        } else if (type.equals(MessageType.UPDDONE)) {
            if (resync.inProgress()) {
                resync = new ResyncProgress(resync.request(), resync.requestedAt(), updatesSinceRequest(), now,
                        false);
            }
            releaseUpdateRequest();
            guarded(() -> machine.onUpdateDone(now), now);
        } else if (type.equals(MessageType.POOLREQ)) {
            receivePoolRequest(message, now);
        } else if (type.equals(MessageType.CONNECT) || type.equals(MessageType.CONNECTREPLY)) {
            protocolError(type.name() + " on an established connection", now);
        }
        // CONTACT only resets the keepalive timer (done on receipt); POOLRESP needs nothing;
        // an unknown message type is an extension this server does not speak (RFC 7031 R10).
    }

    /** §5.3.3: only a secondary sends POOLREQ; the primary acknowledges with POOLRESP. */
    private void receivePoolRequest(FailoverMessage message, long now) {
        if (config.role() != Role.PRIMARY) {
            protocolError("POOLREQ received by a secondary", now);
            return;
        }
        send(FailoverMessages.bare(MessageType.POOLRESP, message.transactionId(), now), now);
        // §4.2.2: POOLRESP only acknowledges; the primary then gives the secondary its share.
        ledger.rebalance(now);
        onHostChanges(now);
    }

    /** §6.3: the partner's state; the first STATE on a connection makes communications OK. */
    private void receiveState(FailoverMessage message, long now) {
        Optional<PartnerStatus> status = partnerStatus(message);
        if (status.isEmpty()) {
            protocolError("STATE without a valid server state, flags and start time", now);
            return;
        }
        boolean first = !machine.communicationsOk();
        partnerSentStartup = status.get().startup();
        if (guarded(() -> machine.onPartnerState(status.get(), now), now) && first) {
            log.log(LogMessage.FO_COMMUNICATIONS_OK, config.name(), link.peer(), status.get().state());
        }
    }

    static Optional<PartnerStatus> partnerStatus(FailoverMessage state) {
        Optional<EndpointState> announced = state.first(OptionCode.F_SERVER_STATE, ServerStateOption.class)
                .map(option -> EndpointState.fromCode(option.state().code()));
        Optional<FlagsOption> flags = state.first(OptionCode.F_SERVER_FLAGS, FlagsOption.class);
        Optional<AbsoluteTimeOption> start = state.first(OptionCode.F_START_TIME_OF_STATE, AbsoluteTimeOption.class);
        if (announced.isEmpty() || announced.get() == null || flags.isEmpty() || start.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PartnerStatus(announced.get(), flags.get().isSet(FlagsOption.SERVER_STARTUP),
                flags.get().isSet(FlagsOption.SERVER_COMMUNICATED), start.get().time()));
    }

    private void receiveDisconnect(FailoverMessage message, long now) {
        Optional<StatusCodeOption> status = message.first(OptionCode.STATUS_CODE, StatusCodeOption.class);
        log.log(LogMessage.FO_DISCONNECT_RECEIVED, config.name(), link.peer(),
                status.map(s -> s.status().name()).orElse("no status"),
                status.map(StatusCodeOption::message).orElse(""));
        close("DISCONNECT received", now);
    }

    /**
     * §7.1, §7.5.1 and decision A25: every message's sent-time is compared with ours; beyond
     * 5 s the connection is dropped (a CONNECT is refused with ExcessiveTimeSkew, §6.1.2).
     */
    private boolean skewTooLarge(FailoverMessage message, long now) {
        if (!HeaderFormat.hasSentTime(message.type())) {
            return false;
        }
        long skew = AbsoluteTime.secondsBetween(message.sentTime(), now);
        clockSkew = skew;
        if (Math.abs(skew) <= AbsoluteTime.TOLERANCE_SECONDS) {
            return false;
        }
        logRepeating(now, LogMessage.FO_CLOCK_SKEW, config.name(), link.peer(), skew);
        String reason = "clock skew of " + skew + " s exceeds 5 s (RFC 8156 §7.1)";
        if (phase == ConnectionPhase.AWAITING_CONNECT && message.type().equals(MessageType.CONNECT)) {
            send(FailoverMessages.connectRefusal(message, StatusCode.EXCESSIVE_TIME_SKEW, reason, now), now);
            close("excessive clock skew", now);
        } else {
            disconnect(StatusCode.EXCESSIVE_TIME_SKEW, reason, now);
        }
        return true;
    }

    /**
     * Logs a warning that would otherwise repeat with every reconnection attempt at most once a
     * minute per distinct line (the partner and reason are part of what makes it distinct).
     */
    private void logRepeating(long now, LogMessage message, Object... arguments) {
        if (repeatedWarnings.permit(message.id() + Arrays.toString(arguments), now) >= 0) {
            log.log(message, arguments);
        }
    }

    // ------------------------------------------------------------------ sending and closing

    private ConnectParameters ownParameters() {
        return new ConnectParameters(machine.mcltSeconds(), config.keepaliveTime().toSeconds(),
                config.maxUnackedBndupd());
    }

    /** FO_SEND_TIME: the partner's keepalive divided by FO_CONTACT_PER_KEEPALIVE_TIME (4), at least 1 s. */
    private long sendTime() {
        return Math.max(1, partnerKeepalive / 4);
    }

    private void send(FailoverMessage message, long now) {
        if (link != null && phase != ConnectionPhase.CLOSING) {
            link.send(message);
            lastSent = now;
        }
    }

    private void sendState(EndpointState announced, boolean startup, long startTime, long now) {
        lastAnnounced = announced;
        lastAnnouncedStartup = startup;
        send(FailoverMessages.state(transactionIds.next(), now, announced, startup, partnerSentStartup,
                machine.communicated(), startTime), now);
    }

    private void protocolError(String reason, long now) {
        if (link == null || phase == ConnectionPhase.CLOSING) {
            return;
        }
        log.log(LogMessage.FO_PROTOCOL_ERROR, config.name(), link.peer(), reason);
        disconnect(StatusCode.UNSPEC_FAIL, reason, now);
    }

    private void disconnect(StatusCode status, String reason, long now) {
        send(FailoverMessages.disconnect(transactionIds.next(), now, status, reason), now);
        close(reason, now);
    }

    /** Asks the transport to close; {@link #onConnectionClosed} follows. */
    private void close(String reason, long now) {
        if (link != null && phase != ConnectionPhase.CLOSING) {
            phase = ConnectionPhase.CLOSING;
            link.close(reason);
        }
    }

    // ------------------------------------------------------------------ state machine plumbing

    private interface MachineStep {
        List<EndpointAction> run() throws IOException;
    }

    /**
     * Runs a state-machine step and carries out its actions. A store failure leaves the state
     * unchanged (§8.1); it is logged and the connection closed, so the partner sees this server
     * as unreachable rather than in a state it could not record.
     *
     * @return whether the step succeeded
     */
    private boolean guarded(MachineStep step, long now) {
        try {
            apply(step.run(), now);
            return true;
        } catch (IOException e) {
            log.log(LogMessage.FO_STATE_STORE_FAILED, config.name(), e.getMessage());
            close("endpoint state could not be saved", now);
            return false;
        }
    }

    private void apply(List<EndpointAction> actions, long now) {
        for (EndpointAction action : actions) {
            if (action instanceof EndpointAction.StateChanged changed) {
                log.log(LogMessage.FO_STATE_CHANGED, config.name(), changed.from(), changed.to(), changed.cause());
            } else if (action instanceof EndpointAction.SendState announce) {
                if (phase == ConnectionPhase.ESTABLISHED) {
                    sendState(announce.state(), false, announce.startTime(), now);
                }
            } else if (action instanceof EndpointAction.SendUpdateRequest request) {
                sendUpdateRequest(request.all() ? MessageType.UPDREQALL : MessageType.UPDREQ, now);
            } else if (action instanceof EndpointAction.SendPoolRequest) {
                send(FailoverMessages.bare(MessageType.POOLREQ, transactionIds.next(), now), now);
            } else if (action instanceof EndpointAction.StartTimer timer) {
                deadlines.put(timer.timer(), timer.deadline());
            } else if (action instanceof EndpointAction.CancelTimer timer) {
                deadlines.remove(timer.timer());
            } else if (action instanceof EndpointAction.RaiseAlarm alarm) {
                log.log(LogMessage.FO_ALARM, config.name(), alarm.reason());
            } else if (action instanceof EndpointAction.SendPendingUpdates) {
                sync.onEnterNormal();
            }
        }
        announceIfChanged(now);
        publishToLedger();
        onHostChanges(now);
    }

    /** The lease rules need the MCLT in use and whether (since when) this server is in PARTNER-DOWN. */
    private void publishToLedger() {
        EndpointState state = machine.state();
        ledger.endpointChanged(new ServingState(state.responsiveness(config.role()),
                state.mayAllocateNewLeases(config.role()), machine.mcltSeconds(),
                state == EndpointState.PARTNER_DOWN ? OptionalLong.of(machine.startTimeOfState())
                        : OptionalLong.empty()));
    }

    /**
     * Whether queued BNDUPDs may go out: the connection is established, the partner's STATE
     * arrived, and this server has left STARTUP (see {@link BindingSync} for why not only in
     * NORMAL).
     */
    private boolean maySendUpdates() {
        return link != null && phase == ConnectionPhase.ESTABLISHED && machine.communicationsOk()
                && machine.state() != EndpointState.STARTUP;
    }

    private void bindingStoreFailed(IOException error) {
        log.log(LogMessage.FO_BINDING_STORE_FAILED, config.name(), error.getMessage());
        close("the binding store has failed", lastSent);
    }

    /**
     * §6.3, §8.1: a state change is announced with STATE whenever the connection is up. The
     * machine asks for STATE only once communications are OK (the partner's STATE arrived), but
     * this side already told the partner its state right after CONNECT / CONNECTREPLY; if it
     * changed since (typically the STARTUP timer expired before the partner's STATE came), the
     * partner must hear of it, or it keeps acting on a STARTUP-flagged STATE it must ignore
     * (§8.4.2, decision A8) and neither side ever moves again.
     */
    private void announceIfChanged(long now) {
        if (phase == ConnectionPhase.ESTABLISHED && lastAnnounced != null
                && (lastAnnounced != machine.announcedState()
                        || lastAnnouncedStartup != (machine.state() == EndpointState.STARTUP))) {
            sendState(machine.announcedState(), machine.state() == EndpointState.STARTUP,
                    machine.startTimeOfState(), now);
        }
    }

    /** UPDREQ or UPDREQALL with a reserved transaction-id (§5.4), its progress followed from now. */
    private void sendUpdateRequest(MessageType type, long now) {
        send(FailoverMessages.bare(type, reserveUpdateRequest(), now), now);
        resync = new ResyncProgress(type.name(), now, 0, AbsoluteTime.NEVER, false);
        updatesBeforeResync = sync.status().counts().updatesAnswered();
    }

    private long updatesSinceRequest() {
        return sync.status().counts().updatesAnswered() - updatesBeforeResync;
    }

    private int reserveUpdateRequest() {
        releaseUpdateRequest();
        outstandingUpdateRequest = transactionIds.nextReserved();
        return outstandingUpdateRequest;
    }

    private void releaseUpdateRequest() {
        if (outstandingUpdateRequest != 0) {
            transactionIds.release(outstandingUpdateRequest);
            outstandingUpdateRequest = 0;
        }
    }

    private void fireTimers(long now) {
        for (EndpointTimer timer : EndpointTimer.values()) {
            Long deadline = deadlines.get(timer);
            if (deadline == null || AbsoluteTime.secondsBetween(deadline, now) < 0) {
                continue;
            }
            deadlines.remove(timer);
            switch (timer) {
                case STARTUP -> guarded(() -> machine.onStartupTimerExpired(now), now);
                case AUTO_PARTNER_DOWN -> {
                    if (guarded(() -> machine.onAutoPartnerDownTimerExpired(now), now)
                            && machine.state() == EndpointState.PARTNER_DOWN) {
                        log.log(LogMessage.FO_PARTNER_DOWN, config.name(), "auto-partner-down timer");
                    }
                }
                case RECOVER_WAIT -> guarded(() -> machine.onRecoverWaitTimerExpired(now), now);
            }
        }
    }
}
