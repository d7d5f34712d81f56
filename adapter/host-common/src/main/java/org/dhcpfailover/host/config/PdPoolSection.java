package org.dhcpfailover.host.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.dhcpfailover.config.AddressFamily;
import org.dhcpfailover.config.IpAddress;

/** An element of {@code Dhcp6.pd-pools} as written: a prefix from which prefixes are delegated (RFC 3633). */
record PdPoolSection(
        @NotBlank(message = Messages.REQUIRED) String name,
        @NotNull(message = Messages.REQUIRED) @IpAddress(AddressFamily.IPV6) String prefix,
        @NotNull(message = Messages.REQUIRED)
                @Min(value = 0, message = PdPoolSection.LENGTH)
                @Max(value = 128, message = PdPoolSection.LENGTH)
                Long prefixLen,
        @NotNull(message = Messages.REQUIRED)
                @Min(value = 0, message = PdPoolSection.LENGTH)
                @Max(value = 128, message = PdPoolSection.LENGTH)
                Long delegatedLen,
        @LifetimeSeconds Long validLifetime,
        @LifetimeSeconds Long preferredLifetime) {

    static final String LENGTH = "must be a prefix length from 0 to 128";
}
