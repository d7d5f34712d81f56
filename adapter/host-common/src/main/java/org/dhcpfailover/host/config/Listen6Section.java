package org.dhcpfailover.host.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.dhcpfailover.config.AddressFamily;
import org.dhcpfailover.config.IpAddress;
import org.dhcpfailover.config.Port;

/** {@code Dhcp6.listen} as written: interface, IPv6 address, UDP port (default 547, RFC 3315 §5.2). */
record Listen6Section(
    @JsonProperty("interface") @NotBlank(message = Messages.INTERFACE_REQUIRED) String interfaceName,
    @NotNull(message = Messages.REQUIRED) @IpAddress(AddressFamily.IPV6) String address,
    @Port Long port) implements ListenSection {}
