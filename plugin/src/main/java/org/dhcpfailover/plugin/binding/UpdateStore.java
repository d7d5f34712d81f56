package org.dhcpfailover.plugin.binding;

import java.util.Optional;
import java.util.OptionalLong;
import org.dhcpfailover.plugin.time.AbsoluteTime;

/**
 * Stores an accepted BNDUPD for one address or prefix (RFC 8156 §7.5.5, Figure 5; digest §8.4).
 * The receiver's fields take the sender's values crosswise, because each side names the times
 * from its own point of view:
 *
 * <pre>
 *   received                  stored in                      rule
 *   F_BINDING_STATUS          binding-status                 always
 *   F_PARTNER_LIFETIME        expiration-time                always (what I now acknowledge)
 *   F_STATE_EXPIRATION_TIME   state-expiration-time          always (absent: no timeout, 0)
 *   F_START_TIME_OF_STATE     start-time-of-state            always
 *   CLT_TIME                  partner-raw-clt-time           always, unadjusted (A15)
 *   F_PARTNER_RAW_CLT_TIME    client-last-transaction-time   only if later
 *   F_EXPIRATION_TIME         partner-lifetime               only if later
 * </pre>
 *
 * "Always" applies when the option is present; an absent F_PARTNER_LIFETIME or CLT_TIME leaves
 * the stored value alone, since the sender had nothing to say about it. The stored binding is
 * in step with the partner, so it is not marked; the acked-partner-lifetime belongs to this
 * server's own updates and is kept. A stand-alone IAPREFIX carries no client, lifetimes or echo
 * data, so those keep their stored values (the last client stays as a hint, §7.2).
 */
public final class UpdateStore {
    private UpdateStore() {
    }

    /** The binding after storing {@code received} over {@code local} (or over nothing). */
    public static Binding apply(Optional<Binding> local, ReceivedLease received) {
        Binding base = local.orElseGet(() -> Binding.initial(received.lease(), received.status(), 0));
        LeaseTimes old = base.times();
        LeaseTimes times = new LeaseTimes(
                received.partnerLifetime().orElse(old.expirationTime()),
                old.ackedPartnerLifetime(),
                ifLater(old.partnerLifetime(), received.expirationTime()),
                ifLater(old.clientLastTransactionTime(), received.partnerRawCltTime()),
                received.cltTime().orElse(old.partnerRawCltTime()),
                received.startTimeOfState(),
                received.stateExpirationTime().orElse(AbsoluteTime.NEVER));
        boolean clientCase = received.client().isPresent();
        return new Binding(received.lease(), clientCase ? received.client() : base.client(), received.status(), times,
                clientCase ? received.lifetimes() : base.lifetimes(), PartnerSync.ACKNOWLEDGED,
                base.reusableForOthersAt(), clientCase ? received.echoed() : base.echoed());
    }

    /** {@code candidate} if present and later than {@code current} (a current 0 is "none yet"). */
    static long ifLater(long current, OptionalLong candidate) {
        if (candidate.isEmpty() || candidate.getAsLong() == AbsoluteTime.NEVER) {
            return current;
        }
        long value = candidate.getAsLong();
        return current == AbsoluteTime.NEVER || AbsoluteTime.secondsBetween(current, value) > 0 ? value : current;
    }
}
