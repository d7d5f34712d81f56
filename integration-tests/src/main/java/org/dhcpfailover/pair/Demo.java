package org.dhcpfailover.pair;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The README's main job: a DHCPv4 failover pair, then a DHCPv6 pair (addresses and delegated
 * prefixes), on this machine, in network namespaces it creates, with real host processes loading
 * the built plugin jar, named clients behind a relay, a crash, a restart, a partition and its
 * healing, a timeline read live from both servers, and the invariants checked at the end from the
 * clients' view and both stores. {@code --v4-only} / {@code --v6-only} run one pair. Exit status 0
 * when every invariant held, 1 when one broke, 2 when the run could not be set up.
 */
public final class Demo {

    private final PrintStream out;
    private final PairRun run;
    private int failures;

    private Demo(PrintStream out, PairRun run) {
        this.out = out;
        this.run = run;
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (!Commands.canCreateNamespaces()) {
            out.println("demo: needs root and iproute2 (ip netns) to build its private network namespaces");
            System.exit(2);
        }
        List<String> arguments = List.of(args);
        if (!arguments.stream().allMatch(a -> a.equals("--v4-only") || a.equals("--v6-only"))
                || arguments.size() > 1) {
            out.println("usage: demo [--v4-only | --v6-only]");
            System.exit(2);
        }
        int status = 0;
        if (!arguments.contains("--v6-only")) {
            out.println("=== the DHCPv4 pair ===");
            status = Math.max(status, part("failover-demo-", dir -> {
                try (PairRun run = PairRun.create("fo-demo", dir, PairConfig.Timers.demo(), "10.99.0.100",
                        "10.99.0.139", Optional.of(PairConfig.Tls.generate(dir.resolve("tls"))), out)) {
                    return new Demo(out, run).play();
                }
            }, out));
        }
        if (!arguments.contains("--v4-only")) {
            out.println();
            out.println("=== the DHCPv6 pair: addresses and delegated prefixes ===");
            status = Math.max(status, part("failover-demo6-", dir -> {
                try (PairRun run = PairRun.createV6("fo-v6p-demo", dir, PairConfig.Timers.demo(),
                        PairConfig.V6Pools.standard(), Optional.of(PairConfig.Tls.generate(dir.resolve("tls"))), out)) {
                    return new Demo(out, run).playV6();
                }
            }, out));
        }
        System.exit(status);
    }

    /** One pair's run in a new temporary directory, deleted when every invariant held, kept otherwise. */
    private interface Part {
        int play(Path dir) throws Exception;
    }

    private static int part(String prefix, Part part, PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory(prefix);
        int status = part.play(dir);
        if (status == 0) {
            deleteTree(dir);
        } else {
            out.println("demo: logs kept in " + dir);
        }
        return status;
    }

    private int play() throws Exception {
        Timeline timeline = run.timeline();
        timeline.note("pair: primary 10.99.0.1, secondary 10.99.0.2, failover link 10.98.0.0/30, pool 10.99.0.100-139,"
                + " MCLT 30 s, lease 300 s, TLS between the servers (certificates from bin/gen-failover-certs)");
        run.startPrimary();
        run.startSecondary();
        timeline.startSampling();
        expect(run.awaitStates("NORMAL", "NORMAL", 90), "both servers reach NORMAL");
        expectTls(timeline);

        timeline.note("STEP 1: 20 clients join; a new client is offered the MCLT, renewals get the full lifetime");
        Fleet fleet = run.fleet();
        List<Fleet.Event> joined = fleet.command("join 20");
        timeline.note("  offered lease lengths: " + joined.stream().map(e -> e.offeredSeconds() + " s").distinct()
                .sorted().toList() + ", acknowledged: " + lengths(joined));
        List<Fleet.Event> renewed = fleet.command("renew");
        timeline.note("  renewed lease lengths: " + lengths(renewed));
        expect(run.awaitInSync(30), "every binding acknowledged by the secondary");

        timeline.note("STEP 2: kill -9 of the primary; clients rebind; 5 new clients arrive");
        run.kill9Primary();
        expect(run.awaitStates(null, "COMMUNICATIONS-INTERRUPTED", 30), "secondary in COMMUNICATIONS-INTERRUPTED");
        List<Fleet.Event> rebound = fleet.command("rebind");
        List<Fleet.Event> newcomers = fleet.command("join 5");
        timeline.note("  rebinds answered by the secondary: " + Fleet.answeredBy(rebound, PairTopology.SECONDARY_ADDRESS)
                + " of " + rebound.size() + ", new clients served: " + Fleet.answered(newcomers) + " of 5;"
                + " longest a client waited: " + Invariants.longestWaitMillis(rebound) + " ms");

        timeline.note("STEP 3: the primary restarts with its store; the pair resynchronizes");
        run.startPrimary();
        expect(run.awaitStates("NORMAL", "NORMAL", 90), "both servers back in NORMAL");
        timeline.note("  renewals: " + kinds(fleet.command("renew")));
        expect(run.awaitInSync(30), "stores in step after the restart");

        timeline.note("STEP 4: the failover link is cut; clients still reach both servers");
        run.topology().cutFailoverLink();
        expect(run.awaitStates("COMMUNICATIONS-INTERRUPTED", "COMMUNICATIONS-INTERRUPTED", 40),
                "both servers in COMMUNICATIONS-INTERRUPTED");
        List<Fleet.Event> partitioned = fleet.command("rebind");
        List<Fleet.Event> more = fleet.command("join 4");
        timeline.note("  rebinds answered: " + Fleet.answered(partitioned) + " of " + partitioned.size()
                + ", new clients served: " + Fleet.answered(more) + " of 4");

        timeline.note("STEP 5: the link heals");
        run.topology().healFailoverLink();
        expect(run.awaitStates("NORMAL", "NORMAL", 90), "both servers back in NORMAL");
        timeline.note("  renewals: " + kinds(fleet.command("renew")));
        expect(run.awaitInSync(30), "stores in step after the partition");

        timeline.note("CHECK: invariants from the clients' view and both stores");
        Map<String, Fleet.Hold> holds = fleet.holds();
        run.timeline().stop();
        run.stopServers();
        List<String> broken = Invariants.check(holds, fleet.events(),
                StoreView.read(run.primaryStore(), run.relationship()),
                StoreView.read(run.secondaryStore(), run.relationship()));
        out.println();
        out.println("clients holding a lease: " + holds.size() + " of 29; primary path " + run.statePath(true));
        out.println("secondary path " + run.statePath(false));
        for (String problem : broken) {
            out.println("INVARIANT BROKEN: " + problem);
        }
        if (broken.isEmpty() && failures == 0) {
            out.println("OK: no address held by two clients, no client moved, every held lease in both stores,"
                    + " stores equal");
            return 0;
        }
        return 1;
    }

    /** STARTTLS then mutually authenticated TLS on the failover connection (RFC 8156 §10, docs/protocol.md §11). */
    private void expectTls(Timeline timeline) throws Exception {
        expect(run.awaitPrimaryLog("FO_TLS_ESTABLISHED", 10),
                "the failover connection runs over TLS, each server checked the other's certificate");
        run.primaryLogLine("FO_TLS_ESTABLISHED").ifPresent(line -> timeline.note("  primary: "
                + line.substring(line.indexOf("FO_TLS_ESTABLISHED"))));
    }

    /** The DHCPv6 part: the same steps with addresses (IA_NA) and delegated prefixes (IA_PD). */
    private int playV6() throws Exception {
        PairConfig.V6Pools pools = PairConfig.V6Pools.standard();
        Timeline timeline = run.timeline();
        timeline.note("pair: primary fd00:99::1, secondary fd00:99::2, failover link fd00:98::/64, addresses "
                + pools.firstAddress() + "-" + pools.lastAddress().substring(pools.lastAddress().lastIndexOf(':') + 1)
                + ", prefixes " + pools.prefix() + "/" + pools.prefixLength() + " as " + pools.prefixes() + " /"
                + pools.delegatedLength() + " (secondary share " + pools.secondaryShare() + " %), MCLT 30 s, lease 300 s,"
                + " TLS between the servers");
        run.startPrimary();
        run.startSecondary();
        timeline.startSampling();
        expect(run.awaitStates("NORMAL", "NORMAL", 90), "both servers reach NORMAL");
        expectTls(timeline);
        timeline.note("  the secondary asked for its share of the free prefixes (POOLREQ): it holds "
                + backupPrefixes().size() + " of " + pools.prefixes() + " as FREE-BACKUP");

        timeline.note("STEP 1: 20 clients join, each asking for an address and a prefix; renewals after the ack");
        Fleet6 fleet = run.fleet6();
        List<Fleet6.Event> joined = fleet.command("join 20");
        timeline.note("  answered by the primary: " + Fleet6.answeredBy(joined, true) + " of 20; offered lifetimes"
                + " (address / prefix): " + joined.stream().map(e -> e.offeredNa() + " / " + e.offeredPd() + " s")
                .distinct().sorted().toList() + ", acknowledged: " + lifetimes(joined));
        List<Fleet6.Event> renewed = fleet.command("renew");
        timeline.note("  renewed lifetimes: " + lifetimes(renewed));
        expect(run.awaitInSync(30), "every binding acknowledged by the secondary");

        timeline.note("STEP 2: kill -9 of the primary; clients rebind; 5 new clients arrive");
        List<String> share = backupPrefixes();
        run.kill9Primary();
        expect(run.awaitStates(null, "COMMUNICATIONS-INTERRUPTED", 30), "secondary in COMMUNICATIONS-INTERRUPTED");
        List<Fleet6.Event> rebound = fleet.command("rebind");
        List<Fleet6.Event> newcomers = fleet.command("join 5");
        timeline.note("  rebinds answered by the secondary: " + Fleet6.answeredBy(rebound, false) + " of "
                + rebound.size() + " (" + kinds6(rebound) + "), new clients served: " + Fleet6.answered(newcomers)
                + " of 5, their prefixes from the secondary's share: " + newcomers.stream()
                .filter(e -> share.contains(e.prefix())).count() + "; longest a client waited: "
                + Invariants.longestWaitMillisV6(rebound) + " ms");

        timeline.note("STEP 3: the primary restarts with its store; the pair resynchronizes");
        run.startPrimary();
        expect(run.awaitStates("NORMAL", "NORMAL", 90), "both servers back in NORMAL");
        timeline.note("  renewals: " + kinds6(fleet.command("renew")));
        expect(run.awaitInSync(30), "stores in step after the restart");

        timeline.note("STEP 4: the failover link is cut; clients still reach both servers");
        run.topology().cutFailoverLink();
        expect(run.awaitStates("COMMUNICATIONS-INTERRUPTED", "COMMUNICATIONS-INTERRUPTED", 40),
                "both servers in COMMUNICATIONS-INTERRUPTED");
        List<Fleet6.Event> partitioned = fleet.command("rebind");
        List<Fleet6.Event> more = fleet.command("join 4");
        timeline.note("  rebinds answered: " + Fleet6.answered(partitioned) + " of " + partitioned.size()
                + ", new clients served: " + Fleet6.answered(more) + " of 4");

        timeline.note("STEP 5: the link heals");
        run.topology().healFailoverLink();
        expect(run.awaitStates("NORMAL", "NORMAL", 90), "both servers back in NORMAL");
        timeline.note("  renewals: " + kinds6(fleet.command("renew")));
        expect(run.awaitInSync(30), "stores in step after the partition");
        timeline.note("  the secondary's share after the primary's rebalancing: " + backupPrefixes().size()
                + " FREE-BACKUP prefixes");

        timeline.note("CHECK: invariants from the clients' view and both stores (addresses and prefixes)");
        Map<String, Fleet6.Hold> holds = fleet.holds();
        run.timeline().stop();
        run.stopServers();
        List<String> broken = Invariants.checkV6(holds, fleet.events(),
                StoreView.read(run.primaryStore(), run.relationship()),
                StoreView.read(run.secondaryStore(), run.relationship()));
        out.println();
        out.println("clients holding an address and a prefix: " + holds.size() + " of 29; primary path "
                + run.statePath(true));
        out.println("secondary path " + run.statePath(false));
        for (String problem : broken) {
            out.println("INVARIANT BROKEN: " + problem);
        }
        if (broken.isEmpty() && failures == 0) {
            out.println("OK: no address or prefix held by two clients, no client moved or refused, every held"
                    + " address and prefix in both stores, stores equal");
            return 0;
        }
        return 1;
    }

    /** The secondary's FREE-BACKUP prefixes, from a copy of the primary's store as it is on disk now. */
    private List<String> backupPrefixes() throws IOException {
        return StoreView.snapshot(run.primaryStore(), run.relationship(), run.directory().resolve("snapshot"))
                .prefixesIn("FREE-BACKUP");
    }

    private static String lifetimes(List<Fleet6.Event> events) {
        return events.stream().map(e -> e.validNa() + " / " + e.validPd() + " s").distinct().sorted().toList()
                .toString();
    }

    private static String kinds6(List<Fleet6.Event> events) {
        return events.stream().collect(java.util.stream.Collectors.groupingBy(Fleet6.Event::kind,
                java.util.TreeMap::new, java.util.stream.Collectors.counting())).toString();
    }

    private void expect(boolean condition, String what) {
        run.timeline().note((condition ? "  ok: " : "  FAILED: ") + what);
        if (!condition) {
            failures++;
        }
    }

    private static String lengths(List<Fleet.Event> events) {
        return events.stream().map(e -> e.leaseSeconds() + " s").distinct().sorted().toList().toString();
    }

    /** How many events of each kind, e.g. {RENEWED=25, NAK=4}. */
    private static String kinds(List<Fleet.Event> events) {
        return events.stream().collect(java.util.stream.Collectors.groupingBy(Fleet.Event::kind,
                java.util.TreeMap::new, java.util.stream.Collectors.counting())).toString();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
