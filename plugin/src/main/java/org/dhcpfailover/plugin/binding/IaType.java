package org.dhcpfailover.plugin.binding;

import org.dhcpfailover.plugin.wire.OptionCode;

/**
 * The kind of identity association a lease belongs to (RFC 3315 §22.4, §22.5; RFC 3633 §9).
 * The IAID spaces of the three kinds are independent (RFC 8156 §7.4), so a client is only
 * identified by DUID, IA type and IAID together.
 */
public enum IaType {
    /** Non-temporary addresses, with T1/T2. */
    IA_NA(OptionCode.IA_NA),
    /** Temporary addresses, no T1/T2 on the wire. */
    IA_TA(OptionCode.IA_TA),
    /** Delegated prefixes, with T1/T2. */
    IA_PD(OptionCode.IA_PD);

    private final OptionCode optionCode;

    IaType(OptionCode optionCode) {
        this.optionCode = optionCode;
    }

    /** The option that carries an IA of this kind. */
    public OptionCode optionCode() {
        return optionCode;
    }

    /** Whether the IA holds prefixes (OPTION_IAPREFIX) rather than addresses (OPTION_IAADDR). */
    public boolean holdsPrefixes() {
        return this == IA_PD;
    }

    /** Whether T1/T2 travel on the wire (IA_TA has none, RFC 3315 §22.5). */
    public boolean hasRenewalTimes() {
        return this != IA_TA;
    }

    /** The IA type carried by {@code code}. */
    public static IaType of(OptionCode code) {
        for (IaType type : values()) {
            if (type.optionCode.equals(code)) {
                return type;
            }
        }
        throw new IllegalArgumentException(code + " is not an IA option");
    }
}
