package org.dhcpfailover.plugin.wire;

import java.util.Objects;

/**
 * OPTION_LQ_RELAY_DATA (47, RFC 5007 §4.1.2.4): the 16-octet peer-address and the last
 * RELAY-FORW message received for the client (with the client's own OPTION_RELAY_MSG removed),
 * kept opaque.
 *
 * @param peerAddress  the peer-address field
 * @param relayMessage the relay message octets
 */
public record LqRelayDataOption(Ipv6Address peerAddress, OctetString relayMessage) implements DhcpOption {
    public LqRelayDataOption {
        Objects.requireNonNull(peerAddress, "peerAddress");
        Checks.optionData(OptionCode.LQ_RELAY_DATA, 16 + relayMessage.length());
    }

    @Override
    public OptionCode code() {
        return OptionCode.LQ_RELAY_DATA;
    }

    @Override
    public int dataLength() {
        return 16 + relayMessage.length();
    }

    @Override
    public void writeData(WireWriter out) {
        out.address(peerAddress);
        out.octets(relayMessage);
    }
}
