package org.dhcpfailover.plugin.wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Something that carries a list of options: a failover message, or an option with
 * encapsulated options (CLIENT_DATA, IA_NA, IAADDR, ...). Provides look-ups by code and type.
 */
public interface OptionContainer {
    /** The options in wire order (immutable). */
    List<DhcpOption> options();

    // Loops, not streams: these run several times per option of every BNDUPD and BNDREPLY,
    // where a stream pipeline's set-up cost more than the search.

    /** All options with {@code code}, in wire order. */
    default List<DhcpOption> all(OptionCode code) {
        List<DhcpOption> found = new ArrayList<>();
        for (DhcpOption option : options()) {
            if (option.code().equals(code)) {
                found.add(option);
            }
        }
        return Collections.unmodifiableList(found);
    }

    /** The first option with {@code code}. */
    default Optional<DhcpOption> first(OptionCode code) {
        for (DhcpOption option : options()) {
            if (option.code().equals(code)) {
                return Optional.of(option);
            }
        }
        return Optional.empty();
    }

    /** The first option with {@code code} that is a {@code type}. */
    default <T extends DhcpOption> Optional<T> first(OptionCode code, Class<T> type) {
        for (DhcpOption option : options()) {
            if (option.code().equals(code) && type.isInstance(option)) {
                return Optional.of(type.cast(option));
            }
        }
        return Optional.empty();
    }

    /** Whether an option with {@code code} is present. */
    default boolean contains(OptionCode code) {
        return first(code).isPresent();
    }
}
