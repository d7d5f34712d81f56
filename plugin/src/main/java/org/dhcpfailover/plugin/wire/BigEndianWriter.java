package org.dhcpfailover.plugin.wire;

import java.util.function.ObjIntConsumer;

/**
 * Network-byte-order writer into a buffer sized in advance: the primitives the wire encoder and
 * the binding store's encoding share. Writing past the size is a programming error (the sizes
 * are computed first), and {@link #finish()} checks that exactly the computed size was written.
 */
public class BigEndianWriter {
    private final byte[] buffer;
    private int position;

    public BigEndianWriter(int size) {
        this.buffer = new byte[size];
    }

    public void u8(int value) {
        buffer[position++] = (byte) value;
    }

    public void u16(int value) {
        u8(value >>> 8);
        u8(value);
    }

    public void u32(long value) {
        u16((int) (value >>> 16) & 0xFFFF);
        u16((int) value & 0xFFFF);
    }

    public void octets(byte[] value) {
        System.arraycopy(value, 0, buffer, position, value.length);
        position += value.length;
    }

    /** Copies {@code length} octets by {@code copier} into the buffer at the current position. */
    protected void octets(int length, ObjIntConsumer<byte[]> copier) {
        copier.accept(buffer, position);
        position += length;
    }

    /** The written buffer; throws if fewer octets were written than the size announced. */
    public byte[] finish() {
        if (position != buffer.length) {
            throw new IllegalStateException("wrote " + position + " of " + buffer.length + " octets");
        }
        return buffer;
    }
}
