package org.dhcpfailover.pair;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The README's main job: a DHCPv4 failover pair on this machine, in network namespaces it creates,
 * with real host processes loading the built plugin jar, named clients behind a relay, a crash,
 * a restart, a partition and its healing, a timeline read live from both servers, and the
 * invariants checked at the end from the clients' view and both stores. Exit status 0 when every
 * invariant held, 1 when one broke, 2 when the run could not be set up.
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
        Path dir = Files.createTempDirectory("failover-demo-");
        int status;
        try (PairRun run = PairRun.create("fo-demo", dir, PairConfig.Timers.demo(), "10.99.0.100", "10.99.0.139", out)) {
            status = new Demo(out, run).play();
        }
        if (status == 0) {
            deleteTree(dir);
        } else {
            out.println("demo: logs kept in " + dir);
        }
        System.exit(status);
    }

    private int play() throws Exception {
        Timeline timeline = run.timeline();
        timeline.note("pair: primary 10.99.0.1, secondary 10.99.0.2, failover link 10.98.0.0/30, pool 10.99.0.100-139,"
                + " MCLT 30 s, lease 300 s");
        run.startPrimary();
        run.startSecondary();
        timeline.startSampling();
        expect(run.awaitStates("NORMAL", "NORMAL", 90), "both servers reach NORMAL");

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
                StoreView.read(run.primaryStore(), PairConfig.RELATIONSHIP),
                StoreView.read(run.secondaryStore(), PairConfig.RELATIONSHIP));
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
