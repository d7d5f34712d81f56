package org.dhcpfailover.plugin.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
    void consecutiveAddressesHashApartLikeRandomKeys() {
        // With Arrays.hashCode these 200,000 keys share about 13,000 hash values; a 32-bit hash
        // that behaves like a random one leaves about 5 collisions (200,000^2 / 2^33).
        Set<Integer> hashes = new HashSet<>();
        for (long n = 0; n < 200_000; n++) {
            hashes.add(RecordKey.wrap(address(2 * n + 1)).hashCode());
        }
        assertTrue(hashes.size() >= 199_950, hashes.size() + " distinct hashes");
    }

    @Test
    void theHashIsTheLiveRecordTables() {
        byte[] key = address(42);
        assertEquals(RecordTable.hash(key, 0, key.length), RecordKey.of(key).hashCode(),
                "one hash function for the store's keys");
    }
}
