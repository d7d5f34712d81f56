package org.dhcpfailover.plugin.bindingdb;

import com.google.common.collect.Iterators;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.store.DirectoryFileSystem;
import org.dhcpfailover.plugin.store.DurableLog;
import org.dhcpfailover.plugin.store.LoadReport;
import org.dhcpfailover.plugin.store.RecordKey;
import org.dhcpfailover.plugin.store.StoreFileSystem;
import org.dhcpfailover.plugin.store.StoreSettings;
import org.dhcpfailover.plugin.wire.OctetString;

/**
 * One failover relationship's bindings, kept in memory and made durable through a
 * {@link DurableLog} (docs/store.md): every RFC 8156 §7.3 time and marker of every lease
 * survives {@code kill -9} and power loss, so after a restart the server serves the same
 * leases to the same clients (DESIGN.md, digest §8.7).
 *
 * <p><b>Durability contract.</b> {@link #commit} changes the in-memory view at once and returns
 * the future of the update's durability. The caller waits on it before it tells anyone: the
 * host before it replies to the client (DESIGN.md: a lease the host commits is durable before
 * the host replies), the endpoint before it sends the BNDREPLY that acknowledges a BNDUPD
 * (RFC 8156 §7.5.2 and §8.4: a BNDREPLY only after the update is in stable storage). Group
 * commit in the log makes concurrent updates share one fsync. So the in-memory view may be
 * ahead of the disk, but only by updates nobody has been told about yet.
 *
 * <p><b>Memory.</b> Bindings are kept only in their stored form ({@link BindingCodec}) and
 * decoded on every read, so a million of them fit in well under 200 MB (docs/binding-database.md,
 * "Memory"). The view is two parts: the log's own map of durable values ({@link DurableLog#values()},
 * one array a lease), and {@code pending}, the encoded updates queued but not yet durable,
 * newest per lease; a lease's binding is its pending value if it has one, else its durable value.
 * A pending value leaves {@code pending} once its future completes, when the log's map holds it
 * already (the store applies a batch before it completes the batch's futures), so {@code pending}
 * stays as small as the log's queue. The client index is a {@link DuidIndex}.
 *
 * <p><b>Failure.</b> If a write or fsync fails, the log fails every queued and later update
 * (after a failed fsync the kernel may have dropped the pages, docs/store.md), and this
 * database becomes failed: the futures fail, {@link #failure()} is set before any failed
 * future is seen by its caller, later commits fail without touching the view, and every read
 * throws {@link BindingDatabaseFailedException}, because the view may now hold bindings the
 * disk does not. The caller must stop answering clients and the partner, and reopen the
 * database, which reloads exactly what the disk holds. Reads between the disk error and the
 * failure being recorded (the writer thread records it while failing the futures) can still
 * see the unsaved bindings, but nobody has been told about them.
 *
 * <p><b>Threads.</b> Safe for any number of host threads plus the endpoint's thread and the
 * log's writer thread. Reads are lock-free: each reads {@code pending}, then the durable map,
 * and sees each binding whole (stored values are immutable arrays). Writes take one short lock
 * around "queue in the log, update the view", so that the view and the log receive updates to a
 * lease in the same order and the durable latest value of every lease equals the view's once
 * its futures complete; encoding happens outside the lock. Futures complete on the log's writer
 * thread: use the {@code ...Async} forms for heavy continuations.
 */
public final class BindingDatabase implements Closeable {
    private final DurableLog log;
    /** The log's durable values: encoded bindings by encoded lease, as of the last fsync. */
    private final Map<RecordKey, byte[]> durable;
    /**
     * Updates queued in the log and not yet durable, newest per lease. A zero-length array
     * stands for a removal; every update has an array of its own, so {@code remove(lease, value)}
     * (array equality is identity) drops exactly that update and never a newer one.
     */
    private final ConcurrentHashMap<Lease, byte[]> pending = new ConcurrentHashMap<>();
    private final DuidIndex leasesByDuid;
    private final Object writeLock = new Object();
    /** Leases with a binding in the view; written under the write lock. */
    private volatile int size;
    private volatile IOException failure;

    private BindingDatabase(DurableLog log, DuidIndex leasesByDuid) {
        this.log = log;
        this.durable = log.values();
        this.leasesByDuid = leasesByDuid;
        this.size = durable.size();
    }

    /**
     * Opens the database of {@code relationship} in its own directory under {@code storeRoot}
     * (see {@link RelationshipDirectory}), creating it if needed.
     */
    public static BindingDatabase open(Path storeRoot, StoreSettings settings, String relationship)
            throws IOException, BindingDecodeException {
        StoreFileSystem directory = new DirectoryFileSystem(storeRoot.resolve(RelationshipDirectory.nameFor(relationship)));
        return open(directory, settings, relationship);
    }

    /**
     * Loads every binding from {@code fileSystem} and starts the log. A store that is damaged
     * beyond a torn tail fails with {@link org.dhcpfailover.plugin.store.StoreCorruptedException};
     * a stored value this version cannot read fails with {@link BindingDecodeException}: in
     * both cases the database refuses to start rather than lose or misread a lease a client
     * holds (docs/store.md). Torn tails cut while loading are in {@link #loadReport()}, for
     * the caller to log.
     */
    public static BindingDatabase open(StoreFileSystem fileSystem, StoreSettings settings, String relationship)
            throws IOException, BindingDecodeException {
        return open(fileSystem, settings, relationship, new DuidIndex());
    }

    /** As {@link #open(StoreFileSystem, StoreSettings, String)}, with the client index to fill (tests pass one whose hash collides). */
    static BindingDatabase open(StoreFileSystem fileSystem, StoreSettings settings, String relationship,
            DuidIndex leasesByDuid) throws IOException, BindingDecodeException {
        return load(DurableLog.open(fileSystem, settings, relationship), leasesByDuid);
    }

    /**
     * Like {@link #open(StoreFileSystem, StoreSettings, String)}, but without a writer thread:
     * commits stay queued until {@link #writeQueued()} (see {@link DurableLog#openStepped}).
     * For the deterministic simulation.
     */
    public static BindingDatabase openStepped(StoreFileSystem fileSystem, StoreSettings settings,
            String relationship) throws IOException, BindingDecodeException {
        return load(DurableLog.openStepped(fileSystem, settings, relationship), new DuidIndex());
    }

    /** Stepped mode only: writes and syncs what is queued, completing its futures; returns how many. */
    public int writeQueued() {
        return log.writeQueued();
    }

    private static BindingDatabase load(DurableLog log, DuidIndex leasesByDuid) throws BindingDecodeException {
        try {
            // Every stored value is decoded once here, so that reads can trust them later.
            for (Map.Entry<RecordKey, byte[]> entry : log.values().entrySet()) {
                Binding binding = decode(entry.getKey(), entry.getValue());
                binding.client().ifPresent(client -> leasesByDuid.add(client.duid(), binding.lease()));
            }
            return new BindingDatabase(log, leasesByDuid);
        } catch (BindingDecodeException | RuntimeException e) {
            closeQuietly(log, e);
            throw e;
        }
    }

    private static Binding decode(RecordKey key, byte[] value) throws BindingDecodeException {
        try {
            return BindingCodec.decode(key.bytes(), value);
        } catch (BindingDecodeException e) {
            throw new BindingDecodeException(e.kind(), "stored binding " + key + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(DurableLog log, Exception primary) {
        try {
            log.close();
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
    }

    /** What loading found (records, torn tails cut, compaction leftovers removed), for the caller to log. */
    public LoadReport loadReport() {
        return log.loadReport();
    }

    /** The binding of {@code lease}, if this server has one. */
    public Optional<Binding> get(Lease lease) {
        checkUsable();
        byte[] value = current(lease);
        return value == null ? Optional.empty() : Optional.of(decodeTrusted(lease, value));
    }

    /**
     * The bindings whose lease is or was last bound to a client with {@code duid}, whatever
     * the IA type and IAID (compare {@link BindingClient} to tell IAs apart); in no order.
     */
    public List<Binding> byClient(OctetString duid) {
        checkUsable();
        List<Binding> found = new ArrayList<>();
        for (Lease lease : leasesByDuid.candidates(duid)) {
            byte[] value = current(lease);
            Binding binding = value == null ? null : decodeTrusted(lease, value);
            // The index keeps fingerprints, not DUIDs: only the binding itself says whose it is.
            if (binding != null && binding.client().map(c -> c.duid().equals(duid)).orElse(false)) {
                found.add(binding);
            }
        }
        return found;
    }

    /**
     * Every binding, as a live read-only view: iteration is weakly consistent (it sees each
     * binding at most once, in some state it had), as the RFC 8156 §8.8 scan and UPDREQ need.
     * Each binding is decoded as the iteration reaches it.
     */
    public Collection<Binding> all() {
        checkUsable();
        return new AbstractCollection<>() {
            @Override
            public Iterator<Binding> iterator() {
                return iterateAll();
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /**
     * The pending bindings as they are now, then the durable ones of every other lease. A lease
     * pending now is taken from {@code pending} only, and every other lease from the durable map
     * only, so each is seen at most once.
     */
    private Iterator<Binding> iterateAll() {
        Map<Lease, byte[]> queued = new HashMap<>(pending);
        Iterator<Binding> fresh = queued.entrySet().stream()
                .filter(e -> e.getValue().length > 0)
                .map(e -> decodeTrusted(e.getKey(), e.getValue()))
                .iterator();
        Iterator<Binding> stored = Iterators.filter(
                Iterators.transform(durable.entrySet().iterator(), e -> decodeTrusted(e.getKey(), e.getValue())),
                binding -> !queued.containsKey(binding.lease()));
        return Iterators.concat(fresh, stored);
    }

    /** Whether the binding of {@code lease} as {@link #get} reads it is durable: no commit of it is queued. */
    public boolean isDurable(Lease lease) {
        return !pending.containsKey(lease);
    }

    /** How many leases have a binding. */
    public int size() {
        checkUsable();
        return size;
    }

    /**
     * Makes {@code binding} the lease's binding: visible to reads at once, durable when the
     * returned future completes. Send no reply to the client and no BNDREPLY for it before then
     * (RFC 8156 §7.5.2, §8.4). The future fails with the {@link IOException} when the disk
     * does, and then the database is failed (see the class description).
     */
    public CompletableFuture<Void> commit(Binding binding) {
        return commitAll(List.of(binding));
    }

    /**
     * Commits several bindings, e.g. the leases of one BNDUPD, with one future that completes
     * when all are durable (it fails if any fails). They share the fsync of one batch when
     * they fit in it; they are not atomic across a power loss, which does no harm: the BNDREPLY
     * goes only after the future, so a partner that got none sends the whole update again
     * (§7.5.2). A later binding of the same lease in the list wins.
     */
    public CompletableFuture<Void> commitAll(List<Binding> updates) {
        List<byte[]> keys = new ArrayList<>(updates.size());
        List<byte[]> values = new ArrayList<>(updates.size());
        for (Binding binding : updates) {
            keys.add(BindingCodec.encodeKey(binding.lease()));
            values.add(BindingCodec.encodeValue(binding));
        }
        List<CompletableFuture<Void>> durableFutures = new ArrayList<>(updates.size());
        synchronized (writeLock) {
            IOException failed = failure;
            if (failed != null) {
                return CompletableFuture.failedFuture(failed);
            }
            for (int i = 0; i < updates.size(); i++) {
                Binding binding = updates.get(i);
                // Read before queueing: once queued, the writer may make the update durable at any time.
                byte[] previous = current(binding.lease());
                CompletableFuture<Void> put = log.put(keys.get(i), values.get(i));
                durableFutures.add(put);
                if (put.isCompletedExceptionally()) {
                    // The log has failed (the writer has not told us yet): so will every later put.
                    break;
                }
                apply(binding.lease(), previous, values.get(i), binding.client().map(BindingClient::duid).orElse(null),
                        put);
            }
        }
        return watch(durableFutures.toArray(CompletableFuture<?>[]::new));
    }

    /**
     * Forgets {@code lease}, e.g. when it left the configured pools; a lease that is merely
     * free stays, with status FREE or FREE-BACKUP, because its times and last client still
     * matter (RFC 8156 §4.2.2.1, §7.3). Durable when the future completes.
     */
    public CompletableFuture<Void> remove(Lease lease) {
        byte[] key = BindingCodec.encodeKey(lease);
        CompletableFuture<Void> deleted;
        synchronized (writeLock) {
            IOException failed = failure;
            if (failed != null) {
                return CompletableFuture.failedFuture(failed);
            }
            byte[] previous = current(lease);
            deleted = log.delete(key);
            if (!deleted.isCompletedExceptionally()) {
                apply(lease, previous, new byte[0], null, deleted);
            }
        }
        return watch(new CompletableFuture<?>[] {deleted});
    }

    /**
     * Called with the write lock held, right after the update was queued in the log: makes
     * {@code value} (zero-length for a removal) the lease's binding in the view, until the
     * durable map takes over, and moves the lease in the client index. {@code previous} is the
     * view's value from before the update was queued.
     */
    private void apply(Lease lease, byte[] previous, byte[] value, OctetString duid, CompletableFuture<Void> queued) {
        pending.put(lease, value);
        queued.thenRun(() -> pending.remove(lease, value));
        size += (value.length > 0 ? 1 : 0) - (previous != null ? 1 : 0);
        OctetString before = previous == null ? null
                : decodeTrusted(lease, previous).client().map(BindingClient::duid).orElse(null);
        if (!Objects.equals(before, duid)) {
            if (before != null) {
                leasesByDuid.remove(before, lease);
            }
            if (duid != null) {
                leasesByDuid.add(duid, lease);
            }
        }
    }

    /** The view's encoded binding of {@code lease}: its pending value, else its durable one; null if none. */
    private byte[] current(Lease lease) {
        byte[] queued = pending.get(lease);
        if (queued != null) {
            return queued.length == 0 ? null : queued;
        }
        return durable.get(RecordKey.of(BindingCodec.encodeKey(lease)));
    }

    private static Binding decodeTrusted(RecordKey key, byte[] value) {
        try {
            return decode(key, value);
        } catch (BindingDecodeException e) {
            throw unreadable(e);
        }
    }

    /** Decodes a value this database encoded or already decoded once at open: it cannot fail. */
    private static Binding decodeTrusted(Lease lease, byte[] value) {
        try {
            return BindingCodec.decodeValue(lease, value);
        } catch (BindingDecodeException e) {
            throw unreadable(e);
        }
    }

    private static IllegalStateException unreadable(BindingDecodeException e) {
        return new IllegalStateException("a binding that was readable no longer is: " + e.getMessage(), e);
    }

    private CompletableFuture<Void> watch(CompletableFuture<?>[] durable) {
        CompletableFuture<Void> all = CompletableFuture.allOf(durable);
        CompletableFuture<Void> result = new CompletableFuture<>();
        all.whenComplete((ok, error) -> {
            if (error == null) {
                result.complete(null);
                return;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            IOException io = cause instanceof IOException e ? e : new IOException("binding store failed", cause);
            markFailed(io);
            result.completeExceptionally(io);
        });
        return result;
    }

    private void markFailed(IOException cause) {
        synchronized (writeLock) {
            if (failure == null) {
                failure = cause;
            }
        }
    }

    /** The error that failed the database, or empty while it works. */
    public Optional<IOException> failure() {
        return Optional.ofNullable(failure);
    }

    private void checkUsable() {
        IOException failed = failure;
        if (failed != null) {
            throw new BindingDatabaseFailedException(failed);
        }
    }

    /**
     * Writes what is queued and closes the log; the futures of queued commits complete first.
     * Afterwards the database counts as failed: commits and reads are refused.
     */
    @Override
    public void close() throws IOException {
        markFailed(new IOException("the binding database is closed"));
        log.close();
    }
}
