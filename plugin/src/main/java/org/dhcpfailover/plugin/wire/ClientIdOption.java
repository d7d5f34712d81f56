package org.dhcpfailover.plugin.wire;

/**
 * OPTION_CLIENTID (1, RFC 3315 §22.2): the client's DUID. A DUID is a 2-octet type plus at most
 * 128 octets of identifier (RFC 3315 §9.1), so 3 to 130 octets. Opaque: compared for equality
 * only (RFC 3315 §9).
 *
 * @param duid the DUID octets
 */
public record ClientIdOption(OctetString duid) implements DhcpOption {
    /** Shortest DUID: type plus one octet. */
    public static final int MIN_LENGTH = 3;
    /** Longest DUID: type plus 128 octets (RFC 3315 §9.1). */
    public static final int MAX_LENGTH = 130;

    public ClientIdOption {
        if (duid.length() < MIN_LENGTH || duid.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a DUID has " + MIN_LENGTH + " to " + MAX_LENGTH
                    + " octets, not " + duid.length());
        }
    }

    @Override
    public OptionCode code() {
        return OptionCode.CLIENTID;
    }

    @Override
    public int dataLength() {
        return duid.length();
    }

    @Override
    public void writeData(WireWriter out) {
        out.octets(duid);
    }
}
