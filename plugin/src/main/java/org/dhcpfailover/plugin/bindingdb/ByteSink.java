package org.dhcpfailover.plugin.bindingdb;

/** Big-endian writer into a buffer sized in advance, for {@link BindingCodec}. */
final class ByteSink {
    private final byte[] buffer;
    private int position;

    ByteSink(int size) {
        this.buffer = new byte[size];
    }

    void u8(int value) {
        buffer[position++] = (byte) value;
    }

    void u16(int value) {
        u8(value >>> 8);
        u8(value);
    }

    void u32(long value) {
        u16((int) (value >>> 16) & 0xFFFF);
        u16((int) value & 0xFFFF);
    }

    void varint(int value) {
        int rest = value;
        while (rest >>> 7 != 0) {
            u8(rest & 0x7F | 0x80);
            rest >>>= 7;
        }
        u8(rest);
    }

    void octets(byte[] value) {
        System.arraycopy(value, 0, buffer, position, value.length);
        position += value.length;
    }

    byte[] finish() {
        if (position != buffer.length) {
            throw new IllegalStateException("wrote " + position + " of " + buffer.length + " octets");
        }
        return buffer;
    }
}
