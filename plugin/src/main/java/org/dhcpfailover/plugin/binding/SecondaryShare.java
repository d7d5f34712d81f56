package org.dhcpfailover.plugin.binding;

import org.dhcpfailover.plugin.config.Allocation;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.wire.BindingStatus;

/**
 * The secondary's right to its share of a proportional pool (RFC 8156 §4.2.2, §4.2.2.1; digest
 * §5.2 arc (7), §10.2; docs/protocol.md §5 "a take-back yields"), as the primary judges a received
 * update against it: the secondary may lease a FREE-BACKUP resource at any time, and one the
 * primary takes back (FREE-BACKUP → FREE) stays the secondary's until it accepts the FREE — it
 * MUST reject the FREE if it already leased the resource. So when the secondary's ACTIVE for such
 * a resource reaches the primary, the lease is the secondary's to have made, and the primary
 * takes it whatever the times say.
 *
 * <p>Why the §7.5.4 times cannot decide it: a resource that was never leased has no
 * client-last-transaction-time, so the primary's FREE or FREE-BACKUP is dated by its
 * start-time-of-state — the moment of the take-back or the hand-over, a server's own bookkeeping,
 * not a client's transaction. A take-back made after the secondary's grant but before its BNDUPD
 * arrived (the primary restarted and rebalanced first; a real-process test, and invariant (7) of
 * the allocation simulation, seeds 15, 197, 204, ...) looks newer than the grant, so the primary rejected the
 * ACTIVE as outdated while the secondary rejected the FREE by time(1): the client held the address,
 * the primary had it FREE, and the two bounced their updates until the lease ended. A hand-over
 * the secondary leased within 5 s of it ties, and the A10 tie-break gives ties in a proportional
 * pool to the primary (seed 533).
 *
 * <p>The primary cannot tell a take-back from a lease freed by the secondary's acknowledgement:
 * its store keeps no such mark. So every FREE the secondary has not acknowledged counts, as it does
 * for the allocator ({@code ProportionalPool}). Taking the secondary's ACTIVE is safe in every
 * case: it only keeps the resource from anyone else until the lease ends.
 */
public final class SecondaryShare {
    private SecondaryShare() {
    }

    /**
     * Whether the primary must take {@code received}, the secondary's update, over {@code local}
     * regardless of times: an ACTIVE for a resource of a proportional pool the primary holds as
     * FREE-BACKUP, or as a FREE the secondary has not acknowledged.
     *
     * @param receiver   this server's role
     * @param allocation how the lease's pool is split
     */
    public static boolean claims(ReceivedLease received, Binding local, Role receiver, Allocation allocation) {
        if (receiver != Role.PRIMARY || allocation != Allocation.PROPORTIONAL
                || !received.status().equals(BindingStatus.ACTIVE)) {
            return false;
        }
        BindingStatus held = local.status();
        return held.equals(BindingStatus.FREE_BACKUP)
                || (held.equals(BindingStatus.FREE) && local.sync().partnerMustBeTold());
    }
}
