package org.dhcpfailover.plugin.endpoint;

import static org.dhcpfailover.plugin.endpoint.EndpointState.COMMUNICATIONS_INTERRUPTED;
import static org.dhcpfailover.plugin.endpoint.EndpointState.CONFLICT_DONE;
import static org.dhcpfailover.plugin.endpoint.EndpointState.NORMAL;
import static org.dhcpfailover.plugin.endpoint.EndpointState.PARTNER_DOWN;
import static org.dhcpfailover.plugin.endpoint.EndpointState.POTENTIAL_CONFLICT;
import static org.dhcpfailover.plugin.endpoint.EndpointState.RECOVER;
import static org.dhcpfailover.plugin.endpoint.EndpointState.RECOVER_DONE;
import static org.dhcpfailover.plugin.endpoint.EndpointState.RECOVER_WAIT;
import static org.dhcpfailover.plugin.endpoint.EndpointState.RESOLUTION_INTERRUPTED;
import static org.dhcpfailover.plugin.endpoint.EndpointState.STARTUP;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.endpoint.EndpointAction.CancelTimer;
import org.dhcpfailover.plugin.endpoint.EndpointAction.RaiseAlarm;
import org.dhcpfailover.plugin.endpoint.EndpointAction.SendPendingUpdates;
import org.dhcpfailover.plugin.endpoint.EndpointAction.SendPoolRequest;
import org.dhcpfailover.plugin.endpoint.EndpointAction.SendState;
import org.dhcpfailover.plugin.endpoint.EndpointAction.SendUpdateRequest;
import org.dhcpfailover.plugin.endpoint.EndpointAction.StartTimer;
import org.dhcpfailover.plugin.time.AbsoluteTime;

/**
 * The failover endpoint state machine of RFC 8156 §8 for one relationship: pure logic over an
 * injected store, with time passed in by the caller (absolute seconds, RFC 8156 §3) and every
 * side effect returned as {@link EndpointAction}s. Its inputs are the three of §8.1: its own
 * state, whether communications are OK, and the partner's last announced state.
 *
 * <p>Every transition is saved to the {@link EndpointStateStore} before it takes effect
 * (§8.1); if the save fails the machine keeps its old state and the exception propagates.
 *
 * <p>Not thread-safe: the runtime drives it from one thread.
 */
public final class EndpointStateMachine {

    /** Partner states after which a server in RECOVER must resolve a conflict instead (§8.5.2). */
    private static final Set<EndpointState> CONFLICT_STATES =
            EnumSet.of(POTENTIAL_CONFLICT, RESOLUTION_INTERRUPTED, CONFLICT_DONE);

    private final EndpointSettings settings;
    private final EndpointStateStore store;

    private EndpointState state = STARTUP;
    private long startTime;
    /** STARTUP step 1–2: the state to resume. */
    private EndpointState previousState;
    /** STARTUP step 1: when this server was last known to run (0 if unknown). */
    private long timeOfFailure;
    private long bootTime;
    private boolean storageWasEmpty;
    /** Whether the stored data says this server talked to the partner before this boot. */
    private boolean communicatedBeforeBoot;
    private boolean communicated;
    private boolean communicationsOk;
    private PartnerStatus partner;
    /** An UPDREQ / UPDREQALL was sent on the current connection and UPDDONE is awaited. */
    private boolean updateRequestOutstanding;
    /** Why the transitions now being made happen; set by each input. */
    private String cause = "";
    /** The MCLT in force: the configured one, or the primary's as adopted by a secondary (§6.1.2). */
    private long mcltSeconds;

    public EndpointStateMachine(EndpointSettings settings, EndpointStateStore store) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.store = Objects.requireNonNull(store, "store");
        this.mcltSeconds = settings.mcltSeconds();
    }

    /** A secondary adopts the MCLT of the primary's CONNECT (RFC 8156 §6.1.2 step 3). */
    public void adoptMclt(long seconds) {
        if (seconds <= 0) {
            throw new IllegalArgumentException("MCLT must be positive");
        }
        mcltSeconds = seconds;
    }

    public long mcltSeconds() {
        return mcltSeconds;
    }

    // ---------------------------------------------------------------- inputs

    /**
     * STARTUP procedure steps 1–3 (RFC 8156 §8.3.2), run on every boot: read the stored state,
     * map a communications-OK state to its communications-failed successor, and start the
     * STARTUP timer.
     */
    public List<EndpointAction> start(long now) throws IOException {
        Optional<PersistedEndpointState> stored = store.load();
        bootTime = now;
        startTime = now;
        state = STARTUP;
        if (stored.isPresent()) {
            PersistedEndpointState s = stored.get();
            previousState = s.state().afterCommunicationsFailure();
            timeOfFailure = s.lastOperatingTime();
            communicatedBeforeBoot = s.communicated();
            communicated = s.communicated();
            if (s.partnerState() != null) {
                partner = new PartnerStatus(s.partnerState(), false, false, s.partnerStartTime());
            }
        } else {
            // Nothing stored: resume RECOVER whatever the role (decision A2).
            previousState = RECOVER;
            timeOfFailure = 0;
            storageWasEmpty = true;
        }
        return List.of(new StartTimer(EndpointTimer.STARTUP, AbsoluteTime.plus(now, settings.startupSeconds())));
    }

    /**
     * The partner's STATE message arrived. The first one after CONNECT / CONNECTREPLY makes
     * communications OK (§6.1); a STATE with the STARTUP flag is recorded but drives no
     * transition outside STARTUP (§8.4.2, decision A8).
     */
    public List<EndpointAction> onPartnerState(PartnerStatus status, long now) throws IOException {
        Objects.requireNonNull(status, "status");
        List<EndpointAction> actions = new ArrayList<>();
        boolean restored = !communicationsOk;
        communicationsOk = true;
        partner = status;
        cause = "partner " + status.state();
        if (restored && !communicated) {
            communicated = true;
            if (state != STARTUP) {
                persist(state, startTime, now);
            }
        }
        if (state == STARTUP) {
            leaveStartup(status, now, actions);
            if (!status.startup()) {
                cause = "partner " + status.state();
                reactToPartner(status.state(), now, actions);
            }
        } else if (restored && state == RESOLUTION_INTERRUPTED) {
            cause = "communications restored";
            // §8.11.2: communications restored → POTENTIAL-CONFLICT, whatever the partner says.
            transition(POTENTIAL_CONFLICT, now, actions);
        } else if (!status.startup()) {
            reactToPartner(status.state(), now, actions);
        }
        return actions;
    }

    /** The connection failed: keepalive expiry, TCP loss, skew, DISCONNECT (§6.6, §8.8.2). */
    public List<EndpointAction> onCommunicationsFailed(long now) throws IOException {
        List<EndpointAction> actions = new ArrayList<>();
        communicationsOk = false;
        updateRequestOutstanding = false;
        cause = "communications failed";
        switch (state) {
            case NORMAL -> transition(COMMUNICATIONS_INTERRUPTED, now, actions);
            case POTENTIAL_CONFLICT -> transition(RESOLUTION_INTERRUPTED, now, actions);
            default -> {
                // Figure 6: every other state keeps going while communications are down.
            }
        }
        return actions;
    }

    /** The STARTUP timer expired before communications came up (§8.3.2 step 6). */
    public List<EndpointAction> onStartupTimerExpired(long now) throws IOException {
        List<EndpointAction> actions = new ArrayList<>();
        if (state == STARTUP) {
            cause = "startup timer expired";
            transition(storageWasEmpty && settings.partnerDownWhenNew() ? PARTNER_DOWN : previousState,
                    now, actions);
        }
        return actions;
    }

    /**
     * The operator declares the partner down (§8.8.2, §8.9.2, §8.11.2). Only NORMAL,
     * COMMUNICATIONS-INTERRUPTED and RESOLUTION-INTERRUPTED allow it.
     *
     * @throws IllegalStateException in any other state, with a message for the operator
     */
    public List<EndpointAction> onOperatorPartnerDown(long now) throws IOException {
        if (state != NORMAL && state != COMMUNICATIONS_INTERRUPTED && state != RESOLUTION_INTERRUPTED) {
            throw new IllegalStateException("partner-down is possible only in NORMAL, "
                    + "COMMUNICATIONS-INTERRUPTED or RESOLUTION-INTERRUPTED; this server is in " + state);
        }
        List<EndpointAction> actions = new ArrayList<>();
        cause = "operator partner-down";
        transition(PARTNER_DOWN, now, actions);
        return actions;
    }

    /** The auto-partner-down timer expired (§8.9); only COMMUNICATIONS-INTERRUPTED reacts. */
    public List<EndpointAction> onAutoPartnerDownTimerExpired(long now) throws IOException {
        List<EndpointAction> actions = new ArrayList<>();
        if (state == COMMUNICATIONS_INTERRUPTED) {
            cause = "auto-partner-down timer";
            transition(PARTNER_DOWN, now, actions);
        }
        return actions;
    }

    /**
     * UPDDONE arrived: the partner sent, and had acknowledged, everything we asked for.
     * RECOVER → RECOVER-WAIT (§8.5.2); POTENTIAL-CONFLICT → CONFLICT-DONE for the primary,
     * NORMAL for the secondary (§8.10.2).
     */
    public List<EndpointAction> onUpdateDone(long now) throws IOException {
        List<EndpointAction> actions = new ArrayList<>();
        updateRequestOutstanding = false;
        cause = "UPDDONE";
        if (state == RECOVER) {
            transition(RECOVER_WAIT, now, actions);
        } else if (state == POTENTIAL_CONFLICT) {
            transition(settings.role() == Role.PRIMARY ? CONFLICT_DONE : NORMAL, now, actions);
        }
        return actions;
    }

    /** RECOVER-WAIT's MCLT wait is over (§8.6.2), whether or not communications are OK. */
    public List<EndpointAction> onRecoverWaitTimerExpired(long now) throws IOException {
        List<EndpointAction> actions = new ArrayList<>();
        if (state == RECOVER_WAIT) {
            cause = "recover-wait timer";
            transition(RECOVER_DONE, now, actions);
        }
        return actions;
    }

    /**
     * Records that this server is running at {@code now}, so that after a crash the next
     * start-up knows a time after which it certainly was not (§8.3.2 step 1). The runtime calls
     * it periodically.
     */
    public void onOperating(long now) throws IOException {
        if (state != STARTUP) {
            persist(state, startTime, now);
        }
    }

    // ---------------------------------------------------------------- state

    public EndpointState state() {
        return state;
    }

    /** When the current state was entered; in PARTNER-DOWN this is the PARTNER-DOWN time (§6.3). */
    public long startTimeOfState() {
        return startTime;
    }

    /** The state announced in STATE: in STARTUP the previous state (§5.5.16 note 1). */
    public EndpointState announcedState() {
        return state == STARTUP ? previousState : state;
    }

    public boolean communicationsOk() {
        return communicationsOk;
    }

    public boolean communicated() {
        return communicated;
    }

    public Optional<PartnerStatus> partner() {
        return Optional.ofNullable(partner);
    }

    public Role role() {
        return settings.role();
    }

    // ---------------------------------------------------------------- STARTUP

    /**
     * STARTUP step 5 (§8.3.2): communications are OK; resume PREVIOUS-STATE, unless the partner
     * is in PARTNER-DOWN: if it entered PARTNER-DOWN after we stopped operating, our data is
     * older than its own and we RECOVER; otherwise both may have served clients and the
     * conflict must be resolved.
     */
    private void leaveStartup(PartnerStatus status, long now, List<EndpointAction> actions)
            throws IOException {
        EndpointState resume = previousState;
        cause = "startup: communications OK";
        if (status.state() == PARTNER_DOWN) {
            // Times within 5 s count as equal (§5.6): undecidable, so resolve the conflict.
            cause = "startup: partner in PARTNER-DOWN since " + status.startTimeOfState();
            resume = AbsoluteTime.isLater(status.startTimeOfState(), timeOfFailure) ? RECOVER : POTENTIAL_CONFLICT;
        }
        transition(resume, now, actions);
    }

    // ---------------------------------------------------------------- table 6.3

    /** Reacts to a partner state (STARTUP flag clear) while communications are OK: table §6.3. */
    private void reactToPartner(EndpointState partnerState, long now, List<EndpointAction> actions)
            throws IOException {
        switch (state) {
            case NORMAL -> inNormal(partnerState, now, actions);
            case COMMUNICATIONS_INTERRUPTED -> inCommunicationsInterrupted(partnerState, now, actions);
            case PARTNER_DOWN -> inPartnerDown(partnerState, now, actions);
            case RECOVER -> inRecover(partnerState, now, actions);
            case RECOVER_WAIT -> {
                // §8.6.2: only the MCLT timer moves RECOVER-WAIT on.
            }
            case RECOVER_DONE -> inRecoverDone(partnerState, now, actions);
            case POTENTIAL_CONFLICT -> inPotentialConflict(partnerState, actions);
            case RESOLUTION_INTERRUPTED -> transition(POTENTIAL_CONFLICT, now, actions);
            case CONFLICT_DONE -> inConflictDone(partnerState, now, actions);
            case STARTUP -> throw new IllegalStateException("STARTUP is left before the table applies");
        }
    }

    /**
     * NORMAL (§8.8): entered from COMMUNICATIONS-INTERRUPTED, RECOVER-DONE, PARTNER-DOWN and
     * CONFLICT-DONE when both sides agree; the primary serves every client, the secondary only
     * renewals addressed to it. Any partner state other than NORMAL means something happened to
     * the partner: go to COMMUNICATIONS-INTERRUPTED and apply that state's rule (§8.8.2). When
     * that rule leads straight back to NORMAL (a partner in COMMUNICATIONS-INTERRUPTED or
     * RECOVER-DONE), the round trip is skipped: the server stays in NORMAL and announces
     * nothing new.
     */
    private void inNormal(EndpointState partnerState, long now, List<EndpointAction> actions)
            throws IOException {
        if (partnerState == NORMAL) {
            return;
        }
        EndpointState next = communicationsInterruptedReaction(partnerState);
        if (next == NORMAL) {
            return;
        }
        transition(COMMUNICATIONS_INTERRUPTED, now, actions);
        if (next != COMMUNICATIONS_INTERRUPTED) {
            cause = "partner " + partnerState + " (re-evaluated)";
            transition(next, now, actions);
        }
    }

    /**
     * COMMUNICATIONS-INTERRUPTED (§8.9): entered from NORMAL when communications fail; both
     * roles answer every client from their own pools, with MCLT-capped lifetimes. Goes to
     * PARTNER-DOWN on the operator's word or the auto-partner-down timer, and reacts to the
     * partner once communications are back (§8.9.2).
     */
    private void inCommunicationsInterrupted(EndpointState partnerState, long now,
            List<EndpointAction> actions) throws IOException {
        EndpointState next = communicationsInterruptedReaction(partnerState);
        if (next != COMMUNICATIONS_INTERRUPTED) {
            transition(next, now, actions);
        }
    }

    /**
     * §8.9.2: a partner in NORMAL, COMMUNICATIONS-INTERRUPTED or RECOVER-DONE → NORMAL; one in
     * RECOVER or RECOVER-WAIT → wait for its RECOVER-DONE (decision A7); any other → the two may
     * have handed out the same resources → POTENTIAL-CONFLICT.
     */
    private static EndpointState communicationsInterruptedReaction(EndpointState partnerState) {
        return switch (partnerState) {
            case NORMAL, COMMUNICATIONS_INTERRUPTED, RECOVER_DONE -> NORMAL;
            case RECOVER, RECOVER_WAIT, STARTUP -> COMMUNICATIONS_INTERRUPTED;
            case PARTNER_DOWN, POTENTIAL_CONFLICT, RESOLUTION_INTERRUPTED, CONFLICT_DONE -> POTENTIAL_CONFLICT;
        };
    }

    /**
     * PARTNER-DOWN (§8.4): entered by operator or timer; serves every client without the MCLT
     * cap. A partner that is recovering is left to recover; once it is RECOVER-DONE both return
     * to NORMAL; any other partner state means the partner also ran → POTENTIAL-CONFLICT
     * (§8.4.2).
     */
    private void inPartnerDown(EndpointState partnerState, long now, List<EndpointAction> actions)
            throws IOException {
        switch (partnerState) {
            case RECOVER, RECOVER_WAIT, STARTUP -> {
                // stay: the partner is catching up from us
            }
            case RECOVER_DONE -> transition(NORMAL, now, actions);
            default -> transition(POTENTIAL_CONFLICT, now, actions);
        }
    }

    /**
     * RECOVER (§8.5): entered at start-up with no or stale data; answers no client. Asks the
     * partner for what it missed (UPDREQ, or UPDREQALL when it lost its database) and moves to
     * RECOVER-WAIT on UPDDONE; a partner resolving a conflict makes it join the conflict
     * resolution instead (§8.5.2).
     */
    private void inRecover(EndpointState partnerState, long now, List<EndpointAction> actions)
            throws IOException {
        if (CONFLICT_STATES.contains(partnerState)) {
            transition(POTENTIAL_CONFLICT, now, actions);
        } else {
            requestUpdates(actions);
        }
    }

    /**
     * RECOVER-DONE (§8.7): renew responsive, no new leases, waiting for the partner to agree.
     * Partner NORMAL or RECOVER-DONE → NORMAL; POTENTIAL-CONFLICT → POTENTIAL-CONFLICT; RECOVER
     * or RECOVER-WAIT → COMMUNICATIONS-INTERRUPTED; the others: stay (§8.7.2, Figure 6).
     */
    private void inRecoverDone(EndpointState partnerState, long now, List<EndpointAction> actions)
            throws IOException {
        switch (partnerState) {
            case NORMAL, RECOVER_DONE -> transition(NORMAL, now, actions);
            case POTENTIAL_CONFLICT -> transition(POTENTIAL_CONFLICT, now, actions);
            case RECOVER, RECOVER_WAIT -> transition(COMMUNICATIONS_INTERRUPTED, now, actions);
            default -> {
                // stay
            }
        }
    }

    /**
     * POTENTIAL-CONFLICT (§8.10): answers no client while the two databases are reconciled. The
     * primary asks first (UPDREQ on entry); the secondary asks once the primary is
     * CONFLICT-DONE. UPDDONE ends it (see {@link #onUpdateDone}); losing communications leads
     * to RESOLUTION-INTERRUPTED.
     */
    private void inPotentialConflict(EndpointState partnerState, List<EndpointAction> actions) {
        if (settings.role() == Role.SECONDARY && partnerState == CONFLICT_DONE) {
            requestUpdates(actions);
        }
    }

    /**
     * CONFLICT-DONE (§8.12), primary only: it has the secondary's data and serves like a NORMAL
     * primary while the secondary catches up; the secondary's NORMAL brings it to NORMAL.
     */
    private void inConflictDone(EndpointState partnerState, long now, List<EndpointAction> actions)
            throws IOException {
        if (partnerState == NORMAL) {
            transition(NORMAL, now, actions);
        }
    }

    // ---------------------------------------------------------------- transitions

    private void requestUpdates(List<EndpointAction> actions) {
        if (!communicationsOk || updateRequestOutstanding) {
            return;
        }
        // §8.5.2: a server that lost its database (nothing stored, or the partner remembers
        // talking to us while we do not) asks for everything.
        boolean lostDatabase = storageWasEmpty
                || !communicatedBeforeBoot && partner != null && partner.communicated();
        actions.add(new SendUpdateRequest(state == RECOVER && lostDatabase));
        updateRequestOutstanding = true;
    }

    /** Persists, then enters {@code next} and adds its entry actions (§8.1, digest §6.5). */
    private void transition(EndpointState next, long now, List<EndpointAction> actions)
            throws IOException {
        EndpointState from = state;
        persist(next, now, now);
        state = next;
        startTime = now;
        actions.add(new EndpointAction.StateChanged(from, next, cause));
        switch (from) {
            case STARTUP -> actions.add(new CancelTimer(EndpointTimer.STARTUP));
            case COMMUNICATIONS_INTERRUPTED -> actions.add(new CancelTimer(EndpointTimer.AUTO_PARTNER_DOWN));
            case RECOVER_WAIT -> actions.add(new CancelTimer(EndpointTimer.RECOVER_WAIT));
            default -> {
            }
        }
        if (communicationsOk) {
            actions.add(new SendState(next, now));
        }
        enter(from, next, now, actions);
    }

    private void enter(EndpointState from, EndpointState next, long now, List<EndpointAction> actions)
            throws IOException {
        switch (next) {
            case NORMAL -> {
                actions.add(new SendPendingUpdates());
                if (settings.role() == Role.SECONDARY) {
                    actions.add(new SendPoolRequest());
                }
            }
            case COMMUNICATIONS_INTERRUPTED -> {
                settings.autoPartnerDownSeconds().ifPresent(delay -> actions.add(
                        new StartTimer(EndpointTimer.AUTO_PARTNER_DOWN, AbsoluteTime.plus(now, delay))));
                if (from == NORMAL) {
                    actions.add(new RaiseAlarm("communications with the partner interrupted"));
                }
            }
            case POTENTIAL_CONFLICT -> {
                // §8.10: the primary asks first; a secondary whose partner is already
                // CONFLICT-DONE (it entered POTENTIAL-CONFLICT from COMMUNICATIONS-INTERRUPTED,
                // RESOLUTION-INTERRUPTED, RECOVER or RECOVER-DONE after the primary finished) asks
                // now: the primary announces nothing new, so waiting for its STATE would wait forever.
                if (settings.role() == Role.PRIMARY
                        || partner != null && !partner.startup() && partner.state() == CONFLICT_DONE) {
                    requestUpdates(actions);
                }
            }
            case RESOLUTION_INTERRUPTED ->
                    actions.add(new RaiseAlarm("conflict resolution interrupted by loss of communications"));
            case RECOVER -> {
                if (partner != null && !partner.startup() && !CONFLICT_STATES.contains(partner.state())) {
                    requestUpdates(actions);
                }
            }
            case RECOVER_WAIT -> {
                long deadline = AbsoluteTime.plus(timeOfFailure != AbsoluteTime.NEVER ? timeOfFailure : bootTime,
                        mcltSeconds);
                if (AbsoluteTime.secondsBetween(now, deadline) <= 0) {
                    cause = "recover-wait already over";
                    transition(RECOVER_DONE, now, actions);
                } else {
                    actions.add(new StartTimer(EndpointTimer.RECOVER_WAIT, deadline));
                }
            }
            default -> {
            }
        }
    }

    private void persist(EndpointState persistedState, long stateStart, long now) throws IOException {
        store.save(new PersistedEndpointState(persistedState, stateStart,
                partner == null ? null : partner.state(),
                partner == null ? 0 : partner.startTimeOfState(), now, communicated));
    }
}
