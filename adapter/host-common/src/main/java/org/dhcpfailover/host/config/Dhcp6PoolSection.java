package org.dhcpfailover.host.config;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/** An element of {@code Dhcp6.pools} as written: addresses handed out in IA_NA options. */
record Dhcp6PoolSection(
    @NotBlank(message = Messages.REQUIRED) String name,
    @NotNull(message = Messages.REQUIRED) String pool,
    @LifetimeSeconds Long validLifetime,
    @LifetimeSeconds Long preferredLifetime) implements AddressPoolSection {}
