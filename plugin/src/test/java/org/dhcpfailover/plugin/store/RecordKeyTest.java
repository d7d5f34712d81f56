package org.dhcpfailover.plugin.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** RecordKey compares by content and hashes consecutive keys apart. */
class RecordKeyTest {

    /** An address-like key: 2001:db8::/64 plus {@code n}, then two bytes of suffix. */
    private static byte[] address(long n) {
        return ByteBuffer.allocate(18).putLong(0x2001_0db8_0000_0000L).putLong(n).put((byte) 0x80).put((byte) 0)
                .array();
    }

    @Test
    void comparesByContent() {
        assertEquals(RecordKey.of(address(7)), RecordKey.wrap(address(7)));
        assertEquals(RecordKey.of(address(7)).hashCode(), RecordKey.wrap(address(7)).hashCode());
        assertNotEquals(RecordKey.of(address(7)), RecordKey.of(address(8)));
    }

    @Test
    void consecutiveAddressesAllHashApart() {
        // With Arrays.hashCode these 200,000 keys share about 13,000 hash values.
        Set<Integer> hashes = new HashSet<>();
        for (long n = 0; n < 200_000; n++) {
            hashes.add(RecordKey.wrap(address(2 * n + 1)).hashCode());
        }
        assertEquals(200_000, hashes.size());
    }

    @Test
    void theHashIsFnv1a() {
        assertEquals(0x811C9DC5, RecordKey.of(new byte[0]).hashCode());
        assertEquals(0xE40C292C, RecordKey.of(new byte[] {'a'}).hashCode());
    }
}
