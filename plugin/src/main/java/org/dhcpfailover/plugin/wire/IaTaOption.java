package org.dhcpfailover.plugin.wire;

import java.util.List;

/**
 * OPTION_IA_TA (4, RFC 3315 §22.5): uint32 IAID, then the IA's options. Unlike IA_NA there is
 * no T1/T2 on the wire.
 *
 * @param iaid    the IAID as used by the client
 * @param options the IA options (IAADDR, STATUS_CODE), in wire order
 */
public record IaTaOption(long iaid, List<DhcpOption> options) implements DhcpOption, OptionContainer {
    public IaTaOption {
        Checks.uint32("OPTION_IA_TA.IAID", iaid);
        options = Checks.optionList(OptionCode.IA_TA, 4, options);
    }

    @Override
    public OptionCode code() {
        return OptionCode.IA_TA;
    }

    @Override
    public int dataLength() {
        return 4 + WireWriter.encodedLength(options);
    }

    @Override
    public void writeData(WireWriter out) {
        out.u32(iaid);
        out.options(options);
    }
}
