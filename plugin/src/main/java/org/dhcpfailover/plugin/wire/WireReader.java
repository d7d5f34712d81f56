package org.dhcpfailover.plugin.wire;

import org.dhcpfailover.plugin.wire.DecodeException.Kind;

/**
 * Bounds-checked big-endian reader over a window of a byte array. Offsets it reports are
 * relative to the start of the message, so errors point at the octet a reader sees in a hex
 * dump of the message.
 */
final class WireReader {
    private final byte[] buffer;
    private final int messageStart;
    private int position;
    private final int limit;

    WireReader(byte[] buffer, int messageStart, int position, int limit) {
        this.buffer = buffer;
        this.messageStart = messageStart;
        this.position = position;
        this.limit = limit;
    }

    /** Offset of the next octet, relative to the message start. */
    int offset() {
        return position - messageStart;
    }

    int remaining() {
        return limit - position;
    }

    private int need(int octets, String field) throws DecodeException {
        if (octets > remaining()) {
            throw new DecodeException(Kind.TRUNCATED, offset(), field,
                    "needs " + octets + " octets, " + remaining() + " left");
        }
        int start = position;
        position += octets;
        return start;
    }

    int u8(String field) throws DecodeException {
        return buffer[need(1, field)] & 0xFF;
    }

    int u16(String field) throws DecodeException {
        int at = need(2, field);
        return (buffer[at] & 0xFF) << 8 | buffer[at + 1] & 0xFF;
    }

    int u24(String field) throws DecodeException {
        int at = need(3, field);
        return (buffer[at] & 0xFF) << 16 | (buffer[at + 1] & 0xFF) << 8 | buffer[at + 2] & 0xFF;
    }

    long u32(String field) throws DecodeException {
        int at = need(4, field);
        return (buffer[at] & 0xFFL) << 24 | (buffer[at + 1] & 0xFFL) << 16
                | (buffer[at + 2] & 0xFFL) << 8 | buffer[at + 3] & 0xFFL;
    }

    Ipv6Address address(String field) throws DecodeException {
        return Ipv6Address.fromBytes(buffer, need(16, field));
    }

    /** All remaining octets. */
    OctetString rest() {
        int start = position;
        position = limit;
        return OctetString.copyOf(buffer, start, limit - start);
    }

    /** All remaining octets as strict UTF-8. */
    String restAsUtf8(String field) throws DecodeException {
        int at = offset();
        String text = Utf8.decodeOrNull(buffer, position, remaining());
        if (text == null) {
            throw new DecodeException(Kind.BAD_VALUE, at, field, "not well-formed UTF-8");
        }
        position = limit;
        return text;
    }

    /** A reader over the next {@code length} octets, which this reader skips. */
    WireReader slice(int length, String field) throws DecodeException {
        int start = need(length, field);
        return new WireReader(buffer, messageStart, start, start + length);
    }
}
