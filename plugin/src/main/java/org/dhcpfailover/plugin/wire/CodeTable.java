package org.dhcpfailover.plugin.wire;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * The known constants of one {@link OpenCode} class, and the lookup that keeps unknown codes.
 *
 * @param <T> the open enum class
 */
final class CodeTable<T extends OpenCode> {
    private final String what;
    private final int maxCode;
    private final IntFunction<T> unknown;
    private final Map<Integer, T> known = new TreeMap<>();

    /**
     * @param what    what the codes are, for error messages ("message type")
     * @param maxCode largest code the wire field can hold (255 for 8 bits, 65535 for 16 bits)
     * @param unknown makes the value for a code that has no name
     */
    CodeTable(String what, int maxCode, IntFunction<T> unknown) {
        this.what = what;
        this.maxCode = maxCode;
        this.unknown = unknown;
    }

    /** Registers a named constant; used only from the static initialiser of the open enum. */
    T register(T constant) {
        if (known.putIfAbsent(constant.code(), constant) != null) {
            throw new IllegalStateException("duplicate " + what + " " + constant.code());
        }
        return constant;
    }

    T valueOf(int code) {
        if (code < 0 || code > maxCode) {
            throw new IllegalArgumentException(what + " " + code + " is outside 0.." + maxCode);
        }
        T constant = known.get(code);
        return constant != null ? constant : unknown.apply(code);
    }

    Collection<T> values() {
        return Collections.unmodifiableCollection(known.values());
    }
}
