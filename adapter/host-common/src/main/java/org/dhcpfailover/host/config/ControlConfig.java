package org.dhcpfailover.host.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The validated {@code control} section: where the host's JMX connector listens and the JDK
 * password and access files that guard it (the formats of the JDK's {@code jmxremote.password}
 * and {@code jmxremote.access}: {@code user password} lines, and {@code user readonly|readwrite}).
 * Whether the files exist and are private is checked when the host starts, as the JDK does.
 */
public record ControlConfig(InetSocketAddress jmxAddress, Path passwordFile, Path accessFile) {

    public ControlConfig {
        Objects.requireNonNull(jmxAddress, "jmxAddress");
        Objects.requireNonNull(passwordFile, "passwordFile");
        Objects.requireNonNull(accessFile, "accessFile");
    }
}
