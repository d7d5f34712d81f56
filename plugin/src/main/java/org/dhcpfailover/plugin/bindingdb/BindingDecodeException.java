package org.dhcpfailover.plugin.bindingdb;

/**
 * Stored bytes that are not a binding {@link BindingCodec} can read. The store's checksums
 * rule out disk damage, so this means a format this version does not know (written by a newer
 * one) or a bug; the database refuses to open rather than guess, for the reason
 * {@link org.dhcpfailover.plugin.store.StoreCorruptedException} gives: a misread lease may be one
 * a client holds (RFC 8156 §8.4 stable storage is only worth something if it is read back
 * exactly).
 */
public final class BindingDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the bytes. */
    public enum Kind {
        /** The key is not 17 octets or its kind/length octet is impossible. */
        BAD_KEY,
        /** The value's format version is not one this code reads. */
        UNSUPPORTED_VERSION,
        /** The value ends inside a field. */
        TRUNCATED,
        /** A field holds a value the binding model refuses (unknown flag bits, IA type, ...). */
        BAD_VALUE,
        /** The echoed options are not valid DHCPv6 option TLVs. */
        BAD_OPTIONS,
        /** Octets are left after the last field. */
        TRAILING_OCTETS
    }

    private final Kind kind;

    /**
     * @param kind   what is wrong
     * @param detail human-readable detail, with the offset where known
     */
    public BindingDecodeException(Kind kind, String detail) {
        super(kind + ": " + detail);
        this.kind = kind;
    }

    /** Same, with the exception that revealed it. */
    public BindingDecodeException(Kind kind, String detail, Throwable cause) {
        super(kind + ": " + detail, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
