package org.dhcpfailover.pair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the DHCPv4 pair system tests share: prerequisites (root, iproute2, perfdhcp, the built
 * jars — on CI a missing one fails the test instead of skipping it), one pair per test in its own
 * namespaces, invariants checked from the clients' view and both stores.
 */
abstract class PairSystemTest {

    static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    PairRun run;

    @BeforeAll
    static void prerequisites() {
        boolean ready = Commands.canCreateNamespaces() && Commands.installed("perfdhcp");
        String missing = "needs root, iproute2 and perfdhcp (apt-get install kea-admin)";
        if (System.getenv("CI") != null) {
            assertTrue(ready, missing);
        } else {
            assumeTrue(ready, missing);
        }
        Artifacts.hostV4Jar();
        Artifacts.hostV6Jar();
        Artifacts.pluginJar();
    }

    /**
     * A DHCPv6 pair ({@link HostKind#V6}) serving 2001:db8:1::1000-1fff and 2001:db8:100::/48 as
     * 256 delegable /56 prefixes, half of the free ones the secondary's (RFC 8156 §4.2.2).
     */
    PairRun pair6(String prefix, PairConfig.Timers timers) throws IOException, InterruptedException {
        run = PairRun.createV6(prefix, dir, timers, PairConfig.V6Pools.standard(), OUT);
        run.startPrimary();
        run.startSecondary();
        run.timeline().startSampling();
        return run;
    }

    /** A DHCPv6 pair in NORMAL with {@code clients} named clients holding acknowledged, renewed addresses and prefixes. */
    Fleet6 pair6WithClients(String prefix, PairConfig.Timers timers, int clients) throws Exception {
        pair6(prefix, timers);
        awaitStates("NORMAL", "NORMAL", 90);
        Fleet6 fleet = run.fleet6();
        List<Fleet6.Event> joined = fleet.command("join " + clients);
        assertEquals(clients, Fleet6.answered(joined), joined.toString());
        fleet.command("renew");
        awaitInSync();
        return fleet;
    }

    /** With both servers in {@code state}, every DHCPv6 client rebinds and {@code newcomers} join; all answered. */
    void everyone6ServedIn(String state, int holders, int newcomers, int seconds) throws Exception {
        awaitStates(state, state, seconds);
        List<Fleet6.Event> rebound = run.fleet6().command("rebind");
        assertEquals(holders, Fleet6.answered(rebound), rebound.toString());
        List<Fleet6.Event> joined = run.fleet6().command("join " + newcomers);
        assertEquals(newcomers, Fleet6.answered(joined), joined.toString());
    }

    /** Both back in NORMAL, every DHCPv6 client renewed, the stores in step. */
    void settle6(int seconds) throws Exception {
        awaitStates("NORMAL", "NORMAL", seconds);
        List<Fleet6.Event> renewed = run.fleet6().command("renew");
        assertTrue(renewed.stream().allMatch(e -> e.kind().equals("RENEWED")), renewed.toString());
        awaitInSync();
    }

    /** Stops both servers and checks every DHCPv6 invariant from the clients' view and both stores. */
    Map<String, Fleet6.Hold> checkInvariants6() throws IOException, InterruptedException {
        Map<String, Fleet6.Hold> holds = run.fleet6().holds();
        run.timeline().stop();
        run.stopServers();
        StoreView primary = StoreView.read(run.primaryStore(), run.relationship());
        StoreView secondary = StoreView.read(run.secondaryStore(), run.relationship());
        List<String> broken = Invariants.checkV6(holds, run.fleet6().events(), primary, secondary);
        assertEquals(List.of(), broken, "invariants");
        return holds;
    }

    /**
     * A pair serving 10.99.0.10 - 10.99.0.249: 240 addresses, about 120 the primary's (secondary
     * share 50 %), room for the named clients and perfdhcp's 50 simulated clients at the primary
     * (a smaller pool made perfdhcp's DISCOVERs go unanswered for want of the primary's addresses).
     */
    PairRun pair(String prefix, PairConfig.Timers timers) throws IOException, InterruptedException {
        return pair(prefix, timers, Optional.empty());
    }

    /** The same pair, its failover connection over mutually authenticated TLS when {@code tls} is given. */
    PairRun pair(String prefix, PairConfig.Timers timers, Optional<PairConfig.Tls> tls)
            throws IOException, InterruptedException {
        run = PairRun.create(prefix, dir, timers, "10.99.0.10", "10.99.0.249", tls, OUT);
        run.startPrimary();
        run.startSecondary();
        run.timeline().startSampling();
        return run;
    }

    /** A pair in NORMAL with {@code clients} named clients holding acknowledged, renewed leases. */
    Fleet pairWithClients(String prefix, PairConfig.Timers timers, int clients) throws Exception {
        pair(prefix, timers);
        awaitStates("NORMAL", "NORMAL", 90);
        Fleet fleet = run.fleet();
        fleet.command("join " + clients);
        fleet.command("renew");
        awaitInSync();
        return fleet;
    }

    /**
     * With both servers in {@code state}, every client rebinds and {@code newcomers} new clients
     * join; all must be answered (by either server).
     */
    void everyoneServedIn(String state, int holders, int newcomers, int seconds) throws Exception {
        awaitStates(state, state, seconds);
        List<Fleet.Event> rebound = run.fleet().command("rebind");
        assertEquals(holders, answered(rebound), rebound.toString());
        List<Fleet.Event> joined = run.fleet().command("join " + newcomers);
        assertEquals(newcomers, answered(joined), joined.toString());
    }

    /**
     * Every client renewed, or an assertion error that shows the events and what the servers logged
     * about the unanswered clients' addresses (and every warning and error): CI prints only the
     * failure, not the servers' logs.
     */
    void assertAllRenewed(List<Fleet.Event> renewed) throws IOException {
        List<String> missed = renewed.stream().filter(e -> !e.kind().equals("RENEWED")).map(Fleet.Event::address)
                .toList();
        if (!missed.isEmpty()) {
            throw new AssertionError("not renewed: " + renewed + "\nserver log lines:\n" + serverLogLines(missed));
        }
    }

    /** The lines of one server's log ({@code primary.log} or {@code secondary.log}) that hold {@code text}. */
    List<String> logLines(String log, String text) throws IOException {
        Path file = dir.resolve(log);
        return Files.exists(file) ? Files.readAllLines(file).stream().filter(line -> line.contains(text)).toList()
                : List.of();
    }

    /** The last 30 lines of both servers' logs that name one of {@code needles}, or are warnings or errors. */
    String serverLogLines(List<String> needles) throws IOException {
        List<String> found = new ArrayList<>();
        for (String log : List.of("primary.log", "secondary.log")) {
            Path file = dir.resolve(log);
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    if (line.contains(" WARN ") || line.contains(" ERROR ") || needles.stream().anyMatch(line::contains)) {
                        found.add(log + ": " + line);
                    }
                }
            }
        }
        return String.join("\n", found.subList(Math.max(0, found.size() - 30), found.size()));
    }

    /** Both back in NORMAL, every client renewed, the stores in step, the invariants checked. */
    Map<String, Fleet.Hold> settleAndCheck(int seconds) throws Exception {
        awaitStates("NORMAL", "NORMAL", seconds);
        run.fleet().command("renew");
        awaitInSync();
        return checkInvariants();
    }

    static PairConfig.Timers timers(Integer autoPartnerDown) {
        return new PairConfig.Timers(300, 30, 4, 2, autoPartnerDown);
    }

    void awaitStates(String primary, String secondary, int seconds) throws InterruptedException {
        assertTrue(run.awaitStates(primary, secondary, seconds), "expected primary " + primary + ", secondary "
                + secondary + "; have " + run.primaryStatus() + " / " + run.secondaryStatus());
    }

    void awaitInSync() throws InterruptedException {
        assertTrue(run.awaitInSync(60), "pair not in step: " + run.primaryStatus() + " / " + run.secondaryStatus());
    }

    /** Stops both servers and checks every invariant from the clients' view and both stores. */
    Map<String, Fleet.Hold> checkInvariants() throws IOException, InterruptedException {
        Map<String, Fleet.Hold> holds = run.fleet().holds();
        run.timeline().stop();
        run.stopServers();
        StoreView primary = StoreView.read(run.primaryStore(), PairConfig.RELATIONSHIP);
        StoreView secondary = StoreView.read(run.secondaryStore(), PairConfig.RELATIONSHIP);
        List<String> broken = Invariants.check(holds, run.fleet().events(), primary, secondary);
        assertEquals(List.of(), broken, "invariants");
        return holds;
    }

    static long answered(List<Fleet.Event> events) {
        return Fleet.answered(events);
    }

    static long answeredBy(List<Fleet.Event> events, String server) {
        return Fleet.answeredBy(events, server);
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (run != null) {
            run.close();
            for (String log : List.of("primary.log", "secondary.log")) {
                Path file = dir.resolve(log);
                if (Files.exists(file)) {
                    Files.copy(file, Path.of("target", getClass().getSimpleName() + "-" + log),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
