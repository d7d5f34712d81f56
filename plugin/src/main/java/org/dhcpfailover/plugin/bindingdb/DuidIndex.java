package org.dhcpfailover.plugin.bindingdb;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.ToLongFunction;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.wire.Ipv6Address;
import org.dhcpfailover.plugin.wire.OctetString;

/**
 * Which leases are bound to each client DUID, for {@link BindingDatabase#byClient}, in three
 * longs a lease and no object per lease, where a {@code Map<OctetString, Set<Lease>>} spends a
 * node, a DUID, a set with its own table and node, and a lease object on every client.
 *
 * <p>An open-addressed table (linear probing) of slots of three longs: a head, then the high
 * and low 64 bits of the lease's address or prefix. The head is 0 for an empty slot, 1 for a
 * removed one, and otherwise bit 63 set, bits 8 to 62 a fingerprint of the DUID (55 bits of its
 * hash) and bits 0 to 7 the lease's tag (255 for an address, else the prefix length, as in
 * the store key of {@link BindingCodec}). The DUID itself is not kept: two DUIDs can share a
 * fingerprint, so {@link #candidates} may name leases of other clients, and the caller keeps
 * only those whose binding, decoded, names the DUID.
 *
 * <p>The hash is SipHash-2-4 under a key drawn at random for each index, so that nobody can
 * choose DUIDs (a DUID is whatever a client sends) that pile up in one probe run.
 *
 * <p><b>Threads.</b> One writer at a time (the database's write lock); any number of lock-free
 * readers. A writer fills a slot's lease words before its head (volatile writes), so a reader
 * that sees a head also sees the lease written with it or a later one. A removed slot can be
 * reused while a reader looks at it, and the reader may then pair the old head with the new
 * lease: a candidate that decoding rejects, or one really bound to the DUID. Growing (which also
 * drops removed slots) fills a new table and publishes it with a volatile write; the old one is
 * never written again.
 */
final class DuidIndex {
    private static final int STRIDE = 3;
    private static final long EMPTY = 0;
    private static final long REMOVED = 1;
    private static final long LIVE = Long.MIN_VALUE;
    private static final long FINGERPRINT = 0x7FFF_FFFF_FFFF_FF00L;
    private static final long TAG = 0xFF;
    private static final int MIN_CAPACITY = 16;

    private final ToLongFunction<OctetString> hash;
    private volatile AtomicLongArray slots = new AtomicLongArray(MIN_CAPACITY * STRIDE);
    /** Live slots, and live plus removed ones; only the writer reads them. */
    private int size;
    private int used;

    /** An index hashing DUIDs with SipHash-2-4 under a random key. */
    DuidIndex() {
        this(keyedSipHash());
    }

    /** An index with the given DUID hash; tests pass one that makes every DUID collide. */
    DuidIndex(ToLongFunction<OctetString> hash) {
        this.hash = hash;
    }

    private static ToLongFunction<OctetString> keyedSipHash() {
        SecureRandom random = new SecureRandom();
        HashFunction sipHash = Hashing.sipHash24(random.nextLong(), random.nextLong());
        return duid -> sipHash.hashBytes(duid.toByteArray()).asLong();
    }

    /** Records that {@code lease} is bound to {@code duid}; the caller adds each lease once. */
    void add(OctetString duid, Lease lease) {
        long head = LIVE | hash.applyAsLong(duid) & FINGERPRINT | tag(lease);
        AtomicLongArray table = slots;
        if (used + 1 > capacity(table) / 4 * 3) {
            table = rebuild(size + 1);
        }
        int slot = home(head, table);
        while (table.get(slot * STRIDE) != EMPTY && table.get(slot * STRIDE) != REMOVED) {
            slot = next(slot, table);
        }
        if (table.get(slot * STRIDE) == EMPTY) {
            used++;
        }
        write(table, slot, head, lease.value().high(), lease.value().low());
        size++;
    }

    /** Forgets that {@code lease} is bound to {@code duid}, if it was recorded. */
    void remove(OctetString duid, Lease lease) {
        long head = LIVE | hash.applyAsLong(duid) & FINGERPRINT | tag(lease);
        AtomicLongArray table = slots;
        for (int slot = home(head, table); table.get(slot * STRIDE) != EMPTY; slot = next(slot, table)) {
            if (table.get(slot * STRIDE) == head && table.get(slot * STRIDE + 1) == lease.value().high()
                    && table.get(slot * STRIDE + 2) == lease.value().low()) {
                table.set(slot * STRIDE, REMOVED);
                size--;
                return;
            }
        }
    }

    /**
     * The leases recorded under {@code duid}'s fingerprint: every lease recorded for it, and
     * maybe leases of other DUIDs, which the caller must sort out.
     */
    Set<Lease> candidates(OctetString duid) {
        long wanted = LIVE | hash.applyAsLong(duid) & FINGERPRINT;
        AtomicLongArray table = slots;
        Set<Lease> found = new HashSet<>();
        for (int slot = home(wanted, table);; slot = next(slot, table)) {
            long head = table.get(slot * STRIDE);
            if (head == EMPTY) {
                return found;
            }
            if ((head & ~TAG) == wanted) {
                Ipv6Address value = new Ipv6Address(table.get(slot * STRIDE + 1), table.get(slot * STRIDE + 2));
                int tag = (int) (head & TAG);
                found.add(tag == BindingCodec.ADDRESS_TAG ? Lease.address(value) : Lease.prefix(value, tag));
            }
        }
    }

    /** Slots of the current table (tests look at growth with it). */
    int capacity() {
        return capacity(slots);
    }

    /** A new table of the live slots with room for {@code wanted} leases at half load. */
    private AtomicLongArray rebuild(int wanted) {
        AtomicLongArray old = slots;
        int capacity = MIN_CAPACITY;
        while (capacity / 2 < wanted) {
            capacity *= 2;
        }
        AtomicLongArray table = new AtomicLongArray(capacity * STRIDE);
        for (int from = 0; from < capacity(old); from++) {
            long head = old.get(from * STRIDE);
            if ((head & LIVE) != 0) {
                int slot = home(head, table);
                while (table.get(slot * STRIDE) != EMPTY) {
                    slot = next(slot, table);
                }
                write(table, slot, head, old.get(from * STRIDE + 1), old.get(from * STRIDE + 2));
            }
        }
        slots = table;
        used = size;
        return table;
    }

    private static void write(AtomicLongArray table, int slot, long head, long high, long low) {
        table.set(slot * STRIDE + 1, high);
        table.set(slot * STRIDE + 2, low);
        table.set(slot * STRIDE, head);
    }

    private static long tag(Lease lease) {
        return lease.isPrefix() ? lease.prefixLength() : BindingCodec.ADDRESS_TAG;
    }

    /** Where the probe for a fingerprint starts: its low bits (the hash is uniform). */
    private static int home(long head, AtomicLongArray table) {
        return (int) ((head & FINGERPRINT) >>> 8) & capacity(table) - 1;
    }

    private static int next(int slot, AtomicLongArray table) {
        return slot + 1 & capacity(table) - 1;
    }

    private static int capacity(AtomicLongArray table) {
        return table.length() / STRIDE;
    }
}
