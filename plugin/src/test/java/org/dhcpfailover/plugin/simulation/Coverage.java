package org.dhcpfailover.plugin.simulation;

import java.util.Map;
import java.util.TreeMap;
import org.dhcpfailover.plugin.endpoint.EndpointState;

/** How often each state, each (from, to) pair and each (from, cause) row was reached, over many runs. */
final class Coverage {

    final Map<String, Long> states = new TreeMap<>();
    final Map<String, Long> pairs = new TreeMap<>();
    final Map<String, Long> rows = new TreeMap<>();
    final Map<String, Long> notes = new TreeMap<>();

    Coverage() {
        for (EndpointState state : EndpointState.values()) {
            states.put(StateNames.of(state), 0L);
        }
        for (String pair : AllowedTransitions.PAIRS) {
            pairs.put(pair, 0L);
        }
    }

    void record(Transition t) {
        if (t.from() == EndpointState.STARTUP) {
            states.merge("STARTUP", 1L, Long::sum);
        }
        states.merge(StateNames.of(t.to()), 1L, Long::sum);
        pairs.merge(AllowedTransitions.pair(t), 1L, Long::sum);
        rows.merge(t.row(), 1L, Long::sum);
    }

    void note(String what) {
        notes.merge(what, 1L, Long::sum);
    }

    String report() {
        StringBuilder out = new StringBuilder();
        section(out, "states entered", states);
        section(out, "(from -> to) pairs", pairs);
        section(out, "(from / cause) rows", rows);
        section(out, "notes", notes);
        return out.toString();
    }

    private static void section(StringBuilder out, String title, Map<String, Long> counts) {
        out.append("== ").append(title).append(" (").append(counts.size()).append(")\n");
        counts.forEach((k, v) -> out.append(String.format("%9d  %s%n", v, k)));
    }
}
