package org.dhcpfailover.plugin.binding;

import java.util.Optional;
import org.dhcpfailover.plugin.time.AbsoluteTime;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.StatusCode;

/**
 * The latest end granted stands (RFC 8156 §4.4, §7.2, §7.5.4; docs/protocol.md §5): no update
 * ends or shortens a lease before an end the other server's version shows, because the client
 * may hold the lease until then. A partner renews a client this server cannot hear of
 * (COMMUNICATIONS-INTERRUPTED allows renewals up to the MCLT beyond what this server
 * acknowledged, §4.4; PARTNER-DOWN; a partition just after the renewal), and a server can commit
 * a grant whose reply is lost in a crash, so neither server knows which of two grants the client
 * heard last. Two cases, judged on the F_STATE_EXPIRATION_TIME of a received ACTIVE, with the
 * 5 s tolerance of §7.1:
 *
 * <ul>
 *   <li>A local EXPIRED, FREE or FREE-BACKUP the received lease outlives (it ends after the
 *       local state began): this server ended the lease without the partner's last renewal —
 *       expired it when the lifetime it knew ran out, or freed it in PARTNER-DOWN after the MCLT
 *       (§7.2 event (4), its reuse still held back by decision A4) — so the ACTIVE is taken. The
 *       §7.5.4 times get this wrong: a server that never talked to the client has no
 *       client-last-transaction-time, so its EXPIRED or FREE is dated by its own scan, after the
 *       renewal's client transaction, and the accept rule rejects the renewal as outdated while
 *       the partner rejects the EXPIRED or FREE by time(1) — the two bounce their updates until
 *       the renewed lease ends, one store holding a lease its client still uses as ended
 *       (invariant (7) of the binding and allocation simulations: 1,151 held leases EXPIRED in 251
 *       of 2,000 schedules; FREE after operator partner-down in allocation seeds 1596, 2104,
 *       5491).</li>
 *   <li>A local ACTIVE for the same client: the version that ends later wins, either way; only
 *       ends within 5 s of each other leave it to the accept rule (decision accept(3), A10).
 *       Taking the later client transaction instead shortened a lease the client held (allocation
 *       simulation seed 655: the secondary gave a client back its expired prefix for 60 s and
 *       crashed before its reply left, the client still holding the primary's renewal for 130 s
 *       more; both servers took the 60 s version and freed the prefix while it was in use).</li>
 * </ul>
 *
 * <p>Keeping the later end is always safe: it only keeps the lease from every other client
 * until then, which the server that granted it enforces anyway (time(1)).
 */
public final class LatestEnd {
    private LatestEnd() {
    }

    /**
     * The verdict the lease ends give on {@code received} against {@code local}, or empty when
     * they give none and the Figure 4 rule decides.
     */
    public static Optional<UpdateVerdict> decide(ReceivedLease received, Binding local) {
        if (!received.status().equals(BindingStatus.ACTIVE) || received.stateExpirationTime().isEmpty()
                || received.stateExpirationTime().getAsLong() == AbsoluteTime.NEVER) {
            return Optional.empty();
        }
        long end = received.stateExpirationTime().getAsLong();
        BindingStatus held = local.status();
        if (held.equals(BindingStatus.EXPIRED) || held.equals(BindingStatus.FREE)
                || held.equals(BindingStatus.FREE_BACKUP)) {
            return AbsoluteTime.isLater(end, local.times().startTimeOfState()) ? Optional.of(UpdateVerdict.ACCEPTED)
                    : Optional.empty();
        }
        long localEnd = local.times().stateExpirationTime();
        boolean sameClient = received.client().isPresent() && local.isBoundTo(received.client().get());
        if (!held.equals(BindingStatus.ACTIVE) || !sameClient || localEnd == AbsoluteTime.NEVER) {
            return Optional.empty();
        }
        if (AbsoluteTime.isLater(end, localEnd)) {
            return Optional.of(UpdateVerdict.ACCEPTED);
        }
        if (AbsoluteTime.isEarlier(end, localEnd)) {
            return Optional.of(UpdateVerdict.reject(StatusCode.OUTDATED_BINDING_INFORMATION,
                    "the lease ends at " + end + ", before the local lease's end " + localEnd));
        }
        return Optional.empty();
    }
}
