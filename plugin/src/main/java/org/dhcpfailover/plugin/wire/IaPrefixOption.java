package org.dhcpfailover.plugin.wire;

import java.util.List;
import java.util.Objects;

/**
 * OPTION_IAPREFIX (26, RFC 3633 §10): uint32 preferred-lifetime, uint32 valid-lifetime, uint8
 * prefix-length (0–128), 16-octet prefix, then the IAprefix-options. Note the lifetimes come
 * before the prefix, unlike IAADDR. Used inside IA_PD and, in BNDUPD/BNDREPLY, stand-alone at
 * top level for a delegable prefix not tied to a client (RFC 8156 §7.4), where the lifetimes
 * are not specified and the project sends 0 (digest A16).
 *
 * @param preferredLifetime preferred lifetime, seconds
 * @param validLifetime     valid lifetime, seconds
 * @param prefixLength      prefix length in bits, 0–128
 * @param prefix            the prefix
 * @param options           the IAprefix-options, in wire order
 */
public record IaPrefixOption(long preferredLifetime, long validLifetime, int prefixLength, Ipv6Address prefix,
        List<DhcpOption> options) implements DhcpOption, OptionContainer {
    /** Longest IPv6 prefix. */
    public static final int MAX_PREFIX_LENGTH = 128;

    public IaPrefixOption {
        Checks.uint32("OPTION_IAPREFIX.preferred-lifetime", preferredLifetime);
        Checks.uint32("OPTION_IAPREFIX.valid-lifetime", validLifetime);
        if (prefixLength < 0 || prefixLength > MAX_PREFIX_LENGTH) {
            throw new IllegalArgumentException("prefix-length " + prefixLength + " is outside 0..128");
        }
        Objects.requireNonNull(prefix, "prefix");
        options = Checks.optionList(OptionCode.IAPREFIX, 25, options);
    }

    @Override
    public OptionCode code() {
        return OptionCode.IAPREFIX;
    }

    @Override
    public int dataLength() {
        return 25 + WireWriter.encodedLength(options);
    }

    @Override
    public void writeData(WireWriter out) {
        out.u32(preferredLifetime);
        out.u32(validLifetime);
        out.u8(prefixLength);
        out.address(prefix);
        out.options(options);
    }
}
