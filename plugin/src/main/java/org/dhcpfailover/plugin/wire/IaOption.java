package org.dhcpfailover.plugin.wire;

import java.util.List;
import java.util.Set;

/**
 * OPTION_IA_NA (3, RFC 3315 §22.4) and OPTION_IA_PD (25, RFC 3633 §9), which share a layout:
 * uint32 IAID, uint32 T1, uint32 T2 (relative seconds), then the IA's options. In a BNDUPD
 * T1/T2 are the values sent to the client (RFC 8156 §7.4). IA_TA, which has no T1/T2, is
 * {@link IaTaOption}.
 *
 * @param code    IA_NA or IA_PD
 * @param iaid    the IAID as used by the client
 * @param t1      T1 seconds
 * @param t2      T2 seconds
 * @param options the IA options (IAADDR or IAPREFIX, STATUS_CODE), in wire order
 */
public record IaOption(OptionCode code, long iaid, long t1, long t2, List<DhcpOption> options)
        implements DhcpOption, OptionContainer {
    /** The option codes this record serves. */
    public static final Set<OptionCode> CODES = Set.of(OptionCode.IA_NA, OptionCode.IA_PD);

    public IaOption {
        Checks.codeIn("IaOption", code, CODES);
        Checks.uint32(code, "IAID", iaid);
        Checks.uint32(code, "T1", t1);
        Checks.uint32(code, "T2", t2);
        options = Checks.optionList(code, 12, options);
    }

    @Override
    public int dataLength() {
        return 12 + WireWriter.encodedLength(options);
    }

    @Override
    public void writeData(WireWriter out) {
        out.u32(iaid);
        out.u32(t1);
        out.u32(t2);
        out.options(options);
    }
}
