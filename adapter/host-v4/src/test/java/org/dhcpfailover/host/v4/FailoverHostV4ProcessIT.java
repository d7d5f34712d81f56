package org.dhcpfailover.host.v4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host as a user runs it: {@code bin/failover-host-v4} in a private network namespace the test
 * creates (and deletes), serving {@code perfdhcp} on 127.0.0.1:1067; then {@code kill -9}, a
 * restart, and a client with a fixed MAC address that must get the same address as before; then
 * SIGTERM, after which the JVM must exit on its own.
 *
 * <p>Needs root (network namespaces), perfdhcp (Debian package kea-admin) and busybox; skipped
 * with the reason otherwise, except on CI (environment variable {@code CI}), where it fails.
 * Runs after {@code package} (failsafe), because it starts the shaded jar.
 */
class FailoverHostV4ProcessIT {

    private static final int PORT = 1067;
    private static final String MAC = "02:00:5e:10:00:99";
    private static final long START_TIMEOUT_SECONDS = 120; // the first run may build the jar
    private static final long CLIENT_TIMEOUT_SECONDS = 30;
    private static final Pattern LOADED = Pattern.compile("HOST_JOURNAL_LOADED .*: (\\d+) leases after replaying");

    @TempDir
    Path dir;

    private final Path module = Path.of("").toAbsolutePath();
    private final Path launcher = module.getParent().getParent().resolve("bin").resolve("failover-host-v4");

    @Test
    void perfdhcpCompletesDoraAndANamedClientKeepsItsAddressAcrossKill9() throws Exception {
        prerequisite("0".equals(output(List.of("id", "-u")).strip()), "needs root to create a network namespace (ip netns add)");
        prerequisite(onPath("perfdhcp"), "perfdhcp is not installed (apt-get install kea-admin)");
        prerequisite(onPath("ip"), "the ip command is not installed (apt-get install iproute2)");

        String namespace = "fo-v4-" + HexFormat.of().formatHex(SecureRandom.getInstanceStrong().generateSeed(4));
        run(List.of("ip", "netns", "add", namespace));
        try {
            run(List.of("ip", "-n", namespace, "link", "set", "lo", "up"));
            Path config = dir.resolve("dhcp4.json");
            Files.writeString(config, """
                    {"Dhcp4": {
                      "server-address": "127.0.0.1",
                      "listen": {"interface": "lo", "address": "127.0.0.1", "port": %d},
                      "store-directory": "state",
                      "valid-lifetime": 3600,
                      "pools": [{"name": "load", "pool": "10.99.0.0/22"}]
                    }}""".formatted(PORT));

            String before;
            Path firstLog = dir.resolve("host-1.log");
            Process host = startHost(namespace, config, firstLog);
            try {
                awaitLine(host, firstLog, "HOST_STARTED");
                String report = output(List.of("ip", "netns", "exec", namespace, "perfdhcp", "-4", "-l", "127.0.0.1",
                        "-N", Integer.toString(PORT), "-r", "50", "-p", "5", "-R", "100", "127.0.0.1"));
                System.out.println(report);
                Exchange discover = Exchange.of(report, "DISCOVER-OFFER");
                Exchange request = Exchange.of(report, "REQUEST-ACK");
                assertTrue(discover.sent() >= 100 && request.sent() >= 100, "perfdhcp ran 5 s at 50/s: " + report);
                assertTrue(discover.dropsPercent() <= 2.0, "DISCOVER-OFFER drops: " + discover);
                assertTrue(request.dropsPercent() <= 2.0, "REQUEST-ACK drops: " + request);

                before = namedClient(namespace);
                host.destroyForcibly(); // kill -9 of the JVM: bin/failover-host-v4 exec's java, so this is its PID
                assertTrue(host.waitFor(10, TimeUnit.SECONDS), "the killed host is gone");
                assertEquals(137, host.exitValue(), "killed by SIGKILL");
            } finally {
                stop(host);
            }

            Path secondLog = dir.resolve("host-2.log");
            Process restarted = startHost(namespace, config, secondLog);
            try {
                awaitLine(restarted, secondLog, "HOST_STARTED");
                Matcher loaded = LOADED.matcher(Files.readString(secondLog));
                assertTrue(loaded.find(), "the journal was replayed");
                assertTrue(Integer.parseInt(loaded.group(1)) >= 2, "perfdhcp's and the named client's leases: " + loaded.group());
                assertEquals(before, namedClient(namespace), "the same client gets the same address after kill -9");

                restarted.destroy(); // SIGTERM
                assertTrue(restarted.waitFor(15, TimeUnit.SECONDS), "the JVM exits after SIGTERM (no thread left behind)");
                String log = Files.readString(secondLog);
                assertTrue(log.contains("HOST_STOPPED stopped (clean shutdown)"), log);
            } finally {
                stop(restarted);
            }
        } finally {
            run(List.of("ip", "netns", "del", namespace));
        }
    }

    @Test
    void aClientOnTheLinkIsServedByBroadcastRenewsByUnicastAndReleases() throws Exception {
        prerequisite("0".equals(output(List.of("id", "-u")).strip()), "needs root to create network namespaces (ip netns add)");
        prerequisite(onPath("busybox"), "busybox (udhcpc) is not installed (apt-get install busybox)");
        prerequisite(onPath("ip"), "the ip command is not installed (apt-get install iproute2)");

        String name = "fo-v4-" + HexFormat.of().formatHex(SecureRandom.getInstanceStrong().generateSeed(4));
        String server = name + "-s";
        String client = name + "-c";
        run(List.of("ip", "netns", "add", server));
        try {
            run(List.of("ip", "netns", "add", client));
            try {
                // a veth pair between the two namespaces; no default route, no broadcast route
                run(List.of("ip", "link", "add", "veth-s", "netns", server, "type", "veth", "peer", "name", "veth-c",
                        "netns", client));
                run(List.of("ip", "-n", server, "addr", "add", "10.99.0.1/24", "dev", "veth-s"));
                run(List.of("ip", "-n", server, "link", "set", "veth-s", "up"));
                run(List.of("ip", "-n", server, "link", "set", "lo", "up"));
                run(List.of("ip", "-n", client, "link", "set", "veth-c", "up"));
                Path config = dir.resolve("dhcp4-link.json");
                Files.writeString(config, """
                        {"Dhcp4": {
                          "server-address": "10.99.0.1",
                          "listen": {"interface": "veth-s", "address": "0.0.0.0"},
                          "store-directory": "state-link",
                          "valid-lifetime": 600,
                          "pools": [{"name": "link", "pool": "10.99.0.100 - 10.99.0.199"}]
                        }}""");
                Path script = dir.resolve("udhcpc.script");
                Files.writeString(script, """
                        #!/bin/sh
                        case "$1" in
                          deconfig) ip addr flush dev "$interface" ;;
                          bound|renew) ip addr flush dev "$interface"; ip addr add "$ip/${mask:-24}" dev "$interface" ;;
                        esac
                        echo "udhcpc-event $1 ip=$ip serverid=$serverid lease=$lease"
                        """);
                script.toFile().setExecutable(true);
                Path hostLog = dir.resolve("host-link.log");
                Process host = startHost(server, config, hostLog);
                Process udhcpc = null;
                try {
                    awaitLine(host, hostLog, "HOST_STARTED");
                    Path clientLog = dir.resolve("udhcpc.log");
                    udhcpc = new ProcessBuilder("ip", "netns", "exec", client, "busybox", "udhcpc", "-i", "veth-c", "-f",
                            "-t", "5", "-T", "1", "-A", "1", "-s", script.toString())
                            .redirectErrorStream(true).redirectOutput(clientLog.toFile()).start();
                    awaitLine(udhcpc, clientLog, "udhcpc-event bound ip=10.99.0.100 serverid=10.99.0.1 lease=600",
                            CLIENT_TIMEOUT_SECONDS);

                    run(List.of("kill", "-USR1", Long.toString(udhcpc.pid()))); // renew: unicast REQUEST, ciaddr set
                    awaitLine(udhcpc, clientLog, "udhcpc-event renew ip=10.99.0.100 serverid=10.99.0.1 lease=600",
                            CLIENT_TIMEOUT_SECONDS);

                    run(List.of("kill", "-USR2", Long.toString(udhcpc.pid()))); // release
                    Path journal = dir.resolve("state-link").resolve(HostV4.JOURNAL.fileName());
                    awaitLine(host, journal, "D 10.99.0.100 ", CLIENT_TIMEOUT_SECONDS);
                } finally {
                    if (udhcpc != null) {
                        stop(udhcpc);
                    }
                    stop(host);
                }
            } finally {
                run(List.of("ip", "netns", "del", client));
            }
        } finally {
            run(List.of("ip", "netns", "del", server));
        }
    }

    /**
     * Skips the test when {@code met} is false, with the reason; on CI ({@code CI} set, as .ci/run
     * does after installing the tools) a missing prerequisite fails it instead.
     */
    private static void prerequisite(boolean met, String reason) {
        if (System.getenv("CI") != null) {
            assertTrue(met, "CI must provide it: " + reason);
        } else {
            assumeTrue(met, "skipped: " + reason);
        }
    }

    private Process startHost(String namespace, Path config, Path log) throws IOException {
        return new ProcessBuilder("ip", "netns", "exec", namespace, launcher.toString(), "--config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** The named client's DORA, run inside the namespace; returns the acknowledged address. */
    private String namedClient(String namespace) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String out = output(List.of("ip", "netns", "exec", namespace, java, "-cp", System.getProperty("java.class.path"),
                NamedClient.class.getName(), "127.0.0.1", Integer.toString(PORT), MAC));
        Matcher ack = Pattern.compile("^ACK (\\S+)$", Pattern.MULTILINE).matcher(out);
        assertTrue(ack.find(), "the named client got an ACK: " + out);
        return ack.group(1);
    }

    private static void awaitLine(Process process, Path log, String text) throws Exception {
        awaitLine(process, log, text, START_TIMEOUT_SECONDS);
    }

    /** Waits (at most {@code seconds}) for {@code text} in {@code log} while {@code process} runs. */
    private static void awaitLine(Process process, Path log, String text, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String content = Files.exists(log) ? Files.readString(log) : "";
            if (content.contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the host exited with " + process.exitValue() + " before " + text + ":\n" + content);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no \"" + text + "\" within " + seconds + " s in " + log + ":\n"
                + (Files.exists(log) ? Files.readString(log) : "(no file)"));
    }

    /** Ends a process this test started, by its handle (never by name). */
    private static void stop(Process process) throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static boolean onPath(String command) throws Exception {
        return new ProcessBuilder("sh", "-c", "command -v " + command).start().waitFor() == 0;
    }

    private static void run(List<String> command) throws Exception {
        String out = output(command);
        // output() already failed on a non-zero exit
        if (!out.isBlank()) {
            System.out.println(out);
        }
    }

    /** Runs a command to its end (at most 60 s), returns its output; fails on a non-zero exit. */
    private static String output(List<String> command) throws Exception {
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        byte[] bytes;
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
            }
            bytes = process.getInputStream().readAllBytes();
        } finally {
            stop(process);
        }
        String out = new String(bytes, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited with " + process.exitValue() + ":\n" + out);
        }
        return out;
    }

    /** One exchange's figures from perfdhcp's report. */
    record Exchange(long sent, long received, double dropsPercent) {
        static Exchange of(String report, String name) {
            int at = report.indexOf("***Statistics for: " + name + "***");
            if (at < 0) {
                throw new AssertionError("no " + name + " statistics in perfdhcp's report:\n" + report);
            }
            String section = report.substring(at);
            return new Exchange(number(section, "sent packets: (\\d+)"), number(section, "received packets: (\\d+)"),
                    Double.parseDouble(group(section, "drops ratio: ([0-9.]+) %")));
        }

        private static long number(String text, String regex) {
            return Long.parseLong(group(text, regex));
        }

        private static String group(String text, String regex) {
            Matcher m = Pattern.compile(regex).matcher(text);
            if (!m.find()) {
                throw new AssertionError("no \"" + regex + "\" in " + text);
            }
            return m.group(1);
        }
    }
}
