package org.dhcpfailover.plugin.binding;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.dhcpfailover.plugin.config.Allocation;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.time.AbsoluteTime;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.StatusCode;
import org.dhcpfailover.plugin.wire.VssOption;

/**
 * Decides whether to take a received BNDUPD for one address or prefix (RFC 8156 §7.5.3,
 * §7.5.4; digest §8.3). Pure: the local binding, the receiver's role, the current time and the
 * set of leases this relationship serves are passed in.
 *
 * <p>Order of the checks: an unusable binding-status is missing information (18); a lease
 * outside this relationship's pools is a configuration conflict (17); no local binding means
 * nothing local can be newer, so the update is taken; the secondary's ACTIVE for its share of a
 * proportional pool — a FREE-BACKUP, or a take-back it has not acknowledged — is taken by the
 * primary whatever the times ({@link SecondaryShare}, §4.2.2); an ACTIVE decides by its end
 * against a local EXPIRED, FREE or FREE-BACKUP it outlives, or a local ACTIVE of the same client
 * ({@link LatestEnd}); otherwise the Figure 4 rule decides.
 *
 * <p>Decision A10: "later" means later by more than the 5 s tolerance, so an update whose time
 * equals the local time within ±5 s is rejected as outdated, as the RFC's text reads literally —
 * with one tie-break (docs/protocol.md §5, A10): an equal-time update from the server that owns
 * the lease (independent allocation: bit 127 set → primary, clear → secondary; a prefix or a
 * proportional pool → primary, §4.2) is accepted. Without it both servers reject each other's
 * equal-time version of the same lease for ever (each marks its own, §7.5.4, and the periodic
 * scan resends it to be rejected again): two servers that both expired a lease never free it,
 * and a lease the owner allocates within 5 s of the partner freeing it stays FREE there while it
 * is ACTIVE at the owner. The owner is the one both sides name without looking at a clock, and
 * the one whose pool the lease returns to, so its version ends the tie on both sides. The
 * tie-break never takes a free lease back to EXPIRED or RELEASED: a local FREE's time is its old
 * client-last-transaction-time (§7.5.4), so such a "tie" is an older state crossing the newer one
 * on the wire, and the newer FREE reaches the owner and is taken there.
 * Comparisons between two local times (now against the local state-expiration-time in time(1))
 * are exact: the tolerance is there for the partners' clock skew (§7.1), not for one clock.
 */
public final class UpdateAcceptance {
    /** VSS type of the global, default VPN (RFC 6607 §3.4). */
    public static final int VSS_DEFAULT_VPN = 255;

    private UpdateAcceptance() {
    }

    /**
     * The verdict on {@code received}.
     *
     * @param received   the update for one address or prefix
     * @param local      the local binding, if the lease is known here
     * @param receiver   this server's role (accept(3) lets the secondary take a conflicting client)
     * @param now        current absolute time
     * @param configured whether a lease belongs to this relationship's pools
     */
    public static UpdateVerdict decide(ReceivedLease received, Optional<Binding> local, Role receiver, long now,
            Predicate<Lease> configured) {
        return decide(received, local, receiver, now, configured,
                lease -> lease.isPrefix() ? Allocation.PROPORTIONAL : Allocation.INDEPENDENT);
    }

    /**
     * The verdict on {@code received}, with the pools' split for the A10 tie-break.
     *
     * @param allocation how the pool of each lease is split, which names the lease's owner
     */
    public static UpdateVerdict decide(ReceivedLease received, Optional<Binding> local, Role receiver, long now,
            Predicate<Lease> configured, Function<Lease, Allocation> allocation) {
        BindingStatus status = received.status();
        if (!status.isKnown()) {
            return UpdateVerdict.reject(StatusCode.MISSING_BINDING_INFORMATION,
                    "binding-status " + status.code() + " is not a usable state");
        }
        if (!configured.test(received.lease())) {
            return UpdateVerdict.reject(StatusCode.CONFIGURATION_CONFLICT,
                    received.lease() + " is not in this relationship's pools");
        }
        if (local.isEmpty()) {
            return UpdateVerdict.ACCEPTED;
        }
        Binding binding = local.get();
        if (SecondaryShare.claims(received, binding, receiver, allocation.apply(received.lease()))) {
            return UpdateVerdict.ACCEPTED;
        }
        Optional<UpdateVerdict> byEnd = LatestEnd.decide(received, binding);
        if (byEnd.isPresent()) {
            return byEnd.get();
        }
        return switch (ConflictTable.rule(binding.status(), status)) {
            case ACCEPT -> accept(received, binding, senderOwns(received.lease(), receiver, allocation)
                    && !regressesFromFree(binding, received));
            case TIME_1 -> time1(binding, now);
            case TIME_2 -> time2(received, binding) ? UpdateVerdict.ACCEPTED
                    : outdated("CLT time not later than local start-time-of-state");
            case ACCEPT_3 -> accept3(received, binding, receiver,
                    senderOwns(received.lease(), receiver, allocation));
        };
    }

    /**
     * The VPN check of §7.5.4 (docs/protocol.md §3): the hosts know only the global default VPN,
     * so an OPTION_VSS naming any other VPN rejects the whole CLIENT_DATA or stand-alone IAPREFIX
     * with ConfigurationConflict.
     */
    public static Optional<UpdateVerdict> checkVpn(Optional<VssOption> vss) {
        if (vss.isEmpty() || vss.get().type() == VSS_DEFAULT_VPN) {
            return Optional.empty();
        }
        return Optional.of(UpdateVerdict.reject(StatusCode.CONFIGURATION_CONFLICT,
                "VPN of VSS type " + vss.get().type() + " is not configured"));
    }

    private static UpdateVerdict accept(ReceivedLease received, Binding local, boolean fromOwner) {
        long updateTime = received.updateTime();
        long localTime = local.times().conflictTime();
        if (AbsoluteTime.isLater(updateTime, localTime)
                || (fromOwner && !AbsoluteTime.isEarlier(updateTime, localTime))) {
            return UpdateVerdict.ACCEPTED;
        }
        return outdated("update time " + received.updateTime() + " not later than local time "
                + local.times().conflictTime());
    }

    private static UpdateVerdict time1(Binding local, long now) {
        long end = local.times().stateExpirationTime();
        if (end != AbsoluteTime.NEVER && AbsoluteTime.secondsBetween(end, now) > 0) {
            return UpdateVerdict.ACCEPTED;
        }
        return outdated("local state runs until " + end);
    }

    /** time(2): the received CLT time is later than the local start-time-of-state; no CLT, no proof. */
    private static boolean time2(ReceivedLease received, Binding local) {
        return received.cltTime().isPresent()
                && AbsoluteTime.isLater(received.cltTime().getAsLong(), local.times().startTimeOfState());
    }

    /**
     * accept(3). Decision (docs/protocol.md §5): for the same client the plain accept rule
     * decides, rather than taking every update. Two renewals of one client at both servers cross
     * on the wire after a partition; taking the older one unconditionally shortens what this
     * server believes the client holds, so it expires and reuses the lease while the client still
     * has it (found by the binding simulation, seed 819). Two ends more than 5 s apart never get
     * here: the later one wins ({@link LatestEnd}).
     */
    private static UpdateVerdict accept3(ReceivedLease received, Binding local, Role receiver, boolean fromOwner) {
        boolean sameClient = received.client().isPresent() && local.isBoundTo(received.client().get());
        if (sameClient) {
            return accept(received, local, fromOwner);
        }
        if (receiver == Role.SECONDARY || time2(received, local)) {
            return UpdateVerdict.ACCEPTED;
        }
        return UpdateVerdict.reject(StatusCode.ADDRESS_IN_USE, received.lease() + " is bound to another client here");
    }

    /**
     * Whether taking {@code received} would move a free lease back to an older state before free:
     * an EXPIRED or RELEASED whose state did not begin clearly after the local FREE's did. One that
     * began later (by more than the 5 s tolerance) ends a lease given out after the FREE — within
     * 5 s of it, so the CLT times tie — and must be taken from the owner, or the two servers reject
     * each other's EXPIRED and FREE for ever (allocation simulation, seed 1486: the primary leased
     * an IPv4 address 3 s after the secondary stored it FREE, and the pair never settled).
     */
    private static boolean regressesFromFree(Binding local, ReceivedLease received) {
        BindingStatus was = local.status();
        BindingStatus now = received.status();
        boolean localFree = was.equals(BindingStatus.FREE) || was.equals(BindingStatus.FREE_BACKUP);
        return localFree && (now.equals(BindingStatus.EXPIRED) || now.equals(BindingStatus.RELEASED))
                && !AbsoluteTime.isLater(received.startTimeOfState(), local.times().startTimeOfState());
    }

    /** Whether the partner (the sender) owns {@code lease}: its pool is the one the lease returns to (§4.2, A1). */
    private static boolean senderOwns(Lease lease, Role receiver, Function<Lease, Allocation> allocation) {
        return LeaseStateMachine.owner(lease, allocation.apply(lease)) != receiver;
    }

    private static UpdateVerdict outdated(String reason) {
        return UpdateVerdict.reject(StatusCode.OUTDATED_BINDING_INFORMATION, reason);
    }
}
