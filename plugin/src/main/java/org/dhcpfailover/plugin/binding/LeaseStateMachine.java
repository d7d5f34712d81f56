package org.dhcpfailover.plugin.binding;

import static org.dhcpfailover.plugin.wire.BindingStatus.ABANDONED;
import static org.dhcpfailover.plugin.wire.BindingStatus.ACTIVE;
import static org.dhcpfailover.plugin.wire.BindingStatus.EXPIRED;
import static org.dhcpfailover.plugin.wire.BindingStatus.FREE;
import static org.dhcpfailover.plugin.wire.BindingStatus.FREE_BACKUP;
import static org.dhcpfailover.plugin.wire.BindingStatus.PENDING_FREE;
import static org.dhcpfailover.plugin.wire.BindingStatus.RELEASED;
import static org.dhcpfailover.plugin.wire.BindingStatus.RESET;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dhcpfailover.plugin.config.Allocation;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.time.AbsoluteTime;
import org.dhcpfailover.plugin.wire.BindingStatus;

/**
 * The lease state machine of RFC 8156 §7.2 Figure 2 (digest §5.2), as pure functions from a
 * binding to the next one. Every change marks the lease for the partner ({@link
 * PartnerSync#PENDING}): the lazy update follows the change (§4.3).
 *
 * <p>The hard rule (§4.2.2.1, §8.8.1): outside PARTNER-DOWN a lease reaches a different client
 * only after the partner acknowledged that the previous one is gone. It holds by construction:
 * a different client can only get a FREE or FREE-BACKUP lease, and EXPIRED, RELEASED and RESET
 * become free only through {@link #partnerAcknowledged}, or in PARTNER-DOWN through {@link
 * #freeInPartnerDown}, which also sets the decision A4 time before which {@link #grant} refuses
 * another client.
 *
 * <p>Which server may allocate a FREE or FREE-BACKUP lease at all (pool ownership, §4.2) is the
 * allocator's question, not this class's.
 */
public final class LeaseStateMachine {
    /** Figure 2 arcs, by source status. */
    private static final Map<BindingStatus, Set<BindingStatus>> ARCS = Map.of(
            FREE, Set.of(ACTIVE, FREE_BACKUP),
            FREE_BACKUP, Set.of(ACTIVE, FREE),
            ACTIVE, Set.of(ACTIVE, EXPIRED, RELEASED, ABANDONED),
            EXPIRED, Set.of(PENDING_FREE, ACTIVE),
            RELEASED, Set.of(PENDING_FREE, ACTIVE),
            RESET, Set.of(PENDING_FREE),
            ABANDONED, Set.of(RESET),
            PENDING_FREE, Set.of(FREE, FREE_BACKUP));

    /** The arcs {@link #change} serves; the others have their own methods. */
    private static final Set<BindingStatus> CHANGE_TARGETS = Set.of(EXPIRED, RELEASED, ABANDONED, RESET, FREE,
            FREE_BACKUP);

    private LeaseStateMachine() {
    }

    /** Whether Figure 2 has an arc from {@code from} to {@code to} (digest §5.2 table). */
    public static boolean isArc(BindingStatus from, BindingStatus to) {
        return ARCS.getOrDefault(from, Set.of()).contains(to);
    }

    /**
     * Gives or renews the lease to {@code client} (arcs (1), (2), ACTIVE → ACTIVE, and EXPIRED /
     * RELEASED → ACTIVE for the same client).
     *
     * @param current         the binding
     * @param client          who gets it
     * @param lifetimes       what the client is told, granted at {@code context.now()}
     * @param partnerLifetime the partner lifetime to send, from {@link McltRule}
     * @param context         time, MCLT, endpoint state
     * @throws LeaseTransitionException if the arc does not exist or a reuse rule forbids it
     */
    public static Binding grant(Binding current, BindingClient client, ClientLifetimes lifetimes,
            long partnerLifetime, LeaseContext context) {
        BindingStatus from = current.status();
        requireArc(current, ACTIVE);
        boolean sameClient = current.isBoundTo(client);
        if (from.equals(ACTIVE) && !sameClient) {
            throw refused(current, ACTIVE, "bound to another client; it must expire or be released first");
        }
        if ((from.equals(EXPIRED) || from.equals(RELEASED)) && !(sameClient && current.sync() == PartnerSync.PENDING)) {
            throw refused(current, ACTIVE, sameClient
                    ? "a BNDUPD about the " + from.name() + " state was already sent (§4.2.2.1, §8.8.1)"
                    : "goes to another client only after it is free (§4.2.2.1, §8.8.1)");
        }
        long reuse = current.reusableForOthersAt();
        if (!sameClient && reuse != AbsoluteTime.NEVER && AbsoluteTime.secondsBetween(context.now(), reuse) > 0) {
            throw refused(current, ACTIVE, "freed in PARTNER-DOWN; another client may have it from " + reuse
                    + " (decision A4)");
        }
        // A renewal keeps the state's start: the binding-status did not change (§7.3).
        long start = from.equals(ACTIVE) ? current.times().startTimeOfState() : context.now();
        LeaseTimes times = current.times().withState(start, lifetimes.clientExpiry())
                .withClientLastTransactionTime(context.now()).withPartnerLifetime(partnerLifetime);
        return new Binding(current.lease(), Optional.of(client), ACTIVE, times, lifetimes, PartnerSync.PENDING,
                sameClient ? reuse : AbsoluteTime.NEVER, current.echoed());
    }

    /**
     * The changes that need no partner and no client: ACTIVE → EXPIRED, RELEASED, ABANDONED
     * (arcs (8), (3), (9)), ABANDONED → RESET (10), FREE ↔ FREE-BACKUP rebalancing (7).
     *
     * @param stateExpirationTime when the new state ends; 0 if it has no timeout (§7.2)
     * @throws LeaseTransitionException for any other arc
     */
    public static Binding change(Binding current, BindingStatus to, long stateExpirationTime, LeaseContext context) {
        requireArc(current, to);
        if (!CHANGE_TARGETS.contains(to)) {
            throw refused(current, to, "not a change without partner or client");
        }
        return current.withStatus(to, current.times().withState(context.now(), stateExpirationTime),
                PartnerSync.PENDING);
    }

    /**
     * The partner accepted the BNDUPD for an EXPIRED, RELEASED or RESET lease (arc (4)): it passes
     * PENDING-FREE and lands on the status of {@link #freeStatus} (arcs (5), (6), decision A1).
     */
    public static Binding partnerAcknowledged(Binding current, Allocation allocation, LeaseContext context) {
        return free(current, allocation, context, current.reusableForOthersAt());
    }

    /**
     * In PARTNER-DOWN an EXPIRED, RELEASED or RESET lease becomes free without the partner once
     * the MCLT has passed since it entered that state (§7.2 event (4), decision A20); another
     * client may then have it only from {@link PartnerDownWaits#reuseAt} (decision A4).
     */
    public static Binding freeInPartnerDown(Binding current, Allocation allocation, LeaseContext context) {
        if (!context.inPartnerDown()) {
            throw refused(current, PENDING_FREE, "outside PARTNER-DOWN only the partner's BNDREPLY frees a lease");
        }
        long allowed = PartnerDownWaits.mayFreeAt(current, context.mclt());
        if (AbsoluteTime.secondsBetween(context.now(), allowed) > 0) {
            throw refused(current, PENDING_FREE, "the MCLT since entering " + current.status().name()
                    + " runs until " + allowed);
        }
        long reuse = PartnerDownWaits.reuseAt(current, context.mclt(), context.partnerDownSince().getAsLong());
        return free(current, allocation, context, reuse);
    }

    /**
     * Which server a free lease belongs to (RFC 8156 §4.2, decision A1): under independent
     * allocation the owner of its half by the last bit (1: primary, 0: secondary); a prefix or
     * a proportional pool's resource returns to the primary.
     */
    public static Role owner(Lease lease, Allocation allocation) {
        return freeStatus(lease, allocation).equals(FREE) ? Role.PRIMARY : Role.SECONDARY;
    }

    /**
     * Where PENDING-FREE resolves to, decision A1: prefixes and proportional pools return to the
     * primary (FREE); under independent allocation an address is labelled by its owner, bit 127
     * (1: FREE, primary; 0: FREE-BACKUP, secondary).
     */
    public static BindingStatus freeStatus(Lease lease, Allocation allocation) {
        if (lease.isPrefix() || allocation == Allocation.PROPORTIONAL) {
            return FREE;
        }
        return lease.lastBitSet() ? FREE : FREE_BACKUP;
    }

    private static Binding free(Binding current, Allocation allocation, LeaseContext context, long reuse) {
        requireArc(current, PENDING_FREE);
        BindingStatus label = freeStatus(current.lease(), allocation);
        LeaseTimes times = current.times().withState(context.now(), 0);
        return new Binding(current.lease(), current.client(), label, times, current.lifetimes(), PartnerSync.PENDING,
                reuse, current.echoed());
    }

    private static void requireArc(Binding current, BindingStatus to) {
        if (!isArc(current.status(), to)) {
            throw refused(current, to, "no such arc in RFC 8156 §7.2 Figure 2");
        }
    }

    private static LeaseTransitionException refused(Binding current, BindingStatus to, String why) {
        return new LeaseTransitionException(current.lease(), current.status(), to, why);
    }
}
