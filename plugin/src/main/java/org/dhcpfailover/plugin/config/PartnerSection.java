package org.dhcpfailover.plugin.config;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.dhcpfailover.config.AddressFamily;
import org.dhcpfailover.config.IpAddress;
import org.dhcpfailover.config.Port;

/** A relationship's "partner" as written: the other server's name and failover address. */
record PartnerSection(
    @NotBlank(message = RelationshipSection.REQUIRED) String name,
    @NotNull(message = RelationshipSection.REQUIRED) @IpAddress(AddressFamily.ANY) String address,
    @Port Long port) {}
