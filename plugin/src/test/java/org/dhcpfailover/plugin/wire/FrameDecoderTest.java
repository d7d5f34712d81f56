package org.dhcpfailover.plugin.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.dhcpfailover.plugin.wire.DecodeException.Kind;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** RFC 5460 §5.1 framing as used by RFC 8156 §5.1. */
class FrameDecoderTest {

    private static byte[] allVectorFrames() {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        Rfc8156TestVectorsTest.allFrames().forEach(frame -> stream.writeBytes(Hex.bytes(frame)));
        return stream.toByteArray();
    }

    private static List<byte[]> expectedMessages() {
        return Rfc8156TestVectorsTest.allFrames().stream().map(Hex::message).toList();
    }

    private static void assertMessages(List<byte[]> expected, List<byte[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "message " + i);
        }
    }

    private static List<byte[]> feedInChunks(FrameDecoder decoder, byte[] stream, int chunk) throws DecodeException {
        List<byte[]> out = new ArrayList<>();
        for (int at = 0; at < stream.length; at += chunk) {
            out.addAll(decoder.feed(stream, at, Math.min(chunk, stream.length - at)));
        }
        return out;
    }

    @Test
    @DisplayName("RFC 5460 §5.1: all §13 frames coalesced in one read")
    void manyFramesInOneRead() throws DecodeException {
        byte[] stream = allVectorFrames();
        FrameDecoder decoder = new FrameDecoder();
        assertMessages(expectedMessages(), decoder.feed(stream, 0, stream.length));
        assertFalse(decoder.hasPartialFrame());
    }

    @Test
    @DisplayName("RFC 5460 §5.1: one byte at a time, and every other chunk size up to 40")
    void splitReads() throws DecodeException {
        byte[] stream = allVectorFrames();
        for (int chunk = 1; chunk <= 40; chunk++) {
            assertMessages(expectedMessages(), feedInChunks(new FrameDecoder(), stream, chunk));
        }
    }

    @Test
    @DisplayName("RFC 5460 §5.1: split and coalesced reads across frame boundaries")
    void splitAndCoalesced() throws DecodeException {
        byte[] stream = allVectorFrames();
        FrameDecoder decoder = new FrameDecoder();
        List<byte[]> out = new ArrayList<>(decoder.feed(stream, 0, 1));
        assertTrue(decoder.hasPartialFrame());
        out.addAll(decoder.feed(stream, 1, 70));
        out.addAll(decoder.feed(stream, 71, 0));
        out.addAll(decoder.feed(stream, 71, stream.length - 71));
        assertMessages(expectedMessages(), out);
    }

    @Test
    @DisplayName("digest §13.10: message-size 7 is FRAME_TOO_SHORT")
    void sizeSevenTooShort() {
        byte[] frame = Hex.bytes("00 07 23 00 00 04 2d 24 bd");
        DecodeException e = assertThrows(DecodeException.class, () -> new FrameDecoder().feed(frame, 0, frame.length));
        assertEquals(Kind.FRAME_TOO_SHORT, e.kind());
        assertEquals("frame.message-size", e.field());
        byte[] tiny = Hex.bytes("00 03");
        assertEquals(Kind.FRAME_TOO_SHORT,
                assertThrows(DecodeException.class, () -> new FrameDecoder().feed(tiny, 0, 2)).kind());
    }

    @Test
    @DisplayName("digest A17: a 4-octet STARTTLS frame is accepted")
    void starttlsFrame() throws DecodeException {
        byte[] frame = Hex.bytes("00 04 17 00 00 01");
        List<byte[]> out = new FrameDecoder().feed(frame, 0, frame.length);
        assertArrayEquals(Hex.bytes("17 00 00 01"), out.get(0));
    }

    @Test
    @DisplayName("RFC 5460 §5.1: a 65535-octet message is accepted")
    void maximumMessage() throws DecodeException {
        byte[] message = new byte[65535];
        message[0] = 0x23;
        byte[] frame = Frames.frame(message);
        assertEquals(65537, frame.length);
        FrameDecoder decoder = new FrameDecoder();
        assertMessages(List.of(message), feedInChunks(decoder, frame, 4096));
    }

    @Test
    @DisplayName("configured maximum: a larger message-size is FRAME_TOO_LONG, and the error sticks")
    void configuredMaximum() {
        FrameDecoder decoder = new FrameDecoder(1024);
        byte[] frame = Hex.bytes("04 01 23");
        DecodeException e = assertThrows(DecodeException.class, () -> decoder.feed(frame, 0, frame.length));
        assertEquals(Kind.FRAME_TOO_LONG, e.kind());
        assertSame(e, assertThrows(DecodeException.class, () -> decoder.feed(frame, 0, 1)));
        assertThrows(IllegalArgumentException.class, () -> new FrameDecoder(65536));
        assertThrows(IllegalArgumentException.class, () -> new FrameDecoder(7));
    }

    @Test
    @DisplayName("configured maximum: a message of exactly the maximum is accepted")
    void configuredMaximumInclusive() throws DecodeException {
        byte[] message = new byte[1024];
        message[0] = 0x23;
        assertEquals(1, new FrameDecoder(1024).feed(Frames.frame(message), 0, 1026).size());
    }

    @Test
    @DisplayName("RFC 7031 S8: a maximum restricted once the relationship is known applies to the next message")
    void restrictedMaximumAppliesToLaterMessages() throws DecodeException {
        byte[] message = new byte[2048];
        message[0] = 0x23;
        FrameDecoder decoder = new FrameDecoder();
        assertEquals(1, decoder.feed(Frames.frame(message), 0, 2050).size());

        decoder.restrict(1024);
        decoder.restrict(4096);

        assertEquals(1024, decoder.maxMessageSize(), "a larger value does not raise it again");
        DecodeException e = assertThrows(DecodeException.class, () -> decoder.feed(Frames.frame(message), 0, 2050));
        assertEquals(Kind.FRAME_TOO_LONG, e.kind());
        assertTrue(e.getMessage().endsWith("message-size 2048 exceeds the maximum of 1024"), e.getMessage());
    }

    @Test
    @DisplayName("RFC 5460 §5.1: frames before a bad message-size in the same read are returned, then the error")
    void goodFramesBeforeABadSizeAreNotLost() throws DecodeException {
        byte[] contact = Hex.bytes("00 08 23 00 00 04 2d 24 bd 0f");
        byte[] stream = new byte[contact.length + 2];
        System.arraycopy(contact, 0, stream, 0, contact.length);
        // then a message-size of 3, below even the 4-octet STARTTLS / REPLY header (decision A17)
        stream[contact.length + 1] = 0x03;
        FrameDecoder decoder = new FrameDecoder();

        List<byte[]> messages = decoder.feed(stream, 0, stream.length);

        assertEquals(1, messages.size());
        assertArrayEquals(Hex.message("00 08 23 00 00 04 2d 24 bd 0f"), messages.get(0));
        assertEquals(Kind.FRAME_TOO_SHORT, decoder.failure().orElseThrow().kind());
        DecodeException later = assertThrows(DecodeException.class, () -> decoder.feed(new byte[] {0}, 0, 1));
        assertSame(decoder.failure().orElseThrow(), later);
    }
}
