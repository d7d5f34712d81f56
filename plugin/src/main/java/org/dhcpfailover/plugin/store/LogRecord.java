package org.dhcpfailover.plugin.store;

import java.util.Objects;

/**
 * One change to the store: a key's new value, or its deletion (a tombstone, which must be
 * logged too: without it a replay would bring back the value it deleted). The value is opaque;
 * the binding model encodes its bindings itself.
 */
public final class LogRecord {

    /** What a record does; the codes are part of the on-disk format. */
    public enum Kind {
        PUT(1), DELETE(2), SNAPSHOT_END(3);

        final int code;

        Kind(int code) {
            this.code = code;
        }

        static Kind ofCode(int code) {
            for (Kind kind : values()) {
                if (kind.code == code) {
                    return kind;
                }
            }
            return null;
        }
    }

    private static final byte[] NO_VALUE = new byte[0];

    private final Kind kind;
    private final RecordKey key;
    private final byte[] value;

    LogRecord(Kind kind, RecordKey key, byte[] value) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.key = Objects.requireNonNull(key, "key");
        this.value = Objects.requireNonNull(value, "value");
    }

    /** {@code key} now holds {@code value} (both copied). */
    public static LogRecord put(byte[] key, byte[] value) {
        return new LogRecord(Kind.PUT, RecordKey.of(key), value.clone());
    }

    /** {@code key} no longer holds anything. */
    public static LogRecord delete(byte[] key) {
        return new LogRecord(Kind.DELETE, RecordKey.of(key), NO_VALUE);
    }

    public Kind kind() {
        return kind;
    }

    public RecordKey key() {
        return key;
    }

    /** The value, not copied: records are passed between store classes only. */
    byte[] value() {
        return value;
    }
}
