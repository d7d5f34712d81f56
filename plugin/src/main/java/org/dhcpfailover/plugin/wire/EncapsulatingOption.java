package org.dhcpfailover.plugin.wire;

/**
 * An option whose data is nothing but encapsulated options (RFC 3315 §22.1 layout inside), such
 * as OPTION_CLIENT_DATA and OPTION_F_DNS_REMOVAL_INFO: its encoding is that of its options.
 */
public sealed interface EncapsulatingOption extends DhcpOption, OptionContainer
        permits ClientDataOption, DnsRemovalInfoOption {

    @Override
    default int dataLength() {
        return WireWriter.encodedLength(options());
    }

    @Override
    default void writeData(WireWriter out) {
        out.options(options());
    }
}
