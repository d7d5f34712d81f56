package org.dhcpfailover.plugin.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** OctetString's hash must tell apart DUIDs that differ only in their last octets. */
class OctetStringHashTest {

    /** A DUID-LL (type 3, hardware type 1) of MAC 00:50:56 followed by the 24 bits of {@code n}. */
    private static OctetString duidLl(int n) {
        return OctetString.of((byte) 0, (byte) 3, (byte) 0, (byte) 1, (byte) 0x00, (byte) 0x50, (byte) 0x56,
                (byte) (n >>> 16), (byte) (n >>> 8), (byte) n);
    }

    @Test
    void equalContentsHashAlike() {
        assertEquals(duidLl(12345), duidLl(12345));
        assertEquals(duidLl(12345).hashCode(), OctetString.fromHex("00030001005056003039").hashCode());
        assertEquals(OctetString.empty().hashCode(), OctetString.of().hashCode());
        assertNotEquals(duidLl(1), duidLl(2));
    }

    @Test
    void consecutiveMacDuidsAllHashApart() {
        // With Arrays.hashCode these 200,000 DUIDs share about 10,000 hash values.
        Set<Integer> hashes = new HashSet<>();
        for (int n = 0; n < 200_000; n++) {
            hashes.add(duidLl(n).hashCode());
        }
        assertEquals(200_000, hashes.size());
    }

    @Test
    void theHashIsFnv1a() {
        // FNV-1a 32-bit test vectors: "" and "a".
        assertEquals(0x811C9DC5, OctetString.empty().hashCode());
        assertEquals(0xE40C292C, OctetString.of((byte) 'a').hashCode());
    }
}
