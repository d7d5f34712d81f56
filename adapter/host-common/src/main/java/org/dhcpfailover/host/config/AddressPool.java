package org.dhcpfailover.host.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A pool of addresses handed out one by one (DHCPv6 IA_NA, or DHCPv4), with the lifetimes in
 * force for it once pool and server defaults are resolved.
 *
 * @param preferredLifetime present for DHCPv6, empty for DHCPv4 (which has no such lifetime)
 */
public record AddressPool(
        String name,
        AddressRange range,
        Duration validLifetime,
        Optional<Duration> preferredLifetime) {
    public AddressPool {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(validLifetime, "validLifetime");
        Objects.requireNonNull(preferredLifetime, "preferredLifetime");
    }
}
