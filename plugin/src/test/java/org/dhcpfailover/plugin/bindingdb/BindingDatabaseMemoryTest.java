package org.dhcpfailover.plugin.bindingdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.store.StoreSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Size of 100,000 typical ACTIVE IA_NA address bindings (one per client, 14-octet DUIDs),
 * printed, not asserted: JVM heap figures depend on the collector and the JVM.
 *
 * <p>Method: (1) encoded octets per binding, exact, from the codec; (2) on-disk octets per
 * binding: store directory size / bindings; (3) heap per binding: used heap after
 * {@code System.gc()} with the database reopened (so it holds exactly what loading builds:
 * the log's key/value map, the bindings by lease and the DUID index) minus used heap after
 * {@code System.gc()} before opening, divided by the count. A rough estimate: the collector
 * may not finish, so it is only reported.
 */
class BindingDatabaseMemoryTest {
    private static final int BINDINGS = 100_000;

    @Test
    void memoryPerBindingFor100000Bindings(@TempDir Path root) throws Exception {
        try (BindingDatabase db = BindingDatabase.open(root, StoreSettings.defaults(), "memory")) {
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            List<Binding> batch = new ArrayList<>();
            for (int i = 0; i < BINDINGS; i++) {
                batch.add(BindingSamples.typicalAddress(BindingSamples.address(i), BindingSamples.duid(i), 1));
                if (batch.size() == 1000) {
                    futures.add(db.commitAll(batch));
                    batch = new ArrayList<>();
                }
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
        Binding sample = BindingSamples.typicalAddress(BindingSamples.address(1), BindingSamples.duid(1), 1);
        int encoded = BindingCodec.encodeKey(sample.lease()).length + BindingCodec.encodeValue(sample).length;
        long onDisk;
        try (var files = java.nio.file.Files.walk(root)) {
            onDisk = files.filter(java.nio.file.Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }

        long before = usedHeapAfterGc();
        BindingDatabase db = BindingDatabase.open(root, StoreSettings.defaults(), "memory");
        long after = usedHeapAfterGc();
        try {
            assertEquals(BINDINGS, db.size());
            assertEquals(1, db.byClient(BindingSamples.duid(4242)).size());
        } finally {
            db.close();
        }
        System.out.printf("%,d bindings: encoded %d octets each (key + value), on disk %.1f octets each, "
                + "heap about %,d octets each (log map + bindings + DUID index)%n",
                BINDINGS, encoded, (double) onDisk / BINDINGS, (after - before) / BINDINGS);
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
