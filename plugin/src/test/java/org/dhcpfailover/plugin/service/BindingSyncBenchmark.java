package org.dhcpfailover.plugin.service;

import static org.dhcpfailover.plugin.transport.Await.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.IaType;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.binding.PartnerSync;
import org.dhcpfailover.plugin.bindingdb.BindingDatabase;
import org.dhcpfailover.plugin.config.FailoverParameters;
import org.dhcpfailover.plugin.config.RelationshipConfig;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.endpoint.EndpointState;
import org.dhcpfailover.plugin.endpoint.FileEndpointStateStore;
import org.dhcpfailover.plugin.endpoint.PersistedEndpointState;
import org.dhcpfailover.plugin.log.CatalogLogger;
import org.dhcpfailover.plugin.log.RecordingLogger;
import org.dhcpfailover.plugin.store.StoreSettings;
import org.dhcpfailover.plugin.sync.LeaseLedger;
import org.dhcpfailover.plugin.sync.LeaseScope;
import org.dhcpfailover.plugin.sync.SyncStatus;
import org.dhcpfailover.plugin.time.AbsoluteTime;
import org.dhcpfailover.plugin.transport.TransportSettings;
import org.dhcpfailover.plugin.wire.Ipv6Address;
import org.dhcpfailover.plugin.wire.OctetString;
import org.dhcpfailover.plugin.store.FsyncProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.event.Level;

/**
 * Measures binding synchronisation between a real primary and secondary {@link FailoverService}
 * over loopback TCP, with both binding stores on the real disk under {@code target/} (fsync on
 * every group commit, as in production):
 * <ol>
 * <li>durable BNDUPD → BNDREPLY throughput: host threads grant distinct leases to distinct
 * clients on the primary, and the figure is leases per second until the secondary acknowledged
 * every one (each BNDREPLY leaves the secondary only after its fsync, and the primary records
 * the acknowledgement durably too), with grant-to-acknowledgement latency percentiles;</li>
 * <li>full resynchronisation: a primary holding N acknowledged bindings and a secondary that
 * lost its whole store directory, restarted: it has no stored state, so it enters RECOVER and
 * sends UPDREQALL (RFC 8156 §8.5.2); the figure is the time from its restart, and from its
 * entry to RECOVER, until UPDDONE moves it to RECOVER-WAIT, with its database then as large as
 * the primary's.</li>
 * </ol>
 * It also samples the raw fsync latency of the file system under {@code target/}, to put the
 * figures in context. Not part of the normal build; run with
 * {@code mvn -B -pl plugin -am test -Pbenchmarks -Dtest=BindingSyncBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * (the profile gives the test JVM 4 GiB: {@code -Dbenchmark.argLine=...} to change it).
 * It prints figures and asserts nothing about their size; it fails only if the exchange did not
 * complete (a wrong result is not a figure).
 *
 * <p>Knobs (system properties): {@code bench.leases} (default 200,000), {@code bench.hostThreads}
 * (2), {@code bench.hostWindow} (leases one host thread may have unacknowledged, 2,048),
 * {@code bench.maxUnacked} (max-unacked-bndupd both servers advertise, 256; the configuration
 * default is 10), {@code bench.resync} (binding counts to resynchronise, "100000,1000000").
 *
 * <p>Latency is observed without a hook in production code: each host thread keeps its granted
 * leases in grant order and reads the head's {@link PartnerSync} marker from the ledger; a
 * lease counts as acknowledged when the thread first sees it {@code ACKNOWLEDGED}. Replies come
 * back in sending order, so the head is almost always the oldest outstanding lease; the poll
 * adds at most the host thread's loop time (a few microseconds while it grants, 50 µs parks
 * while its window is full).
 */
@EnabledIfSystemProperty(named = "store.benchmarks", matches = "true")
class BindingSyncBenchmark {

    private static final String RELATIONSHIP = "failover-1";
    /** Loopback addresses of their own, so that a concurrent FailoverServiceTest's port 647 is not in the way. */
    private static final InetAddress SECONDARY_IP = address("127.0.0.21");
    private static final InetAddress PRIMARY_IP = address("127.0.0.22");
    /** Long enough that no lease expires during a run (an expiry would be a second update). */
    private static final long VALID = 3600;
    /** The MCLT, as long as the lifetime, so that the MCLT rule does not shorten the grants. */
    private static final long MCLT = 3600;

    private final int leases = Integer.getInteger("bench.leases", 200_000);
    private final int hostThreads = Integer.getInteger("bench.hostThreads", 2);
    private final int hostWindow = Integer.getInteger("bench.hostWindow", 2048);
    private final int maxUnacked = Integer.getInteger("bench.maxUnacked", 256);
    private final String resync = System.getProperty("bench.resync", "100000,1000000");

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @Test
    void benchmark() throws Exception {
        Path root = Path.of("target", "binding-sync-benchmark").toAbsolutePath();
        deleteTree(root);
        Files.createDirectories(root);
        System.out.printf("directory %s, file store type %s (%s), %d processors, %s %s, max heap %d MiB%n", root,
                Files.getFileStore(root).type(), Files.getFileStore(root), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                Runtime.getRuntime().maxMemory() >> 20);
        FsyncProbe.printLatency(root.resolve("fsync.bin"));
        try {
            throughput(root.resolve("throughput"));
            for (String count : resync.split(",")) {
                if (!count.isBlank()) {
                    fullResync(root.resolve("resync-" + count.trim()), Integer.parseInt(count.trim()));
                }
            }
        } finally {
            closeAll();
        }
    }

    // ------------------------------------------------------------------ 1. throughput

    private void throughput(Path dir) throws Exception {
        Path primaryStore = dir.resolve("primary");
        Path secondaryStore = dir.resolve("secondary");
        rememberNormal(primaryStore);
        rememberNormal(secondaryStore);
        FailoverService secondary = start(secondaryStore, Role.SECONDARY, new InetSocketAddress(SECONDARY_IP, 0));
        FailoverService primary = start(primaryStore, Role.PRIMARY, secondary.boundAddress(RELATIONSHIP));
        await("both NORMAL", () -> inState(primary, EndpointState.NORMAL) && inState(secondary, EndpointState.NORMAL),
                Duration.ofSeconds(30));
        long repliesBefore = primary.syncStatus(RELATIONSHIP).counts().repliesReceived();

        LeaseLedger ledger = primary.leases(RELATIONSHIP);
        long[][] latencies = new long[hostThreads][];
        List<Thread> hosts = new ArrayList<>();
        AtomicLong failures = new AtomicLong();
        long start = System.nanoTime();
        for (int t = 0; t < hostThreads; t++) {
            int thread = t;
            hosts.add(new Thread(() -> {
                try {
                    latencies[thread] = grantAndAwaitAcks(ledger, thread);
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                    e.printStackTrace();
                }
            }, "host-" + t));
        }
        hosts.forEach(Thread::start);
        for (Thread host : hosts) {
            host.join();
        }
        long elapsed = System.nanoTime() - start;
        if (failures.get() > 0) {
            throw new AssertionError(failures.get() + " host threads failed");
        }
        await("primary has nothing waiting", () -> {
            SyncStatus status = primary.syncStatus(RELATIONSHIP);
            return status.pendingLeases() == 0 && status.unacked() == 0;
        }, Duration.ofSeconds(30));
        SyncStatus status = primary.syncStatus(RELATIONSHIP);
        long replies = status.counts().repliesReceived() - repliesBefore;
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf("BNDUPD -> BNDREPLY: %,d leases (one client each), %d host threads x %d unacknowledged, "
                        + "max-unacked-bndupd %d: %.2f s, %,.0f acknowledged updates/s; grant-to-acknowledgement "
                        + "p50 %.2f ms, p99 %.2f ms, max %.2f ms; %,d BNDREPLYs, rejected %s; secondary holds %,d%n",
                leases, hostThreads, hostWindow, maxUnacked, elapsed / 1e9, leases / (elapsed / 1e9),
                percentile(all, 50), percentile(all, 99), all[all.length - 1] / 1e6, replies,
                status.counts().rejectedByPartner(), secondary.leases(RELATIONSHIP).all().size());
        if (replies < leases || secondary.leases(RELATIONSHIP).all().size() != leases) {
            throw new AssertionError("not every lease was acknowledged: " + status);
        }
        closeAll();
    }

    /**
     * One host thread: grants its share of the leases, never more than {@link #hostWindow}
     * unacknowledged, and returns each lease's grant-to-acknowledgement time in nanoseconds.
     */
    private long[] grantAndAwaitAcks(LeaseLedger ledger, int thread) {
        int share = leases / hostThreads + (thread < leases % hostThreads ? 1 : 0);
        long[] latencies = new long[share];
        ArrayDeque<Lease> outstanding = new ArrayDeque<>();
        ArrayDeque<Long> grantedAt = new ArrayDeque<>();
        int done = 0;
        for (int i = 0; i < share || !outstanding.isEmpty();) {
            if (i < share && outstanding.size() < hostWindow) {
                int n = i * hostThreads + thread;
                Lease lease = lease(n);
                long now = AbsoluteTime.fromInstant(Clock.systemUTC().instant());
                long granted = System.nanoTime();
                ledger.grant(lease, client(n), VALID, VALID, now);
                outstanding.add(lease);
                grantedAt.add(granted);
                i++;
            }
            boolean progressed = false;
            while (!outstanding.isEmpty() && acknowledged(ledger, outstanding.peek())) {
                outstanding.poll();
                latencies[done++] = System.nanoTime() - grantedAt.poll();
                progressed = true;
            }
            if (!progressed && (i == share || outstanding.size() >= hostWindow)) {
                java.util.concurrent.locks.LockSupport.parkNanos(50_000);
            }
        }
        return latencies;
    }

    private static boolean acknowledged(LeaseLedger ledger, Lease lease) {
        return ledger.find(lease).map(b -> b.sync() == PartnerSync.ACKNOWLEDGED).orElse(false);
    }

    // ------------------------------------------------------------------ 2. full resynchronisation

    private void fullResync(Path dir, int count) throws Exception {
        Path primaryStore = dir.resolve("primary");
        Path secondaryStore = dir.resolve("secondary");
        long filled = System.nanoTime();
        fillAcknowledged(primaryStore, count);
        System.out.printf("UPDREQALL %,d: primary store filled with acknowledged bindings in %.1f s%n", count,
                (System.nanoTime() - filled) / 1e9);
        rememberNormal(primaryStore);
        InetSocketAddress secondaryAddress = new InetSocketAddress(SECONDARY_IP, freePort());
        FailoverService primary = start(primaryStore, Role.PRIMARY, secondaryAddress);
        await("primary waits for its partner", () -> inState(primary, EndpointState.COMMUNICATIONS_INTERRUPTED),
                Duration.ofSeconds(30));
        // The secondary lost its storage: no state file, no binding store (§8.5.2: UPDREQALL).
        deleteTree(secondaryStore);
        long restart = System.nanoTime();
        FailoverService secondary = start(secondaryStore, Role.SECONDARY, secondaryAddress);
        long recoverAt = 0;
        long doneAt = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        while (doneAt == 0) {
            EndpointState state = secondary.status(RELATIONSHIP).state();
            long now = System.nanoTime();
            if (state == EndpointState.RECOVER && recoverAt == 0) {
                recoverAt = now;
            } else if (state != EndpointState.RECOVER && state != EndpointState.STARTUP) {
                doneAt = now;
            }
            if (now > deadline) {
                throw new AssertionError("no UPDDONE within 15 min; secondary holds "
                        + secondary.leases(RELATIONSHIP).all().size());
            }
            Thread.sleep(10); // polling interval, not a timing assumption
        }
        EndpointState after = secondary.status(RELATIONSHIP).state();
        int secondarySize = secondary.leases(RELATIONSHIP).all().size();
        int primarySize = primary.leases(RELATIONSHIP).all().size();
        SyncStatus status = primary.syncStatus(RELATIONSHIP);
        double total = (doneAt - restart) / 1e9;
        double inRecover = (doneAt - recoverAt) / 1e9;
        System.out.printf("UPDREQALL %,d: restart -> UPDDONE %.2f s (%,.0f bindings/s), RECOVER -> UPDDONE %.2f s "
                        + "(%,.0f bindings/s); secondary now %s holding %,d, primary %,d; primary sent %,d BNDUPDs, "
                        + "got %,d BNDREPLYs, rejected %s%n",
                count, total, count / total, inRecover, count / inRecover, after, secondarySize, primarySize,
                status.counts().updatesSent(), status.counts().repliesReceived(), status.counts().rejectedByPartner());
        if (secondarySize != primarySize || primarySize != count) {
            throw new AssertionError("secondary holds " + secondarySize + ", primary " + primarySize);
        }
        closeAll();
    }

    /**
     * What a primary holds after serving {@code count} clients with the secondary up: every lease
     * granted and acknowledged. Written through a ledger on the store directly, before the
     * service starts, so the measurement is the resynchronisation alone.
     */
    private static void fillAcknowledged(Path store, int count) throws Exception {
        try (BindingDatabase database = BindingDatabase.open(store, StoreSettings.defaults(), RELATIONSHIP)) {
            LeaseLedger ledger = new LeaseLedger(database, LeaseScope.everyLeaseByKind(), MCLT,
                    FailoverService.T1_FRACTION);
            long now = AbsoluteTime.fromInstant(Clock.systemUTC().instant());
            List<java.util.concurrent.CompletableFuture<Void>> batch = new ArrayList<>();
            for (int n = 0; n < count; n++) {
                Lease lease = lease(n);
                ledger.grant(lease, client(n), VALID, VALID, now);
                batch.add(ledger.mutate(lease, b -> b.get().withSync(PartnerSync.ACKNOWLEDGED)).durable());
                if (batch.size() == 10_000) {
                    batch.forEach(java.util.concurrent.CompletableFuture::join);
                    batch.clear();
                }
            }
            batch.forEach(java.util.concurrent.CompletableFuture::join);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Lease {@code n}: 2001:db8::/64 addresses with the low-order bit set (the primary's, §4.2.1.1). */
    private static Lease lease(int n) {
        return Lease.address(new Ipv6Address(0x2001_0db8_0000_0000L, ((long) n << 1) | 1));
    }

    private static BindingClient client(int n) {
        byte[] duid = ByteBuffer.allocate(14).putShort((short) 4).putInt(0x0bad_cafe).putLong(n).array();
        return new BindingClient(OctetString.of(duid), IaType.IA_NA, 1);
    }

    private FailoverService start(Path store, Role role, InetSocketAddress partner) throws IOException {
        InetSocketAddress listen = role == Role.PRIMARY ? new InetSocketAddress(PRIMARY_IP, 647) : partner;
        InetSocketAddress partnerAddress = role == Role.PRIMARY ? partner : new InetSocketAddress(PRIMARY_IP, 647);
        RelationshipConfig config = new RelationshipConfig(RELATIONSHIP, role == Role.PRIMARY ? "server1" : "server2",
                role, role == Role.PRIMARY ? "server2" : "server1", partnerAddress, listen, Duration.ofSeconds(MCLT),
                maxUnacked, Duration.ofSeconds(10), Duration.ofSeconds(2), Optional.empty(), List.of());
        TransportSettings transport = TransportSettings.defaults()
                .withReconnect(Duration.ofMillis(100), Duration.ofMillis(400))
                .withConnectTimeout(Duration.ofSeconds(2));
        FailoverService service = FailoverService.start(new FailoverParameters(List.of(config)), store,
                Clock.systemUTC(), transport, CatalogLogger.wrap(new RecordingLogger(Level.INFO)));
        toClose.add(0, service);
        return service;
    }

    /** A free port for the secondary, fixed so that the primary finds it again after the restart. */
    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, SECONDARY_IP)) {
            return socket.getLocalPort();
        }
    }

    private void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        toClose.clear();
    }

    /** The server remembers a NORMAL past with a partner it talked to, so it resumes quickly. */
    private static void rememberNormal(Path store) throws IOException {
        Files.createDirectories(store);
        long now = AbsoluteTime.fromInstant(Clock.systemUTC().instant());
        FileEndpointStateStore.forRelationship(store, RELATIONSHIP).save(new PersistedEndpointState(
                EndpointState.NORMAL, now - 100, EndpointState.NORMAL, now - 100, now - 1, true));
    }

    private static boolean inState(FailoverService service, EndpointState state) {
        return service.status(RELATIONSHIP).state() == state;
    }

    private static double percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e6;
    }


    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (var paths = Files.walk(root)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
