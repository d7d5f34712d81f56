package org.dhcpfailover.host.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dhcpfailover.hook.spi.ClientKey;
import org.dhcpfailover.hook.spi.HostLease;
import org.dhcpfailover.hook.spi.ResourceKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's resources beyond DHCPv4 addresses (the DHCPv4 format is tested with the DHCPv4
 * host): IPv6 addresses and delegated prefixes (RFC 8415 §21.21, §21.22) keep their length, an
 * address and a prefix starting at the same address are different leases, and nothing in a line
 * makes the journal look a name up.
 */
class LeaseJournalResourceTest {

    private static final LeaseJournal.Format FORMAT = new LeaseJournal.Format("test-leases", "# test journal, format 1");
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final byte[] DUID = {0, 3, 0, 1, 2, 0, 0x5e, 0x10, 0, 1};

    @TempDir
    Path store;

    private static HostLease lease(String address, int length, ResourceKind kind, long iaid) throws Exception {
        return new HostLease(new ClientKey(DUID, kind, iaid), InetAddress.getByName(address), length,
                HostLease.State.ACTIVE, NOW.plusSeconds(7200), NOW.plusSeconds(3600), NOW.plusSeconds(1800),
                NOW.plusSeconds(2880));
    }

    @Test
    void ipv6AddressesAndDelegatedPrefixesSurviveAReplay() throws Exception {
        HostLease address = lease("2001:db8:1::1000", 128, ResourceKind.IPV6_ADDRESS, 7);
        HostLease temporary = lease("2001:db8:1::1001", 128, ResourceKind.IPV6_TEMPORARY_ADDRESS, 8);
        HostLease prefix = lease("2001:db8:100::", 56, ResourceKind.IPV6_PREFIX, 9);
        HostLease sameStart = lease("2001:db8:100::", 64, ResourceKind.IPV6_PREFIX, 10);
        LeaseJournal journal = LeaseJournal.open(store, FORMAT).journal();
        journal.recordLease(address);
        journal.recordLease(temporary);
        journal.recordLease(prefix);
        journal.recordLease(sameStart);
        journal.recordRemoval(sameStart.address(), 64);
        journal.recordRemoval(temporary.address());
        // no close(): an abrupt stop

        LeaseJournal.Loaded reopened = LeaseJournal.open(store, FORMAT);
        reopened.journal().close();
        assertEquals(List.of(address, prefix), reopened.leases());
        assertTrue(Files.readString(store.resolve("test-leases")).contains(" 2001:db8:100:0:0:0:0:0/56 "));
    }

    @Test
    void aLineNamingAHostInsteadOfAnAddressIsRejectedWithoutALookup() {
        Map<String, HostLease> leases = new HashMap<>();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LeaseJournal.applyLine(crcd("D localhost"), leases));
        assertTrue(e.getMessage().contains("not an IPv4 address") || e.getMessage().contains("not an IP address"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LeaseJournal.applyLine(crcd("D 2001:db8::/129"), leases));
    }

    private static String crcd(String text) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return text + " " + String.format("%08x", crc.getValue());
    }
}
