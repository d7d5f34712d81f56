package org.dhcpfailover.plugin.config;

import java.net.InetAddress;
import java.util.Objects;

/**
 * What the plugin needs to know about one of the host's pools, in JDK types only, because it
 * crosses from the host's class loader to the plugin's. Pools are defined once, in the host part
 * of the configuration; a relationship refers to them by name.
 *
 * @param validLifetime the pool's valid lifetime in seconds, to compare with the MCLT
 * @param first the first address the pool covers (for a delegable prefix pool, of the prefix)
 * @param last the last address the pool covers
 */
public record HostPool(
        String name, PoolKind kind, long validLifetime, InetAddress first, InetAddress last) {
    public HostPool {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (validLifetime < 1) {
            throw new IllegalArgumentException("a valid lifetime is positive: " + validLifetime);
        }
    }
}
