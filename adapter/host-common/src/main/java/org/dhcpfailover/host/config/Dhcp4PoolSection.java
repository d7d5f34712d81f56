package org.dhcpfailover.host.config;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * An element of {@code Dhcp4.pools} as written. There is no "preferred-lifetime": DHCPv4 leases
 * have a single lifetime, so the key is unknown here.
 */
record Dhcp4PoolSection(
        @NotBlank(message = Messages.REQUIRED) String name,
        @NotNull(message = Messages.REQUIRED) String pool,
        @LifetimeSeconds Long validLifetime)
        implements AddressPoolSection {

    @Override
    public Long preferredLifetime() {
        return null;
    }
}
