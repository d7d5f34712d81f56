package org.dhcpfailover.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a configuration is invalid; the message lists every problem, one per line, so an
 * operator can fix the whole file in one pass instead of restarting once per typo.
 */
public final class ConfigurationException extends RuntimeException {

    private final transient List<ConfigurationError> errors;

    public ConfigurationException(List<ConfigurationError> errors) {
        super(describe(errors));
        this.errors = List.copyOf(errors);
    }

    /** Every problem found, in the order they were reported. */
    public List<ConfigurationError> errors() {
        return errors;
    }

    private static String describe(List<ConfigurationError> errors) {
        String count = errors.size() == 1 ? "1 error" : errors.size() + " errors";
        return "invalid configuration ("
                + count
                + "):\n"
                + errors.stream()
                        .map(ConfigurationError::toString)
                        .collect(Collectors.joining("\n"));
    }
}
