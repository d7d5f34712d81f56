package org.dhcpfailover.plugin.endpoint;

import java.util.Objects;

/**
 * The state-machine data RFC 8156 §8.1 and §8.2 require on stable storage, written before a
 * transition takes effect.
 *
 * @param state the current state (never STARTUP: a server persists the state it will resume)
 * @param startTime when {@code state} was entered, absolute time
 * @param partnerState the partner's last announced state, or {@code null} if never heard
 * @param partnerStartTime the partner's start-time-of-state, absolute time (0 if unknown)
 * @param lastOperatingTime the last time this server is known to have been running: the
 *     TIME-OF-FAILURE of the next start-up (§8.3.2 step 1), refreshed while running
 * @param communicated whether this server has ever communicated with the partner (the
 *     COMMUNICATED server flag, decision A18)
 */
public record PersistedEndpointState(EndpointState state, long startTime, EndpointState partnerState,
        long partnerStartTime, long lastOperatingTime, boolean communicated) {

    public PersistedEndpointState {
        Objects.requireNonNull(state, "state");
        if (state == EndpointState.STARTUP) {
            throw new IllegalArgumentException("STARTUP is never persisted; persist the state to resume");
        }
    }
}
