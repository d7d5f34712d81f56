package org.dhcpfailover.host.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated host configuration: who the server is, where it listens, which pools it serves and
 * which hook libraries it loads. Built only by {@link HostConfigurationLoader} after every rule
 * passed, so code that receives one never re-checks it.
 *
 * @param prefixPools delegable prefix pools; always empty for DHCPv4
 * @param control     the JMX connector for operators ({@code control}); empty when not configured
 */
public record HostConfiguration(
        DhcpVersion version,
        ServerIdentity serverIdentity,
        ListenConfig listen,
        Path pluginDirectory,
        Path storeDirectory,
        List<AddressPool> addressPools,
        List<PrefixPool> prefixPools,
        List<HookLibrary> hookLibraries,
        Optional<ControlConfig> control) {

    /** A configuration without a {@code control} section. */
    public HostConfiguration(DhcpVersion version, ServerIdentity serverIdentity, ListenConfig listen,
            Path pluginDirectory, Path storeDirectory, List<AddressPool> addressPools, List<PrefixPool> prefixPools,
            List<HookLibrary> hookLibraries) {
        this(version, serverIdentity, listen, pluginDirectory, storeDirectory, addressPools, prefixPools,
                hookLibraries, Optional.empty());
    }

    /** This configuration with {@code control} as its {@code control} section. */
    public HostConfiguration withControl(Optional<ControlConfig> control) {
        return new HostConfiguration(version, serverIdentity, listen, pluginDirectory, storeDirectory, addressPools,
                prefixPools, hookLibraries, control);
    }

    public HostConfiguration {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(serverIdentity, "serverIdentity");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(pluginDirectory, "pluginDirectory");
        Objects.requireNonNull(storeDirectory, "storeDirectory");
        addressPools = List.copyOf(addressPools);
        prefixPools = List.copyOf(prefixPools);
        hookLibraries = List.copyOf(hookLibraries);
        Objects.requireNonNull(control, "control");
    }
}
