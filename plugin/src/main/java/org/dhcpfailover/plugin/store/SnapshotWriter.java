package org.dhcpfailover.plugin.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Writes a snapshot file so that a crash at any moment leaves either no snapshot of that
 * generation or a complete one: the records go to a temporary file, which is forced, renamed
 * over the final name atomically, and the directory is forced to make the rename durable.
 * The last record is a SNAPSHOT_END holding the record count, so a reader can tell a complete
 * snapshot from a damaged one.
 */
final class SnapshotWriter {

    private static final int BUFFER = 256 * 1024;

    private SnapshotWriter() {
    }

    static void write(StoreFileSystem fileSystem, long generation, Map<RecordKey, byte[]> live) throws IOException {
        String temporary = StoreFileNames.temporarySnapshot(generation);
        try (StoreFile out = fileSystem.open(temporary)) {
            out.truncate(0);
            ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
            long position = 0;
            long count = 0;
            for (Map.Entry<RecordKey, byte[]> entry : live.entrySet()) {
                LogRecord record = new LogRecord(LogRecord.Kind.PUT, entry.getKey(), entry.getValue());
                position = append(out, buffer, record, position);
                count++;
            }
            byte[] countBytes = ByteBuffer.allocate(8).putLong(count).array();
            position = append(out, buffer, new LogRecord(LogRecord.Kind.SNAPSHOT_END, RecordKey.wrap(new byte[0]), countBytes), position);
            flush(out, buffer, position);
            out.force();
        }
        fileSystem.rename(temporary, StoreFileNames.snapshot(generation));
        fileSystem.syncDirectory();
    }

    /** Adds {@code record} to the buffer, writing the buffer out first if it is full; returns the file position of the buffer's start. */
    private static long append(StoreFile out, ByteBuffer buffer, LogRecord record, long position) throws IOException {
        int size = RecordCodec.encodedSize(record);
        long start = position;
        if (buffer.remaining() < size) {
            start = flush(out, buffer, position);
        }
        if (buffer.remaining() < size) {
            out.write(ByteBuffer.wrap(RecordCodec.encode(record)), start);
            return start + size;
        }
        RecordCodec.encode(record, buffer);
        return start;
    }

    private static long flush(StoreFile out, ByteBuffer buffer, long position) throws IOException {
        buffer.flip();
        int length = buffer.remaining();
        out.write(buffer, position);
        buffer.clear();
        return position + length;
    }
}
