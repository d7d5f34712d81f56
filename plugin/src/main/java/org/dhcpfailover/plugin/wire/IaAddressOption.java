package org.dhcpfailover.plugin.wire;

import java.util.List;
import java.util.Objects;

/**
 * OPTION_IAADDR (5, RFC 3315 §22.6): 16-octet address, uint32 preferred-lifetime, uint32
 * valid-lifetime (relative seconds, as sent to the client; RFC 8156 §7.4), then the
 * IAaddr-options that carry the lease's failover state.
 *
 * @param address           the leased address
 * @param preferredLifetime preferred lifetime, seconds
 * @param validLifetime     valid lifetime, seconds
 * @param options           the IAaddr-options, in wire order
 */
public record IaAddressOption(Ipv6Address address, long preferredLifetime, long validLifetime,
        List<DhcpOption> options) implements DhcpOption, OptionContainer {
    public IaAddressOption {
        Objects.requireNonNull(address, "address");
        Checks.uint32("OPTION_IAADDR.preferred-lifetime", preferredLifetime);
        Checks.uint32("OPTION_IAADDR.valid-lifetime", validLifetime);
        options = Checks.optionList(OptionCode.IAADDR, 24, options);
    }

    @Override
    public OptionCode code() {
        return OptionCode.IAADDR;
    }

    @Override
    public int dataLength() {
        return 24 + WireWriter.encodedLength(options);
    }

    @Override
    public void writeData(WireWriter out) {
        out.address(address);
        out.u32(preferredLifetime);
        out.u32(validLifetime);
        out.options(options);
    }
}
