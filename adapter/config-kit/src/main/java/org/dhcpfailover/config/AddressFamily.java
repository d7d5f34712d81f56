package org.dhcpfailover.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/** Which IP version a configuration value must belong to. */
public enum AddressFamily {
    IPV4("an IPv4 address such as 10.99.0.1"),
    IPV6("an IPv6 address such as fd00:99::1"),
    /** Either version, e.g. the failover partner's address (RFC 8156 runs over TCP on either). */
    ANY("an IPv6 or IPv4 address");

    private final String example;

    AddressFamily(String example) {
        this.example = example;
    }

    /** A phrase for messages, e.g. "an IPv6 address such as fd00:99::1". */
    public String example() {
        return example;
    }

    /** True if {@code address} belongs to this family. */
    public boolean includes(InetAddress address) {
        return this == ANY
                || (this == IPV4 && address instanceof Inet4Address)
                || (this == IPV6 && address instanceof Inet6Address);
    }

    /** The family of {@code address}. */
    public static AddressFamily of(InetAddress address) {
        return address instanceof Inet4Address ? IPV4 : IPV6;
    }

    /** "IPv4" or "IPv6", for messages. */
    public String label() {
        return switch (this) {
            case IPV4 -> "IPv4";
            case IPV6 -> "IPv6";
            case ANY -> "IP";
        };
    }
}
