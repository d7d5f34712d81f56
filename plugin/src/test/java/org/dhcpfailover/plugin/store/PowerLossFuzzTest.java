package org.dhcpfailover.plugin.store;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Seeded schedules of puts and deletes with power losses at random operations (between a write
 * and its force, inside compaction, during load's tail cut), with and without torn writes.
 * After each reboot every acknowledged update is there with its value or a later attempted one,
 * nothing else is read, and the store keeps working. A failing seed is printed and replays.
 */
class PowerLossFuzzTest {

    private static final int KEYS = 8;
    private static final String ABSENT = "<absent>";

    /**
     * What each key may hold after a reboot: the last acknowledged value (or absence), or any
     * value attempted after it but not acknowledged.
     */
    private static final class Model {
        final Map<String, String> acknowledged = new HashMap<>();
        final Map<String, Set<String>> unacknowledged = new HashMap<>();

        void attempted(String key, String value) {
            unacknowledged.computeIfAbsent(key, k -> new HashSet<>()).add(value);
        }

        void acknowledged(String key, String value) {
            acknowledged.put(key, value);
            unacknowledged.remove(key);
        }

        void check(Map<RecordKey, byte[]> recovered, String where) {
            for (RecordKey key : recovered.keySet()) {
                String k = new String(key.bytes(), StandardCharsets.UTF_8);
                if (!k.startsWith("k")) {
                    fail(where + ": unknown key read back: " + key);
                }
            }
            for (int i = 0; i < KEYS; i++) {
                String key = "k" + i;
                byte[] value = recovered.get(RecordKey.of(key.getBytes(StandardCharsets.UTF_8)));
                String got = value == null ? ABSENT : new String(value, StandardCharsets.UTF_8);
                String acked = acknowledged.getOrDefault(key, ABSENT);
                Set<String> later = unacknowledged.getOrDefault(key, Set.of());
                if (!got.equals(acked) && !later.contains(got)) {
                    fail(where + ": key " + key + " holds " + got + ", acknowledged " + acked + ", later attempts " + later);
                }
            }
        }

        /** After a successful load, what was read is on disk: it becomes the acknowledged state. */
        void reset(Map<RecordKey, byte[]> recovered) {
            acknowledged.clear();
            unacknowledged.clear();
            recovered.forEach((k, v) -> acknowledged.put(new String(k.bytes(), StandardCharsets.UTF_8),
                    new String(v, StandardCharsets.UTF_8)));
        }
    }

    @Test
    void acknowledgedUpdatesSurviveSeededPowerLosses() throws IOException {
        int seeds = 3000;
        int compactions = 0;
        int tailCuts = 0;
        for (int seed = 0; seed < seeds; seed++) {
            try {
                int[] counts = runSchedule(seed);
                compactions += counts[0];
                tailCuts += counts[1];
            } catch (AssertionError | IOException | RuntimeException e) {
                throw new AssertionError("seed " + seed + " failed: " + e.getMessage(), e);
            }
        }
        assertTrue(compactions > seeds, "schedules compacted often: " + compactions);
        assertTrue(tailCuts > seeds / 10, "torn tails were found and cut: " + tailCuts);
    }

    /** Runs one schedule; returns {compactions, tail cuts}. */
    private static int[] runSchedule(long seed) throws IOException {
        Random random = new Random(seed);
        FaultInjectingFileSystem disk = new FaultInjectingFileSystem();
        Model model = new Model();
        int counter = 0;
        int compactions = 0;
        int tailCuts = 0;
        for (int boot = 0; boot < 4; boot++) {
            if (random.nextInt(4) == 0) {
                disk.crashAtOperation(1 + random.nextInt(12));
            }
            RecordStore store;
            try {
                store = RecordStore.open(disk, 128);
            } catch (StoreCorruptedException e) {
                throw e;
            } catch (IOException crashedDuringLoad) {
                disk.powerLoss(random.nextBoolean() ? null : new Random(random.nextLong()));
                continue;
            }
            model.check(store.values(), "boot " + boot);
            model.reset(store.values());
            tailCuts += store.loadReport().tailCuts().size();
            disk.crashAtOperation(1 + random.nextInt(80));
            try {
                for (int batchNo = 0; batchNo < 30; batchNo++) {
                    List<LogRecord> batch = new ArrayList<>();
                    Map<String, String> last = new HashMap<>();
                    int size = 1 + random.nextInt(5);
                    for (int i = 0; i < size; i++) {
                        String key = "k" + random.nextInt(KEYS);
                        String value = random.nextInt(5) == 0 ? ABSENT : "s" + seed + "-" + counter++ + "-"
                                + "x".repeat(random.nextInt(40));
                        batch.add(value.equals(ABSENT) ? LogRecord.delete(key.getBytes(StandardCharsets.UTF_8))
                                : LogRecord.put(key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8)));
                        model.attempted(key, value);
                        last.put(key, value);
                    }
                    store.append(batch);
                    last.forEach(model::acknowledged);
                    if (store.compactionDue()) {
                        store.compact();
                        compactions++;
                    }
                }
            } catch (IOException crashed) {
                assertTrue(disk.powerIsCut(), "only the simulated power loss fails: " + crashed.getMessage());
            }
            disk.cutPower();
            disk.powerLoss(random.nextBoolean() ? null : new Random(random.nextLong()));
        }
        try (RecordStore store = RecordStore.open(disk, 128)) {
            model.check(store.values(), "final boot");
            store.append(List.of(LogRecord.put("k0".getBytes(StandardCharsets.UTF_8), new byte[] {'z'})));
        }
        return new int[] {compactions, tailCuts};
    }

    /**
     * The same property through the threaded group commit: updates whose futures completed
     * survive a power loss cut at a random operation of the writer.
     */
    @Test
    void completedFuturesSurvivePowerLossesThroughGroupCommit() throws Exception {
        StoreSettings settings = new StoreSettings(Duration.ofMillis(1), 64, 256);
        for (int seed = 0; seed < 150; seed++) {
            Random random = new Random(seed);
            FaultInjectingFileSystem disk = new FaultInjectingFileSystem();
            Model model = new Model();
            for (int boot = 0; boot < 3; boot++) {
                DurableLog log = DurableLog.open(disk, settings, "fuzz");
                model.check(log.values(), "seed " + seed + " boot " + boot);
                model.reset(log.values());
                disk.crashAtOperation(1 + random.nextInt(60));
                List<String> keys = new ArrayList<>();
                List<String> values = new ArrayList<>();
                List<CompletableFuture<Void>> futures = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    String key = "k" + random.nextInt(KEYS);
                    String value = random.nextInt(5) == 0 ? ABSENT : "s" + seed + "-" + boot + "-" + i;
                    byte[] k = key.getBytes(StandardCharsets.UTF_8);
                    futures.add(value.equals(ABSENT) ? log.delete(k) : log.put(k, value.getBytes(StandardCharsets.UTF_8)));
                    keys.add(key);
                    values.add(value);
                    model.attempted(key, value);
                }
                CompletableFuture.allOf(futures.stream().map(f -> f.handle((ok, e) -> null))
                        .toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
                for (int i = 0; i < futures.size(); i++) {
                    if (!futures.get(i).isCompletedExceptionally()) {
                        String key = keys.get(i);
                        Set<String> later = new HashSet<>();
                        for (int j = i + 1; j < futures.size(); j++) {
                            if (keys.get(j).equals(key)) {
                                later.add(values.get(j));
                            }
                        }
                        model.acknowledged(key, values.get(i));
                        later.forEach(v -> model.attempted(key, v));
                    }
                }
                disk.cutPower();
                log.close();
                disk.powerLoss(random.nextBoolean() ? null : new Random(random.nextLong()));
            }
        }
    }
}
