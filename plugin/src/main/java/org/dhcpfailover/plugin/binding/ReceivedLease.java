package org.dhcpfailover.plugin.binding;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.dhcpfailover.plugin.time.AbsoluteTime;
import org.dhcpfailover.plugin.wire.BindingStatus;

/**
 * What a BNDUPD says about one address or prefix (RFC 8156 §7.4, digest §8.2), in model terms.
 * Optional times are absent when the option was absent, which is not the same as a value 0
 * (F_EXPIRATION_TIME 0 means "nothing acknowledged yet").
 *
 * @param lease               the address or prefix
 * @param client              the client from OPTION_CLIENTID and the IA; empty for a stand-alone
 *                            prefix
 * @param status              F_BINDING_STATUS
 * @param startTimeOfState    F_START_TIME_OF_STATE
 * @param stateExpirationTime F_STATE_EXPIRATION_TIME, if present (present iff the status has a timeout)
 * @param cltTime             CLT_TIME converted to absolute with the sender's LQ_BASE_TIME (A15)
 * @param partnerLifetime     F_PARTNER_LIFETIME
 * @param partnerRawCltTime   F_PARTNER_RAW_CLT_TIME
 * @param expirationTime      F_EXPIRATION_TIME
 * @param lifetimes           IA T1/T2 and IAADDR/IAPREFIX lifetimes, granted at the CLT time
 * @param echoed              the opaque data to keep and echo
 */
public record ReceivedLease(Lease lease, Optional<BindingClient> client, BindingStatus status, long startTimeOfState,
        OptionalLong stateExpirationTime, OptionalLong cltTime, OptionalLong partnerLifetime,
        OptionalLong partnerRawCltTime, OptionalLong expirationTime, ClientLifetimes lifetimes, EchoedData echoed) {

    public ReceivedLease {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(status, "status");
        Uint32.check("start-time-of-state", startTimeOfState);
        Objects.requireNonNull(stateExpirationTime, "stateExpirationTime");
        Objects.requireNonNull(cltTime, "cltTime");
        Objects.requireNonNull(partnerLifetime, "partnerLifetime");
        Objects.requireNonNull(partnerRawCltTime, "partnerRawCltTime");
        Objects.requireNonNull(expirationTime, "expirationTime");
        Objects.requireNonNull(lifetimes, "lifetimes");
        Objects.requireNonNull(echoed, "echoed");
    }

    /**
     * CLT_TIME (seconds before LQ_BASE_TIME, RFC 5007 §4.1.2.3) as an absolute time in the
     * sender's time base, not corrected for clock skew (decision A15).
     */
    public static long absoluteClt(long lqBaseTime, long cltSeconds) {
        return AbsoluteTime.plus(lqBaseTime, -cltSeconds);
    }

    /**
     * The time of this update for the conflict table (RFC 8156 §7.5.4): for ACTIVE, EXPIRED and
     * RELEASED the CLT time if present, else the start-time-of-state; for every other status
     * the later of the two.
     */
    public long updateTime() {
        if (cltTime.isEmpty()) {
            return startTimeOfState;
        }
        long clt = cltTime.getAsLong();
        if (status.equals(BindingStatus.ACTIVE) || status.equals(BindingStatus.EXPIRED)
                || status.equals(BindingStatus.RELEASED)) {
            return clt;
        }
        return AbsoluteTime.secondsBetween(startTimeOfState, clt) > 0 ? clt : startTimeOfState;
    }
}
