package org.dhcpfailover.host.config;

import java.net.InetSocketAddress;
import java.util.Objects;

/** Where the server receives client messages: an interface and a UDP socket address on it. */
public record ListenConfig(String interfaceName, InetSocketAddress address) {
    public ListenConfig {
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(address, "address");
    }
}
