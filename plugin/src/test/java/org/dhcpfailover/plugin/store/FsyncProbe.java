package org.dhcpfailover.plugin.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The disk's raw sync latency, printed beside every durable-throughput figure: 1,000 appends of
 * 4 KiB each followed by {@code force(true)}, p50 and p99. For the benchmarks only.
 */
public final class FsyncProbe {
    private FsyncProbe() {
    }

    /** Measures on {@code file} (created) and prints the percentiles. */
    public static void printLatency(Path file) throws IOException {
        long[] nanos = new long[1000];
        ByteBuffer block = ByteBuffer.allocate(4096);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            for (int i = 0; i < nanos.length; i++) {
                block.clear();
                long start = System.nanoTime();
                channel.write(block, (long) i * 4096);
                channel.force(true);
                nanos[i] = System.nanoTime() - start;
            }
        }
        Arrays.sort(nanos);
        System.out.printf("raw 4 KiB append + force(true), %d samples: p50 %.3f ms, p99 %.3f ms%n",
                nanos.length, nanos[nanos.length / 2] / 1e6, nanos[nanos.length * 99 / 100] / 1e6);
    }
}
