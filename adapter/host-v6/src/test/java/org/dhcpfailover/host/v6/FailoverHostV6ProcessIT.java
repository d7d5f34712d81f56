package org.dhcpfailover.host.v6;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DHCPv6 host as a user runs it: {@code bin/failover-host-v6} in a network namespace the test
 * creates, a veth pair to a client namespace (fd00:99::/64, duplicate address detection off so that
 * perfdhcp can bind its link-local address at once), {@code perfdhcp -6 -e address-and-prefix}
 * through SOLICIT / ADVERTISE, REQUEST / REPLY, RENEW and RELEASE, directly and as a relay
 * ({@code -A 1}); then a named client (a fixed
 * DUID), {@code kill -9} of the server, a restart, and the named client must get the same address
 * and the same prefix again; then SIGTERM and a clean exit. The namespaces are deleted afterwards.
 *
 * <p>Needs root, iproute2 and perfdhcp (Debian kea-admin); skipped with the reason otherwise, failed
 * instead on CI (environment variable {@code CI}). Runs after {@code package} (failsafe): it starts
 * the shaded jar.
 */
class FailoverHostV6ProcessIT {

    private static final String NAMED_DUID = "000300010200005e100099";
    private static final String NAMED_DUID_TEXT = "00:03:00:01:02:00:00:5e:10:00:99";
    private static final long START_SECONDS = 120; // the first run may build the jar
    private static final Pattern LOADED = Pattern.compile("HOST_JOURNAL_LOADED .*: (\\d+) leases after replaying");

    @TempDir
    Path dir;

    private final Path launcher = Path.of("").toAbsolutePath().getParent().getParent().resolve("bin")
            .resolve("failover-host-v6");

    @Test
    void perfdhcpGetsAddressesAndPrefixesAndANamedClientKeepsBothAcrossKill9() throws Exception {
        needs(Shell.run("id", "-u").strip().equals("0"), "needs root to create network namespaces (ip netns add)");
        needs(Shell.onPath("perfdhcp"), "perfdhcp is not installed (apt-get install kea-admin)");
        needs(Shell.onPath("ip"), "the ip command is not installed (apt-get install iproute2)");

        String name = "fo-v6-" + HexFormat.of().formatHex(SecureRandom.getInstanceStrong().generateSeed(3));
        String server = name + "-s";
        String client = name + "-c";
        Shell.run("ip", "netns", "add", server);
        try {
            Shell.run("ip", "netns", "add", client);
            try {
                link(server, client);
                Path config = dir.resolve("dhcp6.json");
                Files.writeString(config, """
                        {"Dhcp6": {
                          "server-duid": "00:01:00:01:2d:24:bd:00:00:50:56:00:00:01",
                          "listen": {"interface": "veth-s", "address": "fd00:99::1"},
                          "store-directory": "state",
                          "valid-lifetime": 3600, "preferred-lifetime": 1800,
                          "pools": [{"name": "lan", "pool": "fd00:99::1000 - fd00:99::1fff"}],
                          "pd-pools": [{"name": "pd", "prefix": "2001:db8:100::", "prefix-len": 40, "delegated-len": 56}]
                        }}""");

                Path firstLog = dir.resolve("host-1.log");
                Process host = start(server, config, firstLog);
                List<String> before;
                try {
                    Shell.awaitLine(host, firstLog, "HOST_STARTED", START_SECONDS);
                    String report = Shell.run("ip", "netns", "exec", client, "perfdhcp", "-6", "-l", "veth-c",
                            "-r", "10", "-p", "4", "-R", "20", "-f", "3", "-F", "3", "-e", "address-and-prefix");
                    System.out.println(report);
                    for (String exchange : List.of("SOLICIT-ADVERTISE", "REQUEST-REPLY", "RENEW-REPLY", "RELEASE-REPLY")) {
                        PerfdhcpExchange figures = PerfdhcpExchange.of(report, exchange);
                        assertTrue(figures.sent() > 0 && figures.received() >= figures.sent() * 95 / 100,
                                exchange + " answered: " + figures);
                        assertEquals(0, figures.rejected(), exchange + ": no lease perfdhcp rejected");
                    }
                    assertTrue(PerfdhcpExchange.of(report, "SOLICIT-ADVERTISE").sent() >= 20, "4 s at 10/s");
                    // the same through a relay: perfdhcp wraps each message in a Relay-forward (RFC 8415 §19)
                    // and sends it to the server's address; the replies come back in Relay-reply frames
                    String relayed = Shell.run("ip", "netns", "exec", client, "perfdhcp", "-6", "-A", "1", "-l", "veth-c",
                            "-r", "10", "-p", "3", "-R", "20", "-e", "address-and-prefix", "fd00:99::1");
                    System.out.println(relayed);
                    for (String exchange : List.of("SOLICIT-ADVERTISE", "REQUEST-REPLY")) {
                        PerfdhcpExchange figures = PerfdhcpExchange.of(relayed, exchange);
                        assertTrue(figures.sent() > 0 && figures.received() >= figures.sent() * 95 / 100,
                                "relayed " + exchange + " answered: " + figures);
                    }
                    String journal = Files.readString(dir.resolve("state").resolve(HostV6.JOURNAL.fileName()));
                    assertTrue(journal.contains(" ACTIVE IPV6_ADDRESS ") && journal.contains(" ACTIVE IPV6_PREFIX "),
                            "addresses and prefixes were bound");

                    before = namedClient(client, host, firstLog);
                    host.destroyForcibly(); // SIGKILL of the JVM: the launcher exec's java, so this is its PID
                    assertTrue(host.waitFor(10, TimeUnit.SECONDS), "the killed host is gone");
                    assertEquals(137, host.exitValue(), "killed by SIGKILL");
                } finally {
                    Shell.stop(host);
                }

                Path secondLog = dir.resolve("host-2.log");
                Process restarted = start(server, config, secondLog);
                try {
                    Shell.awaitLine(restarted, secondLog, "HOST_STARTED", START_SECONDS);
                    Matcher loaded = LOADED.matcher(Files.readString(secondLog));
                    assertTrue(loaded.find(), "the journal was replayed");
                    assertTrue(Integer.parseInt(loaded.group(1)) >= 2, loaded.group());
                    assertEquals(before, namedClient(client, restarted, secondLog),
                            "the same client gets the same address and prefix after kill -9");

                    restarted.destroy(); // SIGTERM
                    assertTrue(restarted.waitFor(20, TimeUnit.SECONDS), "the JVM exits after SIGTERM");
                    assertTrue(Files.readString(secondLog).contains("HOST_STOPPED stopped (clean shutdown)"));
                } finally {
                    Shell.stop(restarted);
                }
            } finally {
                Shell.run("ip", "netns", "del", client);
            }
        } finally {
            Shell.run("ip", "netns", "del", server);
        }
    }

    /** veth-s in the server's namespace, veth-c in the client's, no duplicate address detection. */
    private static void link(String server, String client) throws Exception {
        Shell.run("ip", "link", "add", "veth-s", "netns", server, "type", "veth", "peer", "name", "veth-c", "netns", client);
        for (String[] side : new String[][] {{server, "veth-s"}, {client, "veth-c"}}) {
            Shell.run("ip", "netns", "exec", side[0], "sysctl", "-q", "-w", "net.ipv6.conf." + side[1] + ".accept_dad=0");
            Shell.run("ip", "-n", side[0], "link", "set", "lo", "up");
        }
        Shell.run("ip", "-n", server, "addr", "add", "fd00:99::1/64", "dev", "veth-s");
        Shell.run("ip", "-n", server, "link", "set", "veth-s", "up");
        Shell.run("ip", "-n", client, "addr", "add", "fd00:99::2/64", "dev", "veth-c"); // the relay's address
        Shell.run("ip", "-n", client, "link", "set", "veth-c", "up");
        // perfdhcp binds the client's link-local address, which the kernel adds once the link is up
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Shell.run("ip", "-n", client, "-6", "addr", "show", "dev", "veth-c", "scope", "link").contains("fe80::")) {
            assertTrue(System.nanoTime() < deadline, "veth-c got no link-local address within 20 s");
            Thread.sleep(100);
        }
    }

    private Process start(String namespace, Path config, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("ip", "netns", "exec", namespace, launcher.toString(), "--config",
                config.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_OPTS", "-Dhost.log.level=debug"); // HOST_REPLY lines name what was given
        return builder.start();
    }

    /**
     * One SOLICIT / ADVERTISE / REQUEST / REPLY of a client with a fixed DUID; what the server's
     * REPLY gave it, as the server logged it: the address, then the prefix.
     */
    private static List<String> namedClient(String namespace, Process host, Path log) throws Exception {
        // with -n 1 perfdhcp exits right after sending its REQUEST (exit status 3, "drops"), before the
        // REPLY; what the client was given is read from the server's log once the server logged it
        String report = Shell.run(List.of(0, 3), "ip", "netns", "exec", namespace, "perfdhcp", "-6", "-l", "veth-c",
                "-r", "1", "-n", "1", "-p", "3", "-W", "2000000", "-R", "1", "-b", "duid=" + NAMED_DUID,
                "-e", "address-and-prefix");
        assertEquals(1, PerfdhcpExchange.of(report, "REQUEST-REPLY").sent(), report);
        Pattern given = Pattern.compile("HOST_REPLY (IA_NA|IA_PD) (\\S+) to " + NAMED_DUID_TEXT + "/IPV6_\\w+/\\d+ \\(host allocator\\)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            String address = null;
            String prefix = null;
            for (String line : Files.readAllLines(log)) {
                Matcher m = given.matcher(line);
                if (m.find()) {
                    if (m.group(1).equals("IA_NA")) {
                        address = m.group(2);
                    } else {
                        prefix = m.group(2);
                    }
                }
            }
            if (address != null && prefix != null) {
                return List.of(address, prefix);
            }
            assertTrue(host.isAlive() && System.nanoTime() < deadline, "the REPLY to the named client is in the log:\n"
                    + String.join("\n", Files.readAllLines(log).stream().filter(l -> l.contains("10:00:99")).toList())
                    + "\nperfdhcp:\n" + report);
            Thread.sleep(100);
        }
    }

    /** Skips without a prerequisite, or fails on CI ({@code CI} set), where the tools must be there. */
    private static void needs(boolean met, String reason) {
        if (System.getenv("CI") != null) {
            assertTrue(met, "CI must provide it: " + reason);
        } else {
            assumeTrue(met, "skipped: " + reason);
        }
    }

    /** One exchange's figures from perfdhcp's report. */
    record PerfdhcpExchange(long sent, long received, long rejected) {
        static PerfdhcpExchange of(String report, String name) {
            int at = report.indexOf("***Statistics for: " + name + "***");
            assertTrue(at >= 0, "no " + name + " statistics in perfdhcp's report:\n" + report);
            String section = report.substring(at);
            return new PerfdhcpExchange(figure(section, "sent packets"), figure(section, "received packets"),
                    figure(section, "rejected leases"));
        }

        private static long figure(String section, String label) {
            Matcher m = Pattern.compile(label + ": (\\d+)").matcher(section);
            assertTrue(m.find(), "no " + label + " in " + section);
            return Long.parseLong(m.group(1));
        }
    }

    /** Commands this test runs; processes it started are ended by their handle, never by name. */
    static final class Shell {
        private Shell() {}

        /** Runs a command to its end (at most 60 s) and returns its output; a non-zero exit fails the test. */
        static String run(String... command) throws Exception {
            return run(List.of(0), command);
        }

        /** Runs a command to its end (at most 60 s) and returns its output; another exit status fails the test. */
        static String run(List<Integer> accepted, String... command) throws Exception {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try {
                assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " ran over 60 s");
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(accepted.contains(process.exitValue()),
                        String.join(" ", command) + " exited with " + process.exitValue() + ":\n" + out);
                return out;
            } finally {
                stop(process);
            }
        }

        static boolean onPath(String command) throws Exception {
            return new ProcessBuilder("sh", "-c", "command -v " + command).start().waitFor() == 0;
        }

        static void stop(Process process) throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }

        /** Waits for {@code text} in {@code log} while {@code process} runs. */
        static void awaitLine(Process process, Path log, String text, long seconds) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            do {
                String content = Files.exists(log) ? Files.readString(log) : "";
                if (content.contains(text)) {
                    return;
                }
                assertTrue(process.isAlive(), "the host ended before " + text + ":\n" + content);
                Thread.sleep(100);
            } while (System.nanoTime() < deadline);
            throw new AssertionError("no \"" + text + "\" within " + seconds + " s in " + log);
        }
    }
}
