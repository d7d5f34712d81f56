package org.dhcpfailover.host.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.dhcpfailover.config.AddressFamily;
import org.dhcpfailover.config.IpAddress;
import org.dhcpfailover.config.Port;

/**
 * {@code control} as written: the JMX connector the host opens for {@code failoverctl} and other
 * JMX clients (docs/configuration.md "control").
 */
record ControlSection(
    @NotNull(message = Messages.REQUIRED) @IpAddress(AddressFamily.ANY) String jmxAddress,
    @NotNull(message = Messages.REQUIRED) @Port Long jmxPort,
    @NotBlank(message = Messages.REQUIRED) String passwordFile,
    @NotBlank(message = Messages.REQUIRED) String accessFile,
    @Valid ControlTlsSection tls,
    Boolean allowPlaintext) {}
