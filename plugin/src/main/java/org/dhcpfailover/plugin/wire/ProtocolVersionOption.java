package org.dhcpfailover.plugin.wire;

/**
 * OPTION_F_PROTOCOL_VERSION (127, RFC 8156 §5.5.11): uint16 major, uint16 minor; this RFC is
 * version 1.0.
 *
 * @param major major version
 * @param minor minor version
 */
public record ProtocolVersionOption(int major, int minor) implements DhcpOption {
    /** The version RFC 8156 defines. */
    public static final ProtocolVersionOption RFC_8156 = new ProtocolVersionOption(1, 0);

    public ProtocolVersionOption {
        Checks.uint16("OPTION_F_PROTOCOL_VERSION.major", major);
        Checks.uint16("OPTION_F_PROTOCOL_VERSION.minor", minor);
    }

    @Override
    public OptionCode code() {
        return OptionCode.F_PROTOCOL_VERSION;
    }

    @Override
    public int dataLength() {
        return 4;
    }

    @Override
    public void writeData(WireWriter out) {
        out.u16(major);
        out.u16(minor);
    }
}
