package org.dhcpfailover.host.v4;

import static org.dhcp4java.DHCPConstants.DHCPDISCOVER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.dhcp4java.DHCPPacket;
import org.dhcpfailover.hook.spi.ClientKey;
import org.dhcpfailover.hook.spi.ResourceKind;
import org.junit.jupiter.api.Test;

/** docs/protocol.md §2: a DHCPv4 client's identity as DUID and IAID. */
class ClientIdentityTest {

    @Test
    void withoutOption61ItIsDuidLlOfHtypeAndChaddr() throws Exception {
        ClientKey key = ClientIdentity.of(Packets.of(DHCPDISCOVER, Packets.mac(5), 1).packet());
        assertArrayEquals(new byte[] {0, 3, 0, 1, 0x02, 0x00, 0x5e, 0x10, 0x00, 0x05}, key.duid());
        assertEquals(0, key.iaid());
        assertEquals(ResourceKind.IPV4_ADDRESS, key.kind());
    }

    @Test
    void rfc4361FormGivesTheDuidAndTheIaid() throws Exception {
        ClientKey key = ClientIdentity.fromOption61(new byte[] {(byte) 255, (byte) 0xff, 0, 0, 1, 0, 4, 9, 9, 9});
        assertArrayEquals(new byte[] {0, 4, 9, 9, 9}, key.duid());
        assertEquals(0xff000001L, key.iaid());
    }

    @Test
    void anotherFormIsDuidLlWithItsTypeAsHardwareType() throws Exception {
        ClientKey key = ClientIdentity.fromOption61(new byte[] {0, 'a', 'b'});
        assertArrayEquals(new byte[] {0, 3, 0, 0, 'a', 'b'}, key.duid());
    }

    @Test
    void identifiersThatCannotBeADuidAreRefused() {
        assertThrows(MalformedRequestException.class, () -> ClientIdentity.fromOption61(new byte[] {1}));
        assertThrows(MalformedRequestException.class, () -> ClientIdentity.fromOption61(new byte[] {(byte) 255, 0, 0, 0, 1}));
        assertThrows(MalformedRequestException.class, () -> ClientIdentity.fromOption61(new byte[1 + 128]));
        byte[] longDuid = new byte[5 + 131];
        longDuid[0] = (byte) 255;
        assertThrows(MalformedRequestException.class, () -> ClientIdentity.fromOption61(longDuid));
        DHCPPacket noHardwareAddress = Packets.of(DHCPDISCOVER, Packets.mac(1), 1).packet();
        noHardwareAddress.setHlen((byte) 0);
        assertThrows(MalformedRequestException.class, () -> ClientIdentity.of(noHardwareAddress));
    }
}
