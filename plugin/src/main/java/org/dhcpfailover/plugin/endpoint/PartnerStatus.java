package org.dhcpfailover.plugin.endpoint;

import java.util.Objects;

/**
 * What one STATE message from the partner said (RFC 8156 §5.3.11, §6.3).
 *
 * @param state the partner's OPTION_F_SERVER_STATE; while the partner is in STARTUP this is its
 *     previous state (§5.5.16 note 1)
 * @param startup the STARTUP flag of OPTION_F_SERVER_FLAGS
 * @param communicated the COMMUNICATED flag: the partner has talked to this server before
 *     (decision A18; drives the UPDREQALL choice of §8.5.2)
 * @param startTimeOfState OPTION_F_START_TIME_OF_STATE, absolute time
 */
public record PartnerStatus(EndpointState state, boolean startup, boolean communicated,
        long startTimeOfState) {

    public PartnerStatus {
        Objects.requireNonNull(state, "state");
    }
}
