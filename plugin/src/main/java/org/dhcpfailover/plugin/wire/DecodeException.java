package org.dhcpfailover.plugin.wire;

/**
 * A failover frame or message that cannot be decoded. It is the only exception the decoders
 * throw for bad input; the connection handler answers it with DISCONNECT and closes
 * (RFC 8156 §5.3.10; digest §13.10).
 */
public final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the input. */
    public enum Kind {
        /** message-size below the 8-octet header (RFC 8156 §5.2). */
        FRAME_TOO_SHORT,
        /** message-size above the configured maximum (RFC 5460 §5.1 allows up to 65535). */
        FRAME_TOO_LONG,
        /** The message ends inside a fixed field (header, option header, option field). */
        TRUNCATED,
        /** An option-len runs past the end of its container (message or enclosing option). */
        LENGTH_OVERRUN,
        /** An option-len the option's layout does not allow (wrong fixed size, below minimum). */
        BAD_LENGTH,
        /** A field value out of range (prefix length over 128, text that is not UTF-8, ...). */
        BAD_VALUE,
        /** A known option where RFC 8156 does not allow it (digest §3.3). */
        NOT_ALLOWED_HERE
    }

    private final Kind kind;
    private final int offset;
    private final String field;

    /**
     * @param kind   what is wrong
     * @param offset byte offset, relative to the start of the message (after the size prefix);
     *               framing errors, which concern the size prefix, report 0
     * @param field  the field, e.g. {@code "OPTION_IAADDR.valid-lifetime"}
     * @param detail human-readable detail
     */
    public DecodeException(Kind kind, int offset, String field, String detail) {
        super(kind + " at offset " + offset + " (" + field + "): " + detail);
        this.kind = kind;
        this.offset = offset;
        this.field = field;
    }

    public Kind kind() {
        return kind;
    }

    public int offset() {
        return offset;
    }

    public String field() {
        return field;
    }
}
