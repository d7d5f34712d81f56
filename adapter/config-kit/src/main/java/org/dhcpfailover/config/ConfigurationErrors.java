package org.dhcpfailover.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Collects every problem of one configuration run. Binding, bean validation and cross-field rules
 * all report here, so a single run shows the operator the whole list.
 *
 * <p>A problem is reported once: an exact repeat is dropped, and {@link #addUnlessReported}
 * drops a follow-up problem on a value that already failed (a wrong type followed by "is
 * required" on the same key says nothing new).
 */
public final class ConfigurationErrors {

    private final Set<ConfigurationError> errors = new LinkedHashSet<>();

    /** Records a problem at {@code path}. */
    public void add(JsonPath path, String reason) {
        errors.add(new ConfigurationError(path.text(), reason));
    }

    /** Records a problem unless one was already reported at {@code path} or around it. */
    public void addUnlessReported(JsonPath path, String reason) {
        if (!hasErrorAtOrAbove(path)) {
            add(path, reason);
        }
    }

    /** True if a problem was reported at {@code path} or at a path that contains it. */
    public boolean hasErrorAtOrAbove(JsonPath path) {
        return errors.stream().anyMatch(e -> JsonPath.of(e.path()).contains(path));
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    /** The problems in the order they were reported. */
    public List<ConfigurationError> list() {
        return List.copyOf(new ArrayList<>(errors));
    }

    /** The invalid result carrying the problems reported so far; at least one must have been reported. */
    public <T> ConfigurationResult<T> invalidResult() {
        return ConfigurationResult.invalid(list());
    }

    /**
     * The final verdict: the configuration built by {@code build} if nothing was reported, the
     * list of problems otherwise ({@code build} is then never called, so it may assume valid input).
     */
    public <T> ConfigurationResult<T> toResult(Supplier<T> build) {
        return errors.isEmpty()
                ? ConfigurationResult.valid(build.get())
                : ConfigurationResult.invalid(list());
    }
}
