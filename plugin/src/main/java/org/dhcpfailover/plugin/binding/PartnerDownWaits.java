package org.dhcpfailover.plugin.binding;

import org.dhcpfailover.plugin.time.AbsoluteTime;

/**
 * The waits that replace the partner's acknowledgement in PARTNER-DOWN (digest §9.4).
 */
public final class PartnerDownWaits {
    private PartnerDownWaits() {
    }

    /**
     * When an EXPIRED, RELEASED or RESET lease may become PENDING-FREE without the partner: the
     * MCLT after it entered that state (RFC 8156 §7.2 event (4), decision A20).
     */
    public static long mayFreeAt(Binding binding, long mclt) {
        return AbsoluteTime.plus(binding.times().startTimeOfState(), mclt);
    }

    /**
     * When a lease may go to a client other than the one it was bound to, decision A4 (RFC 8156
     * §4.2.2.1 and §8.4.1 give two formulas; this one is never earlier than either):
     * {@code MCLT + max(client expiry, partner-lifetime sent, acked-partner-lifetime,
     * expiration-time, PARTNER-DOWN entry)}. Times of 0 ("never") do not count.
     */
    public static long reuseAt(Binding binding, long mclt, long partnerDownSince) {
        LeaseTimes times = binding.times();
        long latest = partnerDownSince;
        for (long time : new long[] {binding.lifetimes().clientExpiry(), times.partnerLifetime(),
                times.ackedPartnerLifetime(), times.expirationTime()}) {
            if (time != AbsoluteTime.NEVER && AbsoluteTime.secondsBetween(latest, time) > 0) {
                latest = time;
            }
        }
        return AbsoluteTime.plus(latest, mclt);
    }
}
