package org.dhcpfailover.plugin.binding;

import org.dhcpfailover.plugin.wire.BindingStatus;

/**
 * RFC 8156 §7.5.4 Figure 4: which {@link ConflictRule} decides a received update, by local status
 * (row) and received status (column).
 *
 * <pre>
 *   local \ received   ACTIVE     EXPIRED  RELEASED  FREE/FREE-BACKUP  RESET/ABANDONED
 *   ACTIVE             accept(3)  time(1)  accept    time(1)           accept
 *   RESET              time(2)    accept   accept    accept            accept
 *   all other rows     accept     accept   accept    accept            accept
 * </pre>
 *
 * The table has no PENDING-FREE row or column, since that state is transient (§7.2) and never
 * stored here; should a partner send or hold it, it is read as FREE, which it resolves to. An
 * unknown local status is likewise read as FREE: the plain time comparison then decides.
 */
public final class ConflictTable {
    private ConflictTable() {
    }

    /** The rule for a local lease in {@code local} receiving an update with {@code received}. */
    public static ConflictRule rule(BindingStatus local, BindingStatus received) {
        if (local.equals(BindingStatus.ACTIVE)) {
            if (received.equals(BindingStatus.ACTIVE)) {
                return ConflictRule.ACCEPT_3;
            }
            if (received.equals(BindingStatus.EXPIRED) || isFree(received)) {
                return ConflictRule.TIME_1;
            }
            return ConflictRule.ACCEPT;
        }
        if (local.equals(BindingStatus.RESET) && received.equals(BindingStatus.ACTIVE)) {
            return ConflictRule.TIME_2;
        }
        return ConflictRule.ACCEPT;
    }

    private static boolean isFree(BindingStatus status) {
        return status.equals(BindingStatus.FREE) || status.equals(BindingStatus.FREE_BACKUP)
                || status.equals(BindingStatus.PENDING_FREE);
    }
}
