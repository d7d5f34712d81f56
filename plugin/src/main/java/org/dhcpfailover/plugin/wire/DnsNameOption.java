package org.dhcpfailover.plugin.wire;

import java.util.Set;

/**
 * OPTION_F_DNS_HOST_NAME (117, RFC 8156 §5.5.3.1) and OPTION_F_DNS_ZONE_NAME (118, §5.5.3.2):
 * a domain name in DNS wire format (RFC 1035 §3.1, RFC 3315 §8). Kept as the octets received,
 * at least one (the root label); interpreting the labels is left to the DNS update code.
 *
 * @param code which of the two options
 * @param name the name in wire format
 */
public record DnsNameOption(OptionCode code, OctetString name) implements DhcpOption {
    /** The option codes this record serves. */
    public static final Set<OptionCode> CODES = Set.of(OptionCode.F_DNS_HOST_NAME, OptionCode.F_DNS_ZONE_NAME);

    public DnsNameOption {
        Checks.codeIn("DnsNameOption", code, CODES);
        if (name.length() < 1) {
            throw new IllegalArgumentException(code.name() + " needs at least the root label");
        }
        Checks.optionData(code, name.length());
    }

    @Override
    public int dataLength() {
        return name.length();
    }

    @Override
    public void writeData(WireWriter out) {
        out.octets(name);
    }
}
