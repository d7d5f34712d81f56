package org.dhcpfailover.plugin.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dhcpfailover.plugin.wire.DecodeException.Kind;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Robustness of the decoder (digest §13.10 and further malformed inputs). */
class FailoverMessageDecoderTest {

    private static DecodeException failure(String messageHex) {
        return assertThrows(DecodeException.class, () -> FailoverMessageDecoder.decode(Hex.bytes(messageHex)));
    }

    private static void roundTrips(String messageHex) throws DecodeException {
        byte[] message = Hex.bytes(messageHex);
        assertArrayEquals(message, FailoverMessageEncoder.encode(FailoverMessageDecoder.decode(message)));
    }

    @Test
    @DisplayName("§13.10: option-len overrunning its container (byte 13 of §13.5 0x73→0x74)")
    void lengthOverrun() {
        byte[] frame = Hex.bytes(DigestVectors.BNDUPD);
        assertEquals(0x73, frame[13]);
        frame[13] = 0x74;
        DecodeException e = assertThrows(DecodeException.class,
                () -> FailoverMessageDecoder.decode(frame, 2, frame.length - 2));
        assertEquals(Kind.LENGTH_OVERRUN, e.kind());
        assertEquals(10, e.offset(), "offset of CLIENT_DATA's option-len within the message");
        assertEquals("OPTION_CLIENT_DATA.option-len", e.field());
        assertTrue(e.getMessage().contains("offset 10"), e.getMessage());
    }

    @Test
    @DisplayName("§13.10: BNDUPD without CLIENT_DATA or IAPREFIX decodes; RequiredOptions reports it")
    void bndupdWithoutBinding() throws DecodeException {
        FailoverMessage m = FailoverMessageDecoder.decode(Hex.message("00 08 18 00 00 09 2d 24 bd 0c"));
        assertEquals(24, m.type().code());
        assertEquals(9, m.transactionId());
        List<RequiredOptions.Finding> findings = RequiredOptions.check(m);
        assertEquals(1, findings.size());
        assertEquals(List.of(OptionCode.valueOf(45), OptionCode.valueOf(26)), findings.get(0).anyOf());
        assertEquals("missing", findings.get(0).problem());
    }

    @Test
    @DisplayName("RFC 8156 §5.2: truncated header")
    void truncatedHeader() {
        DecodeException e = failure("18 00 00 03 2d 24 bd");
        assertEquals(Kind.TRUNCATED, e.kind());
        assertEquals("header.sent-time", e.field());
        assertEquals(4, e.offset());
        assertEquals("header.transaction-id", failure("18 00").field());
        assertEquals("header.msg-type", failure("").field());
    }

    @Test
    @DisplayName("RFC 3315 §22.1: option header cut in the middle")
    void optionHeaderCut() {
        DecodeException e = failure("23 00 00 04 2d 24 bd 0f 00 0d 00");
        assertEquals(Kind.TRUNCATED, e.kind());
        assertEquals(8, e.offset());
        assertEquals("option-header", e.field());
    }

    @Test
    @DisplayName("RFC 3315 §22.6: IAADDR shorter than 24 octets")
    void shortIaaddr() {
        // BNDUPD / CLIENT_DATA(len 31) / IA_NA(len 23) / IAADDR(len 7)
        DecodeException e = failure("18 000001 2d24bd0c 002d 001b 0003 0017 00000001 00000000 00000000"
                + " 0005 0007 20010db8000000");
        assertEquals(Kind.BAD_LENGTH, e.kind());
        assertEquals("OPTION_IAADDR.option-len", e.field());
        assertEquals(30, e.offset());
    }

    @Test
    @DisplayName("RFC 3633 §10: IAPREFIX prefix-length above 128")
    void prefixLengthAbove128() {
        // BNDUPD / stand-alone IAPREFIX with prefix-length 129
        DecodeException e = failure("18 000001 2d24bd0c 001a 0019 00000000 00000000 81"
                + " 20010db8000000000000000000000000");
        assertEquals(Kind.BAD_VALUE, e.kind());
        assertEquals("OPTION_IAPREFIX.prefix-length", e.field());
        assertEquals(20, e.offset());
    }

    @Test
    @DisplayName("digest §3.3: IAADDR inside IA_PD is not allowed")
    void iaaddrInsideIaPd() {
        DecodeException e = failure("18 000001 2d24bd0c 002d 002c 0019 0028 00000001 00000000 00000000"
                + " 0005 0018 20010db8000000010000000000000101 00000000 00000000");
        assertEquals(Kind.NOT_ALLOWED_HERE, e.kind());
        assertEquals("OPTION_IAADDR", e.field());
        assertEquals(28, e.offset());
    }

    @Test
    @DisplayName("digest §3.3: F_MCLT in STATE is not allowed")
    void mcltInState() {
        DecodeException e = failure("22 000002 2d24bd01 007a 0004 00000e10");
        assertEquals(Kind.NOT_ALLOWED_HERE, e.kind());
        assertEquals("OPTION_F_MCLT", e.field());
    }

    @Test
    @DisplayName("RFC 8156 §5.2: options on CONTACT are refused unless unknown")
    void contactOptions() throws DecodeException {
        assertEquals(Kind.NOT_ALLOWED_HERE, failure("23 000004 2d24bd0f 000d 0002 0000").kind());
        roundTrips("23 000004 2d24bd0f ff00 0003 010203");
    }

    @Test
    @DisplayName("RFC 3315 §22.13: STATUS_CODE with invalid UTF-8 is a BAD_VALUE")
    void statusCodeInvalidUtf8() {
        DecodeException e = failure("21 000005 2d24bd14 000d 0004 0014 c328");
        assertEquals(Kind.BAD_VALUE, e.kind());
        assertEquals("OPTION_STATUS_CODE.status-message", e.field());
        assertEquals(14, e.offset());
    }

    @Test
    @DisplayName("RFC 8156 §5.5.11: fixed-length option with the wrong length")
    void wrongFixedLength() {
        DecodeException e = failure("1f 000001 2d24bd00 007f 0003 000100");
        assertEquals(Kind.BAD_LENGTH, e.kind());
        assertEquals("OPTION_F_PROTOCOL_VERSION.option-len", e.field());
        assertEquals(10, e.offset());
    }

    @Test
    @DisplayName("RFC 3315 §9.1: DUID longer than 130 octets")
    void duidTooLong() {
        String duid = "00".repeat(131);
        DecodeException e = failure("18 000001 2d24bd0c 002d 0087 0001 0083 " + duid);
        assertEquals(Kind.BAD_LENGTH, e.kind());
        assertEquals("OPTION_CLIENTID.option-len", e.field());
    }

    @Test
    @DisplayName("RFC 8156 §5.2: 24-bit transaction-id bounds")
    void transactionIdBounds() throws DecodeException {
        FailoverMessage max = FailoverMessageDecoder.decode(Hex.bytes("23 ffffff 00000000"));
        assertEquals(0xFFFFFF, max.transactionId());
        assertEquals(0, FailoverMessageDecoder.decode(Hex.bytes("23 000000 ffffffff")).transactionId());
        assertEquals(0xFFFFFFFFL, FailoverMessageDecoder.decode(Hex.bytes("23 000000 ffffffff")).sentTime());
        assertThrows(IllegalArgumentException.class, () -> FailoverMessage.of(MessageType.CONTACT, 0x1000000, 0));
        assertThrows(IllegalArgumentException.class, () -> FailoverMessage.of(MessageType.CONTACT, -1, 0));
    }

    @Test
    @DisplayName("RFC 7031 R10: unknown option inside CLIENT_DATA and IAADDR round-trips")
    void unknownOptionInsideClientData() throws DecodeException {
        String hex = "18 000003 2d24bd0c 002d 0021 0001 0003 000101 1234 0002 abcd"
                + " 0003 0010 00000001 00000000 00000000 fffe 0000";
        roundTrips(hex);
        FailoverMessage m = FailoverMessageDecoder.decode(Hex.bytes(hex));
        ClientDataOption data = assertInstanceOf(ClientDataOption.class, m.options().get(0));
        UnknownOption unknown = assertInstanceOf(UnknownOption.class, data.options().get(1));
        assertEquals(0x1234, unknown.code().code());
        assertFalse(unknown.code().isKnown());
        assertEquals("abcd", unknown.data().toString());
    }

    @Test
    @DisplayName("RFC 7031 R10: unknown message type round-trips with its options")
    void unknownMessageType() throws DecodeException {
        String hex = "c8 000010 2d24bd0c 000d 0002 0000 0099 0001 07";
        roundTrips(hex);
        FailoverMessage m = FailoverMessageDecoder.decode(Hex.bytes(hex));
        assertEquals(200, m.type().code());
        assertEquals("Unknown(200)", m.type().name());
        assertEquals(2, m.options().size());
    }

    @Test
    @DisplayName("digest A17: STARTTLS and REPLY use the 4-octet RFC 7653 header")
    void starttlsAndReply() throws DecodeException {
        FailoverMessage starttls = FailoverMessageDecoder.decode(Hex.bytes("17 000001"));
        assertEquals(23, starttls.type().code());
        assertEquals(0, starttls.sentTime());
        roundTrips("17 000001");
        FailoverMessage reply = FailoverMessageDecoder.decode(Hex.bytes("07 000001 000d 0002 000f"));
        assertEquals(15, assertInstanceOf(StatusCodeOption.class, reply.options().get(0)).status().code());
        roundTrips("07 000001 000d 0002 000f");
        assertThrows(IllegalArgumentException.class, () -> FailoverMessage.of(MessageType.STARTTLS, 1, 5));
    }

    @Test
    @DisplayName("digest A14, A23: DNS_REMOVAL_INFO in a lease and STATUS_CODE at IA level")
    void dnsRemovalInfoAndIaStatus() throws DecodeException {
        roundTrips("18 000003 2d24bd0c 002d 0041 0003 003d 00000001 00000000 00000000 000d 0002 0013"
                + " 0005 0027 20010db8000000010000000000000101 00000000 00000000"
                + " 0074 000b 0075 0001 00 0077 0002 0003");
    }

    @Test
    @DisplayName("RFC 3633 §10: IAPREFIX lifetimes come before the prefix")
    void iaprefixLayout() throws DecodeException {
        FailoverMessage m = FailoverMessageDecoder.decode(Hex.bytes("18 000001 2d24bd0c 001a 0019 00000001"
                + " 00000002 38 20010db8000100000000000000000000"));
        IaPrefixOption prefix = assertInstanceOf(IaPrefixOption.class, m.options().get(0));
        assertEquals(1, prefix.preferredLifetime());
        assertEquals(2, prefix.validLifetime());
        assertEquals(56, prefix.prefixLength());
        assertEquals("2001:db8:1::", prefix.prefix().toString());
    }

    @Test
    @DisplayName("decoder never reads a message longer than the 16-bit message-size")
    void messageTooLong() {
        DecodeException e = assertThrows(DecodeException.class,
                () -> FailoverMessageDecoder.decode(new byte[65536]));
        assertEquals(Kind.FRAME_TOO_LONG, e.kind());
    }
}
