package org.dhcpfailover.plugin.bindingdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.store.StoreSettings;

/**
 * Fills a store with typical ACTIVE IA_NA address bindings (one per client, 10-octet DUIDs,
 * {@link BindingSamples#typicalAddress}), then opens it in a fresh JVM, as a server starting
 * up would, and prints the figures. Nothing about them is asserted: heap and resident figures
 * depend on the collector and the JVM, and times on the machine.
 *
 * <p>Method: (1) encoded octets per binding, exact, from the codec; (2) on-disk octets per
 * binding: the store directory's size / bindings; then, in a new JVM with the given flags (so
 * that filling leaves nothing behind): (3) start-up load time, the wall time of
 * {@link BindingDatabase#open}, JIT cold, page cache warm; (4) heap per binding: used heap
 * after {@code System.gc()} with the database open (so it holds exactly what loading builds:
 * the log's durable map and the client index) minus the same before opening, divided by the
 * count; (5) resident memory per binding: growth of VmRSS (/proc/self/status) from before
 * opening to after it, and to after a {@code System.gc()}; it includes heap the collector took
 * for loading's garbage and kept, so it depends on the heap flags.
 */
final class BindingMemoryMeter {
    private BindingMemoryMeter() {
    }

    /** Measures {@code bindings} bindings in a store under {@code root}, opening it once per set of JVM flags. */
    static void measure(Path root, int bindings, List<List<String>> jvmFlags) throws Exception {
        long fillStart = System.nanoTime();
        fill(root, bindings);
        long fillNanos = System.nanoTime() - fillStart;
        Binding sample = BindingSamples.typicalAddress(BindingSamples.address(1), BindingSamples.duid(1), 1);
        int encoded = BindingCodec.encodeKey(sample.lease()).length + BindingCodec.encodeValue(sample).length;
        long onDisk;
        try (Stream<Path> files = Files.walk(root)) {
            onDisk = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        System.out.printf("%,d typical bindings: encoded %d octets each (key + value), on disk %.1f octets each, "
                + "written in %.1f s; machine: %d processors%n", bindings, encoded, (double) onDisk / bindings,
                fillNanos / 1e9, Runtime.getRuntime().availableProcessors());
        for (List<String> flags : jvmFlags) {
            openInNewJvm(root, bindings, flags);
        }
    }

    private static void openInNewJvm(Path root, int bindings, List<String> flags) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        command.addAll(List.of("-cp", classPath, BindingMemoryMeter.class.getName(), root.toString(),
                Integer.toString(bindings)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.print(output);
        assertEquals(0, process.waitFor(), "the measuring JVM failed: " + output);
    }

    /** In the new JVM: opens the store at {@code args[0]}, which must hold {@code args[1]} bindings, and measures. */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int bindings = Integer.parseInt(args[1]);
        long heapBefore = usedHeapAfterGc();
        long rssBefore = residentBytes();
        long openStart = System.nanoTime();
        BindingDatabase db = BindingDatabase.open(root, StoreSettings.defaults(), "memory");
        long openNanos = System.nanoTime() - openStart;
        long rssOpen = residentBytes();
        long heapAfter = usedHeapAfterGc();
        long rssAfterGc = residentBytes();
        try {
            if (db.size() != bindings || db.byClient(BindingSamples.duid(bindings / 2)).size() != 1) {
                throw new IllegalStateException("loaded " + db.size() + " bindings, not " + bindings);
            }
        } finally {
            db.close();
        }
        System.out.printf("  JVM %s, max heap %,d MiB, %s, flags %s:%n"
                + "    open (start-up load) %.2f s; heap %.1f octets per binding (durable map + client index, %,d MiB); "
                + "resident memory %.1f octets per binding right after open, %.1f after a GC (%,d MiB)%n",
                System.getProperty("java.vm.version"), Runtime.getRuntime().maxMemory() >> 20,
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                        .collect(Collectors.joining(" + ")),
                ManagementFactory.getRuntimeMXBean().getInputArguments(), openNanos / 1e9,
                (double) (heapAfter - heapBefore) / bindings, (heapAfter - heapBefore) >> 20,
                (double) (rssOpen - rssBefore) / bindings, (double) (rssAfterGc - rssBefore) / bindings,
                (rssAfterGc - rssBefore) >> 20);
    }

    private static void fill(Path root, int bindings) throws Exception {
        try (BindingDatabase db = BindingDatabase.open(root, StoreSettings.defaults(), "memory")) {
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            List<Binding> batch = new ArrayList<>();
            for (int i = 0; i < bindings; i++) {
                batch.add(BindingSamples.typicalAddress(BindingSamples.address(i), BindingSamples.duid(i), 1));
                if (batch.size() == 1000) {
                    futures.add(db.commitAll(batch));
                    batch = new ArrayList<>();
                }
            }
            futures.add(db.commitAll(batch));
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        }
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** VmRSS of this process, from /proc/self/status (Linux); -1 elsewhere. */
    private static long residentBytes() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }
}
