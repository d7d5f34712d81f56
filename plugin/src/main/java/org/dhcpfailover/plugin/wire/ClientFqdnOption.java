package org.dhcpfailover.plugin.wire;

/**
 * OPTION_CLIENT_FQDN (39, RFC 4704 §4): uint8 flags (S = 0x01, O = 0x02, N = 0x04, others MBZ)
 * and a full or partial domain name in DNS wire format. RFC 8156 §7.4 carries it per lease, in
 * the IAaddr-/IAprefix-options.
 *
 * @param flags      the flags octet, kept as received
 * @param domainName the name in wire format, possibly empty
 */
public record ClientFqdnOption(int flags, OctetString domainName) implements DhcpOption {
    /** S: the server performs the AAAA update. */
    public static final int FLAG_S = 0x01;
    /** O: the server overrode the client's S preference. */
    public static final int FLAG_O = 0x02;
    /** N: the server performs no DNS updates. */
    public static final int FLAG_N = 0x04;

    public ClientFqdnOption {
        Checks.uint8("OPTION_CLIENT_FQDN.flags", flags);
        Checks.optionData(OptionCode.CLIENT_FQDN, 1 + domainName.length());
    }

    @Override
    public OptionCode code() {
        return OptionCode.CLIENT_FQDN;
    }

    @Override
    public int dataLength() {
        return 1 + domainName.length();
    }

    @Override
    public void writeData(WireWriter out) {
        out.u8(flags);
        out.octets(domainName);
    }
}
