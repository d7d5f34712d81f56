package org.dhcpfailover.plugin.wire;

/**
 * One DHCPv6 option (RFC 3315 §22.1: 16-bit code, 16-bit option-len, data) as carried in a
 * failover message (RFC 8156 §5.2). Each record's constructor checks its fields, so every
 * value can be encoded and decodes back to an equal value.
 */
public sealed interface DhcpOption permits
        AbsoluteTimeOption, BindingStatusOption, ClientFqdnOption, ClientIdOption,
        DnsNameOption, EncapsulatingOption, FlagsOption, IaAddressOption, IaOption, IaPrefixOption,
        IaTaOption, LqRelayDataOption, ProtocolVersionOption, ReconfigureDataOption,
        RelationshipNameOption, ServerStateOption, StatusCodeOption, Uint32Option, UnknownOption,
        VssOption {

    /** The option code. */
    OptionCode code();

    /** The option-len: octets of data, not counting the 4-octet code and length. */
    int dataLength();

    /** Writes the data (not the code and length) in network byte order. */
    void writeData(WireWriter out);
}
