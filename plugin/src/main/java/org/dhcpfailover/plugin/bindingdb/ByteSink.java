package org.dhcpfailover.plugin.bindingdb;

import org.dhcpfailover.plugin.wire.BigEndianWriter;

/** The wire's big-endian writer plus the variable-length integers of {@link BindingCodec}. */
final class ByteSink extends BigEndianWriter {

    ByteSink(int size) {
        super(size);
    }

    /** Seven bits per octet, low bits first, the high bit set on every octet but the last. */
    void varint(int value) {
        int rest = value;
        while (rest >>> 7 != 0) {
            u8(rest & 0x7F | 0x80);
            rest >>>= 7;
        }
        u8(rest);
    }
}
