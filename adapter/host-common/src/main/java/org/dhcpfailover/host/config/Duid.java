package org.dhcpfailover.host.config;

import java.util.Arrays;
import java.util.HexFormat;

/** A DHCP Unique Identifier (RFC 3315 §9): an opaque octet string of 3 to 130 octets. */
public final class Duid implements ServerIdentity {

    private final byte[] octets;

    public Duid(byte[] octets) {
        if (octets.length < 3 || octets.length > 130) {
            throw new IllegalArgumentException("a DUID has 3 to 130 octets, not " + octets.length);
        }
        this.octets = octets.clone();
    }

    /** A copy of the octets. */
    public byte[] octets() {
        return octets.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Duid duid && Arrays.equals(octets, duid.octets);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(octets);
    }

    /** Colon-separated hex octets, as written in the configuration. */
    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").formatHex(octets);
    }
}
