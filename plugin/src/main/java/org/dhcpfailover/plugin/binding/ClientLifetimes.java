package org.dhcpfailover.plugin.binding;

import org.dhcpfailover.plugin.time.AbsoluteTime;

/**
 * What this lease's client was last told (RFC 8156 §7.4: a BNDUPD carries the IA's T1/T2 and
 * the IAADDR/IAPREFIX lifetimes "as sent to the client"), and when. The grant time lets the
 * PARTNER-DOWN reuse wait (§8.4.1, decision A4) know the client's expiration time even after
 * the lease has left ACTIVE and its state-expiration-time has changed.
 *
 * @param grantedAt         absolute time the lifetimes were sent; 0 if never
 * @param preferredLifetime preferred lifetime, seconds
 * @param validLifetime     valid lifetime, seconds
 * @param t1                T1 seconds (0 for IA_TA, which has none)
 * @param t2                T2 seconds (0 for IA_TA)
 */
public record ClientLifetimes(long grantedAt, long preferredLifetime, long validLifetime, long t1, long t2) {
    /** Nothing sent to any client. */
    public static final ClientLifetimes NONE = new ClientLifetimes(0, 0, 0, 0, 0);

    public ClientLifetimes {
        Uint32.check("grant time", grantedAt);
        Uint32.check("preferred-lifetime", preferredLifetime);
        Uint32.check("valid-lifetime", validLifetime);
        Uint32.check("T1", t1);
        Uint32.check("T2", t2);
    }

    /** The absolute time the client's valid lifetime ends; 0 if nothing was ever granted. */
    public long clientExpiry() {
        return grantedAt == 0 ? 0 : AbsoluteTime.plus(grantedAt, validLifetime);
    }
}
