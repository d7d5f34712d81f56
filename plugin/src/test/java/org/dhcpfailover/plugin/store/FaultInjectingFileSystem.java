package org.dhcpfailover.plugin.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An in-memory {@link StoreFileSystem} that behaves like a disk under power loss: a write is
 * kept in a volatile state until {@link StoreFile#force()} on its file, and a creation, rename
 * or deletion until {@link #syncDirectory()}. {@link #powerLoss(Random)} drops everything not
 * yet made durable (or, given a random source, keeps a random prefix of it and tears the next
 * write), which is what {@code kill -9} cannot show.
 *
 * <p>Errors are injected two ways: {@link #failNext(Operation)} makes the next operation of a
 * kind throw, and {@link #crashAtOperation(long)} makes the n-th operation from now cut the
 * power: it and everything after it throw until the power loss is applied.
 */
final class FaultInjectingFileSystem implements StoreFileSystem {

    /** Every operation the file system counts and can fail. */
    enum Operation { OPEN, LIST, SIZE, READ, WRITE, FORCE, TRUNCATE, RENAME, DELETE, SYNC_DIRECTORY }

    private Map<String, SimulatedInode> entries = new HashMap<>();
    private Map<String, SimulatedInode> durableEntries = new HashMap<>();
    private final List<Consumer<Map<String, SimulatedInode>>> pendingDirectoryChanges = new ArrayList<>();
    private final Set<SimulatedInode> inodes = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private final Set<Operation> failNext = EnumSet.noneOf(Operation.class);
    private final List<Runnable> forceListeners = new ArrayList<>();
    private final List<Runnable> beforeForceListeners = new ArrayList<>();
    private long operations;
    private long crashAt = -1;
    private boolean powerCut;
    private int boot;
    private long forces;

    /** The next operation of kind {@code operation} throws an {@link IOException} and does nothing. */
    synchronized void failNext(Operation operation) {
        failNext.add(operation);
    }

    /** The {@code n}-th operation from now (1 = the next) cuts the power instead of running. */
    synchronized void crashAtOperation(long n) {
        crashAt = operations + n;
    }

    /** Cuts the power now: every operation throws until {@link #powerLoss(Random)}. */
    synchronized void cutPower() {
        powerCut = true;
    }

    synchronized boolean powerIsCut() {
        return powerCut;
    }

    synchronized long operationCount() {
        return operations;
    }

    synchronized long forceCount() {
        return forces;
    }

    /** Runs {@code listener} after every successful force, still inside the force call. */
    synchronized void onForce(Runnable listener) {
        forceListeners.add(listener);
    }

    /** Runs {@code listener} at the start of every force, before anything is made durable. */
    synchronized void beforeForce(Runnable listener) {
        beforeForceListeners.add(listener);
    }

    /** What would survive a power loss now without tearing: the forced bytes of {@code name}. */
    synchronized byte[] durableContents(String name) {
        SimulatedInode inode = entries.get(name);
        return inode == null ? null : inode.durable();
    }

    /**
     * Applies a power loss and "reboots": only durable state survives (with {@code tearing},
     * also a random prefix of the unforced changes, the next one torn), handles opened
     * before stop working, and operations run again.
     */
    synchronized void powerLoss(Random tearing) {
        Map<String, SimulatedInode> survived = new HashMap<>(durableEntries);
        if (tearing != null) {
            int kept = tearing.nextInt(pendingDirectoryChanges.size() + 1);
            for (int i = 0; i < kept; i++) {
                pendingDirectoryChanges.get(i).accept(survived);
            }
        }
        for (SimulatedInode inode : inodes) {
            inode.powerLoss(tearing);
        }
        inodes.retainAll(survived.values());
        pendingDirectoryChanges.clear();
        entries = survived;
        durableEntries = new HashMap<>(survived);
        powerCut = false;
        crashAt = -1;
        failNext.clear();
        boot++;
    }

    /** What reads of {@code name} see now, or null if it does not exist. */
    synchronized byte[] contents(String name) {
        SimulatedInode inode = entries.get(name);
        return inode == null ? null : inode.current();
    }

    /** Damages the byte at {@code offset} of {@code name}, durably, as bit rot would. */
    synchronized void flipByte(String name, long offset) {
        entries.get(name).flip(offset);
    }

    synchronized List<String> names() {
        return new ArrayList<>(entries.keySet());
    }

    @Override
    public synchronized StoreFile open(String name) throws IOException {
        check(Operation.OPEN);
        SimulatedInode inode = entries.get(name);
        if (inode == null) {
            SimulatedInode created = new SimulatedInode();
            inode = created;
            inodes.add(created);
            entries.put(name, created);
            pendingDirectoryChanges.add(map -> map.put(name, created));
        }
        return new FaultFile(inode, boot);
    }

    @Override
    public synchronized List<String> list() throws IOException {
        check(Operation.LIST);
        return names();
    }

    @Override
    public synchronized void rename(String from, String to) throws IOException {
        check(Operation.RENAME);
        SimulatedInode inode = entries.get(from);
        if (inode == null) {
            throw new IOException("no such file: " + from);
        }
        entries.remove(from);
        entries.put(to, inode);
        pendingDirectoryChanges.add(map -> {
            map.remove(from);
            map.put(to, inode);
        });
    }

    @Override
    public synchronized void delete(String name) throws IOException {
        check(Operation.DELETE);
        entries.remove(name);
        pendingDirectoryChanges.add(map -> map.remove(name));
    }

    @Override
    public synchronized void syncDirectory() throws IOException {
        check(Operation.SYNC_DIRECTORY);
        durableEntries = new HashMap<>(entries);
        pendingDirectoryChanges.clear();
    }

    @Override
    public String describe(String name) {
        return "simulated:" + name;
    }

    private void check(Operation operation) throws IOException {
        if (powerCut) {
            throw new IOException("simulated power loss: " + operation + " after the power was cut");
        }
        operations++;
        if (operations == crashAt) {
            powerCut = true;
            throw new IOException("simulated power loss at operation " + operations + " (" + operation + ")");
        }
        if (failNext.remove(operation)) {
            throw new IOException("injected failure of " + operation);
        }
    }

    /** A handle on one inode, valid until the next power loss. */
    private final class FaultFile implements StoreFile {

        private final SimulatedInode inode;
        private final int openedInBoot;

        FaultFile(SimulatedInode inode, int openedInBoot) {
            this.inode = inode;
            this.openedInBoot = openedInBoot;
        }

        @Override
        public long size() throws IOException {
            synchronized (FaultInjectingFileSystem.this) {
                checkHandle(Operation.SIZE);
                return inode.size();
            }
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            synchronized (FaultInjectingFileSystem.this) {
                checkHandle(Operation.READ);
                byte[] bytes = new byte[dst.remaining()];
                int n = inode.read(bytes, 0, bytes.length, position);
                if (n > 0) {
                    dst.put(bytes, 0, n);
                }
                return n;
            }
        }

        @Override
        public void write(ByteBuffer src, long position) throws IOException {
            synchronized (FaultInjectingFileSystem.this) {
                checkHandle(Operation.WRITE);
                byte[] bytes = new byte[src.remaining()];
                src.get(bytes);
                inode.write(bytes, position);
            }
        }

        @Override
        public void force() throws IOException {
            List<Runnable> before;
            synchronized (FaultInjectingFileSystem.this) {
                before = List.copyOf(beforeForceListeners);
            }
            before.forEach(Runnable::run);
            List<Runnable> listeners;
            synchronized (FaultInjectingFileSystem.this) {
                checkHandle(Operation.FORCE);
                inode.force();
                forces++;
                listeners = List.copyOf(forceListeners);
            }
            listeners.forEach(Runnable::run);
        }

        @Override
        public void truncate(long size) throws IOException {
            synchronized (FaultInjectingFileSystem.this) {
                checkHandle(Operation.TRUNCATE);
                inode.truncate(size);
            }
        }

        @Override
        public void close() {
            // Nothing to release: the inode belongs to the file system.
        }

        private void checkHandle(Operation operation) throws IOException {
            if (openedInBoot != boot) {
                throw new IOException("file handle opened before a power loss");
            }
            check(operation);
        }
    }
}
