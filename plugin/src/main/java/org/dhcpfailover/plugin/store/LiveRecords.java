package org.dhcpfailover.plugin.store;

import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest value of every key, as replayed or as made durable since, and how many bytes the
 * live records would take on disk: compaction compares the log's length with that.
 * Concurrent so that callers may read it while the writer thread applies durable updates.
 */
final class LiveRecords {

    private final ConcurrentHashMap<RecordKey, byte[]> values = new ConcurrentHashMap<>();
    private long encodedBytes;

    /** Applies a PUT or DELETE; other kinds are not data. */
    void apply(LogRecord record) {
        RecordKey key = record.key();
        byte[] old;
        switch (record.kind()) {
            case PUT -> {
                old = values.put(key, record.value());
                encodedBytes += RecordCodec.encodedSize(key.length(), record.value().length);
            }
            case DELETE -> old = values.remove(key);
            default -> {
                return;
            }
        }
        if (old != null) {
            encodedBytes -= RecordCodec.encodedSize(key.length(), old.length);
        }
    }

    long size() {
        return values.size();
    }

    long encodedBytes() {
        return encodedBytes;
    }

    /** A read-only live view; values must not be modified. */
    Map<RecordKey, byte[]> view() {
        return Collections.unmodifiableMap(values);
    }
}
