package org.dhcpfailover.host.hooks;

import java.time.Clock;
import java.util.Set;
import org.dhcpfailover.hook.spi.HostLeases;
import org.dhcpfailover.host.config.HostConfiguration;

/** Starts a host's configured hooks: {@link HookLoader#start} in production, a stand-in in tests. */
@FunctionalInterface
public interface HookStarter {

    /**
     * @param hostPackages the host DHCP library's package prefixes, shared with hooks
     * @throws HookLoadException if a hook library cannot be loaded or refuses its parameters
     */
    LoadedHooks start(HostConfiguration config, HostLeases hostLeases, Clock clock, Set<String> hostPackages)
            throws HookLoadException;
}
