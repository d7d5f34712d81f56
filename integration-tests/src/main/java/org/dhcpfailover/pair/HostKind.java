package org.dhcpfailover.pair;

import java.nio.file.Path;

/**
 * Which host a pair runs: the DHCPv4 host ({@code bin/failover-host-v4}) on an IPv4 client LAN, or
 * the DHCPv6 host ({@code bin/failover-host-v6}) on an IPv6 one. Everything else of a pair run —
 * namespaces, processes, JMX probes, timeline, stores — is the same for both.
 *
 * @param relationship   the failover relationship's name in both configurations
 * @param primary        the primary's address on the client LAN (its DHCP listen address)
 * @param secondary      the secondary's address on the client LAN
 * @param relay          the named clients' relay agent on the client LAN
 * @param loadRelay      a second address on the client LAN (perfdhcp's relay in IPv4)
 * @param primaryLink    the primary's end of the failover link
 * @param secondaryLink  the secondary's end of the failover link
 * @param lanBits        prefix length of the client LAN
 * @param linkBits       prefix length of the failover link
 */
public record HostKind(String name, String relationship, String primary, String secondary, String relay,
        String loadRelay, String primaryLink, String secondaryLink, int lanBits, int linkBits) {

    public static final HostKind V4 = new HostKind("v4", "failover-v4", "10.99.0.1", "10.99.0.2", "10.99.0.254",
            "10.99.0.253", "10.98.0.1", "10.98.0.2", 24, 30);

    /** fd00:99::/64 is the client LAN, fd00:98::/64 the failover link; duplicate address detection is off. */
    public static final HostKind V6 = new HostKind("v6", "failover-v6", "fd00:99::1", "fd00:99::2", "fd00:99::fe",
            "fd00:99::fd", "fd00:98::1", "fd00:98::2", 64, 64);

    public boolean isV6() {
        return this == V6 || name.equals("v6");
    }

    /** The runnable host jar. */
    public Path hostJar() {
        return isV6() ? Artifacts.hostV6Jar() : Artifacts.hostV4Jar();
    }
}
