package org.dhcpfailover.plugin.config;

import java.util.Set;

/** What a host pool hands out, which decides the allocation methods failover may use for it. */
public enum PoolKind {
    /** DHCPv6 addresses (IA_NA): independent allocation only (RFC 8156 §4.2.1). */
    IPV6_ADDRESS(
            "an IPv6 address pool",
            Allocation.INDEPENDENT,
            Set.of(Allocation.INDEPENDENT),
            "IPv6 addresses are plentiful and are split by their lowest bit (RFC 8156 §4.2.1)"),
    /** DHCPv6 delegable prefixes (IA_PD): proportional allocation only (RFC 8156 §4.2.2). */
    IPV6_PREFIX(
            "a delegable prefix pool",
            Allocation.PROPORTIONAL,
            Set.of(Allocation.PROPORTIONAL),
            "delegable prefixes are scarce and are shared out by the primary (RFC 8156 §4.2.2)"),
    /**
     * DHCPv4 addresses (the project's extension): scarce like prefixes, so proportional by default;
     * independent on request.
     */
    IPV4_ADDRESS(
            "an IPv4 pool",
            Allocation.PROPORTIONAL,
            Set.of(Allocation.PROPORTIONAL, Allocation.INDEPENDENT),
            "");

    private final String description;
    private final Allocation defaultAllocation;
    private final Set<Allocation> allowed;
    private final String why;

    PoolKind(
            String description, Allocation defaultAllocation, Set<Allocation> allowed, String why) {
        this.description = description;
        this.defaultAllocation = defaultAllocation;
        this.allowed = allowed;
        this.why = why;
    }

    public Allocation defaultAllocation() {
        return defaultAllocation;
    }

    public boolean allows(Allocation allocation) {
        return allowed.contains(allocation);
    }

    /** E.g. "an IPv6 address pool", for messages. */
    String description() {
        return description;
    }

    /** Why only the default allocation applies, for messages. */
    String why() {
        return why;
    }
}
