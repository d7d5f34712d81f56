package org.dhcpfailover.plugin.wire;

import static org.dhcpfailover.plugin.wire.DigestVectors.BNDREPLY;
import static org.dhcpfailover.plugin.wire.DigestVectors.BNDREPLY_REJECT;
import static org.dhcpfailover.plugin.wire.DigestVectors.BNDUPD;
import static org.dhcpfailover.plugin.wire.DigestVectors.CONNECT;
import static org.dhcpfailover.plugin.wire.DigestVectors.CONNECTREPLY;
import static org.dhcpfailover.plugin.wire.DigestVectors.CONNECTREPLY_REJECT;
import static org.dhcpfailover.plugin.wire.DigestVectors.CONTACT;
import static org.dhcpfailover.plugin.wire.DigestVectors.DISCONNECT;
import static org.dhcpfailover.plugin.wire.DigestVectors.STATE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The byte-exact vectors of digest §13.1–§13.9: each is decoded, every documented field is
 * checked against the value written out here, and the re-encoded bytes must equal the input.
 */
class Rfc8156TestVectorsTest {


    private static final String DUID = "000100012d000000005056aabbcc";

    /** Decodes the frame's message, checks both re-encodings, returns the message. */
    private static FailoverMessage roundTrip(String frameHex, int expectedMessageSize) throws DecodeException {
        byte[] frame = Hex.bytes(frameHex);
        byte[] message = Hex.message(frameHex);
        assertEquals(expectedMessageSize, message.length, "message-size");
        assertEquals(expectedMessageSize, (frame[0] & 0xFF) << 8 | frame[1] & 0xFF, "prefix");
        FailoverMessage decoded = FailoverMessageDecoder.decode(message);
        assertArrayEquals(message, FailoverMessageEncoder.encode(decoded), "re-encoded message");
        assertArrayEquals(frame, Frames.frame(decoded), "re-encoded frame");
        return decoded;
    }

    private static void header(FailoverMessage m, int type, int txid, long sentTime) {
        assertEquals(type, m.type().code(), "msg-type");
        assertTrue(m.type().isKnown());
        assertEquals(txid, m.transactionId(), "transaction-id");
        assertEquals(sentTime, m.sentTime(), "sent-time");
    }

    private static void assertOption(DhcpOption option, int code) {
        assertEquals(code, option.code().code(), "option code of " + option);
    }

    private static void connectParameters(List<DhcpOption> o) {
        assertOption(o.get(0), 127);
        ProtocolVersionOption version = assertInstanceOf(ProtocolVersionOption.class, o.get(0));
        assertEquals(1, version.major());
        assertEquals(0, version.minor());
        assertOption(o.get(1), 122);
        assertEquals(3600, assertInstanceOf(Uint32Option.class, o.get(1)).value());
        assertOption(o.get(2), 128);
        assertEquals(60, assertInstanceOf(Uint32Option.class, o.get(2)).value());
        assertOption(o.get(3), 121);
        assertEquals(10, assertInstanceOf(Uint32Option.class, o.get(3)).value());
    }

    private static void connectFlags(DhcpOption option) {
        assertOption(option, 115);
        FlagsOption flags = assertInstanceOf(FlagsOption.class, option);
        assertEquals(0x0001, flags.flags());
        assertTrue(flags.isSet(FlagsOption.CONNECT_FIXED_PD_LENGTH));
    }

    private static void clientId(DhcpOption option) {
        assertOption(option, 1);
        assertEquals(DUID, assertInstanceOf(ClientIdOption.class, option).duid().toString());
    }

    private static IaAddressOption iaNaWithAddress(DhcpOption option) {
        assertOption(option, 3);
        IaOption ia = assertInstanceOf(IaOption.class, option);
        assertEquals(1, ia.iaid());
        assertEquals(1800, ia.t1());
        assertEquals(2880, ia.t2());
        assertEquals(1, ia.options().size());
        assertOption(ia.options().get(0), 5);
        IaAddressOption address = assertInstanceOf(IaAddressOption.class, ia.options().get(0));
        assertEquals("2001:db8:0:1::101", address.address().toString());
        assertEquals(3600, address.preferredLifetime());
        assertEquals(3600, address.validLifetime());
        return address;
    }

    private static void absoluteTime(DhcpOption option, int code, long time) {
        assertOption(option, code);
        assertEquals(time, assertInstanceOf(AbsoluteTimeOption.class, option).time());
    }

    private static void bindingStatusActive(DhcpOption option) {
        assertOption(option, 114);
        assertEquals(1, assertInstanceOf(BindingStatusOption.class, option).status().code());
    }

    @Test
    @DisplayName("§13.1 CONNECT (RFC 8156 §5.3.8, §6.1.1)")
    void connect() throws DecodeException {
        FailoverMessage m = roundTrip(CONNECT, 60);
        header(m, 31, 0x000001, 757382400L);
        List<DhcpOption> o = m.options();
        assertEquals(6, o.size());
        connectParameters(o);
        assertOption(o.get(4), 130);
        assertEquals("failover-1", assertInstanceOf(RelationshipNameOption.class, o.get(4)).name());
        connectFlags(o.get(5));
        assertEquals(List.of(), RequiredOptions.check(m));
    }

    @Test
    @DisplayName("§13.2 CONNECTREPLY accept (RFC 8156 §5.3.9, §6.1.2)")
    void connectReply() throws DecodeException {
        FailoverMessage m = roundTrip(CONNECTREPLY, 46);
        header(m, 32, 0x000001, 757382401L);
        List<DhcpOption> o = m.options();
        assertEquals(5, o.size());
        connectParameters(o);
        connectFlags(o.get(4));
        assertEquals(List.of(), RequiredOptions.check(m));
    }

    @Test
    @DisplayName("§13.3 CONNECTREPLY reject with ExcessiveTimeSkew (RFC 8156 §6.1.2)")
    void connectReplyReject() throws DecodeException {
        FailoverMessage m = roundTrip(CONNECTREPLY_REJECT, 21);
        header(m, 32, 0x000001, 757382401L);
        assertEquals(1, m.options().size());
        assertOption(m.options().get(0), 13);
        StatusCodeOption status = assertInstanceOf(StatusCodeOption.class, m.options().get(0));
        assertEquals(22, status.status().code());
        assertEquals("ExcessiveTimeSkew", status.status().name());
        assertEquals("skew 9s", status.message());
        assertEquals(List.of(), RequiredOptions.check(m), "a reject needs no parameters");
    }

    @Test
    @DisplayName("§13.4 STATE NORMAL (RFC 8156 §5.3.11, §6.3)")
    void state() throws DecodeException {
        FailoverMessage m = roundTrip(STATE, 26);
        header(m, 34, 0x000002, 757382401L);
        List<DhcpOption> o = m.options();
        assertEquals(3, o.size());
        assertOption(o.get(0), 132);
        assertEquals(2, assertInstanceOf(ServerStateOption.class, o.get(0)).state().code());
        assertOption(o.get(1), 131);
        assertEquals(0x01, assertInstanceOf(FlagsOption.class, o.get(1)).flags());
        absoluteTime(o.get(2), 133, 757382400L);
        assertEquals(List.of(), RequiredOptions.check(m));
    }

    @Test
    @DisplayName("§13.5 BNDUPD of one ACTIVE address lease (RFC 8156 §7.4)")
    void bndupd() throws DecodeException {
        FailoverMessage m = roundTrip(BNDUPD, 127);
        header(m, 24, 0x000003, 757382412L);
        assertEquals(1, m.options().size());
        assertOption(m.options().get(0), 45);
        ClientDataOption data = assertInstanceOf(ClientDataOption.class, m.options().get(0));
        assertEquals(115, data.dataLength());
        assertEquals(3, data.options().size());
        clientId(data.options().get(0));
        absoluteTime(data.options().get(1), 100, 757382412L);
        IaAddressOption address = iaNaWithAddress(data.options().get(2));
        List<DhcpOption> lease = address.options();
        assertEquals(6, lease.size());
        bindingStatusActive(lease.get(0));
        absoluteTime(lease.get(1), 133, 757382410L);
        absoluteTime(lease.get(2), 134, 757386010L);
        assertOption(lease.get(3), 46);
        assertEquals(2, assertInstanceOf(Uint32Option.class, lease.get(3)).value());
        absoluteTime(lease.get(4), 123, 757643410L);
        absoluteTime(lease.get(5), 120, 0L);
        assertEquals(List.of(), RequiredOptions.check(m));
    }

    @Test
    @DisplayName("§13.6 BNDREPLY accepting the update (RFC 8156 §7.6)")
    void bndreply() throws DecodeException {
        FailoverMessage m = roundTrip(BNDREPLY, 95);
        header(m, 25, 0x000003, 757382413L);
        ClientDataOption data = assertInstanceOf(ClientDataOption.class, m.options().get(0));
        assertEquals(83, data.dataLength());
        assertEquals(2, data.options().size());
        clientId(data.options().get(0));
        List<DhcpOption> lease = iaNaWithAddress(data.options().get(1)).options();
        assertEquals(3, lease.size());
        bindingStatusActive(lease.get(0));
        absoluteTime(lease.get(1), 134, 757386010L);
        absoluteTime(lease.get(2), 124, 757643410L);
        assertEquals(List.of(), RequiredOptions.check(m));
    }

    @Test
    @DisplayName("§13.7 BNDREPLY rejecting one address with OutdatedBindingInformation (RFC 8156 §7.6)")
    void bndreplyReject() throws DecodeException {
        FailoverMessage m = roundTrip(BNDREPLY_REJECT, 101);
        header(m, 25, 0x000003, 757382413L);
        ClientDataOption data = assertInstanceOf(ClientDataOption.class, m.options().get(0));
        assertEquals(89, data.dataLength());
        clientId(data.options().get(0));
        IaAddressOption address = iaNaWithAddress(data.options().get(1));
        assertEquals(51, address.dataLength());
        List<DhcpOption> lease = address.options();
        assertEquals(4, lease.size());
        assertOption(lease.get(0), 13);
        StatusCodeOption status = assertInstanceOf(StatusCodeOption.class, lease.get(0));
        assertEquals(19, status.status().code());
        assertEquals("", status.message());
        bindingStatusActive(lease.get(1));
        absoluteTime(lease.get(2), 134, 757386010L);
        absoluteTime(lease.get(3), 124, 757643410L);
    }

    @Test
    @DisplayName("§13.8 CONTACT, header only (RFC 8156 §5.3.12)")
    void contact() throws DecodeException {
        FailoverMessage m = roundTrip(CONTACT, 8);
        header(m, 35, 0x000004, 757382415L);
        assertEquals(List.of(), m.options());
    }

    @Test
    @DisplayName("§13.9 DISCONNECT with ServerShuttingDown (RFC 8156 §5.3.10)")
    void disconnect() throws DecodeException {
        FailoverMessage m = roundTrip(DISCONNECT, 22);
        header(m, 33, 0x000005, 757382420L);
        assertEquals(1, m.options().size());
        StatusCodeOption status = assertInstanceOf(StatusCodeOption.class, m.options().get(0));
        assertEquals(13, status.code().code());
        assertEquals(20, status.status().code());
        assertEquals("shutdown", status.message());
    }

    /** All §13 frames, for the framing tests and the fuzz corpus. */
    static List<String> allFrames() {
        return List.of(CONNECT, CONNECTREPLY, CONNECTREPLY_REJECT, STATE, BNDUPD, BNDREPLY, BNDREPLY_REJECT,
                CONTACT, DISCONNECT);
    }
}
