package org.dhcpfailover.plugin.bindingdb;

import java.util.Arrays;
import org.dhcpfailover.plugin.bindingdb.BindingDecodeException.Kind;

/**
 * Bounds-checked big-endian reader for {@link BindingCodec}: running out of octets, or a length
 * that does not fit, is a {@link BindingDecodeException}, never an index error.
 */
final class ByteSource {
    private final byte[] buffer;
    private int position;

    ByteSource(byte[] buffer) {
        this.buffer = buffer;
    }

    int position() {
        return position;
    }

    int remaining() {
        return buffer.length - position;
    }

    byte[] buffer() {
        return buffer;
    }

    private int need(int octets, String field) throws BindingDecodeException {
        if (octets > remaining()) {
            throw new BindingDecodeException(Kind.TRUNCATED, field + " at offset " + position + " needs " + octets
                    + " octets, " + remaining() + " left");
        }
        int start = position;
        position += octets;
        return start;
    }

    int u8(String field) throws BindingDecodeException {
        return buffer[need(1, field)] & 0xFF;
    }

    int u16(String field) throws BindingDecodeException {
        int at = need(2, field);
        return (buffer[at] & 0xFF) << 8 | buffer[at + 1] & 0xFF;
    }

    long u32(String field) throws BindingDecodeException {
        int at = need(4, field);
        return (buffer[at] & 0xFFL) << 24 | (buffer[at + 1] & 0xFF) << 16 | (buffer[at + 2] & 0xFF) << 8
                | buffer[at + 3] & 0xFF;
    }

    /**
     * An unsigned LEB128 int in its shortest form; more octets than needed, more than five, or
     * a value over 2^31 − 1 is damage.
     */
    int varint(String field) throws BindingDecodeException {
        long value = 0;
        for (int i = 0; i < Varint.MAX_OCTETS; i++) {
            int octet = u8(field);
            value |= (long) (octet & 0x7F) << (7 * i);
            if ((octet & 0x80) == 0) {
                if (value > Integer.MAX_VALUE || octet == 0 && i > 0) {
                    break;
                }
                return (int) value;
            }
        }
        throw new BindingDecodeException(Kind.BAD_VALUE, field + " before offset " + position + " is not a length");
    }

    byte[] octets(int length, String field) throws BindingDecodeException {
        int at = need(length, field);
        return Arrays.copyOfRange(buffer, at, at + length);
    }
}
