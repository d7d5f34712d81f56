package org.dhcpfailover.plugin.bindingdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.IaType;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.store.DurableLog;
import org.dhcpfailover.plugin.store.PowerLossDisk;
import org.dhcpfailover.plugin.store.StoreFile;
import org.dhcpfailover.plugin.store.StoreSettings;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.OctetString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BindingDatabaseTest {
    static final StoreSettings SETTINGS = new StoreSettings(Duration.ofMillis(1), 8192, 4096);

    private final PowerLossDisk disk = new PowerLossDisk();

    @Test
    void aReloadAfterCloseGivesBackEveryCommittedBinding() throws Exception {
        Random random = new Random(1);
        Map<Lease, Binding> expected = new HashMap<>();
        try (BindingDatabase db = open()) {
            List<Binding> batch = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                Binding binding = BindingSamples.random(random);
                if (i % 3 == 0 && !expected.isEmpty()) {
                    // Overwrite an earlier lease: only the latest value must come back.
                    Lease earlier = expected.keySet().iterator().next();
                    binding = relabel(binding, earlier);
                }
                batch.add(binding);
                expected.put(binding.lease(), binding);
                if (batch.size() == 7) {
                    db.commitAll(batch).get(10, TimeUnit.SECONDS);
                    batch.clear();
                }
            }
            db.commitAll(batch).get(10, TimeUnit.SECONDS);
            assertEquals(expected.size(), db.size());
        }

        try (BindingDatabase db = open()) {
            assertEquals(expected.size(), db.size());
            for (Binding binding : expected.values()) {
                assertEquals(Optional.of(binding), db.get(binding.lease()));
                binding.client().ifPresent(c -> assertTrue(db.byClient(c.duid()).contains(binding)));
            }
            assertEquals(Map.copyOf(expected), byLease(db));
            assertTrue(db.loadReport().tailCuts().isEmpty());
        }
    }

    @Test
    void aCommitIsVisibleAtOnceAndItsFutureCompletesOnceDurable() throws Exception {
        try (BindingDatabase db = open()) {
            Binding binding = BindingSamples.typicalAddress(BindingSamples.address(1), BindingSamples.DUID, 1);

            CompletableFuture<Void> durable = db.commit(binding);

            assertEquals(Optional.of(binding), db.get(binding.lease()));
            durable.get(10, TimeUnit.SECONDS);
            assertEquals(List.of(binding), db.byClient(BindingSamples.DUID));
        }
    }

    @Test
    void theClientIndexFollowsALeaseFromOneClientToAnother() throws Exception {
        Lease lease = BindingSamples.address(2);
        OctetString a = BindingSamples.duid(1);
        OctetString b = BindingSamples.duid(2);
        try (BindingDatabase db = open()) {
            db.commit(BindingSamples.typicalAddress(lease, a, 1)).get(10, TimeUnit.SECONDS);
            Binding moved = BindingSamples.typicalAddress(lease, b, 9);
            db.commit(moved).get(10, TimeUnit.SECONDS);

            assertEquals(List.of(), db.byClient(a));
            assertEquals(List.of(moved), db.byClient(b));
            Binding freed = new Binding(lease, Optional.empty(), BindingStatus.FREE, moved.times(), moved.lifetimes(),
                    moved.sync(), 0, moved.echoed());
            db.commit(freed).get(10, TimeUnit.SECONDS);
            assertEquals(List.of(), db.byClient(b));
        }
    }

    @Test
    void aClientWithSeveralIasFindsAllItsLeases() throws Exception {
        OctetString duid = BindingSamples.duid(3);
        try (BindingDatabase db = open()) {
            Binding na = BindingSamples.typicalAddress(BindingSamples.address(10), duid, 1);
            Binding pd = new Binding(Lease.prefix(BindingSamples.address(0).value(), 56),
                    Optional.of(new BindingClient(duid, IaType.IA_PD, 1)), BindingStatus.ACTIVE, na.times(),
                    na.lifetimes(), na.sync(), 0, na.echoed());
            db.commitAll(List.of(na, pd)).get(10, TimeUnit.SECONDS);

            assertEquals(2, db.byClient(duid).size());
            assertEquals(List.of(), db.byClient(BindingSamples.duid(4)));
        }
    }

    @Test
    void aRemovedLeaseIsGoneAfterAReload() throws Exception {
        Binding keep = BindingSamples.typicalAddress(BindingSamples.address(1), BindingSamples.duid(1), 1);
        Binding drop = BindingSamples.typicalAddress(BindingSamples.address(2), BindingSamples.duid(2), 1);
        try (BindingDatabase db = open()) {
            db.commitAll(List.of(keep, drop)).get(10, TimeUnit.SECONDS);
            db.remove(drop.lease()).get(10, TimeUnit.SECONDS);
            assertEquals(Optional.empty(), db.get(drop.lease()));
            assertEquals(List.of(), db.byClient(BindingSamples.duid(2)));
        }
        try (BindingDatabase db = open()) {
            assertEquals(Map.of(keep.lease(), keep), byLease(db));
        }
    }

    @Test
    void aFailedWriteFailsTheFutureAndTheDatabaseAndNothingOfItIsLoadedLater() throws Exception {
        Binding saved = BindingSamples.typicalAddress(BindingSamples.address(1), BindingSamples.duid(1), 1);
        Binding lost = BindingSamples.typicalAddress(BindingSamples.address(2), BindingSamples.duid(2), 1);
        try (BindingDatabase db = open()) {
            db.commit(saved).get(10, TimeUnit.SECONDS);
            disk.failNextWrite();

            ExecutionException error = assertThrows(ExecutionException.class,
                    () -> db.commit(lost).get(10, TimeUnit.SECONDS));

            assertInstanceOf(IOException.class, error.getCause());
            assertSame(error.getCause(), db.failure().orElseThrow());
            BindingDatabaseFailedException refused = assertThrows(BindingDatabaseFailedException.class,
                    () -> db.get(saved.lease()));
            assertSame(error.getCause(), refused.getCause());
            assertThrows(BindingDatabaseFailedException.class, db::size);
            assertThrows(BindingDatabaseFailedException.class, db::all);
            assertThrows(BindingDatabaseFailedException.class, () -> db.byClient(BindingSamples.duid(1)));
            CompletableFuture<Void> later = db.commit(saved);
            assertTrue(later.isCompletedExceptionally());
            assertTrue(db.remove(saved.lease()).isCompletedExceptionally());
        }
        try (BindingDatabase db = open()) {
            assertEquals(Map.of(saved.lease(), saved), byLease(db));
        }
    }

    @Test
    void aFailedForceFollowedByAPowerLossKeepsOnlyWhatWasAcknowledged() throws Exception {
        Binding saved = BindingSamples.typicalAddress(BindingSamples.address(1), BindingSamples.duid(1), 1);
        Binding newer = BindingSamples.typicalAddress(BindingSamples.address(1), BindingSamples.duid(2), 1);
        try (BindingDatabase db = open()) {
            db.commit(saved).get(10, TimeUnit.SECONDS);
            disk.failNextForce();

            CompletableFuture<Void> durable = db.commit(newer);

            assertThrows(ExecutionException.class, () -> durable.get(10, TimeUnit.SECONDS));
            assertTrue(db.failure().isPresent());
            disk.cutPower();
        }
        disk.powerLoss(null);
        try (BindingDatabase db = open()) {
            assertEquals(Map.of(saved.lease(), saved), byLease(db));
            assertEquals(List.of(saved), db.byClient(BindingSamples.duid(1)));
        }
    }

    @Test
    void aDiskErrorWhileOpeningIsThrown() {
        disk.failNextOpen();

        assertThrows(IOException.class, this::open);
    }

    @Test
    void aStoredValueThisVersionCannotReadRefusesToOpenAndReleasesTheStore() throws Exception {
        try (DurableLog log = DurableLog.open(disk.fileSystem(), SETTINGS, "test")) {
            byte[] value = BindingCodec.encodeValue(
                    Binding.initial(BindingSamples.address(1), BindingStatus.FREE, BindingSamples.T0));
            value[0] = 9;
            log.put(BindingCodec.encodeKey(BindingSamples.address(1)), value).get(10, TimeUnit.SECONDS);
        }

        BindingDecodeException error = assertThrows(BindingDecodeException.class, this::open);

        assertEquals(BindingDecodeException.Kind.UNSUPPORTED_VERSION, error.kind());
        try (DurableLog log = DurableLog.open(disk.fileSystem(), SETTINGS, "test")) {
            assertEquals(1, log.values().size());
        }
    }

    @Test
    void aTornTailIsCutAndReportedForTheCallerToLog() throws Exception {
        Binding saved = BindingSamples.typicalAddress(BindingSamples.address(1), BindingSamples.duid(1), 1);
        try (BindingDatabase db = open()) {
            db.commit(saved).get(10, TimeUnit.SECONDS);
        }
        String logFile = disk.fileSystem().list().stream().filter(n -> n.startsWith("log-")).findFirst().orElseThrow();
        try (StoreFile file = disk.fileSystem().open(logFile)) {
            file.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 40, 1, 2, 3}), file.size());
            file.force();
        }

        try (BindingDatabase db = open()) {
            assertEquals(1, db.loadReport().tailCuts().size());
            assertEquals(7, db.loadReport().tailCuts().get(0).bytesCut());
            assertEquals(Map.of(saved.lease(), saved), byLease(db));
        }
    }

    @Test
    void aClosedDatabaseRefusesCommitsAndReads() throws Exception {
        BindingDatabase db = open();
        db.close();

        assertTrue(db.commit(BindingSamples.typicalAddress(BindingSamples.address(1), BindingSamples.DUID, 1))
                .isCompletedExceptionally());
        assertThrows(BindingDatabaseFailedException.class, db::size);
    }

    @Test
    void eachRelationshipHasItsOwnDirectory(@TempDir Path root) throws Exception {
        Binding a = BindingSamples.typicalAddress(BindingSamples.address(1), BindingSamples.duid(1), 1);
        try (BindingDatabase first = BindingDatabase.open(root, SETTINGS, "dc1/dc2 é");
                BindingDatabase second = BindingDatabase.open(root, SETTINGS, "dc1-dc3")) {
            first.commit(a).get(10, TimeUnit.SECONDS);
            assertEquals(0, second.size());
        }

        assertTrue(Files.isDirectory(root.resolve("dc1%2fdc2%20%c3%a9")));
        assertTrue(Files.isDirectory(root.resolve("dc1-dc3")));
        try (BindingDatabase again = BindingDatabase.open(root, SETTINGS, "dc1/dc2 é")) {
            assertEquals(Optional.of(a), again.get(a.lease()));
        }
        assertThrows(IllegalArgumentException.class, () -> RelationshipDirectory.nameFor(""));
        assertFalse(RelationshipDirectory.nameFor("..").contains("."));
    }

    private BindingDatabase open() throws IOException, BindingDecodeException {
        return BindingDatabase.open(disk.fileSystem(), SETTINGS, "test");
    }

    static Map<Lease, Binding> byLease(BindingDatabase db) {
        Map<Lease, Binding> all = new HashMap<>();
        for (Binding binding : db.all()) {
            all.put(binding.lease(), binding);
        }
        return all;
    }

    /** {@code binding} moved to {@code lease}, keeping a prefix or address kind consistent. */
    static Binding relabel(Binding binding, Lease lease) {
        return new Binding(lease, binding.client(), binding.status(), binding.times(), binding.lifetimes(),
                binding.sync(), binding.reusableForOthersAt(), binding.echoed());
    }
}
