package org.dhcpfailover.plugin.wire;

/**
 * Base of the "open enums" for wire code points (message types, option codes, status codes,
 * binding-status and endpoint-state values).
 *
 * <p>Unlike a Java {@code enum}, an open enum keeps codes it does not know: RFC 7031 R10 and
 * RFC 8156 §5.2 expect a failover peer to meet code points registered later, and the codec
 * must carry them through decode and encode byte for byte instead of failing. Two values are
 * equal when they are of the same class and have the same code.
 */
public abstract class OpenCode {
    private final int code;
    private final String name;

    OpenCode(int code, String name) {
        this.code = code;
        this.name = name;
    }

    /** The numeric code as it appears on the wire. */
    public final int code() {
        return code;
    }

    /** The RFC name, or {@code Unknown(n)} for a code this implementation does not know. */
    public final String name() {
        return name == null ? "Unknown(" + code + ")" : name;
    }

    /** Whether the code is one this implementation knows by name. */
    public final boolean isKnown() {
        return name != null;
    }

    @Override
    public final boolean equals(Object other) {
        return other != null && other.getClass() == getClass() && ((OpenCode) other).code == code;
    }

    @Override
    public final int hashCode() {
        return getClass().getName().hashCode() * 31 + code;
    }

    @Override
    public final String toString() {
        return isKnown() ? name + "(" + code + ")" : name();
    }
}
