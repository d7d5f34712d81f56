package org.dhcpfailover.host.hooks;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.dhcpfailover.hook.spi.DhcpFamily;
import org.dhcpfailover.hook.spi.HookContext;
import org.dhcpfailover.hook.spi.HostLeases;
import org.dhcpfailover.hook.spi.PoolDescription;
import org.dhcpfailover.hook.spi.ResourceKind;
import org.dhcpfailover.host.config.AddressPool;
import org.dhcpfailover.host.config.DhcpVersion;
import org.dhcpfailover.host.config.HookLibrary;
import org.dhcpfailover.host.config.HostConfiguration;
import org.dhcpfailover.host.config.PrefixPool;

/** What the host hands one hook: its parameters and the host's pools, store, lease table, clock. */
record HostHookContext(DhcpFamily family, String parametersJson, String parametersPath, Path storeDirectory,
        List<PoolDescription> pools, HostLeases hostLeases, Clock clock) implements HookContext {

    HostHookContext {
        pools = List.copyOf(pools);
    }

    static HostHookContext of(HostConfiguration config, HookLibrary library, HostLeases hostLeases, Clock clock) {
        boolean v4 = config.version() == DhcpVersion.DHCPV4;
        return new HostHookContext(v4 ? DhcpFamily.DHCPV4 : DhcpFamily.DHCPV6, library.parameters().toString(),
                library.parametersPath(), config.storeDirectory(), pools(config, v4), hostLeases, clock);
    }

    /** The host's pools as the SPI describes them. */
    static List<PoolDescription> pools(HostConfiguration config, boolean v4) {
        List<PoolDescription> pools = new ArrayList<>();
        for (AddressPool pool : config.addressPools()) {
            pools.add(new PoolDescription(pool.name(), v4 ? ResourceKind.IPV4_ADDRESS : ResourceKind.IPV6_ADDRESS,
                    pool.range().first(), pool.range().last(), v4 ? 32 : 128, pool.validLifetime(),
                    pool.preferredLifetime()));
        }
        for (PrefixPool pool : config.prefixPools()) {
            pools.add(new PoolDescription(pool.name(), ResourceKind.IPV6_PREFIX, pool.range().first(),
                    pool.range().last(), pool.delegatedLength(), pool.validLifetime(),
                    java.util.Optional.of(pool.preferredLifetime())));
        }
        return pools;
    }
}
