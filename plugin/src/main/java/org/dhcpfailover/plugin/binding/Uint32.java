package org.dhcpfailover.plugin.binding;

/**
 * Range check for the unsigned 32-bit fields of the binding model (IAIDs, lifetimes, absolute
 * times; RFC 8156 §5.2 says all are uint32), so that every value in a {@link Binding} can be
 * put back on the wire.
 */
final class Uint32 {
    /** Largest uint32. */
    static final long MAX = 0xFFFF_FFFFL;

    private Uint32() {
    }

    /** {@code value}, after checking it is 0 to 2^32 − 1. */
    static long check(String field, long value) {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException(field + " " + value + " is not a uint32");
        }
        return value;
    }
}
