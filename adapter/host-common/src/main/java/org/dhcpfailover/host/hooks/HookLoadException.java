package org.dhcpfailover.host.hooks;

import java.util.List;

/** Hooks could not be loaded or started: every problem found, each saying what to fix. */
public final class HookLoadException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public HookLoadException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    HookLoadException(String problem, Throwable cause) {
        super(problem, cause);
        this.problems = List.of(problem);
    }

    public List<String> problems() {
        return problems;
    }
}
