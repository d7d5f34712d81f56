package org.dhcpfailover.config;

import java.util.Objects;

/**
 * One problem found in a configuration file: where it is (a JSON path such as
 * {@code Dhcp6.hooks-libraries[0].parameters.failover[0].mclt}) and why the value cannot be used.
 *
 * <p>It prints as {@code path: reason}, the form an operator sees in the log and in the
 * {@link ConfigurationException} that stops a server from starting half-configured.
 */
public record ConfigurationError(String path, String reason) {

    public ConfigurationError {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return path.isEmpty() ? reason : path + ": " + reason;
    }
}
