package org.dhcpfailover.plugin.wire;

import java.util.List;

/**
 * Big-endian writer into a buffer sized in advance from the options' {@link
 * DhcpOption#dataLength()}; used by the option records to write their data. Instances are
 * created by the encoder only.
 */
public final class WireWriter {
    private final byte[] buffer;
    private int position;

    WireWriter(int size) {
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

    void octets(OctetString value) {
        value.copyTo(buffer, position);
        position += value.length();
    }

    void octets(byte[] value) {
        System.arraycopy(value, 0, buffer, position, value.length);
        position += value.length;
    }

    void address(Ipv6Address value) {
        value.copyTo(buffer, position);
        position += 16;
    }

    /** Writes each option as code, option-len, data (RFC 3315 §22.1). */
    void options(List<DhcpOption> options) {
        for (DhcpOption option : options) {
            u16(option.code().code());
            u16(option.dataLength());
            option.writeData(this);
        }
    }

    /** Octets that {@link #options} writes for {@code options}. */
    static int encodedLength(List<DhcpOption> options) {
        int total = 0;
        for (DhcpOption option : options) {
            total += 4 + option.dataLength();
        }
        return total;
    }

    byte[] finish() {
        if (position != buffer.length) {
            throw new IllegalStateException("wrote " + position + " of " + buffer.length + " octets");
        }
        return buffer;
    }
}
