package org.dhcpfailover.plugin.wire;

import java.util.List;

/**
 * OPTION_F_DNS_REMOVAL_INFO (116, RFC 8156 §5.5.3): what the partner needs to remove DNS data
 * this server added, as encapsulated F_DNS_HOST_NAME, F_DNS_ZONE_NAME and F_DNS_FLAGS options.
 *
 * @param options the encapsulated options, in wire order
 */
public record DnsRemovalInfoOption(List<DhcpOption> options) implements EncapsulatingOption {
    public DnsRemovalInfoOption {
        options = Checks.optionList(OptionCode.F_DNS_REMOVAL_INFO, 0, options);
    }

    @Override
    public OptionCode code() {
        return OptionCode.F_DNS_REMOVAL_INFO;
    }
}
