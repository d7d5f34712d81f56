package org.dhcpfailover.plugin.binding;

import org.dhcpfailover.plugin.time.AbsoluteTime;

/**
 * The Maximum Client Lead Time rule (RFC 8156 §4.4, §4.4.1, §8.8.1; digest §9.1): a client may
 * never hold a lease longer than MCLT past what the partner has acknowledged, so that a partner
 * left alone knows how long to wait before giving the lease to somebody else.
 *
 * <pre>
 *   clientLifetime  = min(desired, max(ackedPartnerLifetime − now, 0) + MCLT)   (capped states)
 *   partnerLifetime = now + desired + T1fraction × clientLifetime               (§4.4.1 policy)
 * </pre>
 *
 * The partner lifetime is longer than the desired lifetime so that, once acknowledged, the next
 * renewal can give the client the full desired lifetime (the Figure 1 example). PARTNER-DOWN
 * does not cap (§8.4.1); every other state does (decision A24, {@code
 * EndpointState.capsLifetimesByMclt()}). New leases are never shorter than 30 s (§1).
 *
 * @param mclt       the MCLT in seconds, as agreed in CONNECT (§6.1.2)
 * @param t1Fraction the fraction of the client's lifetime at which it renews (T1), e.g. 0.5
 */
public record McltRule(long mclt, double t1Fraction) {
    /** New leases below this are not allowed under failover (RFC 8156 §1). */
    public static final long MIN_NEW_LEASE_SECONDS = 30;

    public McltRule {
        Uint32.check("MCLT", mclt);
        if (!(t1Fraction > 0 && t1Fraction <= 1)) {
            throw new IllegalArgumentException("T1 fraction " + t1Fraction + " is outside (0, 1]");
        }
    }

    /**
     * The lifetimes for a grant at {@code now}.
     *
     * @param now                  current absolute time
     * @param desired              the lifetime configuration would give without failover, seconds
     * @param ackedPartnerLifetime the lease's acked-partner-lifetime (absolute, 0 = never acked)
     * @param capped               whether the endpoint state caps by the MCLT (all but PARTNER-DOWN)
     * @param newLease             whether this is a new lease rather than a renewal (30 s minimum)
     * @throws IllegalArgumentException if a new lease could only get less than 30 s, which
     *                                  happens when the MCLT itself is below 30 s
     */
    public LifetimeGrant grant(long now, long desired, long ackedPartnerLifetime, boolean capped, boolean newLease) {
        Uint32.check("desired lifetime", desired);
        if (desired == Uint32.MAX) {
            // 0xffffffff is DHCPv6 "infinity": no absolute partner lifetime can express it, and a
            // lease that never ends cannot be taken over by the partner (§4.4).
            throw new IllegalArgumentException("an infinite lifetime cannot be granted under failover");
        }
        long wanted = newLease ? Math.max(desired, MIN_NEW_LEASE_SECONDS) : desired;
        long lifetime = capped ? Math.min(wanted, remaining(now, ackedPartnerLifetime) + mclt) : wanted;
        if (newLease && lifetime < MIN_NEW_LEASE_SECONDS) {
            throw new IllegalArgumentException("a new lease of " + lifetime + " s is below the "
                    + MIN_NEW_LEASE_SECONDS + " s minimum of RFC 8156 §1; the MCLT is too small");
        }
        long partner = AbsoluteTime.plus(now, wanted + (long) Math.floor(t1Fraction * lifetime));
        return new LifetimeGrant(Math.min(lifetime, Uint32.MAX), partner);
    }

    /** Seconds the acknowledged partner lifetime still runs after {@code now}; 0 if never acked or past. */
    private static long remaining(long now, long ackedPartnerLifetime) {
        if (ackedPartnerLifetime == AbsoluteTime.NEVER) {
            return 0;
        }
        return Math.max(AbsoluteTime.secondsBetween(now, ackedPartnerLifetime), 0);
    }
}
