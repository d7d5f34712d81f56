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

    /**
     * FNV-1a over the DUID, then the IA type's ordinal and the IAID. Not
     * {@link Arrays#hashCode(byte[])}: its factor 31 is smaller than an octet's range, so DUIDs
     * that differ only in their last octets (DUID-LLs of one vendor's MAC range) collide in
     * droves and the hosts' lease tables keyed by client degrade into tree bins. The plugin's
     * {@code OctetString} hashes DUIDs the same way.
     */
    @Override
    public int hashCode() {
        int h = 0x811C_9DC5;
        for (byte b : duid) {
            h = (h ^ (b & 0xFF)) * 0x0100_0193;
        }
        return (h * 31 + kind.ordinal()) * 31 + Long.hashCode(iaid);
    }

    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").formatHex(duid) + "/" + kind + "/" + iaid;
    }
}
