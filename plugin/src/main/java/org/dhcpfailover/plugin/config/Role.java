package org.dhcpfailover.plugin.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * This server's role in a relationship (RFC 8156 §3): the primary opens the connection and
 * dictates the MCLT (§6.1, §6.1.1), and owns the odd half of independently allocated addresses
 * (§4.2.1.1); the secondary listens on the failover port.
 */
public enum Role {
    @JsonProperty("primary")
    PRIMARY,
    @JsonProperty("secondary")
    SECONDARY;

    /** The other role of the pair. */
    public Role partner() {
        return this == PRIMARY ? SECONDARY : PRIMARY;
    }
}
