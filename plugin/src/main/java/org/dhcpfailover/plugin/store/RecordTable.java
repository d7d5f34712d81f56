package org.dhcpfailover.plugin.store;

import com.google.common.collect.AbstractIterator;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The latest value of every key in about as little heap as a Java map can take: one
 * {@code byte[]} per key that holds the key and the value together, in an open-addressed table
 * (linear probing). A {@code ConcurrentHashMap<RecordKey, byte[]>} spends a node, a key
 * wrapper and two arrays per entry, about 180 bytes for a binding's 17-octet key and 64-octet
 * value; this spends the one array (104 bytes) and a table slot (4 to 8 bytes). With a million
 * bindings that is the difference between fitting the heap target or not
 * (docs/binding-database.md, "Memory").
 *
 * <p>Entry layout: a 4-octet big-endian header, the key, the value. The header is the key's
 * length; for a deleted key it is {@code -1 - keyLength} and no value follows (a tombstone that
 * keeps its key).
 *
 * <p><b>Threads.</b> One writer at a time (the loader, then the store's writer thread; the
 * caller orders them, e.g. by {@code Thread.start}); any number of lock-free readers. An entry
 * is never changed: a put or a removal stores a new array in the slot with a volatile write, so
 * a reader sees a whole entry, old or new. A key never moves to another slot of a table: its
 * tombstone keeps the slot and a later put of the key reuses it, so a reader probing for a key
 * cannot miss it through a move, and an iteration sees each key at most once. Growing (which
 * also drops the tombstones) fills a new table and publishes it with a volatile write; the old
 * table is never written again, so a reader still on it reads an older state, consistently.
 */
final class RecordTable {
    private static final int HEADER = 4;
    private static final int MIN_CAPACITY = 16;

    private volatile AtomicReferenceArray<byte[]> slots = new AtomicReferenceArray<>(MIN_CAPACITY);
    private volatile int size;
    /** Slots holding an entry or a tombstone; only the writer reads it. */
    private int used;
    private final Map<RecordKey, byte[]> view = new View();

    /** Keys holding a value. */
    int size() {
        return size;
    }

    /** Slots of the current table (tests look at growth with it). */
    int capacity() {
        return slots.length();
    }

    /** A copy of {@code key}'s value, or null. */
    byte[] get(byte[] key) {
        AtomicReferenceArray<byte[]> table = slots;
        int slot = probe(table, key);
        byte[] entry = slot < 0 ? null : table.get(slot);
        return entry == null || isTombstone(entry) ? null : value(entry);
    }

    /** Makes {@code value} (copied) the value of {@code key} (copied); returns the previous value's length, or -1. */
    int put(byte[] key, byte[] value) {
        byte[] entry = new byte[HEADER + key.length + value.length];
        writeHeader(entry, key.length);
        System.arraycopy(key, 0, entry, HEADER, key.length);
        System.arraycopy(value, 0, entry, HEADER + key.length, value.length);
        return store(key, entry);
    }

    /** Removes {@code key}'s value; returns its length, or -1 if the key held none. */
    int remove(byte[] key) {
        AtomicReferenceArray<byte[]> table = slots;
        int slot = probe(table, key);
        if (slot < 0 || isTombstone(table.get(slot))) {
            return -1;
        }
        byte[] tombstone = new byte[HEADER + key.length];
        writeHeader(tombstone, -1 - key.length);
        System.arraycopy(key, 0, tombstone, HEADER, key.length);
        return store(key, tombstone);
    }

    /** A read-only live view: lookups and iteration copy what they return. */
    Map<RecordKey, byte[]> view() {
        return view;
    }

    /** Puts {@code entry} in {@code key}'s slot; returns the length of the value it replaces, or -1. */
    private int store(byte[] key, byte[] entry) {
        AtomicReferenceArray<byte[]> table = slots;
        int slot = probe(table, key);
        if (slot < 0 && used + 1 > table.length() / 4 * 3) {
            table = rebuild(size + 1);
            slot = probe(table, key);
        }
        byte[] old;
        if (slot >= 0) {
            old = table.get(slot);
        } else {
            old = null;
            slot = -1 - slot;
            used++;
        }
        table.set(slot, entry);
        int previous = old == null || isTombstone(old) ? -1 : valueLength(old);
        size += (isTombstone(entry) ? 0 : 1) - (previous < 0 ? 0 : 1);
        return previous;
    }

    /**
     * A new table of the live entries with room for {@code wanted} keys at half load, so that
     * tombstones and growth are paid for by at least a quarter of a table of puts.
     */
    private AtomicReferenceArray<byte[]> rebuild(int wanted) {
        AtomicReferenceArray<byte[]> old = slots;
        int capacity = MIN_CAPACITY;
        while (capacity / 2 < wanted) {
            capacity *= 2;
        }
        AtomicReferenceArray<byte[]> table = new AtomicReferenceArray<>(capacity);
        for (int i = 0; i < old.length(); i++) {
            byte[] entry = old.get(i);
            if (entry != null && !isTombstone(entry)) {
                table.set(-1 - probe(table, entry, HEADER, keyLength(entry)), entry);
            }
        }
        slots = table;
        used = size;
        return table;
    }

    private static int probe(AtomicReferenceArray<byte[]> table, byte[] key) {
        return probe(table, key, 0, key.length);
    }

    /**
     * The slot of the key in {@code bytes[offset, offset + length)}, live or tombstone, or
     * {@code -1 - s} where s is the empty slot that ends its probe (there always is one: the
     * table is at most three quarters full).
     */
    private static int probe(AtomicReferenceArray<byte[]> table, byte[] bytes, int offset, int length) {
        int mask = table.length() - 1;
        for (int i = hash(bytes, offset, length) & mask;; i = (i + 1) & mask) {
            byte[] entry = table.get(i);
            if (entry == null) {
                return -1 - i;
            }
            int keyLength = keyLength(entry);
            if (Arrays.equals(entry, HEADER, HEADER + keyLength, bytes, offset, offset + length)) {
                return i;
            }
        }
    }

    /**
     * FNV-1a over the key's octets, finished with murmur3's 64-bit mixer. Not
     * {@code Arrays.hashCode}: its small multiplier gives structured keys such as consecutive
     * addresses many equal hashes, and linear probing turns equal hashes into long runs.
     */
    static int hash(byte[] bytes, int offset, int length) {
        long h = 0xCBF29CE484222325L;
        for (int i = offset; i < offset + length; i++) {
            h = (h ^ (bytes[i] & 0xFF)) * 0x100000001B3L;
        }
        h = (h ^ h >>> 33) * 0xFF51AFD7ED558CCDL;
        h = (h ^ h >>> 33) * 0xC4CEB9FE1A85EC53L;
        return (int) (h ^ h >>> 33);
    }

    private static void writeHeader(byte[] entry, int header) {
        entry[0] = (byte) (header >>> 24);
        entry[1] = (byte) (header >>> 16);
        entry[2] = (byte) (header >>> 8);
        entry[3] = (byte) header;
    }

    private static int header(byte[] entry) {
        return (entry[0] & 0xFF) << 24 | (entry[1] & 0xFF) << 16 | (entry[2] & 0xFF) << 8 | entry[3] & 0xFF;
    }

    private static boolean isTombstone(byte[] entry) {
        return header(entry) < 0;
    }

    private static int keyLength(byte[] entry) {
        int header = header(entry);
        return header < 0 ? -1 - header : header;
    }

    private static int valueLength(byte[] entry) {
        return entry.length - HEADER - keyLength(entry);
    }

    private static byte[] value(byte[] entry) {
        return Arrays.copyOfRange(entry, HEADER + keyLength(entry), entry.length);
    }

    /** The map the store hands out: unmodifiable, weakly consistent, copying keys and values out. */
    private final class View extends AbstractMap<RecordKey, byte[]> {
        private final Set<Entry<RecordKey, byte[]>> entries = new AbstractSet<>() {
            @Override
            public Iterator<Entry<RecordKey, byte[]>> iterator() {
                return new Entries(slots);
            }

            @Override
            public int size() {
                return size;
            }
        };

        @Override
        public byte[] get(Object key) {
            return key instanceof RecordKey k ? RecordTable.this.get(k.unsafeBytes()) : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public Set<Entry<RecordKey, byte[]>> entrySet() {
            return entries;
        }
    }

    /** The live entries of one table, in slot order. */
    private static final class Entries extends AbstractIterator<Map.Entry<RecordKey, byte[]>> {
        private final AtomicReferenceArray<byte[]> table;
        private int next;

        Entries(AtomicReferenceArray<byte[]> table) {
            this.table = table;
        }

        @Override
        protected Map.Entry<RecordKey, byte[]> computeNext() {
            while (next < table.length()) {
                byte[] entry = table.get(next++);
                if (entry != null && !isTombstone(entry)) {
                    int keyLength = keyLength(entry);
                    return Map.entry(RecordKey.wrap(Arrays.copyOfRange(entry, HEADER, HEADER + keyLength)), value(entry));
                }
            }
            return endOfData();
        }
    }
}
