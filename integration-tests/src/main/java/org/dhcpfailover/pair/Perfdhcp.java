package org.dhcpfailover.pair;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ISC perfdhcp (Debian kea-admin) in the client namespace, always bounded in rate, clients and
 * duration (HOSTS.md §3: without -r/-p it floods without end): DHCPv4 as a relay, DHCPv6 as
 * clients on the client bridge ({@code -6 -l br0}, multicast to both servers) asking for an
 * address and a prefix ({@code -e address-and-prefix}). For DHCPv6 the report's "discovers" and
 * "offers" are SOLICITs and ADVERTISEs, "requests" and "acks" REQUESTs and REPLYs.
 */
public final class Perfdhcp {

    /** What one run reported. */
    public record Report(long discovers, long offers, long requests, long acks, double rate, String text) {
        public double dropRatio() {
            return discovers == 0 ? 1 : 1 - (double) acks / discovers;
        }
    }

    private static final Pattern BLOCK = Pattern.compile(
            "Statistics for: (DISCOVER-OFFER|REQUEST-ACK|SOLICIT-ADVERTISE|REQUEST-REPLY)\\*+\\s+sent packets: (\\d+)\\s+received packets: (\\d+)");
    private static final Pattern RATE = Pattern.compile("Rate: ([0-9.]+)");

    private final Process process;

    private Perfdhcp(Process process) {
        this.process = process;
    }

    /**
     * Starts DORA load at {@code rate} exchanges/s from {@code clients} simulated clients for
     * {@code seconds}, relayed from {@link PairTopology#LOAD_RELAY_ADDRESS} to {@code server}.
     */
    public static Perfdhcp start(String namespace, String server, int rate, int clients, int seconds)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("perfdhcp", "-4", "-l", PairTopology.LOAD_RELAY_ADDRESS,
                "-r", Integer.toString(rate), "-R", Integer.toString(clients), "-p", Integer.toString(seconds),
                "-W", "2000000", server));
        Process process = new ProcessBuilder(Commands.inNamespace(namespace, command)).redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        return new Perfdhcp(process);
    }

    /**
     * Starts DHCPv6 SOLICIT / ADVERTISE / REQUEST / REPLY load asking for an address and a prefix,
     * at {@code rate} exchanges/s from {@code clients} simulated clients for {@code seconds}, sent
     * by multicast on the client bridge of {@code topology} (both servers hear it, RFC 8415 §7.1).
     */
    public static Perfdhcp startV6(PairTopology topology, int rate, int clients, int seconds)
            throws IOException, InterruptedException {
        topology.awaitLinkLocal();
        List<String> command = List.of("perfdhcp", "-6", "-l", "br0", "-e", "address-and-prefix",
                "-r", Integer.toString(rate), "-R", Integer.toString(clients), "-p", Integer.toString(seconds),
                "-W", "2000000");
        Process process = new ProcessBuilder(Commands.inNamespace(topology.clientNamespace(), command))
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        return new Perfdhcp(process);
    }

    /** Waits for the end of the run (its duration plus a margin) and parses the report. */
    public Report await(int seconds) throws IOException, InterruptedException {
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return parse(new String(output, StandardCharsets.UTF_8));
    }

    static Report parse(String text) {
        long[] counts = new long[4];
        Matcher block = BLOCK.matcher(text);
        while (block.find()) {
            int base = block.group(1).equals("DISCOVER-OFFER") || block.group(1).equals("SOLICIT-ADVERTISE") ? 0 : 2;
            counts[base] = Long.parseLong(block.group(2));
            counts[base + 1] = Long.parseLong(block.group(3));
        }
        Matcher rate = RATE.matcher(text);
        return new Report(counts[0], counts[1], counts[2], counts[3], rate.find() ? Double.parseDouble(rate.group(1)) : 0,
                text);
    }
}
