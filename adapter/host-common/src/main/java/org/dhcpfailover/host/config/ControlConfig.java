package org.dhcpfailover.host.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The validated {@code control} section: where the host's JMX connector listens, the JDK
 * password and access files that guard it (the formats of the JDK's {@code jmxremote.password}
 * and {@code jmxremote.access}: {@code user password} lines, and {@code user readonly|readwrite}),
 * its TLS, and whether a plaintext connector on an address other than loopback is allowed.
 * Whether the files exist and are private is checked when the host starts, as the JDK does.
 */
public record ControlConfig(InetSocketAddress jmxAddress, Path passwordFile, Path accessFile,
        Optional<ControlTls> tls, boolean allowPlaintext) {

    public ControlConfig {
        Objects.requireNonNull(jmxAddress, "jmxAddress");
        Objects.requireNonNull(passwordFile, "passwordFile");
        Objects.requireNonNull(accessFile, "accessFile");
        Objects.requireNonNull(tls, "tls");
    }

    /** A plaintext connector (allowed on loopback only). */
    public ControlConfig(InetSocketAddress jmxAddress, Path passwordFile, Path accessFile) {
        this(jmxAddress, passwordFile, accessFile, Optional.empty(), false);
    }

    /** Whether a connector without TLS may listen here: on loopback, or when the operator said so. */
    public boolean plaintextAllowed() {
        return jmxAddress.getAddress().isLoopbackAddress() || allowPlaintext;
    }
}
