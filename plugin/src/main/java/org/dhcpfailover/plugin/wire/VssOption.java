package org.dhcpfailover.plugin.wire;

/**
 * OPTION_VSS (68, RFC 6607 §3.4, §3.5): uint8 VSS type (0 NVT-ASCII VPN identifier, 1 RFC 2685
 * VPN-ID, 255 global default VPN) and the VSS information. Present in a BNDUPD iff the binding
 * is in a non-default VPN (RFC 8156 §7.4). The information is kept opaque: whether the VPN is
 * configured is a ConfigurationConflict question for the binding code (§7.5.4), not a decode
 * error.
 *
 * @param type        the VSS type
 * @param information the VSS information, possibly empty
 */
public record VssOption(int type, OctetString information) implements DhcpOption {
    public VssOption {
        Checks.uint8("OPTION_VSS.type", type);
        Checks.optionData(OptionCode.VSS, 1 + information.length());
    }

    @Override
    public OptionCode code() {
        return OptionCode.VSS;
    }

    @Override
    public int dataLength() {
        return 1 + information.length();
    }

    @Override
    public void writeData(WireWriter out) {
        out.u8(type);
        out.octets(information);
    }
}
