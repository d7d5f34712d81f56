package org.dhcpfailover.plugin.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** RFC 5460 §5.1 size prefix on the sending side. */
class FramesTest {

    @Test
    @DisplayName("RFC 5460 §5.1: prefix counts the message octets only")
    void prefix() {
        assertArrayEquals(Hex.bytes("00 08 23 00 00 04 2d 24 bd 0f"), Frames.frame(Hex.bytes("23 00 00 04 2d 24 bd 0f")));
        assertArrayEquals(Hex.bytes("00 08 23 00 00 04 2d 24 bd 0f"),
                Frames.frame(FailoverMessage.of(MessageType.CONTACT, 4, 757382415L)));
    }

    @Test
    @DisplayName("RFC 5460 §5.1: 65536 octets are refused with FrameSizeException")
    void tooLong() {
        FrameSizeException e = assertThrows(FrameSizeException.class, () -> Frames.frame(new byte[65536]));
        assertEquals(65536, e.size());
        assertEquals(65537, Frames.frame(new byte[65535]).length);
    }

    @Test
    @DisplayName("RFC 8156 §5.2: fewer octets than any header are refused")
    void tooShort() {
        assertEquals(3, assertThrows(FrameSizeException.class, () -> Frames.frame(new byte[3])).size());
    }
}
