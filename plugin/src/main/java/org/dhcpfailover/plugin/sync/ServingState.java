package org.dhcpfailover.plugin.sync;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * What the lease rules and the host's message filter need to know about the endpoint (RFC 8156
 * §8, digest §6.1), published by the endpoint after every change.
 *
 * @param responsiveness   how the state lets this server treat clients (responsive, renew
 *                         responsive, unresponsive), for its role
 * @param mayAllocateNew   whether it may give a client a lease it does not hold yet
 * @param mclt             the MCLT in use, seconds
 * @param partnerDownSince when it entered PARTNER-DOWN; empty in every other state
 */
public record ServingState(Responsiveness responsiveness, boolean mayAllocateNew, long mclt,
        OptionalLong partnerDownSince) {

    public ServingState {
        Objects.requireNonNull(responsiveness, "responsiveness");
        Objects.requireNonNull(partnerDownSince, "partnerDownSince");
    }

    /** Before the endpoint has published anything: nothing is served. */
    static ServingState initial(long mclt) {
        return new ServingState(Responsiveness.UNRESPONSIVE, false, mclt, OptionalLong.empty());
    }

    /** Whether the state lets this server answer clients at all (responsive or renew responsive). */
    public boolean answersClients() {
        return responsiveness != Responsiveness.UNRESPONSIVE;
    }
}
