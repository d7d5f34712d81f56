package org.dhcpfailover.plugin.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

    private static LogRecord roundTrip(byte[] encoded) {
        return RecordCodec.decode(Arrays.copyOf(encoded, RecordCodec.HEADER),
                Arrays.copyOfRange(encoded, RecordCodec.HEADER, encoded.length));
    }

    @Test
    void putAndDeleteRoundTrip() {
        LogRecord put = roundTrip(RecordCodec.encode(LogRecord.put(new byte[] {1, 2}, new byte[] {3, 4, 5})));
        assertEquals(LogRecord.Kind.PUT, put.kind());
        assertEquals(RecordKey.of(new byte[] {1, 2}), put.key());
        assertArrayEquals(new byte[] {3, 4, 5}, put.value());
        LogRecord delete = roundTrip(RecordCodec.encode(LogRecord.delete(new byte[] {9})));
        assertEquals(LogRecord.Kind.DELETE, delete.kind());
        assertEquals(0, delete.value().length);
    }

    @Test
    void layoutIsLengthThenChecksumThenKindKeyValue() {
        byte[] encoded = RecordCodec.encode(LogRecord.put(new byte[] {7}, new byte[] {8, 9}));
        assertEquals(RecordCodec.encodedSize(1, 2), encoded.length);
        ByteBuffer in = ByteBuffer.wrap(encoded);
        assertEquals(5 + 1 + 2, in.getInt(0));
        assertEquals(1, in.get(8));
        assertEquals(1, in.getInt(9));
        assertEquals(7, in.get(13));
    }

    @Test
    void everySingleByteChangeIsDetected() {
        byte[] encoded = RecordCodec.encode(LogRecord.put(new byte[] {1, 2, 3}, new byte[] {4, 5, 6, 7}));
        for (int i = 0; i < encoded.length; i++) {
            byte[] damaged = encoded.clone();
            damaged[i] ^= 0x01;
            int length = ByteBuffer.wrap(damaged).getInt();
            if (length != encoded.length - RecordCodec.HEADER) {
                continue;
            }
            assertNull(roundTrip(damaged), "flip at byte " + i);
        }
    }

    @Test
    void lengthsOutsideTheBoundsAreImplausible() {
        assertEquals(false, RecordCodec.plausibleBodyLength(0));
        assertEquals(false, RecordCodec.plausibleBodyLength(4));
        assertEquals(false, RecordCodec.plausibleBodyLength(RecordCodec.MAX_BODY + 1));
        assertEquals(true, RecordCodec.plausibleBodyLength(5));
        assertThrows(IllegalArgumentException.class,
                () -> RecordCodec.encode(LogRecord.put(new byte[0], new byte[RecordCodec.MAX_BODY])));
    }
}
