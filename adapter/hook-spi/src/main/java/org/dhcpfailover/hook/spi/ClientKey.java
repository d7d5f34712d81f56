package org.dhcpfailover.hook.spi;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Who holds a lease: the client's DUID and the IA the lease belongs to. A DHCPv4 host maps its
 * client identity to a DUID as docs/protocol.md §2 says (RFC 4361 DUID from option 61, else
 * DUID-LL from option 61's type and data, else DUID-LL from htype and chaddr) and uses
 * {@link ResourceKind#IPV4_ADDRESS} with the RFC 4361 IAID or 0.
 *
 * @param duid the client's DUID (copied; never exposed mutable)
 * @param kind which IA type (NA, TA, PD) or DHCPv4
 * @param iaid the IAID, 0..2^32-1
 */
public record ClientKey(byte[] duid, ResourceKind kind, long iaid) {
    public ClientKey {
        Objects.requireNonNull(duid, "duid");
        Objects.requireNonNull(kind, "kind");
        if (duid.length == 0 || duid.length > 130) {
            throw new IllegalArgumentException("a DUID has 1 to 130 octets, not " + duid.length);
        }
        if (iaid < 0 || iaid > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("an IAID is a 32-bit unsigned number: " + iaid);
        }
        duid = duid.clone();
    }

    @Override
    public byte[] duid() {
        return duid.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClientKey that && kind == that.kind && iaid == that.iaid
                && Arrays.equals(duid, that.duid);
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(duid) * 31 + kind.hashCode()) * 31 + Long.hashCode(iaid);
    }

    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").formatHex(duid) + "/" + kind + "/" + iaid;
    }
}
