package org.dhcpfailover.host.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.dhcpfailover.config.HexOctets;

/** The "Dhcp6" object as written, before the rules that involve several keys. */
record Dhcp6Section(
    @NotNull(message = Messages.REQUIRED)
    @HexOctets(min = 3, max = 130, message = "must be a DUID: 3 to 130 hexadecimal octets separated by colons, "
        + "e.g. 00:01:00:01:2d:24:bd:00:00:50:56:00:00:01 (RFC 3315 §9.1)")
    String serverDuid,
    @NotNull(message = Messages.REQUIRED) @Valid Listen6Section listen,
    String pluginDirectory,
    @NotBlank(message = Messages.REQUIRED) String storeDirectory,
    @LifetimeSeconds Long validLifetime,
    @LifetimeSeconds Long preferredLifetime,
    @Valid List<@NotNull(message = Messages.REQUIRED) Dhcp6PoolSection> pools,
    @Valid List<@NotNull(message = Messages.REQUIRED) PdPoolSection> pdPools,
    @Valid List<@NotNull(message = Messages.REQUIRED) HookLibrarySection> hooksLibraries,
    @Valid ControlSection control) {}
