package org.dhcpfailover.plugin.binding;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a lease state change needs to know about the endpoint: the time, the MCLT and whether
 * (since when) the endpoint is in PARTNER-DOWN, where the partner's acknowledgement is replaced
 * by waiting (RFC 8156 §4.2.2.1, §7.2, §8.4.1).
 *
 * @param now              current absolute time
 * @param mclt             the MCLT, seconds
 * @param partnerDownSince when this server entered PARTNER-DOWN; empty in every other state
 */
public record LeaseContext(long now, long mclt, OptionalLong partnerDownSince) {
    public LeaseContext {
        Uint32.check("now", now);
        Uint32.check("MCLT", mclt);
        Objects.requireNonNull(partnerDownSince, "partnerDownSince");
    }

    /** A context outside PARTNER-DOWN. */
    public static LeaseContext communicating(long now, long mclt) {
        return new LeaseContext(now, mclt, OptionalLong.empty());
    }

    /** A context in PARTNER-DOWN, entered at {@code since}. */
    public static LeaseContext partnerDown(long now, long mclt, long since) {
        return new LeaseContext(now, mclt, OptionalLong.of(Uint32.check("PARTNER-DOWN entry", since)));
    }

    /** Whether the endpoint is in PARTNER-DOWN. */
    public boolean inPartnerDown() {
        return partnerDownSince.isPresent();
    }
}
