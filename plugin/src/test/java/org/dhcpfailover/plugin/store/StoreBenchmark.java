package org.dhcpfailover.plugin.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures, on the real disk under {@code target/}: the raw latency of a 4 KiB write + fsync,
 * then acknowledged puts per second (4 producers, 200-byte values, 10 s each) through
 * DurableLog and through H2's MVStore with the same group commit (one commit + sync per batch).
 * Not part of the normal build; run with
 * {@code mvn -B -pl plugin -am test -Pbenchmarks -Dtest=StoreBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 * It prints figures and asserts nothing about them.
 */
@EnabledIfSystemProperty(named = "store.benchmarks", matches = "true")
class StoreBenchmark {

    private static final int PRODUCERS = 4;
    private static final int IN_FLIGHT_PER_PRODUCER = 1024;
    private static final int VALUE_BYTES = 200;
    private static final int KEYS = 100_000;
    private static final long RUN_NANOS = Duration.ofSeconds(10).toNanos();

    @Test
    void benchmark() throws Exception {
        Path root = Path.of("target", "store-benchmark").toAbsolutePath();
        deleteTree(root);
        Files.createDirectories(root);
        System.out.println("directory: " + root + ", file store type: " + Files.getFileStore(root).type()
                + " (" + Files.getFileStore(root) + ")");
        FsyncProbe.printLatency(root.resolve("fsync.bin"));

        try (DurableLog log = DurableLog.open(new DirectoryFileSystem(root.resolve("durable-log")),
                StoreSettings.defaults(), "bench")) {
            run("DurableLog (window 1 ms)", (key, value) -> log.put(key, value));
        }
        try (MvStoreGroupCommit mv = new MvStoreGroupCommit(root.resolve("mvstore.db"))) {
            run("MVStore (commit + sync per batch)", mv::put);
        }
    }


    private static void run(String name, BiFunction<byte[], byte[], CompletableFuture<Void>> put) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong acknowledged = new AtomicLong();
        long[][] latencies = new long[PRODUCERS][];
        int[] counts = new int[PRODUCERS];
        List<Thread> producers = new ArrayList<>();
        long start = System.nanoTime();
        for (int p = 0; p < PRODUCERS; p++) {
            int producer = p;
            latencies[p] = new long[4_000_000];
            producers.add(new Thread(() -> {
                Semaphore inFlight = new Semaphore(IN_FLIGHT_PER_PRODUCER);
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (!stop.get()) {
                    inFlight.acquireUninterruptibly();
                    byte[] key = ByteBuffer.allocate(8).putLong(random.nextInt(KEYS)).array();
                    byte[] value = new byte[VALUE_BYTES];
                    random.nextBytes(value);
                    long submitted = System.nanoTime();
                    put.apply(key, value).whenComplete((ok, e) -> {
                        if (e == null && System.nanoTime() - start < RUN_NANOS) {
                            acknowledged.incrementAndGet();
                            synchronized (latencies[producer]) {
                                if (counts[producer] < latencies[producer].length) {
                                    latencies[producer][counts[producer]++] = System.nanoTime() - submitted;
                                }
                            }
                        }
                        inFlight.release();
                    });
                }
                inFlight.acquireUninterruptibly(IN_FLIGHT_PER_PRODUCER);
            }));
        }
        producers.forEach(Thread::start);
        while (System.nanoTime() - start < RUN_NANOS) {
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
        }
        stop.set(true);
        for (Thread producer : producers) {
            producer.join();
        }
        int total = 0;
        for (int p = 0; p < PRODUCERS; p++) {
            total += counts[p];
        }
        long[] all = new long[total];
        int at = 0;
        for (int p = 0; p < PRODUCERS; p++) {
            System.arraycopy(latencies[p], 0, all, at, counts[p]);
            at += counts[p];
        }
        Arrays.sort(all);
        System.out.printf("%s: %d producers, %d in flight each, %d-byte values: %.0f acknowledged puts/s, "
                        + "completion latency p50 %.2f ms, p99 %.2f ms%n",
                name, PRODUCERS, IN_FLIGHT_PER_PRODUCER, VALUE_BYTES, acknowledged.get() / (RUN_NANOS / 1e9),
                all[all.length / 2] / 1e6, all[all.length * 99 / 100] / 1e6);
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (var paths = Files.walk(root)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /**
     * MVStore behind the same group commit as DurableLog: a writer thread drains the queue,
     * waits up to 1 ms for more, puts the batch into the map, then {@code commit()} (writes a
     * chunk) and {@code sync()} (forces the file) before completing the futures — the fairest
     * equivalent of "acknowledged only after fsync".
     */
    private static final class MvStoreGroupCommit implements AutoCloseable {

        private record Pending(String key, byte[] value, CompletableFuture<Void> done) {
        }

        private final MVStore store;
        private final MVMap<String, byte[]> map;
        private final Thread writer;
        private final Object lock = new Object();
        private List<Pending> queue = new ArrayList<>();
        private boolean closing;

        MvStoreGroupCommit(Path file) {
            store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
            map = store.openMap("bindings");
            writer = new Thread(this::loop, "mvstore-writer");
            writer.start();
        }

        CompletableFuture<Void> put(byte[] key, byte[] value) {
            Pending pending = new Pending(Arrays.toString(key), value, new CompletableFuture<>());
            synchronized (lock) {
                queue.add(pending);
                if (queue.size() == 1) {
                    lock.notifyAll();
                }
            }
            return pending.done();
        }

        private void loop() {
            while (true) {
                List<Pending> batch;
                synchronized (lock) {
                    while (queue.isEmpty() && !closing) {
                        waitOn(lock, 0);
                    }
                    if (queue.isEmpty()) {
                        return;
                    }
                    long deadline = System.nanoTime() + 1_000_000;
                    for (long left; (left = deadline - System.nanoTime()) > 0 && queue.size() < 8192;) {
                        waitOn(lock, left);
                    }
                    batch = queue;
                    queue = new ArrayList<>();
                }
                for (Pending p : batch) {
                    map.put(p.key(), p.value());
                }
                store.commit();
                store.sync();
                batch.forEach(p -> p.done().complete(null));
            }
        }

        private static void waitOn(Object lock, long nanos) {
            try {
                lock.wait(nanos / 1_000_000, (int) (nanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            synchronized (lock) {
                closing = true;
                lock.notifyAll();
            }
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            store.close();
        }
    }
}
