package org.dhcpfailover.hook.spi;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One of the host's pools.
 *
 * @param kind              {@link ResourceKind#IPV4_ADDRESS}, {@link ResourceKind#IPV6_ADDRESS} or
 *                          {@link ResourceKind#IPV6_PREFIX} (temporary addresses come from address pools)
 * @param first             the first address (of a prefix pool: the first address of its range)
 * @param last              the last address
 * @param delegatedLength   for a prefix pool, the length of each delegated prefix; else 32 or 128
 * @param preferredLifetime DHCPv6 only
 */
public record PoolDescription(String name, ResourceKind kind, InetAddress first, InetAddress last,
        int delegatedLength, Duration validLifetime, Optional<Duration> preferredLifetime) {
    public PoolDescription {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        Objects.requireNonNull(validLifetime, "validLifetime");
        Objects.requireNonNull(preferredLifetime, "preferredLifetime");
    }
}
