package org.dhcpfailover.plugin.sync;

import static org.dhcpfailover.plugin.sync.SyncFixtures.ADDRESS_1;
import static org.dhcpfailover.plugin.sync.SyncFixtures.ADDRESS_2;
import static org.dhcpfailover.plugin.sync.SyncFixtures.CLIENT_A;
import static org.dhcpfailover.plugin.sync.SyncFixtures.CLIENT_B;
import static org.dhcpfailover.plugin.sync.SyncFixtures.T0;
import static org.dhcpfailover.plugin.sync.SyncFixtures.active;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.PartnerSync;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The index behind the expiry scan (RFC 8156 §7.2 (8)): one entry per ACTIVE lease, at its current end. */
class ExpiryIndexTest {

    private final ExpiryIndex index = new ExpiryIndex();

    private static List<Object> leases(List<ExpiryIndex.Ending> endings) {
        return endings.stream().map(e -> (Object) e.lease()).toList();
    }

    @Test
    @DisplayName("§7.2: renewals move a lease to its new end; however often a client renews, one entry")
    void renewalsKeepOneEntryPerLease() {
        Binding previous = null;
        for (int renewal = 0; renewal < 1000; renewal++) {
            Binding next = active(ADDRESS_1, CLIENT_A, T0 + renewal);
            index.changed(Optional.ofNullable(previous), next);
            previous = next;
        }
        assertEquals(1, index.size());
        assertEquals(List.of(), index.takeEndedBefore(T0 + 3601, 10), "the first grant's end is gone");
        assertEquals(List.of(ADDRESS_1), leases(index.takeEndedBefore(T0 + 999 + 3601, 10)));
        assertEquals(0, index.size());
    }

    @Test
    @DisplayName("§7.2: a lease that leaves ACTIVE (released, expired) leaves the index; an acknowledgement changes nothing")
    void onlyActiveLeasesAreIndexed() {
        Binding granted = active(ADDRESS_1, CLIENT_A, T0);
        index.changed(Optional.empty(), granted);
        Binding acked = granted.withSync(PartnerSync.ACKNOWLEDGED);
        index.changed(Optional.of(granted), acked);
        assertEquals(1, index.size());
        index.changed(Optional.of(acked), acked.withStatus(BindingStatus.RELEASED, acked.times(), PartnerSync.PENDING));
        assertEquals(0, index.size());
        assertEquals(List.of(), index.takeEndedBefore(T0 + 4000, 10));
    }

    @Test
    @DisplayName("§7.2: the earliest end first, at most the limit, and a lease put back is taken again")
    void earliestFirstBoundedAndRestorable() {
        index.changed(Optional.empty(), active(ADDRESS_2, CLIENT_B, T0 + 1));
        index.changed(Optional.empty(), active(ADDRESS_1, CLIENT_A, T0));
        List<ExpiryIndex.Ending> first = index.takeEndedBefore(T0 + 3602, 1);
        assertEquals(List.of(ADDRESS_1), leases(first));
        index.restore(first.get(0));
        assertEquals(List.of(ADDRESS_1, ADDRESS_2), leases(index.takeEndedBefore(T0 + 3602, 10)));
    }
}
