package org.dhcpfailover.plugin.wire;

/**
 * OPTION_F_RECONFIGURE_DATA (129, RFC 8156 §5.5.13): uint32 absolute reconfigure-time, then the
 * client's RFC 3315 reconfigure key, so the partner can reconfigure the client.
 *
 * @param reconfigureTime absolute time the key was created
 * @param reconfigureKey  the key octets, possibly empty
 */
public record ReconfigureDataOption(long reconfigureTime, OctetString reconfigureKey) implements DhcpOption {
    public ReconfigureDataOption {
        Checks.uint32("OPTION_F_RECONFIGURE_DATA.reconfigure-time", reconfigureTime);
        Checks.optionData(OptionCode.F_RECONFIGURE_DATA, 4 + reconfigureKey.length());
    }

    @Override
    public OptionCode code() {
        return OptionCode.F_RECONFIGURE_DATA;
    }

    @Override
    public int dataLength() {
        return 4 + reconfigureKey.length();
    }

    @Override
    public void writeData(WireWriter out) {
        out.u32(reconfigureTime);
        out.octets(reconfigureKey);
    }
}
