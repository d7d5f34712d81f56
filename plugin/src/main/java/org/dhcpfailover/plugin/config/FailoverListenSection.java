package org.dhcpfailover.plugin.config;

import jakarta.validation.constraints.NotNull;
import org.dhcpfailover.config.AddressFamily;
import org.dhcpfailover.config.IpAddress;
import org.dhcpfailover.config.Port;

/** A relationship's "listen" as written: this server's failover address. */
record FailoverListenSection(
    @NotNull(message = RelationshipSection.REQUIRED) @IpAddress(AddressFamily.ANY) String address,
    @Port Long port) {}
