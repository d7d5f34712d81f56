package org.dhcpfailover.plugin.endpoint;

import java.util.Objects;
import java.util.OptionalLong;
import org.dhcpfailover.plugin.config.Role;

/**
 * The configuration the state machine needs for one relationship.
 *
 * @param role this server's role
 * @param mcltSeconds the MCLT in force (RFC 8156 §4.4); RECOVER-WAIT lasts one MCLT (§8.6.2)
 * @param startupSeconds how long STARTUP waits for communications (§8.3.2 step 3)
 * @param autoPartnerDownSeconds delay after which COMMUNICATIONS-INTERRUPTED moves to
 *     PARTNER-DOWN by itself (§8.9); empty = off, the default, because only an operator can know
 *     that the partner is really down rather than cut off
 * @param partnerDownWhenNew a server with empty storage whose STARTUP timer expires goes to
 *     PARTNER-DOWN instead of RECOVER (§8.3.2 step 1, the SHOULD-configurable switch for a
 *     freshly commissioned server; decision A2)
 */
public record EndpointSettings(Role role, long mcltSeconds, long startupSeconds,
        OptionalLong autoPartnerDownSeconds, boolean partnerDownWhenNew) {

    public EndpointSettings {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(autoPartnerDownSeconds, "autoPartnerDownSeconds");
        if (mcltSeconds <= 0 || startupSeconds <= 0) {
            throw new IllegalArgumentException("MCLT and startup time must be positive");
        }
        if (autoPartnerDownSeconds.isPresent() && autoPartnerDownSeconds.getAsLong() <= 0) {
            throw new IllegalArgumentException("auto-partner-down delay must be positive");
        }
    }
}
