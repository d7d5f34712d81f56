package org.dhcpfailover.pair;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failover pair of real DHCP host processes ({@link HostKind}: DHCPv4 or DHCPv6) on
 * {@link PairTopology}, the named clients of a {@link Fleet} (DHCPv4) or {@link Fleet6} (DHCPv6),
 * and a timeline of what both servers report through JMX. The demo and the system tests are
 * scripts over it.
 */
public final class PairRun implements AutoCloseable {

    private static final Pattern STATE_CHANGE = Pattern.compile("FO_STATE_CHANGED \\S+: state (\\S+) -> (\\S+)");

    private final PairTopology topology;
    private final Path dir;
    private final Path primaryConfig;
    private final Path secondaryConfig;
    private final Timeline timeline;
    private HostProcess primary;
    private HostProcess secondary;
    private Probe primaryProbe;
    private Probe secondaryProbe;
    private Fleet fleet;
    private Fleet6 fleet6;
    /** Log lines written before the first orderly stop: a state path ends there (stopping changes states too). */
    private final java.util.Map<String, Integer> linesBeforeStop = new java.util.HashMap<>();

    private PairRun(PairTopology topology, Path dir, Path primaryConfig, Path secondaryConfig, PrintStream out) {
        this.topology = topology;
        this.dir = dir;
        this.primaryConfig = primaryConfig;
        this.secondaryConfig = secondaryConfig;
        this.timeline = new Timeline(this, out);
    }

    /** Builds the topology and writes both configurations; starts nothing yet. */
    public static PairRun create(String prefix, Path dir, PairConfig.Timers timers, String first, String last,
            PrintStream out) throws IOException {
        return create(prefix, dir, timers, first, last, Optional.empty(), out);
    }

    /** Like {@link #create(String, Path, PairConfig.Timers, String, String, PrintStream)}, with TLS between the servers if given. */
    public static PairRun create(String prefix, Path dir, PairConfig.Timers timers, String first, String last,
            Optional<PairConfig.Tls> tls, PrintStream out) throws IOException {
        PairTopology topology = PairTopology.create(prefix);
        try {
            Path primaryConfig = PairConfig.write(dir, true, true, timers, first, last, tls);
            Path secondaryConfig = PairConfig.write(dir, false, true, timers, first, last, tls);
            return new PairRun(topology, dir, primaryConfig, secondaryConfig, out);
        } catch (IOException | RuntimeException e) {
            topology.close();
            throw e;
        }
    }

    /** Builds a DHCPv6 topology ({@link HostKind#V6}) and writes both DHCPv6 configurations; starts nothing yet. */
    public static PairRun createV6(String prefix, Path dir, PairConfig.Timers timers, PairConfig.V6Pools pools,
            PrintStream out) throws IOException {
        return createV6(prefix, dir, timers, pools, Optional.empty(), out);
    }

    /** Like {@link #createV6(String, Path, PairConfig.Timers, PairConfig.V6Pools, PrintStream)}, with TLS if given. */
    public static PairRun createV6(String prefix, Path dir, PairConfig.Timers timers, PairConfig.V6Pools pools,
            Optional<PairConfig.Tls> tls, PrintStream out) throws IOException {
        PairTopology topology = PairTopology.create(prefix, HostKind.V6);
        try {
            Path primaryConfig = PairConfig.writeV6(dir, true, true, timers, pools, tls);
            Path secondaryConfig = PairConfig.writeV6(dir, false, true, timers, pools, tls);
            return new PairRun(topology, dir, primaryConfig, secondaryConfig, out);
        } catch (IOException | RuntimeException e) {
            topology.close();
            throw e;
        }
    }

    public HostKind kind() {
        return topology.kind();
    }

    /** The failover relationship's name in both servers' configurations. */
    public String relationship() {
        return topology.kind().relationship();
    }

    public Timeline timeline() {
        return timeline;
    }

    public PairTopology topology() {
        return topology;
    }

    public void startPrimary() throws IOException, InterruptedException {
        closeQuietly(primaryProbe);
        primary = HostProcess.start("primary", topology.primaryNamespace(), kind().hostJar(), primaryConfig,
                dir.resolve("primary.log"));
        primaryProbe = Probe.start(topology.primaryNamespace(), primary.pid(), dir.resolve("probe-primary.log"),
                relationship());
        timeline.note("primary started (pid " + primary.pid() + ")");
    }

    public void startSecondary() throws IOException, InterruptedException {
        closeQuietly(secondaryProbe);
        secondary = HostProcess.start("secondary", topology.secondaryNamespace(), kind().hostJar(),
                secondaryConfig, dir.resolve("secondary.log"));
        secondaryProbe = Probe.start(topology.secondaryNamespace(), secondary.pid(),
                dir.resolve("probe-secondary.log"), relationship());
        timeline.note("secondary started (pid " + secondary.pid() + ")");
    }

    public void kill9Primary() throws InterruptedException {
        primary.kill9();
        closeQuietly(primaryProbe);
        primaryProbe = null;
        timeline.note("primary killed with SIGKILL");
    }

    /** The operator's partner-down (RFC 8156 §8.4) on one server, through JMX; the server's answer. */
    public String partnerDown(boolean onPrimary) {
        HostProcess host = onPrimary ? primary : secondary;
        String answer = Probe.invoke(onPrimary ? topology.primaryNamespace() : topology.secondaryNamespace(),
                host.pid(), relationship(), "partnerDown");
        timeline.note("operator partner-down on the " + (onPrimary ? "primary" : "secondary") + ": " + answer);
        return answer;
    }

    public void stopServers() throws InterruptedException {
        try {
            for (String log : List.of("primary.log", "secondary.log")) {
                Path file = dir.resolve(log);
                linesBeforeStop.putIfAbsent(log, Files.exists(file) ? Files.readAllLines(file).size() : 0);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the host logs in " + dir, e);
        }
        for (HostProcess host : new HostProcess[] {primary, secondary}) {
            if (host != null && host.isAlive()) {
                host.stop(20);
            }
        }
        closeQuietly(primaryProbe);
        closeQuietly(secondaryProbe);
        primaryProbe = null;
        secondaryProbe = null;
    }

    public Fleet fleet() throws IOException {
        if (fleet == null) {
            fleet = Fleet.start(topology.clientNamespace(), dir.resolve("fleet.log"));
        }
        return fleet;
    }

    /** The named DHCPv6 clients ({@link Dhcp6ClientFleet}) in the client namespace, started on first use. */
    public Fleet6 fleet6() throws IOException {
        if (fleet6 == null) {
            fleet6 = Fleet6.start(topology.clientNamespace(), dir.resolve("fleet6.log"));
        }
        return fleet6;
    }

    public ServerStatus primaryStatus() {
        return status(true);
    }

    public ServerStatus secondaryStatus() {
        return status(false);
    }

    private ServerStatus status(boolean ofPrimary) {
        HostProcess host = ofPrimary ? primary : secondary;
        Probe probe = ofPrimary ? primaryProbe : secondaryProbe;
        if (host == null || !host.isAlive() || probe == null) {
            return ServerStatus.DOWN;
        }
        return probe.latest();
    }

    private boolean readSince(boolean ofPrimary, long nanoTime) {
        Probe probe = ofPrimary ? primaryProbe : secondaryProbe;
        return probe != null && probe.readSince(nanoTime);
    }

    /** Waits until both servers report these states (null: any); false after {@code seconds}. */
    public boolean awaitStates(String primaryState, String secondaryState, int seconds) throws InterruptedException {
        return within(seconds, () -> (primaryState == null || primaryStatus().state().equals(primaryState))
                && (secondaryState == null || secondaryStatus().state().equals(secondaryState)));
    }

    /**
     * Waits until both servers are NORMAL with no update waiting and the same number of bindings,
     * as read from them after this call began: a reading from before it may predate the change the
     * caller just made (the probes read every 250 ms).
     */
    public boolean awaitInSync(int seconds) throws InterruptedException {
        long since = System.nanoTime();
        return within(seconds, () -> {
            if (!readSince(true, since) || !readSince(false, since)) {
                return false;
            }
            ServerStatus p = primaryStatus();
            ServerStatus s = secondaryStatus();
            return p.state().equals("NORMAL") && s.state().equals("NORMAL") && p.pending() == 0 && s.pending() == 0
                    && p.bindings() == s.bindings();
        });
    }

    /** Waits until the primary's log holds {@code text} (the hosts log every reply at DEBUG here). */
    public boolean awaitPrimaryLog(String text, int seconds) throws IOException, InterruptedException {
        return primary.awaitLog(text, seconds);
    }

    /** The first line of the primary's log that holds {@code text}, if any. */
    public Optional<String> primaryLogLine(String text) throws IOException {
        Path log = dir.resolve("primary.log");
        if (!Files.exists(log)) {
            return Optional.empty();
        }
        try (java.util.stream.Stream<String> lines = Files.lines(log)) {
            return lines.filter(line -> line.contains(text)).findFirst();
        }
    }

    /** Polls {@code condition} every 200 ms for at most {@code seconds}. */
    private static boolean within(int seconds, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    /**
     * The states a server went through, from its log's FO_STATE_CHANGED lines (every run since the
     * first start, up to the orderly stop of {@link #stopServers()}).
     */
    public List<String> statePath(boolean ofPrimary) throws IOException {
        String name = ofPrimary ? "primary.log" : "secondary.log";
        Path log = dir.resolve(name);
        List<String> path = new ArrayList<>();
        if (!Files.exists(log)) {
            return path;
        }
        List<String> lines = Files.readAllLines(log);
        for (String line : lines.subList(0, Math.min(lines.size(), linesBeforeStop.getOrDefault(name, lines.size())))) {
            Matcher change = STATE_CHANGE.matcher(line);
            if (change.find()) {
                String from = change.group(1).replace('_', '-');
                if (path.isEmpty() || !path.get(path.size() - 1).equals(from)) {
                    path.add(from);
                }
                path.add(change.group(2).replace('_', '-'));
            }
        }
        return path;
    }

    public Path primaryStore() {
        return primaryConfig.getParent().resolve("state");
    }

    public Path secondaryStore() {
        return secondaryConfig.getParent().resolve("state");
    }

    public Path directory() {
        return dir;
    }

    private static void closeQuietly(Probe probe) {
        if (probe != null) {
            probe.close();
        }
    }

    /** Stops the timeline, the clients and both servers, then deletes the namespaces. */
    @Override
    public void close() throws InterruptedException {
        timeline.stop();
        if (fleet != null) {
            fleet.close();
        }
        if (fleet6 != null) {
            fleet6.close();
        }
        stopServers();
        for (HostProcess host : new HostProcess[] {primary, secondary}) {
            if (host != null) {
                host.close();
            }
        }
        topology.close();
    }
}
