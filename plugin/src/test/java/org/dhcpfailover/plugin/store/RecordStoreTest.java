package org.dhcpfailover.plugin.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordStoreTest {

    private static final String LOG0 = StoreFileNames.log(0);

    private final FaultInjectingFileSystem fs = new FaultInjectingFileSystem();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static LogRecord put(String key, String value) {
        return LogRecord.put(b(key), b(value));
    }

    private static Map<String, String> asStrings(Map<RecordKey, byte[]> values) {
        Map<String, String> out = new HashMap<>();
        values.forEach((k, v) -> out.put(new String(k.bytes(), StandardCharsets.UTF_8), new String(v, StandardCharsets.UTF_8)));
        return out;
    }

    private RecordStore reopen() throws IOException {
        return RecordStore.open(fs, 1024);
    }

    @Test
    void anEmptyDirectoryIsAnEmptyStore() throws IOException {
        try (RecordStore store = reopen()) {
            assertTrue(store.values().isEmpty());
            assertEquals(new LoadReport(0, 0, List.of(), List.of()), store.loadReport());
        }
    }

    @Test
    void latestValuePerKeyWinsAndDeletionsSurviveAReload() throws IOException {
        try (RecordStore store = reopen()) {
            store.append(List.of(put("a", "1"), put("b", "1")));
            store.append(List.of(put("a", "2"), LogRecord.delete(b("b")), put("c", "3")));
        }
        fs.powerLoss(null);
        try (RecordStore store = reopen()) {
            assertEquals(Map.of("a", "2", "c", "3"), asStrings(store.values()));
            assertEquals(5, store.loadReport().replayedRecords());
        }
    }

    @Test
    void aTornTailIsCutOffAndReported() throws IOException {
        try (RecordStore store = reopen()) {
            store.append(List.of(put("a", "1")));
        }
        long valid = fs.contents(LOG0).length;
        StoreFile log = fs.open(LOG0);
        byte[] next = RecordCodec.encode(put("b", "2"));
        log.write(ByteBuffer.wrap(next, 0, next.length - 3), valid);
        log.force();
        try (RecordStore store = reopen()) {
            assertEquals(Map.of("a", "1"), asStrings(store.values()));
            TailCut cut = store.loadReport().tailCuts().get(0);
            assertEquals(valid, cut.offset());
            assertEquals(next.length - 3, cut.bytesCut());
            assertTrue(cut.reason().contains("runs past the end"), cut.reason());
            assertTrue(cut.file().endsWith(LOG0));
            store.append(List.of(put("c", "3")));
        }
        assertEquals(valid + next.length, fs.contents(LOG0).length, "the cut was forced and the log goes on after it");
        try (RecordStore store = reopen()) {
            assertEquals(Map.of("a", "1", "c", "3"), asStrings(store.values()));
            assertTrue(store.loadReport().tailCuts().isEmpty());
        }
    }

    @Test
    void aBadChecksumInTheLastRecordIsATail() throws IOException {
        try (RecordStore store = reopen()) {
            store.append(List.of(put("a", "1")));
            store.append(List.of(put("b", "2")));
        }
        byte[] bytes = fs.contents(LOG0);
        fs.flipByte(LOG0, bytes.length - 1);
        try (RecordStore store = reopen()) {
            assertEquals(Map.of("a", "1"), asStrings(store.values()));
            assertEquals("checksum or structure mismatch", store.loadReport().tailCuts().get(0).reason());
        }
    }

    @Test
    void damageWithValidRecordsAfterItRefusesToStart() throws IOException {
        try (RecordStore store = reopen()) {
            store.append(List.of(put("a", "1")));
            store.append(List.of(put("b", "2")));
            store.append(List.of(put("c", "3")));
        }
        int second = RecordCodec.encodedSize(1, 1);
        fs.flipByte(LOG0, second + RecordCodec.HEADER + 2);
        StoreCorruptedException e = assertThrows(StoreCorruptedException.class, this::reopen);
        assertEquals(second, e.offset());
        assertTrue(e.getMessage().contains("not a write torn by a power loss"), e.getMessage());
        assertEquals(3 * second, fs.contents(LOG0).length, "nothing was cut");
    }

    @Test
    void compactionBoundsTheFilesAndKeepsTheValues() throws IOException {
        Map<String, String> expected = new HashMap<>();
        try (RecordStore store = reopen()) {
            for (int round = 0; round < 2000; round++) {
                String key = "k" + (round % 10);
                String value = "v" + round;
                store.append(List.of(put(key, value)));
                expected.put(key, value);
                if (store.compactionDue()) {
                    store.compact();
                }
                assertTrue(totalBytes() <= 3 * liveBytes(store) + 1024 + 200, "disk usage bounded");
            }
            assertTrue(store.generation() > 5, "compacted several times: " + store.generation());
        }
        assertEquals(List.of(StoreFileNames.log(fsGeneration()), StoreFileNames.snapshot(fsGeneration())),
                fs.names().stream().sorted().toList());
        fs.powerLoss(null);
        try (RecordStore store = reopen()) {
            assertEquals(expected, asStrings(store.values()));
        }
    }

    @Test
    void compactionKeepsEveryLiveRecordOfAStoreThatGrewAndShrank() throws IOException {
        Map<String, String> expected = new HashMap<>();
        Random random = new Random(11);
        try (RecordStore store = reopen()) {
            for (int round = 0; round < 40; round++) {
                List<LogRecord> batch = new ArrayList<>();
                for (int i = 0; i < 250; i++) {
                    String key = "key-" + random.nextInt(4000);
                    if (random.nextInt(3) == 0) {
                        batch.add(LogRecord.delete(b(key)));
                        expected.remove(key);
                    } else {
                        batch.add(put(key, "v" + round + "." + i));
                        expected.put(key, "v" + round + "." + i);
                    }
                }
                store.append(batch);
                if (store.compactionDue()) {
                    store.compact();
                }
            }
            store.compact();
            assertEquals(expected, asStrings(store.values()));
        }
        fs.powerLoss(null);
        try (RecordStore store = reopen()) {
            assertEquals(expected, asStrings(store.values()), "the snapshot alone holds every live record");
            assertEquals(expected.size(), store.loadReport().replayedRecords() - 1, "and nothing else");
        }
    }

    private long fsGeneration() {
        return fs.names().stream().map(StoreFileNames::logGeneration).filter(g -> g.isPresent())
                .mapToLong(g -> g.getAsLong()).max().orElseThrow();
    }

    private long totalBytes() {
        return fs.names().stream().mapToLong(n -> fs.contents(n).length).sum();
    }

    private static long liveBytes(RecordStore store) {
        return store.values().entrySet().stream()
                .mapToLong(e -> RecordCodec.encodedSize(e.getKey().length(), e.getValue().length)).sum();
    }

    /** Builds a store with a snapshot, a log and dead data; returns the expected values. */
    private static Map<String, String> prepare(FaultInjectingFileSystem disk) throws IOException {
        Map<String, String> expected = new HashMap<>();
        try (RecordStore store = RecordStore.open(disk, 1024)) {
            for (int i = 0; i < 60; i++) {
                store.append(List.of(put("k" + (i % 7), "value-" + i)));
                expected.put("k" + (i % 7), "value-" + i);
                if (i == 20) {
                    store.compact();
                }
            }
            store.append(List.of(LogRecord.delete(b("k3"))));
            expected.remove("k3");
        }
        return expected;
    }

    @Test
    void aPowerLossAtEveryStepOfCompactionLeavesALoadableStore() throws IOException {
        boolean finished = false;
        for (int step = 1; !finished; step++) {
            for (int tearSeed = -1; tearSeed < 5; tearSeed++) {
                FaultInjectingFileSystem disk = new FaultInjectingFileSystem();
                Map<String, String> expected = prepare(disk);
                RecordStore store = RecordStore.open(disk, 1024);
                disk.crashAtOperation(step);
                try {
                    store.compact();
                    finished = true;
                } catch (IOException crashed) {
                    assertTrue(disk.powerIsCut(), crashed.getMessage());
                }
                disk.powerLoss(tearSeed < 0 ? null : new Random(tearSeed));
                try (RecordStore reloaded = RecordStore.open(disk, 1024)) {
                    assertEquals(expected, asStrings(reloaded.values()), "power loss at step " + step);
                    reloaded.append(List.of(put("after", "crash")));
                    reloaded.compact();
                }
                try (RecordStore again = RecordStore.open(disk, 1024)) {
                    assertEquals("crash", asStrings(again.values()).get("after"));
                }
            }
            assertTrue(step < 100, "compaction should take fewer than 100 operations");
        }
    }

    @Test
    void aDamagedSnapshotRefusesToStart() throws IOException {
        prepare(fs);
        String snapshot = StoreFileNames.snapshot(1);
        fs.flipByte(snapshot, 20);
        StoreCorruptedException e = assertThrows(StoreCorruptedException.class, this::reopen);
        assertTrue(e.file().endsWith(snapshot), e.file());
    }

    @Test
    void aSnapshotWithoutItsEndMarkerRefusesToStart() throws IOException {
        prepare(fs);
        String snapshot = StoreFileNames.snapshot(1);
        byte[] bytes = fs.contents(snapshot);
        StoreFile file = fs.open(snapshot);
        file.truncate(bytes.length - RecordCodec.encodedSize(0, 8));
        file.force();
        StoreCorruptedException e = assertThrows(StoreCorruptedException.class, this::reopen);
        assertTrue(e.getMessage().contains("end marker"), e.getMessage());
    }

    @Test
    void aMissingLogRefusesToStart() throws IOException {
        prepare(fs);
        fs.delete(StoreFileNames.log(1));
        fs.syncDirectory();
        StoreCorruptedException e = assertThrows(StoreCorruptedException.class, this::reopen);
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void aTornTailInALogThatIsNotTheNewestRefusesToStart() throws IOException {
        try (RecordStore store = reopen()) {
            store.append(List.of(put("a", "1")));
        }
        fs.open(StoreFileNames.log(1));
        fs.syncDirectory();
        StoreFile old = fs.open(LOG0);
        old.write(ByteBuffer.wrap(new byte[] {0, 0, 0}), old.size());
        old.force();
        StoreCorruptedException e = assertThrows(StoreCorruptedException.class, this::reopen);
        assertTrue(e.getMessage().contains("complete when the store moved"), e.getMessage());
    }

    @Test
    void leftoversOfAnInterruptedCompactionAreRemovedAndReported() throws IOException {
        prepare(fs);
        fs.open(StoreFileNames.temporarySnapshot(2)).force();
        fs.open(StoreFileNames.log(0)).force();
        fs.syncDirectory();
        try (RecordStore store = reopen()) {
            assertEquals(2, store.loadReport().removedFiles().size());
        }
        assertFalse(fs.names().contains(StoreFileNames.temporarySnapshot(2)));
    }

    /** Every disk operation the store uses can fail; each failure surfaces and loses nothing acknowledged. */
    @Test
    void everyFailingOperationSurfacesAndTheStoreReopens() throws IOException {
        for (FaultInjectingFileSystem.Operation op : FaultInjectingFileSystem.Operation.values()) {
            FaultInjectingFileSystem disk = new FaultInjectingFileSystem();
            Map<String, String> expected = prepare(disk);
            StoreFile log = disk.open(StoreFileNames.log(1));
            log.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), log.size());
            log.force();
            disk.failNext(op);
            boolean failed = false;
            try (RecordStore store = RecordStore.open(disk, 1024)) {
                store.append(List.of(put("x", "1")));
                store.compact();
                store.append(List.of(put("y", "2")));
                expected.put("x", "1");
                expected.put("y", "2");
            } catch (IOException e) {
                failed = true;
                assertTrue(e.getMessage().contains(op.name()) || e.getMessage().contains("failed earlier"), e.getMessage());
            }
            assertTrue(failed, op + " is used by load, append or compaction and its failure must surface");
            disk.powerLoss(null);
            try (RecordStore store = RecordStore.open(disk, 1024)) {
                Map<String, String> got = asStrings(store.values());
                got.remove("x");
                got.remove("y");
                expected.remove("x");
                expected.remove("y");
                assertEquals(expected, got, "after a failed " + op);
            }
        }
    }

    @Test
    void aFailedStoreRefusesFurtherWork() throws IOException {
        try (RecordStore store = reopen()) {
            fs.failNext(FaultInjectingFileSystem.Operation.FORCE);
            assertThrows(IOException.class, () -> store.append(List.of(put("a", "1"))));
            IOException e = assertThrows(IOException.class, () -> store.append(List.of(put("b", "1"))));
            assertTrue(e.getMessage().contains("failed earlier"));
            assertThrows(IOException.class, store::compact);
            assertFalse(store.values().containsKey(RecordKey.of(b("a"))), "not durable, not applied");
        }
        try (RecordStore store = reopen()) {
            store.append(List.of(put("b", "2")));
            assertEquals("2", asStrings(store.values()).get("b"), "a reopened store works again");
        }
    }
}
