package org.dhcpfailover.plugin.wire;

import java.util.List;
import java.util.Optional;

/**
 * Something that carries a list of options: a failover message, or an option with
 * encapsulated options (CLIENT_DATA, IA_NA, IAADDR, ...). Provides look-ups by code and type.
 */
public interface OptionContainer {
    /** The options in wire order (immutable). */
    List<DhcpOption> options();

    /** All options with {@code code}, in wire order. */
    default List<DhcpOption> all(OptionCode code) {
        return options().stream().filter(option -> option.code().equals(code)).toList();
    }

    /** The first option with {@code code}. */
    default Optional<DhcpOption> first(OptionCode code) {
        return options().stream().filter(option -> option.code().equals(code)).findFirst();
    }

    /** The first option with {@code code} that is a {@code type}. */
    default <T extends DhcpOption> Optional<T> first(OptionCode code, Class<T> type) {
        return options().stream()
                .filter(option -> option.code().equals(code) && type.isInstance(option))
                .map(type::cast)
                .findFirst();
    }

    /** Whether an option with {@code code} is present. */
    default boolean contains(OptionCode code) {
        return first(code).isPresent();
    }
}
