package org.dhcpfailover.plugin.sync;

import java.util.OptionalLong;

/**
 * What the lease rules need to know about the endpoint (RFC 8156 §8, digest §6.1), published by
 * the endpoint after every change.
 *
 * @param answersClients   whether the state lets this server answer clients at all (responsive
 *                         or renew-responsive)
 * @param mayAllocateNew   whether it may give a client a lease it does not hold yet
 * @param mclt             the MCLT in use, seconds
 * @param partnerDownSince when it entered PARTNER-DOWN; empty in every other state
 */
public record ServingState(boolean answersClients, boolean mayAllocateNew, long mclt,
        OptionalLong partnerDownSince) {

    /** Before the endpoint has published anything: nothing is served. */
    static ServingState initial(long mclt) {
        return new ServingState(false, false, mclt, OptionalLong.empty());
    }
}
