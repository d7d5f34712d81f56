package org.dhcpfailover.plugin.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the two partners split a pool's free resources (RFC 8156 §4.2). */
public enum Allocation {
    /** Split by a fixed rule, the lowest address bit, with no messages (RFC 8156 §4.2.1). */
    @JsonProperty("independent")
    INDEPENDENT,
    /** The primary hands a share of the free resources to the secondary (RFC 8156 §4.2.2). */
    @JsonProperty("proportional")
    PROPORTIONAL
}
