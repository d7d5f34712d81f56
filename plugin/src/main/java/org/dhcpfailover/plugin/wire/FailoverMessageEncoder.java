package org.dhcpfailover.plugin.wire;

/**
 * Encodes a {@link FailoverMessage} into its octets, without the 2-octet size prefix (see
 * {@link Frames}). Network byte order throughout (RFC 8156 §5.2). Every {@link FailoverMessage}
 * can be encoded: its constructor has checked sizes and option placement.
 */
public final class FailoverMessageEncoder {
    private FailoverMessageEncoder() {
    }

    /** The message's octets: header (RFC 8156 §5.2, or RFC 7653 for STARTTLS/REPLY), options. */
    public static byte[] encode(FailoverMessage message) {
        WireWriter out = new WireWriter(message.encodedLength());
        out.u8(message.type().code());
        out.u8(message.transactionId() >>> 16);
        out.u16(message.transactionId() & 0xFFFF);
        if (HeaderFormat.hasSentTime(message.type())) {
            out.u32(message.sentTime());
        }
        out.options(message.options());
        return out.finish();
    }
}
