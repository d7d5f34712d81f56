package org.dhcpfailover.pair;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pair's invariants, checked from the clients' view and from both servers' stores: no
 * address held by two clients, no client moved off its address, and every lease a client holds
 * (acknowledged by a server) present as that client's ACTIVE lease in both stores, which agree.
 */
public final class Invariants {
    private Invariants() {}

    /** Every broken invariant, described; empty when all hold. */
    public static List<String> check(Map<String, Fleet.Hold> holds, List<Fleet.Event> events, StoreView primary,
            StoreView secondary) {
        List<String> broken = new ArrayList<>();
        Map<String, String> holderOf = new HashMap<>();
        for (Fleet.Hold hold : holds.values()) {
            String other = holderOf.put(hold.address(), hold.client());
            if (other != null) {
                broken.add("address " + hold.address() + " is held by both " + other + " and " + hold.client());
            }
        }
        for (Fleet.Event event : events) {
            if (event.kind().equals("NAK")) {
                broken.add(event.client() + " was refused (NAK) its address " + event.address() + " by "
                        + event.server() + " while it held it");
            }
            if (event.kind().equals("MOVED")) {
                broken.add(event.client() + " was moved to " + event.address() + " by " + event.server()
                        + " although it held another address");
            }
        }
        for (Fleet.Hold hold : holds.values()) {
            String duid = duidOf(hold.client());
            for (var store : List.of(Map.entry("primary", primary), Map.entry("secondary", secondary))) {
                String holder = store.getValue().activeByAddress().get(hold.address());
                if (!duid.equals(holder)) {
                    broken.add(hold.client() + " holds " + hold.address() + " but the " + store.getKey()
                            + "'s store has " + (holder == null ? "no active lease for it (state "
                            + store.getValue().stateByAddress().get(hold.address()) + ")" : "it active for " + holder));
                }
            }
        }
        if (!primary.activeByAddress().equals(secondary.activeByAddress())) {
            broken.add("the stores disagree on active leases: primary " + primary.activeByAddress().size()
                    + ", secondary " + secondary.activeByAddress().size());
        }
        return broken;
    }

    /**
     * The DHCPv6 pair's invariants, for addresses and delegated prefixes alike: no address and no
     * prefix held by two clients; no client refused (NoBinding, lifetime 0) a lease it still held or
     * moved to another address or prefix; every address and prefix a client holds ACTIVE for its
     * DUID in both stores; the stores' active leases equal.
     */
    public static List<String> checkV6(Map<String, Fleet6.Hold> holds, List<Fleet6.Event> events, StoreView primary,
            StoreView secondary) {
        List<String> broken = new ArrayList<>();
        Map<String, String> holderOf = new HashMap<>();
        for (Fleet6.Hold hold : holds.values()) {
            for (String resource : List.of(hold.address(), hold.prefix())) {
                if (resource.equals("-")) {
                    continue;
                }
                String other = holderOf.put(resource, hold.client());
                if (other != null) {
                    broken.add(resource + " is held by both " + other + " and " + hold.client());
                }
            }
        }
        for (Fleet6.Event event : events) {
            if (event.kind().equals("NOBINDING") || event.kind().equals("MOVED")) {
                broken.add(event.client() + ": " + event.kind() + " (" + event.address() + ", " + event.prefix()
                        + ") from server " + event.server() + " while it held its lease");
            }
        }
        for (Fleet6.Hold hold : holds.values()) {
            for (String resource : List.of(hold.address(), hold.prefix())) {
                for (var store : List.of(Map.entry("primary", primary), Map.entry("secondary", secondary))) {
                    String holder = store.getValue().activeByAddress().get(resource);
                    if (!hold.duid().equals(holder)) {
                        broken.add(hold.client() + " holds " + resource + " but the " + store.getKey()
                                + "'s store has " + (holder == null ? "no active lease for it (state "
                                + store.getValue().stateByAddress().get(resource) + ")" : "it active for " + holder));
                    }
                }
            }
        }
        if (!primary.activeByAddress().equals(secondary.activeByAddress())) {
            broken.add("the stores disagree on active leases: primary " + primary.activeByAddress().size()
                    + ", secondary " + secondary.activeByAddress().size());
        }
        return broken;
    }

    /** The longest a DHCPv6 client waited for an answer among {@code events}. */
    public static long longestWaitMillisV6(List<Fleet6.Event> events) {
        return events.stream().mapToLong(Fleet6.Event::waitedMillis).max().orElse(0);
    }

    /** The DUID-LL of a fleet client, whose MAC is 02:00:00:00:hi:lo of its number. */
    static String duidOf(String client) {
        int number = Integer.parseInt(client.substring("client".length()));
        return StoreView.duidOfMac(new byte[] {2, 0, 0, 0, (byte) (number >> 8), (byte) number});
    }

    /** The longest a client waited for an answer among {@code events} (unanswered exchanges count in full). */
    public static long longestWaitMillis(List<Fleet.Event> events) {
        return events.stream().mapToLong(Fleet.Event::waitedMillis).max().orElse(0);
    }
}
