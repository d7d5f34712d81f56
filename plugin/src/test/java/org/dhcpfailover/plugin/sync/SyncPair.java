package org.dhcpfailover.plugin.sync;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.LongConsumer;
import org.dhcpfailover.plugin.bindingdb.BindingDatabase;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.store.PowerLossDisk;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.log.CatalogLogger;
import org.dhcpfailover.plugin.log.RecordingLogger;
import org.dhcpfailover.plugin.wire.MessageType;
import org.slf4j.event.Level;

/**
 * Two {@link BindingSync}s of one relationship, primary and secondary, each over the real binding
 * database in stepped mode on its own {@link PowerLossDisk}, joined by a hand-driven "wire":
 * what one sends waits in its outbox until the test delivers it, and a disk is synced only when
 * the test says so. So a test sees exactly when a BNDREPLY may leave (after the sync) and can put
 * faults between any two steps.
 */
final class SyncPair {
    static final long MCLT = SyncFixtures.MCLT;

    private final LeaseScope scope;
    Side primary;
    Side secondary;
    long now = SyncFixtures.T0;

    /** Every lease in scope, addresses split by the last bit, prefixes proportional. */
    SyncPair() {
        this(LeaseScope.everyLeaseByKind());
    }

    /** Both servers covering {@code scope} (e.g. a host's pools, {@code PoolSet.scope()}). */
    SyncPair(LeaseScope scope) {
        this.scope = scope;
        this.primary = new Side(Role.PRIMARY, new PowerLossDisk());
        this.secondary = new Side(Role.SECONDARY, new PowerLossDisk());
    }

    /** One server's side. */
    final class Side {
        final Role role;
        final PowerLossDisk disk;
        final BindingDatabase database;
        final LeaseLedger ledger;
        final BindingSync sync;
        final Deque<FailoverMessage> outbox = new ArrayDeque<>();
        final List<LongConsumer> continuations = new ArrayList<>();
        final List<IOException> storeFailures = new ArrayList<>();
        final RecordingLogger logger = new RecordingLogger(Level.DEBUG);

        Side(Role role, PowerLossDisk disk) {
            this.role = role;
            this.disk = disk;
            database = TestLedgers.steppedDatabase(disk, "sync-test");
            ledger = TestLedgers.ledger(database, scope, MCLT);
            sync = new BindingSync(ledger, role, new TransactionIdCounter(), 60, continuations::add,
                    new BindingSync.Outlet() {
                        @Override
                        public void send(FailoverMessage message) {
                            outbox.add(message);
                        }

                        @Override
                        public void storeFailed(IOException error) {
                            storeFailures.add(error);
                        }
                    }, "sync-test", CatalogLogger.wrap(logger));
        }

        /** The disk syncs what is queued; continuations it releases run on the "endpoint thread". */
        void sync() {
            database.writeQueued();
            runContinuations();
        }

        /** The disk syncs, then the endpoint sends what may go: a BNDUPD waits for its change to be durable. */
        void syncAndPump(long at) {
            sync();
            sync.pump(at);
        }

        void runContinuations() {
            List<LongConsumer> due = new ArrayList<>(continuations);
            continuations.clear();
            due.forEach(task -> task.accept(now));
        }

        Side partner() {
            return SyncPair.this.partner(this);
        }

        /** Delivers everything in the outbox to the partner, in order; returns the types delivered. */
        List<String> deliver() {
            List<String> types = new ArrayList<>();
            while (!outbox.isEmpty()) {
                FailoverMessage message = outbox.poll();
                types.add(message.type().name());
                receive(partner(), message);
            }
            return types;
        }

        List<String> outboxTypes() {
            return outbox.stream().map(m -> m.type().name()).toList();
        }
    }

    /**
     * {@code side}'s process died ({@link #disconnect} first: SIGKILL, what its disk synced stays,
     * nothing else) and starts again on the same disk; returns the new incarnation, which
     * replaces it.
     */
    Side restart(Side side) {
        Side restarted = new Side(side.role, side.disk);
        if (side == primary) {
            primary = restarted;
        } else {
            secondary = restarted;
        }
        return restarted;
    }

    private Side partner(Side side) {
        return side == primary ? secondary : primary;
    }

    /** Both sides connected, each absorbing {@code maxUnacked} BNDUPDs. */
    void connect(long maxUnacked) {
        primary.sync.onConnected(maxUnacked);
        secondary.sync.onConnected(maxUnacked);
    }

    void disconnect() {
        primary.outbox.clear();
        secondary.outbox.clear();
        primary.sync.onConnectionLost();
        secondary.sync.onConnectionLost();
    }

    /** Runs until neither side has anything to send or sync (bounded). */
    void settle() {
        for (int i = 0; i < 1000; i++) {
            primary.syncAndPump(now);
            secondary.syncAndPump(now);
            primary.sync();
            secondary.sync();
            if (primary.outbox.isEmpty() && secondary.outbox.isEmpty()) {
                return;
            }
            primary.deliver();
            secondary.deliver();
        }
        throw new AssertionError("the exchange did not settle in 1000 rounds");
    }

    private void receive(Side to, FailoverMessage message) {
        MessageType type = message.type();
        if (type.equals(MessageType.BNDUPD)) {
            to.sync.onUpdate(message, now);
        } else if (type.equals(MessageType.BNDREPLY)) {
            to.sync.onReply(message, now);
        } else if (type.equals(MessageType.UPDREQ) || type.equals(MessageType.UPDREQALL)) {
            to.sync.onUpdateRequest(message, now);
        } else if (!type.equals(MessageType.UPDDONE)) {
            throw new AssertionError("unexpected " + type);
        }
    }
}
