package org.dhcpfailover.plugin.wire;

import java.util.List;

/**
 * Big-endian writer into a buffer sized in advance from the options' {@link
 * DhcpOption#dataLength()}; used by the option records to write their data. Instances are
 * created by the encoder only.
 */
public final class WireWriter extends BigEndianWriter {

    WireWriter(int size) {
        super(size);
    }

    void octets(OctetString value) {
        octets(value.length(), value::copyTo);
    }

    void address(Ipv6Address value) {
        octets(16, value::copyTo);
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
}
