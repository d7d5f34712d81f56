package org.dhcpfailover.plugin.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The synchronous core of the store, used by one thread: appends batches of records to the
 * newest log with one write and one force each, and compacts when the logs have grown well
 * past the live data. {@link DurableLog} puts group commit in front of it; tests drive it
 * directly so that a seeded schedule of batches and power losses replays exactly.
 *
 * <p>After any I/O error the store is failed and refuses further work: once a write or an
 * fsync has failed, what reached the disk is unknown (Linux may drop the dirty pages of a
 * failed fsync), so the only safe way on is to reload from what the disk really holds.
 */
public final class RecordStore implements Closeable {

    private final StoreFileSystem fileSystem;
    private final long compactionMinimumBytes;
    private final LiveRecords live;
    private final LoadReport loadReport;
    private StoreFile log;
    private long generation;
    private long logEnd;
    private long logBytesSinceSnapshot;
    private ByteBuffer batchBuffer = ByteBuffer.allocate(64 * 1024);
    private IOException failure;

    private RecordStore(StoreFileSystem fileSystem, long compactionMinimumBytes, StoreLoader.Loaded loaded) {
        this.fileSystem = fileSystem;
        this.compactionMinimumBytes = compactionMinimumBytes;
        this.live = loaded.live();
        this.loadReport = loaded.report();
        this.log = loaded.log();
        this.generation = loaded.generation();
        this.logEnd = loaded.logEnd();
        this.logBytesSinceSnapshot = loaded.logBytesSinceSnapshot();
    }

    /**
     * Loads the store in {@code fileSystem}'s directory (an empty directory is an empty store).
     * Compaction starts once the logs exceed twice the live data plus {@code compactionMinimumBytes}.
     *
     * @throws StoreCorruptedException if the files are damaged beyond a torn tail
     */
    public static RecordStore open(StoreFileSystem fileSystem, long compactionMinimumBytes) throws IOException {
        return new RecordStore(fileSystem, compactionMinimumBytes, new StoreLoader(fileSystem).load());
    }

    public LoadReport loadReport() {
        return loadReport;
    }

    /**
     * Every key's durable value; a read-only live view, safe to read from any thread. Lookups and
     * iteration return copies (the values are kept as one array per key, see {@link RecordTable});
     * iteration is weakly consistent and sees each key at most once.
     */
    public Map<RecordKey, byte[]> values() {
        return live.view();
    }

    /**
     * Writes {@code batch} at the end of the log in one write and forces it; when this returns,
     * every record of the batch is durable and applied to {@link #values()}.
     */
    public void append(List<LogRecord> batch) throws IOException {
        checkUsable();
        int size = 0;
        for (LogRecord record : batch) {
            size += RecordCodec.encodedSize(record);
        }
        if (batchBuffer.capacity() < size) {
            batchBuffer = ByteBuffer.allocate(Math.max(size, batchBuffer.capacity() * 2));
        }
        batchBuffer.clear();
        for (LogRecord record : batch) {
            RecordCodec.encode(record, batchBuffer);
        }
        batchBuffer.flip();
        try {
            log.write(batchBuffer, logEnd);
            log.force();
        } catch (IOException e) {
            failure = e;
            throw e;
        }
        logEnd += size;
        logBytesSinceSnapshot += size;
        for (LogRecord record : batch) {
            live.apply(record);
        }
    }

    /** Whether the logs hold so much dead data that a snapshot should replace them. */
    public boolean compactionDue() {
        return logBytesSinceSnapshot > 2 * live.encodedBytes() + compactionMinimumBytes;
    }

    /**
     * Replaces the snapshot and logs by a new snapshot of the live records and a new empty log.
     * Order matters for crash safety: the new log is created (and its name made durable) first,
     * so every complete snapshot N has its log N; the snapshot is complete before it gets its
     * name; the old files go only once the new snapshot's name is durable.
     */
    public void compact() throws IOException {
        checkUsable();
        long next = generation + 1;
        try {
            StoreFile newLog = fileSystem.open(StoreFileNames.log(next));
            fileSystem.syncDirectory();
            log.close();
            log = newLog;
            generation = next;
            logEnd = 0;
            SnapshotWriter.write(fileSystem, next, live.view());
            logBytesSinceSnapshot = 0;
            for (String name : fileSystem.list()) {
                OptionalLong oldLog = StoreFileNames.logGeneration(name);
                OptionalLong oldSnapshot = StoreFileNames.snapshotGeneration(name);
                if (oldLog.isPresent() && oldLog.getAsLong() < next
                        || oldSnapshot.isPresent() && oldSnapshot.getAsLong() < next) {
                    fileSystem.delete(name);
                }
            }
            fileSystem.syncDirectory();
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    /** The generation of the newest log (it grows by one per compaction). */
    public long generation() {
        return generation;
    }

    /** Bytes of log written since the newest snapshot. */
    public long logBytesSinceSnapshot() {
        return logBytesSinceSnapshot;
    }

    @Override
    public void close() throws IOException {
        log.close();
    }

    private void checkUsable() throws IOException {
        if (failure != null) {
            throw new IOException("the binding store failed earlier and must be reopened: " + failure.getMessage(), failure);
        }
    }
}
