package org.dhcpfailover.plugin.wire;

/**
 * A message that cannot be framed: the 2-octet message-size of RFC 5460 §5.1 (used by RFC 8156
 * §5.1) holds at most 65535, and nothing shorter than a header is a message.
 */
public final class FrameSizeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int size;

    public FrameSizeException(int size, String detail) {
        super("cannot frame a message of " + size + " octets: " + detail);
        this.size = size;
    }

    /** Octets of the refused message. */
    public int size() {
        return size;
    }
}
