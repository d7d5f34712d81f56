package org.dhcpfailover.hook.spi;

import java.util.List;

/** A hook's parameters are invalid: every problem, each naming its JSON path. */
public final class HookConfigurationException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** @param problems each of the form {@code "<json path>: <reason>"}; at least one */
    public HookConfigurationException(List<String> problems) {
        super(String.join("; ", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a configuration exception names at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
