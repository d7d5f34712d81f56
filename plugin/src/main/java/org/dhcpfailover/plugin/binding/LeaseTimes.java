package org.dhcpfailover.plugin.binding;

/**
 * The per-lease times RFC 8156 §7.3 requires each server to keep (digest §8.7), all absolute
 * times ({@link org.dhcpfailover.plugin.time.AbsoluteTime}); 0 means "none yet" (§7.3, §7.7).
 *
 * @param expirationTime            the greatest lifetime this server ever acknowledged to the
 *                                  partner in a BNDREPLY; sent as F_EXPIRATION_TIME
 * @param ackedPartnerLifetime      the greatest lifetime the partner ever acknowledged to this
 *                                  server (F_PARTNER_LIFETIME_SENT); the base of the MCLT rule
 * @param partnerLifetime           the lifetime this server will send / has sent as
 *                                  F_PARTNER_LIFETIME; set to 0 once the partner acknowledged
 *                                  it (§7.7)
 * @param clientLastTransactionTime when this server last talked to the client
 * @param partnerRawCltTime         when the partner last talked to the client, in the
 *                                  partner's time base, never adjusted (§7.3, decision A15)
 * @param startTimeOfState          when the binding-status got its current value
 * @param stateExpirationTime       when the current binding-status ends; 0 if it has no timeout
 */
public record LeaseTimes(long expirationTime, long ackedPartnerLifetime, long partnerLifetime,
        long clientLastTransactionTime, long partnerRawCltTime, long startTimeOfState, long stateExpirationTime) {
    /** All times 0: a lease nobody has touched yet. */
    public static final LeaseTimes NONE = new LeaseTimes(0, 0, 0, 0, 0, 0, 0);

    public LeaseTimes {
        Uint32.check("expiration-time", expirationTime);
        Uint32.check("acked-partner-lifetime", ackedPartnerLifetime);
        Uint32.check("partner-lifetime", partnerLifetime);
        Uint32.check("client-last-transaction-time", clientLastTransactionTime);
        Uint32.check("partner-raw-clt-time", partnerRawCltTime);
        Uint32.check("start-time-of-state", startTimeOfState);
        Uint32.check("state-expiration-time", stateExpirationTime);
    }

    /** These times with a new state that started at {@code start} and ends at {@code end} (0: no timeout). */
    public LeaseTimes withState(long start, long end) {
        return new LeaseTimes(expirationTime, ackedPartnerLifetime, partnerLifetime, clientLastTransactionTime,
                partnerRawCltTime, start, end);
    }

    /** These times with {@code partnerLifetime} replaced. */
    public LeaseTimes withPartnerLifetime(long lifetime) {
        return new LeaseTimes(expirationTime, ackedPartnerLifetime, lifetime, clientLastTransactionTime,
                partnerRawCltTime, startTimeOfState, stateExpirationTime);
    }

    /** These times with {@code clientLastTransactionTime} replaced. */
    public LeaseTimes withClientLastTransactionTime(long time) {
        return new LeaseTimes(expirationTime, ackedPartnerLifetime, partnerLifetime, time,
                partnerRawCltTime, startTimeOfState, stateExpirationTime);
    }

    /** These times with {@code ackedPartnerLifetime} replaced. */
    public LeaseTimes withAckedPartnerLifetime(long acked) {
        return new LeaseTimes(expirationTime, acked, partnerLifetime, clientLastTransactionTime, partnerRawCltTime,
                startTimeOfState, stateExpirationTime);
    }

    /**
     * The partner acknowledged {@code acked} (RFC 8156 §7.7): it becomes the acked partner
     * lifetime and nothing is left to send, so partner-lifetime is 0.
     */
    public LeaseTimes acknowledged(long acked) {
        return new LeaseTimes(expirationTime, acked, 0, clientLastTransactionTime, partnerRawCltTime,
                startTimeOfState, stateExpirationTime);
    }

    /**
     * The time of the local lease for the conflict table (RFC 8156 §7.5.4): the
     * client-last-transaction-time if known, else the start-time-of-state.
     */
    public long conflictTime() {
        return clientLastTransactionTime != 0 ? clientLastTransactionTime : startTimeOfState;
    }
}
