package org.dhcpfailover.plugin.wire;

import java.util.Set;

/**
 * The options whose data is one uint32 count or interval in seconds: CLT_TIME (RFC 5007
 * §4.1.2.3, seconds before LQ_BASE_TIME), F_MAX_UNACKED_BNDUPD (RFC 8156 §5.5.5), F_MCLT
 * (§5.5.6) and F_KEEPALIVE_TIME (§5.5.12). option-len is exactly 4.
 *
 * @param code  which of those options
 * @param value the count or number of seconds
 */
public record Uint32Option(OptionCode code, long value) implements DhcpOption {
    /** The option codes this record serves. */
    public static final Set<OptionCode> CODES = Set.of(OptionCode.CLT_TIME, OptionCode.F_MAX_UNACKED_BNDUPD,
            OptionCode.F_MCLT, OptionCode.F_KEEPALIVE_TIME);

    public Uint32Option {
        Checks.codeIn("Uint32Option", code, CODES);
        Checks.uint32(code, "value", value);
    }

    @Override
    public int dataLength() {
        return 4;
    }

    @Override
    public void writeData(WireWriter out) {
        out.u32(value);
    }
}
