package org.dhcpfailover.plugin.binding;

/**
 * The per-lease "partner must be told" marker of RFC 8156 §4.3 and §7.7 (digest §8.1).
 *
 * <p>An explicit value rather than "partner-lifetime ≠ 0": leases without a timeout (EXPIRED,
 * RELEASED, FREE, ...) are sent with no F_PARTNER_LIFETIME at all, so a zero partner-lifetime
 * cannot tell "acknowledged" from "never sent". Two marked values are kept apart because the
 * RFC needs the difference: an EXPIRED or RELEASED lease may go back to the same client only if
 * no BNDUPD about it has been sent yet (§4.2.2.1, §8.8.1).
 */
public enum PartnerSync {
    /** The partner has acknowledged this lease's current state, or told it to us. */
    ACKNOWLEDGED,
    /** The current state has not been sent to the partner yet. */
    PENDING,
    /**
     * A BNDUPD with the current state went out and was not (yet) accepted; still marked, so
     * the periodic scan, UPDREQ and entry to NORMAL send it again (§7.5.4, §8.8).
     */
    SENT;

    /** Whether the lease still has to be (re)sent to the partner (§7.5.4 "marked"). */
    public boolean partnerMustBeTold() {
        return this != ACKNOWLEDGED;
    }
}
