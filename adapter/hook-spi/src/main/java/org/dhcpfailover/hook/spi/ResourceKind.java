package org.dhcpfailover.hook.spi;

/** What a pool hands out and what a lease holds. */
public enum ResourceKind {
    /** A DHCPv4 address. */
    IPV4_ADDRESS,
    /** A DHCPv6 non-temporary address (IA_NA). */
    IPV6_ADDRESS,
    /** A DHCPv6 temporary address (IA_TA); pools are address pools, leases are carried like IA_NA. */
    IPV6_TEMPORARY_ADDRESS,
    /** A DHCPv6 delegated prefix (IA_PD, RFC 3633). */
    IPV6_PREFIX
}
