package org.dhcpfailover.plugin.bindingdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.store.PowerLossDisk;
import org.dhcpfailover.plugin.store.StoreSettings;
import org.dhcpfailover.plugin.wire.OctetString;
import org.junit.jupiter.api.Test;

/**
 * The view's two parts (updates not yet durable, then the log's durable map) and the
 * fingerprint index: reads see pending updates at once and each lease once, nothing goes back
 * when an update moves from one part to the other, and DUIDs whose hashes collide are told apart.
 */
class BindingDatabaseViewTest {
    private final PowerLossDisk disk = new PowerLossDisk();

    private static Binding client(int lease, int duid) {
        return BindingSamples.typicalAddress(BindingSamples.address(lease), BindingSamples.duid(duid), 1);
    }

    @Test
    void updatesNotYetDurableAreReadAtOnceAndEachLeaseOnce() throws Exception {
        HeldForces forces = new HeldForces(disk);
        Binding untouched = client(2, 2);
        try (BindingDatabase db = BindingDatabase.open(disk.fileSystem(), BindingDatabaseTest.SETTINGS, "test")) {
            db.commitAll(List.of(client(1, 1), untouched, client(3, 3))).get(10, TimeUnit.SECONDS);
            Binding moved = client(1, 4);
            Binding fresh = client(4, 1);
            CompletableFuture<Void> committed;
            CompletableFuture<Void> removed;
            try {
                forces.hold();
                committed = db.commitAll(List.of(moved, fresh));
                removed = db.remove(BindingSamples.address(3));

                assertFalse(committed.isDone() || removed.isDone(), "the disk holds every force");
                assertTheView(db, moved, untouched, fresh);
            } finally {
                forces.releaseAll();
            }
            CompletableFuture.allOf(committed, removed).get(10, TimeUnit.SECONDS);
            assertTheView(db, moved, untouched, fresh);
        }
        try (BindingDatabase db = BindingDatabase.open(disk.fileSystem(), BindingDatabaseTest.SETTINGS, "test")) {
            assertTheView(db, client(1, 4), untouched, client(4, 1));
        }
    }

    @Test
    void anUpdateStaysVisibleWhenAnOlderOneOfItsLeaseBecomesDurable() throws Exception {
        HeldForces forces = new HeldForces(disk);
        Lease lease = BindingSamples.address(1);
        Binding older = version(lease, BindingSamples.duid(1), 1);
        Binding newer = version(lease, BindingSamples.duid(2), 2);
        try (BindingDatabase db = BindingDatabase.open(disk.fileSystem(), BindingDatabaseTest.SETTINGS, "test")) {
            CompletableFuture<Void> second;
            try {
                forces.hold();
                CompletableFuture<Void> first = db.commit(older);
                forces.awaitEntered();
                second = db.commit(newer);
                forces.releaseOne();
                // The writer completed the first batch's futures (and ran their continuations)
                // before it took the second batch to its force.
                forces.awaitEntered();
                first.get(10, TimeUnit.SECONDS);

                assertEquals(Optional.of(newer), db.get(lease), "the older durable value must not show through");
                assertEquals(List.of(newer), db.byClient(BindingSamples.duid(2)));
                assertEquals(List.of(), db.byClient(BindingSamples.duid(1)));
                assertEquals(List.of(newer), new ArrayList<>(db.all()));
            } finally {
                forces.releaseAll();
            }
            second.get(10, TimeUnit.SECONDS);
            assertEquals(Optional.of(newer), db.get(lease));
        }
    }

    /** Lease 1 moved from client 1 to 4, lease 2 unchanged, lease 3 removed, lease 4 new for client 1. */
    private static void assertTheView(BindingDatabase db, Binding moved, Binding untouched, Binding fresh) {
        assertEquals(Optional.of(moved), db.get(BindingSamples.address(1)));
        assertEquals(Optional.empty(), db.get(BindingSamples.address(3)));
        assertEquals(3, db.size());
        assertEquals(List.of(fresh), db.byClient(BindingSamples.duid(1)));
        assertEquals(List.of(moved), db.byClient(BindingSamples.duid(4)));
        assertEquals(List.of(), db.byClient(BindingSamples.duid(3)));
        List<Binding> all = new ArrayList<>(db.all());
        assertEquals(3, all.size(), "each lease once: " + all);
        assertEquals(Set.of(moved, untouched, fresh), Set.copyOf(all));
        assertEquals(3, db.all().size());
    }

    @Test
    void byClientIsExactWhenEveryDuidHashCollides() throws Exception {
        Binding first = client(1, 1);
        Binding second = BindingSamples.typicalAddress(BindingSamples.address(3), BindingSamples.duid(1), 2);
        Binding other = client(2, 2);
        Binding moved = client(1, 2);
        try (BindingDatabase db = openColliding()) {
            db.commitAll(List.of(first, second, other)).get(10, TimeUnit.SECONDS);

            assertEquals(Set.of(first, second), Set.copyOf(db.byClient(BindingSamples.duid(1))));
            assertEquals(List.of(other), db.byClient(BindingSamples.duid(2)));
            assertEquals(List.of(), db.byClient(BindingSamples.duid(3)));

            db.commit(moved).get(10, TimeUnit.SECONDS);

            assertEquals(List.of(second), db.byClient(BindingSamples.duid(1)));
            assertEquals(Set.of(other, moved), Set.copyOf(db.byClient(BindingSamples.duid(2))));
        }
        try (BindingDatabase db = openColliding()) {
            assertEquals(List.of(second), db.byClient(BindingSamples.duid(1)));
            assertEquals(Set.of(other, moved), Set.copyOf(db.byClient(BindingSamples.duid(2))));
        }
    }

    private BindingDatabase openColliding() throws Exception {
        return BindingDatabase.open(disk.fileSystem(), BindingDatabaseTest.SETTINGS, "test", new DuidIndex(duid -> 42L));
    }

    @Test
    void readsNeverGoBackWhileUpdatesBecomeDurable() throws Exception {
        StoreSettings noWindow = new StoreSettings(Duration.ZERO, 64, 1 << 20);
        Lease lease = BindingSamples.address(1);
        OctetString duid = BindingSamples.duid(1);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> problem = new AtomicReference<>();
        try (BindingDatabase db = BindingDatabase.open(disk.fileSystem(), noWindow, "test")) {
            db.commit(version(lease, duid, 1)).get(10, TimeUnit.SECONDS);
            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                Thread reader = new Thread(() -> {
                    long last = 0;
                    while (!stop.get() && problem.get() == null) {
                        long seen = db.get(lease).map(Binding::reusableForOthersAt).orElse(-1L);
                        if (seen < last) {
                            problem.compareAndSet(null, "read version " + seen + " after " + last);
                        }
                        last = seen;
                        if (db.byClient(duid).size() != 1) {
                            problem.compareAndSet(null, "the client index lost the lease at version " + seen);
                        }
                    }
                });
                reader.start();
                readers.add(reader);
            }
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (long v = 2; v < 20_000 && problem.get() == null; v++) {
                futures.add(db.commit(version(lease, duid, v)));
                if (db.get(lease).map(Binding::reusableForOthersAt).orElse(-1L) != v) {
                    problem.compareAndSet(null, "version " + v + " was not read right after its commit");
                }
                if (v % 1000 == 0) {
                    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
                    futures.clear();
                }
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            stop.set(true);
            for (Thread reader : readers) {
                reader.join();
            }
        }
        assertNull(problem.get());
    }

    private static Binding version(Lease lease, OctetString duid, long version) {
        Binding b = BindingSamples.typicalAddress(lease, duid, 1);
        return new Binding(lease, b.client(), b.status(), b.times(), b.lifetimes(), b.sync(), version, b.echoed());
    }

    /** Makes the disk's forces wait, once {@link #hold()} is called, until the test lets them through. */
    private static final class HeldForces {
        private final AtomicBoolean holding = new AtomicBoolean();
        private final Semaphore entered = new Semaphore(0);
        private final Semaphore permits = new Semaphore(0);

        HeldForces(PowerLossDisk disk) {
            disk.beforeForce(() -> {
                if (holding.get()) {
                    entered.release();
                    permits.acquireUninterruptibly();
                }
            });
        }

        void hold() {
            holding.set(true);
        }

        void awaitEntered() throws InterruptedException {
            if (!entered.tryAcquire(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no force started");
            }
        }

        void releaseOne() {
            permits.release();
        }

        void releaseAll() {
            holding.set(false);
            permits.release(1000);
        }
    }
}
