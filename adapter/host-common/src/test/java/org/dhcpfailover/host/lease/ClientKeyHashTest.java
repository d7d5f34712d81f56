package org.dhcpfailover.host.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.dhcpfailover.hook.spi.ClientKey;
import org.dhcpfailover.hook.spi.ResourceKind;
import org.junit.jupiter.api.Test;

/**
 * The hosts' lease tables are hash tables keyed by {@link ClientKey}: keys of clients whose DUIDs
 * differ only in their last octets — a fleet of one vendor's MAC range, perfdhcp's clients — must
 * spread, or every lookup walks a tree bin.
 */
class ClientKeyHashTest {

    private static byte[] duidLl(int client) {
        // DUID-LL (RFC 8415 §11.4), hardware type 1, a MAC whose last three octets count clients
        return new byte[] {0, 3, 0, 1, 0x0c, 0x00, 0x00, (byte) (client >>> 16), (byte) (client >>> 8), (byte) client};
    }

    @Test
    void duidsOfOneMacRangeHashApart() {
        int clients = 200_000;
        Set<Integer> hashes = new HashSet<>();
        for (int client = 0; client < clients; client++) {
            hashes.add(new ClientKey(duidLl(client), ResourceKind.IPV4_ADDRESS, 0).hashCode());
        }
        // Arrays.hashCode gives these 200,000 keys about 10,000 distinct values
        assertTrue(hashes.size() > clients * 99 / 100, hashes.size() + " distinct hash codes of " + clients);
    }

    @Test
    void equalKeysHashAlikeAndIaTypeAndIaidCount() {
        ClientKey key = new ClientKey(duidLl(7), ResourceKind.IPV6_ADDRESS, 1);
        assertEquals(key.hashCode(), new ClientKey(duidLl(7), ResourceKind.IPV6_ADDRESS, 1).hashCode());
        assertNotEquals(key.hashCode(), new ClientKey(duidLl(7), ResourceKind.IPV6_PREFIX, 1).hashCode());
        assertNotEquals(key.hashCode(), new ClientKey(duidLl(7), ResourceKind.IPV6_ADDRESS, 2).hashCode());
    }
}
