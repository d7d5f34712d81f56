package org.dhcpfailover.plugin.wire;

import java.util.Set;

/**
 * The options whose data is one uint32 absolute time (seconds since 2000-01-01T00:00:00Z,
 * modulo 2^32; RFC 8156 §3, see {@code org.dhcpfailover.plugin.time.AbsoluteTime}):
 * LQ_BASE_TIME (RFC 7653 §6.3.1), F_EXPIRATION_TIME (§5.5.4), F_PARTNER_LIFETIME (§5.5.7),
 * F_PARTNER_LIFETIME_SENT (§5.5.8), F_PARTNER_DOWN_TIME (§5.5.9), F_PARTNER_RAW_CLT_TIME
 * (§5.5.10), F_START_TIME_OF_STATE (§5.5.17) and F_STATE_EXPIRATION_TIME (§5.5.18).
 * option-len is exactly 4.
 *
 * @param code which of those options
 * @param time the absolute time; 0 means "never" where the protocol uses it so (§7.3)
 */
public record AbsoluteTimeOption(OptionCode code, long time) implements DhcpOption {
    /** The option codes this record serves. */
    public static final Set<OptionCode> CODES = Set.of(OptionCode.LQ_BASE_TIME, OptionCode.F_EXPIRATION_TIME,
            OptionCode.F_PARTNER_LIFETIME, OptionCode.F_PARTNER_LIFETIME_SENT, OptionCode.F_PARTNER_DOWN_TIME,
            OptionCode.F_PARTNER_RAW_CLT_TIME, OptionCode.F_START_TIME_OF_STATE,
            OptionCode.F_STATE_EXPIRATION_TIME);

    public AbsoluteTimeOption {
        Checks.codeIn("AbsoluteTimeOption", code, CODES);
        Checks.uint32(code, "time", time);
    }

    @Override
    public int dataLength() {
        return 4;
    }

    @Override
    public void writeData(WireWriter out) {
        out.u32(time);
    }
}
