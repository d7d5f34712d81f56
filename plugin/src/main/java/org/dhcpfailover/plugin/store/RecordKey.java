package org.dhcpfailover.plugin.store;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The key of a stored record: opaque bytes compared by content, so that the binding model can
 * choose its own key encoding (a lease's address or prefix, say) without the store knowing it.
 */
public final class RecordKey {

    private final byte[] bytes;
    private final int hash;

    private RecordKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = hash(bytes);
    }

    /** The live-record table's hash (FNV-1a, mixed): not {@link Arrays#hashCode(byte[])}, see there. */
    static int hash(byte[] bytes) {
        return RecordTable.hash(bytes, 0, bytes.length);
    }

    /** A key holding a copy of {@code bytes}. */
    public static RecordKey of(byte[] bytes) {
        return new RecordKey(bytes.clone());
    }

    /** A key that takes ownership of {@code bytes}: the caller must not change them afterwards. */
    static RecordKey wrap(byte[] bytes) {
        return new RecordKey(bytes);
    }

    /** A copy of the key's bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    int length() {
        return bytes.length;
    }

    byte[] unsafeBytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RecordKey k && hash == k.hash && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
