package org.dhcpfailover.plugin.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.LongSupplier;
import org.dhcpfailover.plugin.bindingdb.BindingDatabase;
import org.dhcpfailover.plugin.bindingdb.BindingDecodeException;
import org.dhcpfailover.plugin.store.PowerLossDisk;
import org.dhcpfailover.plugin.store.StoreSettings;

/** Ledgers over the real binding database on a simulated disk, for tests in any package. */
public final class TestLedgers {
    private TestLedgers() {
    }

    /** A stepped database on {@code disk}: commits become durable at {@link BindingDatabase#writeQueued()}. */
    public static BindingDatabase steppedDatabase(PowerLossDisk disk, String relationship) {
        try {
            return BindingDatabase.openStepped(disk.fileSystem(), StoreSettings.defaults(), relationship);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (BindingDecodeException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A ledger over {@code database}, every lease in scope, split by kind, T1 = ½. */
    public static LeaseLedger ledger(BindingDatabase database, long mclt) {
        return ledger(database, LeaseScope.everyLeaseByKind(), mclt);
    }

    /** A ledger over {@code database} covering {@code scope}, T1 = ½. */
    public static LeaseLedger ledger(BindingDatabase database, LeaseScope scope, long mclt) {
        return new LeaseLedger(database, scope, mclt, 0.5);
    }

    /** Runs continuations at once on the calling thread, at the time {@code clock} gives. */
    public static EndpointThread inline(LongSupplier clock) {
        return task -> task.accept(clock.getAsLong());
    }
}
