package org.dhcpfailover.host.v4;

import org.dhcpfailover.host.lease.LeaseJournal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.dhcpfailover.hook.spi.ClientKey;
import org.dhcpfailover.hook.spi.HostLease;
import org.dhcpfailover.hook.spi.ResourceKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host's lease journal: replay after an abrupt stop, torn tail, damaged lines, compaction. */
class LeaseJournalTest {

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    @TempDir
    Path store;

    private static HostLease lease(int last, String address) {
        return HostLeaseTable.leaseFor(new ClientKey(ClientIdentity.duidLl(1, Packets.mac(last)),
                ResourceKind.IPV4_ADDRESS, last), (Inet4Address) Packets.ip(address), Duration.ofHours(2), NOW);
    }

    private static Map<String, HostLease> byAddress(List<HostLease> leases) {
        return leases.stream().collect(Collectors.toMap(l -> l.address().getHostAddress(), Function.identity()));
    }

    @Test
    void changesWrittenBeforeAnAbruptStopAreReplayed() throws Exception {
        LeaseJournal journal = LeaseJournal.open(store, HostV4.JOURNAL).journal();
        HostLease a = lease(1, "10.0.0.1");
        HostLease b = lease(2, "10.0.0.2");
        HostLease c = lease(3, "10.0.0.3");
        journal.recordLease(a);
        journal.recordLease(b);
        journal.recordLease(c);
        journal.recordRemoval(b.address());
        HostLease renewed = HostLeaseTable.leaseFor(a.client(), (Inet4Address) a.address(), Duration.ofHours(2),
                NOW.plusSeconds(3600));
        journal.recordLease(renewed);
        // no close(): the process "died" here; what it wrote is in the file

        LeaseJournal.Loaded reopened = LeaseJournal.open(store, HostV4.JOURNAL);
        try {
            Map<String, HostLease> leases = byAddress(reopened.leases());
            assertEquals(Map.of("10.0.0.1", renewed, "10.0.0.3", c), leases);
            assertEquals(5, reopened.replay().lines());
            assertFalse(reopened.replay().tornTail());
            assertTrue(reopened.replay().skipped().isEmpty());
        } finally {
            reopened.journal().close();
            journal.close();
        }
    }

    @Test
    void anIncompleteLastLineIsIgnored() throws Exception {
        LeaseJournal journal = LeaseJournal.open(store, HostV4.JOURNAL).journal();
        journal.recordLease(lease(1, "10.0.0.1"));
        journal.close();
        String whole = LeaseJournal.leaseLine(lease(2, "10.0.0.2"));
        Files.writeString(store.resolve(HostV4.JOURNAL.fileName()), whole.substring(0, whole.length() - 5),
                StandardOpenOption.APPEND);

        LeaseJournal.Loaded reopened = LeaseJournal.open(store, HostV4.JOURNAL);
        reopened.journal().close();
        assertTrue(reopened.replay().tornTail());
        assertEquals(List.of("10.0.0.1"), reopened.leases().stream().map(l -> l.address().getHostAddress()).toList());
        assertEquals(List.of(HostV4.JOURNAL.header(), LeaseJournal.leaseLine(lease(1, "10.0.0.1"))),
                Files.readAllLines(store.resolve(HostV4.JOURNAL.fileName())), "compaction cut the torn line off");
    }

    @Test
    void aJournalStoppedWhileWritingItsHeaderIsEmpty() throws Exception {
        Files.writeString(store.resolve(HostV4.JOURNAL.fileName()), HostV4.JOURNAL.header().substring(0, 10));
        LeaseJournal.Loaded reopened = LeaseJournal.open(store, HostV4.JOURNAL);
        reopened.journal().close();
        assertTrue(reopened.leases().isEmpty());
    }

    @Test
    void aDamagedLineInTheMiddleIsSkippedAndNamed() throws Exception {
        String good1 = LeaseJournal.leaseLine(lease(1, "10.0.0.1"));
        String damaged = LeaseJournal.leaseLine(lease(2, "10.0.0.2")).replace("10.0.0.2", "10.0.0.9");
        String good3 = LeaseJournal.leaseLine(lease(3, "10.0.0.3"));
        Files.write(store.resolve(HostV4.JOURNAL.fileName()),
                List.of(HostV4.JOURNAL.header(), good1, damaged, good3), StandardCharsets.US_ASCII);

        LeaseJournal.Loaded reopened = LeaseJournal.open(store, HostV4.JOURNAL);
        reopened.journal().close();
        assertEquals(List.of("10.0.0.1", "10.0.0.3"),
                reopened.leases().stream().map(l -> l.address().getHostAddress()).sorted().toList());
        assertEquals(1, reopened.replay().skipped().size());
        assertTrue(reopened.replay().skipped().get(0).startsWith("line 3: checksum"), reopened.replay().skipped().toString());
    }

    @Test
    void compactionLeavesOneLinePerLeaseAndTheJournalKeepsWorkingAfterIt() throws Exception {
        LeaseJournal journal = LeaseJournal.open(store, HostV4.JOURNAL).journal();
        for (int i = 0; i < 50; i++) {
            journal.recordLease(HostLeaseTable.leaseFor(lease(1, "10.0.0.1").client(),
                    (Inet4Address) Packets.ip("10.0.0.1"), Duration.ofHours(2), NOW.plusSeconds(i)));
        }
        journal.recordLease(lease(2, "10.0.0.2"));
        journal.recordRemoval(InetAddress.getByName("10.0.0.2"));
        journal.close();
        assertEquals(53, Files.readAllLines(store.resolve(HostV4.JOURNAL.fileName())).size());

        LeaseJournal.Loaded compacted = LeaseJournal.open(store, HostV4.JOURNAL);
        assertEquals(2, Files.readAllLines(store.resolve(HostV4.JOURNAL.fileName())).size(), "header and one lease");
        compacted.journal().recordLease(lease(4, "10.0.0.4"));
        compacted.journal().close();

        LeaseJournal.Loaded again = LeaseJournal.open(store, HostV4.JOURNAL);
        again.journal().close();
        Map<String, HostLease> leases = byAddress(again.leases());
        assertEquals(NOW.plusSeconds(49).plus(Duration.ofHours(2)), leases.get("10.0.0.1").validUntil());
        assertTrue(leases.containsKey("10.0.0.4"));
        assertEquals(2, leases.size());
        assertFalse(Files.exists(store.resolve(HostV4.JOURNAL.fileName() + ".compacting")));
    }

    @Test
    void everyFieldOfALeaseSurvives() throws Exception {
        byte[] duid = {0, 1, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8};
        HostLease abandoned = new HostLease(new ClientKey(duid, ResourceKind.IPV4_ADDRESS, 0xFFFF_FFFFL),
                Packets.ip("192.0.2.55"), 32, HostLease.State.ABANDONED, NOW.plusSeconds(4), NOW.plusSeconds(3),
                NOW.plusSeconds(1), NOW.plusSeconds(2));
        LeaseJournal journal = LeaseJournal.open(store, HostV4.JOURNAL).journal();
        journal.recordLease(abandoned);
        journal.close();
        LeaseJournal.Loaded reopened = LeaseJournal.open(store, HostV4.JOURNAL);
        reopened.journal().close();
        assertEquals(List.of(abandoned), reopened.leases());
    }

    @Test
    void theExampleLinesOfTheDocumentationAreWhatTheJournalWrites() {
        // docs/host-v4.md, "The lease table and the lease journal"
        String lease = "L 10.99.0.100 ACTIVE IPV4_ADDRESS 0 0003000102005e100001 1735693200 1735693200 1735691400 1735692750 48b8a901";
        String removal = "D 10.99.0.100 06700c70";
        HostLease expected = HostLeaseTable.leaseFor(new ClientKey(ClientIdentity.duidLl(1, Packets.mac(1)),
                ResourceKind.IPV4_ADDRESS, 0), (Inet4Address) Packets.ip("10.99.0.100"), Duration.ofHours(1),
                Instant.ofEpochSecond(1735689600));
        assertEquals(lease, LeaseJournal.leaseLine(expected));
        Map<String, HostLease> leases = new java.util.HashMap<>();
        LeaseJournal.applyLine(lease, leases);
        assertEquals(List.of(expected), List.copyOf(leases.values()));
        LeaseJournal.applyLine(removal, leases);
        assertTrue(leases.isEmpty());
    }

    @Test
    void aFileThatIsNotALeaseJournalStopsTheStart() throws Exception {
        Files.writeString(store.resolve(HostV4.JOURNAL.fileName()), "lease 10.0.0.1 {\n  starts 1;\n}\n");
        LeaseJournal.JournalException e = assertThrows(LeaseJournal.JournalException.class, () -> LeaseJournal.open(store, HostV4.JOURNAL));
        assertTrue(e.getMessage().contains("is not a lease journal of this host"), e.getMessage());
        assertEquals("lease 10.0.0.1 {\n  starts 1;\n}\n", Files.readString(store.resolve(HostV4.JOURNAL.fileName())),
                "a foreign file is left as it was");
    }

    @Test
    void aMissingStoreDirectoryIsCreated() throws Exception {
        Path nested = store.resolve("state/primary");
        LeaseJournal.Loaded loaded = LeaseJournal.open(nested, HostV4.JOURNAL);
        loaded.journal().close();
        assertEquals(List.of(HostV4.JOURNAL.header()), Files.readAllLines(nested.resolve(HostV4.JOURNAL.fileName())));
    }
}
