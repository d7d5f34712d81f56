package org.dhcpfailover.host.config;

import java.net.Inet4Address;
import java.util.Objects;

/** A DHCPv4 server's identifier: one of its own IPv4 addresses (RFC 2132 §9.7). */
public record ServerAddress(Inet4Address address) implements ServerIdentity {
    public ServerAddress {
        Objects.requireNonNull(address, "address");
    }
}
