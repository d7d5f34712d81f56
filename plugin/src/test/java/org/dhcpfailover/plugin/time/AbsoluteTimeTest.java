package org.dhcpfailover.plugin.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** RFC 8156 §3, §5.2 absolute time and the §7.1 five-second rule. */
class AbsoluteTimeTest {

    @Test
    @DisplayName("RFC 8156 §3: epoch is 2000-01-01T00:00:00Z, Unix 946684800")
    void epoch() {
        assertEquals(946684800L, AbsoluteTime.EPOCH_UNIX_SECONDS);
        assertEquals(0L, AbsoluteTime.fromInstant(Instant.parse("2000-01-01T00:00:00Z")));
        assertEquals(757382400L, AbsoluteTime.fromInstant(Instant.parse("2024-01-01T00:00:00Z")));
        assertEquals(Instant.parse("2024-01-01T00:00:00Z"),
                AbsoluteTime.toInstant(757382400L, Instant.parse("2023-06-01T00:00:00Z")));
    }

    @Test
    @DisplayName("RFC 8156 §3: wraps modulo 2^32 at 2136-02-07T06:28:16Z")
    void wrapAround() {
        Instant wrap = Instant.parse("2136-02-07T06:28:16Z");
        assertEquals(0L, AbsoluteTime.fromInstant(wrap));
        assertEquals(4294967295L, AbsoluteTime.fromInstant(wrap.minusSeconds(1)));
        assertEquals(wrap, AbsoluteTime.toInstant(0L, wrap.minusSeconds(10)));
        assertEquals(wrap.minusSeconds(1), AbsoluteTime.toInstant(4294967295L, wrap.plusSeconds(10)));
        assertEquals(Instant.parse("2000-01-01T00:00:00Z"),
                AbsoluteTime.toInstant(0L, Instant.parse("2001-01-01T00:00:00Z")));
        assertEquals(2, AbsoluteTime.secondsBetween(4294967295L, 1L));
        assertEquals(-2, AbsoluteTime.secondsBetween(1L, 4294967295L));
        assertEquals(1L, AbsoluteTime.plus(4294967295L, 2));
        assertTrue(AbsoluteTime.isLater(10L, 4294967290L));
    }

    @Test
    @DisplayName("RFC 8156 §7.1, §7.5.4: times 5 s apart are equal, 6 s apart are not")
    void fiveSecondRule() {
        long t0 = 757382400L;
        assertTrue(AbsoluteTime.isSameTime(t0, t0 + 5));
        assertTrue(AbsoluteTime.isSameTime(t0 + 5, t0));
        assertFalse(AbsoluteTime.isSameTime(t0, t0 + 6));
        assertFalse(AbsoluteTime.isSameTime(t0 + 6, t0));
        assertFalse(AbsoluteTime.isLater(t0 + 5, t0));
        assertTrue(AbsoluteTime.isLater(t0 + 6, t0));
        assertFalse(AbsoluteTime.isEarlier(t0 - 5, t0));
        assertTrue(AbsoluteTime.isEarlier(t0 - 6, t0));
        assertTrue(AbsoluteTime.isSameTime(4294967293L, 2L), "equal across the wrap");
        assertEquals(5, AbsoluteTime.TOLERANCE_SECONDS);
    }

    @Test
    @DisplayName("RFC 8156 §5.2: values outside uint32 are refused")
    void range() {
        assertThrows(IllegalArgumentException.class, () -> AbsoluteTime.secondsBetween(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> AbsoluteTime.toInstant(1L << 32, Instant.EPOCH));
    }
}
