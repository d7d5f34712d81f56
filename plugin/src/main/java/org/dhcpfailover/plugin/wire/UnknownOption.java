package org.dhcpfailover.plugin.wire;

/**
 * An option whose code this implementation does not know. Kept and re-encoded byte for byte
 * wherever it appears (RFC 7031 R10: a failover peer must not lose data it does not
 * understand). Known codes are refused here, so each option has exactly one representation.
 *
 * @param code the unknown code
 * @param data the option data as received
 */
public record UnknownOption(OptionCode code, OctetString data) implements DhcpOption {
    public UnknownOption {
        if (code.isKnown()) {
            throw new IllegalArgumentException(code + " is known; use its option record");
        }
        Checks.optionData(code, data.length());
    }

    @Override
    public int dataLength() {
        return data.length();
    }

    @Override
    public void writeData(WireWriter out) {
        out.octets(data);
    }
}
