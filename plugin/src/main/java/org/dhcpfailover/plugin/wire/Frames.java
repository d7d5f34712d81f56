package org.dhcpfailover.plugin.wire;

/**
 * Writing side of the TCP framing (RFC 8156 §5.1 → RFC 5460 §5.1): each message is preceded
 * by a 16-bit message-size that counts the message octets, not itself.
 */
public final class Frames {
    /** Octets of the message-size prefix. */
    public static final int PREFIX_LENGTH = 2;
    /** Largest message the prefix can announce. */
    public static final int MAX_MESSAGE_SIZE = 0xFFFF;

    private Frames() {
    }

    /**
     * The frame for {@code message}: size prefix, then the message octets.
     *
     * @throws FrameSizeException if the message is longer than 65535 octets or shorter than the
     *                            4-octet DHCPv6 header
     */
    public static byte[] frame(byte[] message) {
        if (message.length > MAX_MESSAGE_SIZE) {
            throw new FrameSizeException(message.length, "more than " + MAX_MESSAGE_SIZE
                    + " octets do not fit the 16-bit message-size (RFC 5460 §5.1)");
        }
        if (message.length < HeaderFormat.DHCPV6_HEADER_LENGTH) {
            throw new FrameSizeException(message.length, "shorter than any message header");
        }
        byte[] frame = new byte[PREFIX_LENGTH + message.length];
        frame[0] = (byte) (message.length >>> 8);
        frame[1] = (byte) message.length;
        System.arraycopy(message, 0, frame, PREFIX_LENGTH, message.length);
        return frame;
    }

    /** Encodes and frames {@code message}. */
    public static byte[] frame(FailoverMessage message) {
        return frame(FailoverMessageEncoder.encode(message));
    }
}
