package org.dhcpfailover.host.v4;

import org.dhcpfailover.host.lease.LeaseJournal;
import static org.dhcpfailover.host.v4.Packets.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dhcpfailover.hook.spi.ClientKey;
import org.dhcpfailover.hook.spi.HostLease;
import org.dhcpfailover.hook.spi.ResourceKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lease table's allocator, its hook-facing side and its expiry. */
class HostLeaseTableTest {

    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    @TempDir
    Path store;

    private LeaseJournal journal;

    @AfterEach
    void close() {
        if (journal != null) {
            journal.close();
        }
    }

    private HostLeaseTable table(V4Pool... pools) throws Exception {
        journal = LeaseJournal.open(store, HostV4.JOURNAL).journal();
        return new HostLeaseTable(journal, List.of(pools), List.of((Inet4Address) ip("10.0.0.1")), Duration.ofSeconds(30));
    }

    private static V4Pool pool(String first, String last) {
        return new V4Pool("p", Ipv4.toInt(ip(first)), Ipv4.toInt(ip(last)), Duration.ofSeconds(100));
    }

    private static ClientKey client(int n) {
        return new ClientKey(ClientIdentity.duidLl(1, Packets.mac(n)), ResourceKind.IPV4_ADDRESS, 0);
    }

    private static String offer(HostLeaseTable table, V4Pool pool, int client, Instant now) {
        return table.offer(client(client), List.of(pool), Optional.empty(), now)
                .map(p -> p.address().getHostAddress()).orElse("none");
    }

    @Test
    void theCursorMovesOnAndWrapsToAddressesFreedBehindIt() throws Exception {
        V4Pool pool = pool("10.0.0.10", "10.0.0.13");
        HostLeaseTable table = table(pool);
        List<String> offered = new ArrayList<>();
        for (int c = 1; c <= 4; c++) {
            offered.add(offer(table, pool, c, NOW));
            table.request(client(c), List.of(pool), (Inet4Address) ip(offered.get(c - 1)), true, NOW);
        }
        assertEquals(List.of("10.0.0.10", "10.0.0.11", "10.0.0.12", "10.0.0.13"), offered);
        assertEquals("none", offer(table, pool, 5, NOW));
        table.release(client(2), (Inet4Address) ip("10.0.0.11"), NOW);
        assertEquals("10.0.0.11", offer(table, pool, 5, NOW), "found by wrapping around");
    }

    @Test
    void anOfferIsHeldForItsClientUntilTheHoldEnds() throws Exception {
        V4Pool pool = pool("10.0.0.10", "10.0.0.10");
        HostLeaseTable table = table(pool);
        assertEquals("10.0.0.10", offer(table, pool, 1, NOW));
        assertEquals("none", offer(table, pool, 2, NOW.plusSeconds(29)));
        assertInstanceOf(HostLeaseTable.Outcome.Nak.class,
                table.request(client(2), List.of(pool), (Inet4Address) ip("10.0.0.10"), true, NOW.plusSeconds(29)));
        assertEquals("10.0.0.10", offer(table, pool, 2, NOW.plusSeconds(30)), "the hold of client 1 ended");
    }

    @Test
    void theServersOwnAddressIsReserved() throws Exception {
        V4Pool pool = pool("10.0.0.1", "10.0.0.1");
        HostLeaseTable table = table(pool);
        assertEquals("none", offer(table, pool, 1, NOW));
        assertInstanceOf(HostLeaseTable.Outcome.Nak.class,
                table.request(client(1), List.of(pool), (Inet4Address) ip("10.0.0.1"), true, NOW));
    }

    @Test
    void aClientTakingANewAddressGivesUpItsOldOne() throws Exception {
        V4Pool pool = pool("10.0.0.10", "10.0.0.20");
        HostLeaseTable table = table(pool);
        table.request(client(1), List.of(pool), (Inet4Address) ip("10.0.0.10"), true, NOW);
        table.request(client(1), List.of(pool), (Inet4Address) ip("10.0.0.15"), true, NOW);
        assertEquals(ip("10.0.0.15"), table.activeLease(client(1)).orElseThrow().address());
        assertTrue(table.leaseAt((Inet4Address) ip("10.0.0.10")).isEmpty());
        assertEquals(1, table.size());
    }

    @Test
    void aFreeLeaseAppliedByAHookIsNotHandedOutByTheHost() throws Exception {
        V4Pool pool = pool("10.0.0.10", "10.0.0.10");
        HostLeaseTable table = table(pool);
        table.apply(new HostLease(client(9), ip("10.0.0.10"), 32, HostLease.State.FREE, NOW, NOW, NOW, NOW));
        assertEquals("none", offer(table, pool, 1, NOW));
        assertTrue(table.expire(NOW.plusSeconds(1_000_000)).isEmpty(), "FREE entries are the hook's, never expired");
    }

    @Test
    void leasesAppliedByAHookAreSeenAndJournaled() throws Exception {
        V4Pool pool = pool("10.0.0.10", "10.0.0.20");
        HostLeaseTable table = table(pool);
        HostLease fromPartner = HostLeaseTable.leaseFor(client(3), (Inet4Address) ip("10.0.0.12"), Duration.ofSeconds(50), NOW);
        table.apply(fromPartner);
        assertEquals(Optional.of(fromPartner), table.activeLease(client(3)));
        List<HostLease> seen = new ArrayList<>();
        table.forEach(seen::add);
        assertEquals(List.of(fromPartner), seen);
        journal.close();
        LeaseJournal.Loaded reopened = LeaseJournal.open(store, HostV4.JOURNAL);
        journal = reopened.journal();
        assertEquals(List.of(fromPartner), reopened.leases());
    }

    @Test
    void aLeaseTheTableHoldsAlreadyIsNotJournaledAgain() throws Exception {
        V4Pool pool = pool("10.0.0.10", "10.0.0.20");
        HostLeaseTable table = table(pool);
        HostLease granted = HostLeaseTable.leaseFor(client(3), (Inet4Address) ip("10.0.0.12"), Duration.ofSeconds(50), NOW);
        table.apply(granted);
        long size = java.nio.file.Files.size(journal.file());
        table.commitGranted(granted);
        table.apply(granted);
        assertEquals(size, java.nio.file.Files.size(journal.file()), "the hook's apply and the host's commit: one line");
        HostLease renewed = HostLeaseTable.leaseFor(client(3), (Inet4Address) ip("10.0.0.12"), Duration.ofSeconds(50),
                NOW.plusSeconds(10));
        table.commitGranted(renewed);
        assertTrue(java.nio.file.Files.size(journal.file()) > size, "a changed lease is journaled");
        assertEquals(Optional.of(renewed), table.activeLease(client(3)));
    }

    @Test
    void applyRefusesWhatIsNotAnIpv4Lease() throws Exception {
        HostLeaseTable table = table(pool("10.0.0.10", "10.0.0.20"));
        ClientKey v6 = new ClientKey(new byte[] {0, 3, 0, 1, 1, 2, 3, 4, 5, 6}, ResourceKind.IPV6_ADDRESS, 1);
        assertThrows(IllegalArgumentException.class, () -> table.apply(
                new HostLease(v6, ip("10.0.0.11"), 32, HostLease.State.ACTIVE, NOW, NOW, NOW, NOW)));
        assertThrows(IllegalArgumentException.class, () -> table.apply(
                new HostLease(client(1), ip("2001:db8::1"), 128, HostLease.State.ACTIVE, NOW, NOW, NOW, NOW)));
    }

    @Test
    void aRenewedLeaseDoesNotExpireAtItsOldEnd() throws Exception {
        V4Pool pool = pool("10.0.0.10", "10.0.0.20");
        HostLeaseTable table = table(pool);
        table.request(client(1), List.of(pool), (Inet4Address) ip("10.0.0.10"), true, NOW);
        table.request(client(1), List.of(pool), (Inet4Address) ip("10.0.0.10"), true, NOW.plusSeconds(50));
        assertTrue(table.expire(NOW.plusSeconds(100)).isEmpty());
        assertEquals(1, table.expire(NOW.plusSeconds(150)).size());
    }

    @Test
    void aClientIsOfferedItsCurrentLease() throws Exception {
        V4Pool pool = pool("10.0.0.10", "10.0.0.20");
        HostLeaseTable table = table(pool);
        table.request(client(1), List.of(pool), (Inet4Address) ip("10.0.0.17"), true, NOW);
        assertEquals("10.0.0.17", offer(table, pool, 1, NOW.plusSeconds(10)));
    }

    @Test
    void aPoolLargerThanASlashEightIsRefused() {
        org.dhcpfailover.host.config.AddressPool huge = new org.dhcpfailover.host.config.AddressPool("huge",
                new org.dhcpfailover.host.config.AddressRange(ip("10.0.0.0"), ip("11.0.0.0")), Duration.ofSeconds(60),
                Optional.empty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> V4Pool.of(huge));
        assertTrue(e.getMessage().contains("at most 16777216"), e.getMessage());
    }
}
