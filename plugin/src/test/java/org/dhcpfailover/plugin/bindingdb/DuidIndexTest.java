package org.dhcpfailover.plugin.bindingdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.wire.OctetString;
import org.junit.jupiter.api.Test;

class DuidIndexTest {

    @Test
    void eachDuidFindsItsLeasesAndARemovedOneIsGone() {
        DuidIndex index = new DuidIndex();
        Lease prefix = Lease.prefix(BindingSamples.address(1).value(), 64);
        index.add(BindingSamples.duid(1), BindingSamples.address(1));
        index.add(BindingSamples.duid(1), prefix);
        index.add(BindingSamples.duid(2), BindingSamples.address(2));

        assertEquals(Set.of(BindingSamples.address(1), prefix), index.candidates(BindingSamples.duid(1)));
        assertEquals(Set.of(BindingSamples.address(2)), index.candidates(BindingSamples.duid(2)));
        assertEquals(Set.of(), index.candidates(BindingSamples.duid(3)));

        index.remove(BindingSamples.duid(1), BindingSamples.address(1));
        index.remove(BindingSamples.duid(1), BindingSamples.address(2));

        assertEquals(Set.of(prefix), index.candidates(BindingSamples.duid(1)), "only the exact pair goes");
    }

    @Test
    void withEveryDuidCollidingTheCandidatesAreEveryLeaseAndRemovalStaysExact() {
        DuidIndex index = new DuidIndex(duid -> 0x1234_5678_9ABC_DEF0L);
        Lease address = BindingSamples.address(5);
        Lease slash128 = Lease.prefix(address.value(), 128);
        Lease slash0 = Lease.prefix(address.value(), 0);
        index.add(BindingSamples.duid(1), address);
        index.add(BindingSamples.duid(2), slash128);
        index.add(BindingSamples.duid(3), slash0);

        assertEquals(Set.of(address, slash128, slash0), index.candidates(BindingSamples.duid(9)));

        index.remove(BindingSamples.duid(2), slash128);

        assertEquals(Set.of(address, slash0), index.candidates(BindingSamples.duid(1)),
                "an address and a /128 of the same value are two leases");
    }

    @Test
    void growthAndReusedSlotsKeepEveryPair() {
        DuidIndex index = new DuidIndex();
        Map<Lease, OctetString> model = new HashMap<>();
        Random random = new Random(3);
        for (int i = 0; i < 30_000; i++) {
            Lease lease = BindingSamples.address(random.nextInt(5_000));
            OctetString old = model.remove(lease);
            if (old != null) {
                index.remove(old, lease);
            }
            if (random.nextInt(5) != 0) {
                OctetString duid = BindingSamples.duid(random.nextInt(2_000));
                index.add(duid, lease);
                model.put(lease, duid);
            }
        }
        Map<OctetString, Set<Lease>> expected = new HashMap<>();
        model.forEach((lease, duid) -> expected.computeIfAbsent(duid, d -> new HashSet<>()).add(lease));
        for (int d = 0; d < 2_000; d++) {
            OctetString duid = BindingSamples.duid(d);
            Set<Lease> found = index.candidates(duid);
            // With a 55-bit fingerprint a stray candidate among these is not to be expected.
            assertEquals(expected.getOrDefault(duid, Set.of()), found, "duid " + d);
        }
        assertTrue(index.capacity() <= 16_384, "removed slots are dropped when the table is rebuilt: "
                + index.capacity());
    }
}
