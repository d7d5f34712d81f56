package org.dhcpfailover.plugin.binding;

/**
 * The outcome of the MCLT rule for one grant (RFC 8156 §4.4, digest §9.1).
 *
 * @param clientLifetime  the valid lifetime to give the client, seconds
 * @param partnerLifetime the absolute time to send the partner as F_PARTNER_LIFETIME
 */
public record LifetimeGrant(long clientLifetime, long partnerLifetime) {
    public LifetimeGrant {
        Uint32.check("client lifetime", clientLifetime);
        Uint32.check("partner lifetime", partnerLifetime);
    }
}
