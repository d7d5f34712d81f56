package org.dhcpfailover.hook.spi;

/** The protocol a host serves. */
public enum DhcpFamily {
    /** DHCPv4 (RFC 2131); addresses are {@link java.net.Inet4Address}. */
    DHCPV4,
    /** DHCPv6 (RFC 8415); addresses and prefixes are {@link java.net.Inet6Address}. */
    DHCPV6
}
