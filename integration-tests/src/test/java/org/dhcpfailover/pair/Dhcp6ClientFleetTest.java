package org.dhcpfailover.pair;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.dhcpfailover.pair.Dhcp6ClientFleet.Message;
import org.dhcpfailover.pair.Dhcp6ClientFleet.Option;
import org.junit.jupiter.api.Test;

/** The named DHCPv6 clients' own message code (RFC 8415 §8, §9, §21), octets written out. */
class Dhcp6ClientFleetTest {

    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }

    /** RFC 8415 §8: msg-type, 3-octet transaction-id, options as code, length, value. */
    @Test
    void encodesHeaderAndOptions_rfc8415_8() {
        Message solicit = new Message(Dhcp6ClientFleet.SOLICIT, 0x0a0b0c, List.of(
                new Option(Dhcp6ClientFleet.OPTION_CLIENTID, hex("0003 0001 0200 0006 0001")),
                new Option(Dhcp6ClientFleet.OPTION_ELAPSED_TIME, new byte[2])));
        byte[] bytes = Dhcp6ClientFleet.encode(solicit);
        assertArrayEquals(hex("01 0a0b0c 0001 000a 0003000102000006 0001 0008 0002 0000"), bytes);
        Message decoded = Dhcp6ClientFleet.decode(ByteBuffer.wrap(bytes));
        assertEquals(1, decoded.type());
        assertEquals(0x0a0b0c, decoded.xid());
        assertArrayEquals(hex("0003000102000006 0001"), decoded.first(Dhcp6ClientFleet.OPTION_CLIENTID).data());
    }

    /** RFC 8415 §9.2: a Relay-reply's 34-octet header, then its options (the Relay Message). */
    @Test
    void readsTheRelayMessageOfARelayReply_rfc8415_9_2() {
        byte[] inner = hex("07 000001");
        byte[] relay = ByteBuffer.allocate(34 + 4 + inner.length).put((byte) 13).put((byte) 0).put(new byte[32])
                .putShort((short) 9).putShort((short) inner.length).put(inner).array();
        Message reply = Dhcp6ClientFleet.decode(ByteBuffer.wrap(relay));
        assertEquals(13, reply.type());
        assertArrayEquals(inner, reply.first(Dhcp6ClientFleet.OPTION_RELAY_MSG).data());
    }

    @Test
    void refusesTruncatedInput() {
        assertThrows(IllegalArgumentException.class, () -> Dhcp6ClientFleet.decode(ByteBuffer.wrap(hex("07 0000"))));
        assertThrows(IllegalArgumentException.class,
                () -> Dhcp6ClientFleet.decode(ByteBuffer.wrap(hex("07 000001 0001 0004 00"))), "option past the end");
        assertThrows(IllegalArgumentException.class,
                () -> Dhcp6ClientFleet.decode(ByteBuffer.wrap(hex("07 000001 00"))), "a cut option header");
        assertThrows(IllegalArgumentException.class,
                () -> Dhcp6ClientFleet.decode(ByteBuffer.wrap(hex("0d 00 0000"))), "a cut relay header");
    }

    /** RFC 8415 §21.4, §21.6: IA_NA (IAID, T1, T2) holding an IAADDR (address, preferred, valid). */
    @Test
    void readsTheAddressAndItsValidLifetime_rfc8415_21_6() throws Exception {
        Message reply = reply(Dhcp6ClientFleet.OPTION_IA_NA, option(5, "20010db8000100000000000000001000 00000096 0000012c"));
        Dhcp6ClientFleet.Granted na = Dhcp6ClientFleet.granted(reply, Dhcp6ClientFleet.OPTION_IA_NA);
        assertEquals(InetAddress.getByName("2001:db8:1::1000"), na.resource());
        assertEquals(300, na.valid());
        assertFalse(na.zeroLifetime());
        assertNull(Dhcp6ClientFleet.granted(reply, Dhcp6ClientFleet.OPTION_IA_PD).resource(), "no IA_PD in it");
    }

    /** RFC 8415 §21.21, §21.22: IA_PD holding an IAPREFIX (preferred, valid, length, prefix). */
    @Test
    void readsThePrefixAndItsLength_rfc8415_21_22() throws Exception {
        Message reply = reply(Dhcp6ClientFleet.OPTION_IA_PD, option(26, "00000096 0000012c 38 20010db8010000000000000000000000"));
        Dhcp6ClientFleet.Granted pd = Dhcp6ClientFleet.granted(reply, Dhcp6ClientFleet.OPTION_IA_PD);
        assertEquals(InetAddress.getByName("2001:db8:100::"), pd.resource());
        assertEquals(56, pd.length());
        assertEquals(300, pd.valid());
    }

    /** RFC 8415 §18.3.4: a resource returned with valid lifetime 0 is not the client's; NoBinding (3) in the IA. */
    @Test
    void tellsARefusedLeaseApart_rfc8415_18_3_4() {
        Dhcp6ClientFleet.Granted zero = Dhcp6ClientFleet.granted(reply(Dhcp6ClientFleet.OPTION_IA_NA,
                option(5, "20010db8000100000000000000001000 00000000 00000000")), Dhcp6ClientFleet.OPTION_IA_NA);
        assertNull(zero.resource());
        assertTrue(zero.zeroLifetime());
        Dhcp6ClientFleet.Granted noBinding = Dhcp6ClientFleet.granted(reply(Dhcp6ClientFleet.OPTION_IA_PD,
                option(13, "0003")), Dhcp6ClientFleet.OPTION_IA_PD);
        assertNull(noBinding.resource());
        assertEquals(Dhcp6ClientFleet.STATUS_NO_BINDING, noBinding.status());
    }

    private static String option(int code, String value) {
        byte[] data = hex(value);
        return String.format("%04x%04x", code, data.length) + HexFormat.of().formatHex(data);
    }

    /** A REPLY with one IA of {@code iaType}: IAID 1, T1 75, T2 120, then {@code inner}. */
    private static Message reply(int iaType, String inner) {
        byte[] ia = hex("00000001 0000004b 00000078 " + inner);
        return new Message(Dhcp6ClientFleet.REPLY, 1, List.of(new Option(Dhcp6ClientFleet.OPTION_SERVERID,
                hex("000100010001")), new Option(iaType, ia)));
    }
}
