package org.dhcpfailover.host.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.dhcpfailover.config.AddressFamily;
import org.dhcpfailover.config.IpAddress;
import org.dhcpfailover.config.Port;

/** {@code Dhcp4.listen} as written: interface, IPv4 address, UDP port (default 67, RFC 2131 §4.1). */
record Listen4Section(
    @JsonProperty("interface") @NotBlank(message = Messages.INTERFACE_REQUIRED) String interfaceName,
    @NotNull(message = Messages.REQUIRED) @IpAddress(AddressFamily.IPV4) String address,
    @Port Long port) implements ListenSection {}
