package org.dhcpfailover.plugin.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RecordTableTest {
    private final RecordTable table = new RecordTable();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private Map<String, String> contents() {
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<RecordKey, byte[]> e : table.view().entrySet()) {
            String previous = out.put(s(e.getKey().bytes()), s(e.getValue()));
            assertNull(previous, "key " + e.getKey() + " iterated twice");
        }
        return out;
    }

    @Test
    void putReplaceAndRemoveReportThePreviousValueLength() {
        assertEquals(-1, table.put(b("a"), b("12345")));
        assertEquals(5, table.put(b("a"), b("xy")));
        assertEquals(-1, table.put(b("ab"), b("")));
        assertEquals(-1, table.put(b(""), b("empty key")));

        assertEquals("xy", s(table.get(b("a"))));
        assertEquals("", s(table.get(b("ab"))));
        assertEquals("empty key", s(table.get(b(""))));
        assertNull(table.get(b("abc")));
        assertEquals(3, table.size());

        assertEquals(2, table.remove(b("a")));
        assertEquals(-1, table.remove(b("a")), "already removed");
        assertEquals(-1, table.remove(b("zz")), "never there");
        assertNull(table.get(b("a")));
        assertEquals(2, table.size());
        assertEquals(-1, table.put(b("a"), b("back")), "a tombstone is no previous value");
        assertEquals(Map.of("a", "back", "ab", "", "", "empty key"), contents());
    }

    @Test
    void manyKeysSurviveGrowthRemovalsAndPutsAgain() {
        Map<String, String> expected = new HashMap<>();
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            String key = "key-" + random.nextInt(12_000);
            if (random.nextInt(4) == 0) {
                assertEquals(expected.containsKey(key) ? expected.get(key).length() : -1, table.remove(b(key)));
                expected.remove(key);
            } else {
                String value = "value-" + i;
                String old = expected.put(key, value);
                assertEquals(old == null ? -1 : old.length(), table.put(b(key), b(value)));
            }
        }
        assertEquals(expected.size(), table.size());
        assertEquals(expected.size(), table.view().size());
        for (int k = 0; k < 12_000; k++) {
            assertEquals(expected.get("key-" + k), s(table.get(b("key-" + k))), "key-" + k);
        }
        assertEquals(expected, contents());
    }

    @Test
    void churnDoesNotGrowTheTableWithoutBound() {
        for (int i = 0; i < 100; i++) {
            table.put(b("live-" + i), b("v"));
        }
        for (int i = 0; i < 50_000; i++) {
            table.put(b("transient-" + i), b("v"));
            table.remove(b("transient-" + i));
        }
        assertEquals(100, table.size());
        assertTrue(table.capacity() <= 512, "tombstones are dropped when the table is rebuilt: " + table.capacity());
    }

    @Test
    void aKeyRemovedAndPutAgainDuringAnIterationIsSeenAtMostOnce() {
        int keys = 1500;
        for (int i = 0; i < keys; i++) {
            table.put(b("k" + i), b("v"));
        }
        Iterator<Map.Entry<RecordKey, byte[]>> iterator = table.view().entrySet().iterator();
        Set<String> seen = new HashSet<>();
        int step = 0;
        while (iterator.hasNext()) {
            assertTrue(seen.add(s(iterator.next().getKey().bytes())), "seen twice");
            // Remove a few keys, then put them back in the other order: a table that let a key
            // take another key's free slot would move it, maybe to a slot not yet iterated.
            List<String> moved = new ArrayList<>();
            for (int j = 0; j < 8; j++) {
                moved.add("k" + (step * 8 + j) % keys);
            }
            moved.forEach(k -> table.remove(b(k)));
            for (int j = moved.size() - 1; j >= 0; j--) {
                table.put(b(moved.get(j)), b("again"));
            }
            step++;
        }
        assertEquals(keys, seen.size(), "every key was there all along but for moments, and kept its slot");
    }

    @Test
    void theViewIsReadOnlyAndHandsOutCopies() {
        table.put(b("k"), b("value"));
        Map<RecordKey, byte[]> view = table.view();

        view.get(RecordKey.of(b("k")))[0] = 'X';
        view.entrySet().iterator().next().getValue()[0] = 'Y';

        assertEquals("value", s(table.get(b("k"))));
        assertArrayEquals(b("value"), view.get(RecordKey.of(b("k"))));
        assertTrue(view.containsKey(RecordKey.of(b("k"))));
        assertFalse(view.containsKey("k"), "only record keys are keys");
        assertThrows(UnsupportedOperationException.class, () -> view.put(RecordKey.of(b("x")), b("y")));
        assertThrows(UnsupportedOperationException.class, () -> view.remove(RecordKey.of(b("k"))));
    }

    @Test
    void readersOnOtherThreadsAlwaysFindTheKeysThatStay() throws Exception {
        for (int i = 0; i < 64; i++) {
            table.put(b("stay-" + i), b("value-" + i));
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> problem = new AtomicReference<>();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            Thread reader = new Thread(() -> {
                while (!stop.get() && problem.get() == null) {
                    for (int i = 0; i < 64; i++) {
                        String got = s(table.get(b("stay-" + i)));
                        if (!("value-" + i).equals(got)) {
                            problem.compareAndSet(null, "stay-" + i + " read as " + got);
                        }
                    }
                    int stayed = 0;
                    for (Map.Entry<RecordKey, byte[]> e : table.view().entrySet()) {
                        stayed += s(e.getKey().bytes()).startsWith("stay-") ? 1 : 0;
                    }
                    if (stayed != 64) {
                        problem.compareAndSet(null, "an iteration saw " + stayed + " of the 64 keys that stay");
                    }
                }
            });
            reader.start();
            readers.add(reader);
        }
        // Growth, tombstones and rebuilds happen while the readers read.
        for (int i = 0; i < 200_000 && problem.get() == null; i++) {
            table.put(b("churn-" + i), b("x"));
            if (i % 3 != 0) {
                table.remove(b("churn-" + (i - 1)));
            }
        }
        stop.set(true);
        for (Thread reader : readers) {
            reader.join();
        }
        assertNull(problem.get());
    }
}
