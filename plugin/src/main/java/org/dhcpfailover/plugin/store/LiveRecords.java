package org.dhcpfailover.plugin.store;

import java.util.Map;

/**
 * The latest value of every key, as replayed or as made durable since, and how many bytes the
 * live records would take on disk: compaction compares the log's length with that. The values
 * live in a {@link RecordTable} (one array per key), which callers may read from any thread
 * while the writer thread applies durable updates.
 */
final class LiveRecords {

    private final RecordTable values = new RecordTable();
    private long encodedBytes;

    /** Applies a PUT or DELETE; other kinds are not data. */
    void apply(LogRecord record) {
        byte[] key = record.key().unsafeBytes();
        int old;
        switch (record.kind()) {
            case PUT -> {
                old = values.put(key, record.value());
                encodedBytes += RecordCodec.encodedSize(key.length, record.value().length);
            }
            case DELETE -> old = values.remove(key);
            default -> {
                return;
            }
        }
        if (old >= 0) {
            encodedBytes -= RecordCodec.encodedSize(key.length, old);
        }
    }

    long size() {
        return values.size();
    }

    long encodedBytes() {
        return encodedBytes;
    }

    /** A read-only live view; lookups and iteration return copies. */
    Map<RecordKey, byte[]> view() {
        return values.view();
    }
}
