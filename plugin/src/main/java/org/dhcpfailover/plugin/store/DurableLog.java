package org.dhcpfailover.plugin.store;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The durable binding store as the failover service uses it: {@link #put} and {@link #delete}
 * queue an update and return at once with a future that completes only after an fsync covering
 * the update (so a BNDREPLY, or the host's reply to a client, can wait for it — RFC 8156 §8.1
 * stable storage — while nothing else blocks on the disk).
 *
 * <p>Group commit: one writer thread takes everything queued, waits up to the commit window for
 * more (or until a batch is full), and writes the lot with one write and one fsync, so that
 * concurrent updates share the cost of a sync. When the logs have grown past twice the live
 * data, the writer compacts between batches.
 *
 * <p>Futures complete on the writer thread: a continuation that does more than hand work to
 * another thread should use the {@code ...Async} forms. After an I/O error every queued and
 * later update fails; reopen the store to go on.
 */
public final class DurableLog implements Closeable {

    private final RecordStore store;
    private final long windowNanos;
    private final int maxBatch;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queued = lock.newCondition();
    /** The group-commit writer; {@code null} in stepped mode, where the caller writes. */
    private final Thread writer;
    private List<PendingUpdate> queue = new ArrayList<>();
    private IOException failure;
    private boolean closing;

    private DurableLog(RecordStore store, StoreSettings settings, String name, boolean threaded) {
        this.store = store;
        this.windowNanos = settings.commitWindow().toNanos();
        this.maxBatch = settings.maxBatchRecords();
        if (threaded) {
            this.writer = new Thread(this::writeLoop, "binding-store-writer-" + name);
            this.writer.setDaemon(true);
        } else {
            this.writer = null;
        }
    }

    /** Loads the store (see {@link RecordStore#open}) and starts its writer thread. */
    public static DurableLog open(StoreFileSystem fileSystem, StoreSettings settings, String name) throws IOException {
        DurableLog log = new DurableLog(RecordStore.open(fileSystem, settings.compactionMinimumBytes()), settings,
                name, true);
        log.writer.start();
        return log;
    }

    /**
     * Loads the store without a writer thread: updates stay queued until the caller runs
     * {@link #writeQueued()}. For the deterministic simulation, which decides when the disk
     * catches up (and when power fails in between), with the same batch, fsync and compaction
     * code as the threaded log.
     */
    public static DurableLog openStepped(StoreFileSystem fileSystem, StoreSettings settings, String name)
            throws IOException {
        return new DurableLog(RecordStore.open(fileSystem, settings.compactionMinimumBytes()), settings, name, false);
    }

    /**
     * Stepped mode: writes everything queued as one batch, with one fsync, completes its
     * futures, and compacts if due.
     *
     * @return how many updates were written (0 if none was queued or the log has failed)
     * @throws IllegalStateException if the log has a writer thread
     */
    public int writeQueued() {
        if (writer != null) {
            throw new IllegalStateException("the writer thread writes this log");
        }
        List<PendingUpdate> batch;
        lock.lock();
        try {
            batch = queue;
            queue = new ArrayList<>();
        } finally {
            lock.unlock();
        }
        if (batch.isEmpty()) {
            return 0;
        }
        return writeBatch(batch) ? batch.size() : 0;
    }

    /** What loading found; the caller logs the tail cuts and removed files. */
    public LoadReport loadReport() {
        return store.loadReport();
    }

    /**
     * Every key's durable value: at open, what was loaded; afterwards, updated as batches
     * become durable. A read-only live view; do not modify the arrays.
     */
    public Map<RecordKey, byte[]> values() {
        return store.values();
    }

    /** Queues "{@code key} now holds {@code value}"; the future completes once that is on disk. */
    public CompletableFuture<Void> put(byte[] key, byte[] value) {
        return enqueue(LogRecord.put(key, value));
    }

    /** Queues the deletion of {@code key}; the future completes once that is on disk. */
    public CompletableFuture<Void> delete(byte[] key) {
        return enqueue(LogRecord.delete(key));
    }

    private CompletableFuture<Void> enqueue(LogRecord record) {
        PendingUpdate update = new PendingUpdate(record, new CompletableFuture<>());
        lock.lock();
        try {
            if (failure != null) {
                update.durable().completeExceptionally(failure);
            } else if (closing) {
                update.durable().completeExceptionally(new IOException("the binding store is closed"));
            } else {
                queue.add(update);
                if (queue.size() == 1 || queue.size() == maxBatch) {
                    queued.signal();
                }
            }
        } finally {
            lock.unlock();
        }
        return update.durable();
    }

    private void writeLoop() {
        try {
            List<PendingUpdate> batch;
            while ((batch = nextBatch()) != null) {
                if (!writeBatch(batch)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            fail(List.of(), new IOException("the binding store writer was interrupted", e));
        } catch (RuntimeException | Error e) {
            fail(List.of(), new IOException("the binding store writer failed", e));
            throw e;
        }
    }

    /** Appends and syncs {@code batch}, completes its futures, compacts if due; false once failed. */
    private boolean writeBatch(List<PendingUpdate> batch) {
        List<LogRecord> records = new ArrayList<>(batch.size());
        for (PendingUpdate update : batch) {
            records.add(update.record());
        }
        try {
            store.append(records);
        } catch (IOException e) {
            fail(batch, e);
            return false;
        }
        for (PendingUpdate update : batch) {
            update.durable().complete(null);
        }
        if (store.compactionDue()) {
            try {
                store.compact();
            } catch (IOException e) {
                fail(List.of(), e);
                return false;
            }
        }
        return true;
    }

    /** Waits for work, then for the commit window; null once closed and drained. */
    private List<PendingUpdate> nextBatch() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty() && !closing) {
                queued.await();
            }
            if (queue.isEmpty()) {
                return null;
            }
            long deadline = System.nanoTime() + windowNanos;
            while (queue.size() < maxBatch && !closing) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                queued.awaitNanos(left);
            }
            List<PendingUpdate> batch = queue;
            queue = new ArrayList<>();
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private void fail(List<PendingUpdate> batch, IOException cause) {
        List<PendingUpdate> rest;
        lock.lock();
        try {
            failure = cause;
            rest = queue;
            queue = new ArrayList<>();
        } finally {
            lock.unlock();
        }
        batch.forEach(update -> update.durable().completeExceptionally(cause));
        rest.forEach(update -> update.durable().completeExceptionally(cause));
    }

    /** The I/O error that stopped the store, or null while it works. */
    public IOException failure() {
        lock.lock();
        try {
            return failure;
        } finally {
            lock.unlock();
        }
    }

    /** Writes what is queued, stops the writer and closes the files; later updates fail. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            closing = true;
            queued.signal();
        } finally {
            lock.unlock();
        }
        if (writer == null) {
            writeQueued();
        } else {
            try {
                writer.join(TimeUnit.MINUTES.toMillis(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while closing the binding store", e);
            }
        }
        store.close();
    }
}
