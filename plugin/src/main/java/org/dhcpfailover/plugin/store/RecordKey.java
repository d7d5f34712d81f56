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

    /**
     * FNV-1a over the bytes. Not {@link Arrays#hashCode(byte[])}: its factor 31 is smaller than
     * a byte's range, so keys that differ only in their last bytes — the addresses of one pool,
     * one after another — collide in droves (200,000 consecutive addresses share about 13,000
     * values) and the live-record table degrades into tree bins.
     */
    static int hash(byte[] bytes) {
        int h = 0x811C_9DC5;
        for (byte b : bytes) {
            h = (h ^ (b & 0xFF)) * 0x0100_0193;
        }
        return h;
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
