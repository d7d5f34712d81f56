package org.dhcpfailover.plugin.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DurableLogTest {

    private static final String LOG0 = StoreFileNames.log(0);
    private static final StoreSettings SETTINGS = new StoreSettings(Duration.ofMillis(2), 8192, 1 << 20);

    private final FaultInjectingFileSystem fs = new FaultInjectingFileSystem();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aFutureCompletesOnlyAfterTheForceThatCoversItsRecord() throws Exception {
        CountDownLatch forceEntered = new CountDownLatch(1);
        CountDownLatch releaseForce = new CountDownLatch(1);
        AtomicInteger forcesStarted = new AtomicInteger();
        fs.beforeForce(() -> {
            if (forcesStarted.incrementAndGet() == 1) {
                forceEntered.countDown();
                await(releaseForce);
            }
        });
        try (DurableLog log = DurableLog.open(fs, SETTINGS, "test")) {
            List<String> violations = new ArrayList<>();
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                byte[] record = RecordCodec.encode(LogRecord.put(b("key" + i), b("value" + i)));
                CompletableFuture<Void> f = log.put(b("key" + i), b("value" + i));
                f.thenRun(() -> {
                    if (!contains(fs.durableContents(LOG0), record)) {
                        synchronized (violations) {
                            violations.add("record " + new String(record, StandardCharsets.ISO_8859_1));
                        }
                    }
                });
                futures.add(f);
            }
            assertTrue(forceEntered.await(10, TimeUnit.SECONDS), "the writer reached the first batch's force");
            assertFalse(futures.get(0).isDone(), "not complete while its force is held");
            long forcesBefore = fs.forceCount();
            releaseForce.countDown();
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertEquals(List.of(), violations);
            assertTrue(fs.forceCount() - forcesBefore <= 3,
                    "500 updates queued behind one force share the next: " + (fs.forceCount() - forcesBefore));
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void updatesFromConcurrentProducersAreAllDurableAfterReopen() throws Exception {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        try (DurableLog log = DurableLog.open(fs, SETTINGS, "test")) {
            List<Thread> producers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int producer = t;
                producers.add(new Thread(() -> {
                    for (int i = 0; i < 1000; i++) {
                        CompletableFuture<Void> f = log.put(b(producer + ":" + i), b("v" + i));
                        synchronized (futures) {
                            futures.add(f);
                        }
                    }
                }));
            }
            producers.forEach(Thread::start);
            for (Thread producer : producers) {
                producer.join(10_000);
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            log.delete(b("0:0")).get(10, TimeUnit.SECONDS);
        }
        fs.powerLoss(null);
        try (DurableLog log = DurableLog.open(fs, SETTINGS, "test")) {
            assertEquals(3999, log.values().size());
            assertFalse(log.values().containsKey(RecordKey.of(b("0:0"))));
        }
    }

    @Test
    void aFailedForceFailsTheBatchAndEveryLaterUpdate() throws Exception {
        try (DurableLog log = DurableLog.open(fs, SETTINGS, "test")) {
            log.put(b("a"), b("1")).get(10, TimeUnit.SECONDS);
            fs.failNext(FaultInjectingFileSystem.Operation.FORCE);
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> log.put(b("b"), b("2")).get(10, TimeUnit.SECONDS));
            assertInstanceOf(IOException.class, failed.getCause());
            assertTrue(log.failure() != null);
            assertThrows(ExecutionException.class, () -> log.put(b("c"), b("3")).get(10, TimeUnit.SECONDS));
            assertFalse(log.values().containsKey(RecordKey.of(b("b"))), "never acknowledged, never applied");
        }
    }

    @Test
    void aFailedCompactionFailsLaterUpdates() throws Exception {
        StoreSettings tiny = new StoreSettings(Duration.ZERO, 16, 0);
        try (DurableLog log = DurableLog.open(fs, tiny, "test")) {
            fs.failNext(FaultInjectingFileSystem.Operation.RENAME);
            log.put(b("a"), b("1")).get(10, TimeUnit.SECONDS);
            boolean laterFailed = false;
            for (int i = 2; i < 10 && !laterFailed; i++) {
                laterFailed = log.put(b("a"), b("" + i)).handle((ok, e) -> e != null).get(10, TimeUnit.SECONDS);
            }
            assertTrue(laterFailed, "updates after the failed compaction fail");
            assertTrue(log.failure().getMessage().contains("RENAME"), log.failure().getMessage());
        }
        fs.powerLoss(null);
        try (DurableLog log = DurableLog.open(fs, tiny, "test")) {
            assertTrue(log.values().containsKey(RecordKey.of(b("a"))));
        }
    }

    @Test
    void closeWritesWhatIsQueuedAndRefusesLaterUpdates() throws Exception {
        DurableLog log = DurableLog.open(fs, new StoreSettings(Duration.ofMillis(50), 8192, 1 << 20), "test");
        CompletableFuture<Void> queued = log.put(b("a"), b("1"));
        log.close();
        assertTrue(queued.isDone() && !queued.isCompletedExceptionally());
        assertThrows(ExecutionException.class, () -> log.put(b("b"), b("1")).get(1, TimeUnit.SECONDS));
        fs.powerLoss(null);
        try (DurableLog reopened = DurableLog.open(fs, SETTINGS, "test")) {
            assertEquals(1, reopened.values().size());
            assertTrue(reopened.loadReport().tailCuts().isEmpty());
        }
    }

    @Test
    void inSteppedModeNothingIsWrittenUntilTheCallerWritesTheQueue() throws Exception {
        try (DurableLog log = DurableLog.openStepped(fs, SETTINGS, "test")) {
            CompletableFuture<Void> first = log.put(b("a"), b("1"));
            CompletableFuture<Void> second = log.put(b("b"), b("2"));
            assertFalse(first.isDone(), "no writer thread: the update waits for writeQueued()");
            long before = fs.list().stream().mapToLong(this::size).sum();
            assertEquals(2, log.writeQueued());
            assertTrue(fs.list().stream().mapToLong(this::size).sum() > before, "the batch was written");
            assertTrue(first.isDone() && second.isDone() && !second.isCompletedExceptionally());
            assertEquals(0, log.writeQueued(), "the queue is empty");
            log.put(b("c"), b("3"));
        }
        fs.powerLoss(null);
        try (DurableLog reopened = DurableLog.open(fs, SETTINGS, "test")) {
            assertEquals(3, reopened.values().size(), "close wrote the queued update");
        }
    }

    @Test
    void aThreadedLogCannotBeStepped() throws Exception {
        try (DurableLog log = DurableLog.open(fs, SETTINGS, "test")) {
            assertThrows(IllegalStateException.class, log::writeQueued);
        }
    }

    private long size(String name) {
        try {
            return fs.open(name).size();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void settingsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new StoreSettings(Duration.ofMillis(-1), 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new StoreSettings(Duration.ofSeconds(1), 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new StoreSettings(Duration.ZERO, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new StoreSettings(Duration.ZERO, 1, -1));
    }

    @Test
    void anUnloadableStoreFailsToOpen() throws IOException, TimeoutException {
        fs.failNext(FaultInjectingFileSystem.Operation.LIST);
        assertThrows(IOException.class, () -> DurableLog.open(fs, SETTINGS, "test"));
    }
}
