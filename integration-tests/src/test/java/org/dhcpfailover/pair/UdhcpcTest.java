package org.dhcpfailover.pair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenario 6: a real client, busybox udhcpc, on the client LAN (a veth into the bridge both
 * servers hang off) gets a lease from the pair by broadcast, renews it (SIGUSR1) and releases it
 * (SIGUSR2); the pair's stores follow.
 */
class UdhcpcTest extends PairSystemTest {

    private static final String SCRIPT = """
            #!/bin/sh
            # udhcpc calls this with the event as $1 and the lease in the environment.
            echo "$1 ${ip:-none} ${serverid:-none} ${lease:-0}" >> "%s"
            case "$1" in
              bound|renew) ip addr add "$ip/24" dev "$interface" 2>/dev/null || true ;;
            esac
            exit 0
            """;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void udhcpcGetsRenewsAndReleasesALease() throws Exception {
        String busybox = Commands.installed("busybox") ? "busybox" : null;
        if (System.getenv("CI") == null) {
            assumeTrue(busybox != null, "needs busybox (apt-get install busybox)");
        }
        pair("fo-st7", timers(null));
        awaitStates("NORMAL", "NORMAL", 90);
        String ns = run.topology().clientNamespace();
        Commands.run("ip", "link", "add", "fo-udh0", "netns", ns, "type", "veth", "peer", "name", "fo-udh1", "netns", ns);
        Commands.run("ip", "-n", ns, "link", "set", "fo-udh1", "master", "br0", "up");
        Commands.run("ip", "-n", ns, "link", "set", "fo-udh0", "address", "02:00:00:00:aa:01", "up");
        Path events = dir.resolve("udhcpc-events");
        Path script = dir.resolve("udhcpc.script");
        Files.writeString(script, SCRIPT.formatted(events));
        script.toFile().setExecutable(true);
        Process client = new ProcessBuilder(Commands.inNamespace(ns, List.of("busybox", "udhcpc", "-f", "-B",
                "-i", "fo-udh0", "-t", "10", "-T", "1", "-s", script.toString()))).redirectErrorStream(true)
                .redirectOutput(dir.resolve("udhcpc.log").toFile()).start();
        try {
            String bound = awaitEvent(events, "bound", 30, 0);
            String[] lease = bound.split(" ");
            assertEquals(PairTopology.PRIMARY_ADDRESS, lease[2], "in NORMAL the primary answers: " + bound);
            long first = Long.parseLong(lease[3]);
            assertTrue(first <= 30 || first >= 295, "the MCLT, or the lifetime once the offer was acknowledged: " + bound);
            assertTrue(run.awaitInSync(30));
            int seen = Files.readAllLines(events).size();
            Commands.run("kill", "-USR1", Long.toString(client.pid()));
            String renewed = awaitEvent(events, "renew", 30, seen);
            assertEquals(lease[1], renewed.split(" ")[1], "same address after renewing: " + renewed);
            assertTrue(Long.parseLong(renewed.split(" ")[3]) >= 295, "the configured lifetime after the partner's ack: "
                    + renewed);
            assertTrue(run.awaitInSync(30));
            seen = Files.readAllLines(events).size();
            Commands.run("kill", "-USR2", Long.toString(client.pid()));
            awaitEvent(events, "deconfig", 30, seen);
            assertTrue(run.awaitPrimaryLog("HOST_LEASE_ENDED lease " + lease[1] + " of ", 30), "the primary saw the RELEASE");
            assertTrue(run.awaitInSync(30));
            run.timeline().stop();
            run.stopServers();
            for (Path store : List.of(run.primaryStore(), run.secondaryStore())) {
                StoreView view = StoreView.read(store, PairConfig.RELATIONSHIP);
                assertTrue(!view.activeByAddress().containsKey(lease[1]),
                        "released in " + store + ": " + view.stateByAddress().get(lease[1]));
                // RELEASED, then FREE / FREE-BACKUP once the partner acknowledged it (RFC 8156 §7.2 arcs 3, 4-6).
                assertTrue(List.of("RELEASED(3)", "FREE(5)", "FREE-BACKUP(6)").contains(view.stateByAddress()
                        .get(lease[1])), "state in " + store + ": " + view.stateByAddress().get(lease[1]));
            }
        } finally {
            client.destroyForcibly();
            client.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** The first line of {@code kind} after the first {@code after} lines. */
    private static String awaitEvent(Path events, String kind, int seconds, int after) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(events)) {
                List<String> lines = Files.readAllLines(events);
                for (String line : lines.subList(Math.min(after, lines.size()), lines.size())) {
                    if (line.startsWith(kind + " ")) {
                        return line;
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("udhcpc reported no " + kind + " within " + seconds + " s; events: "
                + (Files.exists(events) ? Files.readAllLines(events) : List.of()));
    }
}
