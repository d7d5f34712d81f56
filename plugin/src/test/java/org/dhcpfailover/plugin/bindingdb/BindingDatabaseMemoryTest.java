package org.dhcpfailover.plugin.bindingdb;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory per binding, on-disk size and load time of 100,000 typical bindings, printed, not
 * asserted (see {@link BindingMemoryMeter} for the method), opened in a JVM with default flags.
 * Small enough for every build;
 * {@link BindingMemoryBenchmark} measures the target size of 1,000,000.
 */
class BindingDatabaseMemoryTest {

    @Test
    void memoryPerBindingFor100000Bindings(@TempDir Path root) throws Exception {
        BindingMemoryMeter.measure(root, 100_000, List.of(List.of()));
    }
}
