package org.dhcpfailover.plugin.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.Inet6Address;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Checked constructors and value semantics of OctetString, Ipv6Address and option records. */
class ValuesTest {

    @Test
    @DisplayName("OctetString: immutable copy, equality by content, hex text")
    void octetString() {
        byte[] raw = {1, 2, (byte) 0xff};
        OctetString value = OctetString.of(raw);
        raw[0] = 9;
        assertEquals("0102ff", value.toString());
        assertEquals(OctetString.fromHex("0102FF"), value);
        assertEquals(255, value.get(2));
        value.toByteArray()[0] = 7;
        assertEquals(1, value.get(0));
    }

    @Test
    @DisplayName("RFC 4291 §2.5.5.2: IPv4-mapped addresses stay IPv6 values")
    void ipv4Mapped() {
        Ipv6Address mapped = Ipv6Address.parse("::ffff:192.0.2.1");
        assertEquals(0L, mapped.high());
        assertEquals(0xffff_c000_0201L, mapped.low());
        assertEquals(16, mapped.toBytes().length);
        assertEquals(Inet6Address.class, mapped.toInet6Address().getClass());
        assertEquals(mapped, Ipv6Address.fromBytes(mapped.toBytes()));
        assertEquals("2001:db8:0:1::101", Ipv6Address.parse("2001:0db8:0000:0001:0000:0000:0000:0101").toString());
        assertThrows(IllegalArgumentException.class, () -> Ipv6Address.parse("192.0.2.1"));
        assertThrows(IllegalArgumentException.class, () -> Ipv6Address.fromBytes(new byte[4]));
    }

    @Test
    @DisplayName("RFC 3315 §9.1: DUID length 3 to 130")
    void duidLength() {
        new ClientIdOption(OctetString.of(new byte[3]));
        new ClientIdOption(OctetString.of(new byte[130]));
        assertThrows(IllegalArgumentException.class, () -> new ClientIdOption(OctetString.of(new byte[2])));
        assertThrows(IllegalArgumentException.class, () -> new ClientIdOption(OctetString.of(new byte[131])));
    }

    @Test
    @DisplayName("Checked constructors: uint ranges, prefix length, shape codes, unknown codes only")
    void checkedConstructors() {
        assertThrows(IllegalArgumentException.class, () -> new Uint32Option(OptionCode.F_MCLT, 1L << 32));
        assertThrows(IllegalArgumentException.class, () -> new Uint32Option(OptionCode.F_MCLT, -1));
        assertThrows(IllegalArgumentException.class, () -> new Uint32Option(OptionCode.F_START_TIME_OF_STATE, 1));
        assertThrows(IllegalArgumentException.class, () -> new AbsoluteTimeOption(OptionCode.F_MCLT, 1));
        assertThrows(IllegalArgumentException.class, () -> new FlagsOption(OptionCode.F_SERVER_FLAGS, 0x100));
        assertThrows(IllegalArgumentException.class, () -> new FlagsOption(OptionCode.F_CONNECT_FLAGS, 0x10000));
        assertThrows(IllegalArgumentException.class,
                () -> new IaPrefixOption(0, 0, 129, Ipv6Address.UNSPECIFIED, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new UnknownOption(OptionCode.F_MCLT, OctetString.empty()));
        assertThrows(IllegalArgumentException.class, () -> new IaOption(OptionCode.IA_TA, 0, 0, 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new VssOption(256, OctetString.empty()));
        assertThrows(IllegalArgumentException.class, () -> new StatusCodeOption(StatusCode.SUCCESS, "\ud800"));
        assertThrows(IllegalArgumentException.class,
                () -> new UnknownOption(OptionCode.valueOf(999), OctetString.of(new byte[65536])));
    }

    @Test
    @DisplayName("RFC 3315 §22.5: IA_TA has no T1/T2 on the wire")
    void iaTaLayout() {
        IaTaOption ta = new IaTaOption(7, List.of());
        assertEquals(4, ta.dataLength());
        FailoverMessage m = FailoverMessage.of(MessageType.BNDUPD, 1, 2,
                new ClientDataOption(List.of(ta)));
        assertArrayEquals(Hex.bytes("18 000001 00000002 002d 0008 0004 0004 00000007"),
                FailoverMessageEncoder.encode(m));
    }

    @Test
    @DisplayName("digest §3.3: FailoverMessage refuses misplaced known options and oversize messages")
    void messageChecks() {
        assertThrows(IllegalArgumentException.class, () -> FailoverMessage.of(MessageType.STATE, 1, 0,
                new Uint32Option(OptionCode.F_MCLT, 1)));
        assertThrows(IllegalArgumentException.class, () -> FailoverMessage.of(MessageType.BNDUPD, 1, 0,
                new ClientDataOption(List.of(new IaOption(OptionCode.IA_PD, 1, 0, 0,
                        List.of(new IaAddressOption(Ipv6Address.UNSPECIFIED, 0, 0, List.of())))))));
        DhcpOption big = new UnknownOption(OptionCode.valueOf(999), OctetString.of(new byte[65535 - 4 - 8]));
        assertEquals(65535, FailoverMessage.of(MessageType.CONTACT, 1, 0, big).encodedLength());
        assertThrows(IllegalArgumentException.class, () -> FailoverMessage.of(MessageType.CONTACT, 1, 0, big,
                new UnknownOption(OptionCode.valueOf(998), OctetString.empty())));
        assertNotEquals(FailoverMessage.of(MessageType.CONTACT, 1, 0), FailoverMessage.of(MessageType.CONTACT, 2, 0));
    }
}
