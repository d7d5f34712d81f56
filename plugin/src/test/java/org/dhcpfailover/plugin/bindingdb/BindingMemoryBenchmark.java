package org.dhcpfailover.plugin.bindingdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Heap and resident memory per binding, start-up load time and on-disk size at 1,000,000
 * typical bindings (the target: at most 200 bytes of heap per binding), on the real
 * disk under {@code target/}; see {@link BindingMemoryMeter} for the method. Not part of the
 * normal build; run with
 * {@code mvn -B -o -q -pl plugin -Pbenchmarks test -Dtest=BindingMemoryBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 * It prints figures and asserts nothing about them.
 */
@EnabledIfSystemProperty(named = "store.benchmarks", matches = "true")
class BindingMemoryBenchmark {

    @Test
    void memoryPerBindingFor1000000Bindings() throws Exception {
        Path root = Path.of("target", "binding-memory-benchmark").toAbsolutePath();
        deleteTree(root);
        Files.createDirectories(root);
        System.out.println("directory: " + root + " (" + Files.getFileStore(root).type() + ")");
        // Default flags (a quarter of the RAM as maximum heap), then a heap of 256 MiB: enough?
        BindingMemoryMeter.measure(root, 1_000_000, List.of(List.of(), List.of("-Xmx256m")));
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
