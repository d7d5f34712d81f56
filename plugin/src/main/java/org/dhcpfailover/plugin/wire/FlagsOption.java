package org.dhcpfailover.plugin.wire;

/**
 * The flag-field options: F_CONNECT_FLAGS (RFC 8156 §5.5.2, 16 bits), F_DNS_FLAGS (§5.5.3.3,
 * 16 bits) and F_SERVER_FLAGS (§5.5.15, 8 bits). The RFC numbers bits from the most
 * significant, so "bit 15" of a 16-bit field is the value 0x0001. Bits the RFC marks MBZ are
 * kept as received so that the option round-trips; receivers ignore them.
 *
 * @param code  which of those options
 * @param flags the flag bits
 */
public record FlagsOption(OptionCode code, int flags) implements DhcpOption {
    /** F_CONNECT_FLAGS bit 15 F: every prefix delegated from a delegable prefix has one length. */
    public static final int CONNECT_FIXED_PD_LENGTH = 0x0001;
    /** F_DNS_FLAGS bit 15 F: forward DNS data is up to date. */
    public static final int DNS_FWD_UPTODATE = 0x0001;
    /** F_DNS_FLAGS bit 14 R: reverse DNS data is up to date. */
    public static final int DNS_REV_UPTODATE = 0x0002;
    /** F_DNS_FLAGS bit 13 S: the name was synthesized. */
    public static final int DNS_SYNTHESIZED_NAME = 0x0004;
    /** F_DNS_FLAGS bit 12 U: the client's requested FQDN is used. */
    public static final int DNS_USING_REQUESTED_FQDN = 0x0008;
    /** F_SERVER_FLAGS bit 7 C: the sender has communicated with its partner before. */
    public static final int SERVER_COMMUNICATED = 0x01;
    /** F_SERVER_FLAGS bit 6 S: the sender is in STARTUP. */
    public static final int SERVER_STARTUP = 0x02;
    /** F_SERVER_FLAGS bit 5 A: the last SERVER_FLAGS the sender received had S set. */
    public static final int SERVER_ACK_STARTUP = 0x04;

    public FlagsOption {
        if (OptionCode.F_SERVER_FLAGS.equals(code)) {
            Checks.uint8(code, "flags", flags);
        } else if (OptionCode.F_CONNECT_FLAGS.equals(code) || OptionCode.F_DNS_FLAGS.equals(code)) {
            Checks.uint16(code, "flags", flags);
        } else {
            throw new IllegalArgumentException("FlagsOption cannot carry " + code);
        }
    }

    /** Whether every bit of {@code mask} is set. */
    public boolean isSet(int mask) {
        return (flags & mask) == mask;
    }

    @Override
    public int dataLength() {
        return OptionCode.F_SERVER_FLAGS.equals(code) ? 1 : 2;
    }

    @Override
    public void writeData(WireWriter out) {
        if (dataLength() == 1) {
            out.u8(flags);
        } else {
            out.u16(flags);
        }
    }
}
