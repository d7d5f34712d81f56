package org.dhcpfailover.pair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DHCPv6 pair's invariants catch each kind of breach (RFC 8156 §4.4, §7; docs/testing.md). */
class InvariantsV6Test {

    private static final String DUID1 = "00030001020000060001";
    private static final String DUID2 = "00030001020000060002";
    private static final String PREFIX1 = "2001:db8:100:0:0:0:0:0/56";
    private static final String PREFIX2 = "2001:db8:100:100:0:0:0:0/56";

    private static Fleet6.Hold hold(String client, String duid, String address, String prefix) {
        return new Fleet6.Hold(client, duid, address, prefix, "00010001", 300, 300);
    }

    private static StoreView store(Map<String, String> active) {
        Map<String, String> states = new LinkedHashMap<>();
        active.keySet().forEach(resource -> states.put(resource, "ACTIVE"));
        return new StoreView(active, states);
    }

    private static Map<String, Fleet6.Hold> holds(Fleet6.Hold... holds) {
        Map<String, Fleet6.Hold> map = new LinkedHashMap<>();
        for (Fleet6.Hold hold : holds) {
            map.put(hold.client(), hold);
        }
        return map;
    }

    private static final Map<String, String> BOTH = Map.of("2001:db8:1:0:0:0:0:1000", DUID1, PREFIX1, DUID1,
            "2001:db8:1:0:0:0:0:1001", DUID2, PREFIX2, DUID2);

    @Test
    void holdsWhenEveryResourceIsActiveForItsClientInBothStores() {
        var holds = holds(hold("client001", DUID1, "2001:db8:1:0:0:0:0:1000", PREFIX1),
                hold("client002", DUID2, "2001:db8:1:0:0:0:0:1001", PREFIX2));
        assertEquals(List.of(), Invariants.checkV6(holds, List.of(), store(BOTH), store(BOTH)));
    }

    @Test
    void aPrefixHeldByTwoClientsIsABreach() {
        var holds = holds(hold("client001", DUID1, "2001:db8:1:0:0:0:0:1000", PREFIX1),
                hold("client002", DUID2, "2001:db8:1:0:0:0:0:1001", PREFIX1));
        List<String> broken = Invariants.checkV6(holds, List.of(), store(BOTH), store(BOTH));
        assertEquals(PREFIX1 + " is held by both client001 and client002", broken.get(0));
    }

    @Test
    void aRefusedOrMovedLeaseIsABreach() {
        var events = List.of(
                new Fleet6.Event(0, "client001", "NOBINDING", "-", "-", "00010001", 5, 0, 0, 30, 30),
                new Fleet6.Event(0, "client002", "MOVED", "2001:db8:1:0:0:0:0:1003", PREFIX2, "00010001", 5, 300, 300,
                        30, 30),
                new Fleet6.Event(0, "client003", "NOBINDING_AFTER_EXPIRY", "-", "-", "-", 5, 0, 0, 30, 30));
        List<String> broken = Invariants.checkV6(holds(), events, store(Map.of()), store(Map.of()));
        assertEquals(2, broken.size(), broken.toString());
    }

    @Test
    void aHeldPrefixMissingFromOneStoreOrStoresThatDifferAreBreaches() {
        var holds = holds(hold("client001", DUID1, "2001:db8:1:0:0:0:0:1000", PREFIX1));
        Map<String, String> withoutPrefix = Map.of("2001:db8:1:0:0:0:0:1000", DUID1);
        List<String> broken = Invariants.checkV6(holds, List.of(), store(Map.of("2001:db8:1:0:0:0:0:1000", DUID1,
                PREFIX1, DUID1)), store(withoutPrefix));
        assertEquals(List.of("client001 holds " + PREFIX1 + " but the secondary's store has no active lease for it"
                + " (state null)", "the stores disagree on active leases: primary 2, secondary 1"), broken);
    }

    @Test
    void aResourceActiveForAnotherClientIsABreach() {
        var holds = holds(hold("client001", DUID1, "2001:db8:1:0:0:0:0:1000", PREFIX1));
        Map<String, String> other = Map.of("2001:db8:1:0:0:0:0:1000", DUID2, PREFIX1, DUID1);
        assertFalse(Invariants.checkV6(holds, List.of(), store(other), store(other)).isEmpty());
    }

    /** States as the plugin prints them; FREE does not take FREE-BACKUP's prefixes, addresses are not prefixes. */
    @Test
    void countsPrefixesByState() {
        Map<String, String> states = new LinkedHashMap<>();
        states.put(PREFIX1, "FREE-BACKUP(6)");
        states.put(PREFIX2, "FREE(5)");
        states.put("2001:db8:1:0:0:0:0:1000", "FREE-BACKUP(6)");
        StoreView view = new StoreView(Map.of(), states);
        assertEquals(List.of(PREFIX1), view.prefixesIn("FREE-BACKUP"));
        assertEquals(List.of(PREFIX2), view.prefixesIn("FREE"));
        assertEquals(2, view.prefixes());
    }

    /** A store that is not there cannot be copied: the snapshot fails and leaves no scratch behind. */
    @Test
    void snapshotOfAMissingStoreFails(@TempDir Path dir) {
        Path scratch = dir.resolve("scratch");
        assertThrows(IOException.class, () -> StoreView.snapshot(dir.resolve("no-such-host-store"), "failover-v6",
                scratch));
        assertFalse(Files.exists(scratch));
    }
}
