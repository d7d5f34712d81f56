package org.dhcpfailover.plugin.bindingdb;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * log's writer thread. Reads are lock-free on {@link ConcurrentHashMap}s and see each binding
 * whole (bindings are immutable). Writes take one short lock around "queue in the log, update
 * the view", so that the view and the log receive updates to a lease in the same order and
 * the durable latest value of every lease equals the view's once its futures complete;
 * encoding happens outside the lock. Futures complete on the log's writer thread: use the
 * {@code ...Async} forms for heavy continuations.
 */
public final class BindingDatabase implements Closeable {
    private final DurableLog log;
    private final Map<Lease, Binding> bindings;
    private final Map<OctetString, Set<Lease>> leasesByDuid;
    private final Object writeLock = new Object();
    private volatile IOException failure;

    private BindingDatabase(DurableLog log, Map<Lease, Binding> bindings, Map<OctetString, Set<Lease>> byDuid) {
        this.log = log;
        this.bindings = bindings;
        this.leasesByDuid = byDuid;
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
        return load(DurableLog.open(fileSystem, settings, relationship));
    }

    /**
     * Like {@link #open(StoreFileSystem, StoreSettings, String)}, but without a writer thread:
     * commits stay queued until {@link #writeQueued()} (see {@link DurableLog#openStepped}).
     * For the deterministic simulation.
     */
    public static BindingDatabase openStepped(StoreFileSystem fileSystem, StoreSettings settings,
            String relationship) throws IOException, BindingDecodeException {
        return load(DurableLog.openStepped(fileSystem, settings, relationship));
    }

    /** Stepped mode only: writes and syncs what is queued, completing its futures; returns how many. */
    public int writeQueued() {
        return log.writeQueued();
    }

    private static BindingDatabase load(DurableLog log) throws BindingDecodeException {
        try {
            Map<RecordKey, byte[]> stored = log.values();
            Map<Lease, Binding> bindings = new ConcurrentHashMap<>(Math.max(16, stored.size() * 4 / 3 + 1));
            Map<OctetString, Set<Lease>> byDuid = new ConcurrentHashMap<>();
            for (Map.Entry<RecordKey, byte[]> entry : stored.entrySet()) {
                Binding binding = decode(entry.getKey(), entry.getValue());
                bindings.put(binding.lease(), binding);
                index(byDuid, null, binding);
            }
            return new BindingDatabase(log, bindings, byDuid);
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
        return Optional.ofNullable(bindings.get(lease));
    }

    /**
     * The bindings whose lease is or was last bound to a client with {@code duid}, whatever
     * the IA type and IAID (compare {@link BindingClient} to tell IAs apart); in no order.
     */
    public List<Binding> byClient(OctetString duid) {
        checkUsable();
        Set<Lease> leases = leasesByDuid.get(duid);
        if (leases == null) {
            return List.of();
        }
        List<Binding> found = new ArrayList<>(leases.size());
        for (Lease lease : leases) {
            Binding binding = bindings.get(lease);
            if (binding != null && binding.client().map(c -> c.duid().equals(duid)).orElse(false)) {
                found.add(binding);
            }
        }
        return found;
    }

    /**
     * Every binding, as a live read-only view: iteration is weakly consistent (it sees each
     * binding at most once, in some state it had), as the RFC 8156 §8.8 scan and UPDREQ need.
     */
    public Collection<Binding> all() {
        checkUsable();
        return Collections.unmodifiableCollection(bindings.values());
    }

    /** How many leases have a binding. */
    public int size() {
        checkUsable();
        return bindings.size();
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
        List<CompletableFuture<Void>> durable = new ArrayList<>(updates.size());
        synchronized (writeLock) {
            IOException failed = failure;
            if (failed != null) {
                return CompletableFuture.failedFuture(failed);
            }
            for (int i = 0; i < updates.size(); i++) {
                CompletableFuture<Void> put = log.put(keys.get(i), values.get(i));
                durable.add(put);
                if (put.isCompletedExceptionally()) {
                    // The log has failed (the writer has not told us yet): so will every later put.
                    break;
                }
                apply(updates.get(i));
            }
        }
        return watch(durable.toArray(CompletableFuture<?>[]::new));
    }

    /**
     * Forgets {@code lease}, e.g. when it left the configured pools; a lease that is merely
     * free stays, with status FREE or FREE-BACKUP, because its times and last client still
     * matter (RFC 8156 §4.2.2.1, §7.3). Durable when the future completes.
     */
    public CompletableFuture<Void> remove(Lease lease) {
        byte[] key = BindingCodec.encodeKey(lease);
        CompletableFuture<?> durable;
        synchronized (writeLock) {
            IOException failed = failure;
            if (failed != null) {
                return CompletableFuture.failedFuture(failed);
            }
            durable = log.delete(key);
            if (!durable.isCompletedExceptionally()) {
                Binding removed = bindings.remove(lease);
                if (removed != null) {
                    unindex(leasesByDuid, removed);
                }
            }
        }
        return watch(new CompletableFuture<?>[] {durable});
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

    /** Called with the write lock held. */
    private void apply(Binding binding) {
        Binding previous = bindings.put(binding.lease(), binding);
        index(leasesByDuid, previous, binding);
    }

    private static void index(Map<OctetString, Set<Lease>> byDuid, Binding previous, Binding binding) {
        OctetString before = previous == null ? null : previous.client().map(BindingClient::duid).orElse(null);
        OctetString after = binding.client().map(BindingClient::duid).orElse(null);
        if (before != null && !before.equals(after)) {
            unindex(byDuid, previous);
        }
        if (after != null && !after.equals(before)) {
            byDuid.computeIfAbsent(after, duid -> ConcurrentHashMap.newKeySet()).add(binding.lease());
        }
    }

    private static void unindex(Map<OctetString, Set<Lease>> byDuid, Binding binding) {
        binding.client().ifPresent(client -> byDuid.computeIfPresent(client.duid(), (duid, leases) -> {
            leases.remove(binding.lease());
            return leases.isEmpty() ? null : leases;
        }));
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
