package org.dhcpfailover.host.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.dhcpfailover.config.AddressFamily;
import org.dhcpfailover.config.IpAddress;

/** The "Dhcp4" object as written, before the rules that involve several keys. */
record Dhcp4Section(
    @NotNull(message = Messages.REQUIRED) @IpAddress(AddressFamily.IPV4) String serverAddress,
    @NotNull(message = Messages.REQUIRED) @Valid Listen4Section listen,
    String pluginDirectory,
    @NotBlank(message = Messages.REQUIRED) String storeDirectory,
    @LifetimeSeconds Long validLifetime,
    @Valid List<@NotNull(message = Messages.REQUIRED) Dhcp4PoolSection> pools,
    @Valid List<@NotNull(message = Messages.REQUIRED) HookLibrarySection> hooksLibraries,
    @Valid ControlSection control) {}
