package org.dhcpfailover.plugin.wire;

/**
 * OPTION_F_RELATIONSHIP_NAME (130, RFC 8156 §5.5.14): the failover relationship's name, UTF-8
 * without NUL terminator.
 *
 * @param name the relationship name
 */
public record RelationshipNameOption(String name) implements DhcpOption {
    public RelationshipNameOption {
        Checks.optionData(OptionCode.F_RELATIONSHIP_NAME,
                Utf8.encode("OPTION_F_RELATIONSHIP_NAME.relationship-name", name).length);
    }

    @Override
    public OptionCode code() {
        return OptionCode.F_RELATIONSHIP_NAME;
    }

    @Override
    public int dataLength() {
        return Utf8.encode("relationship-name", name).length;
    }

    @Override
    public void writeData(WireWriter out) {
        out.octets(Utf8.encode("relationship-name", name));
    }
}
