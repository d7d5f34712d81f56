package org.dhcpfailover.pair;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** The {@link Dhcp6ClientFleet} process in the client namespace, seen from the driver. */
public final class Fleet6 implements AutoCloseable {

    /** One line the fleet printed (see {@link Dhcp6ClientFleet}); "-" where the client holds nothing. */
    public record Event(long at, String client, String kind, String address, String prefix, String server,
            long waitedMillis, long validNa, long validPd, long offeredNa, long offeredPd) {
        static Event parse(String line) {
            String[] w = line.split(" ");
            return new Event(Long.parseLong(w[1]), w[2], w[3], w[4], w[5], w[6], Long.parseLong(w[7]),
                    Long.parseLong(w[8]), Long.parseLong(w[9]), Long.parseLong(w[10]), Long.parseLong(w[11]));
        }

        /** Whether {@code primary} (or the secondary) answered, by the server DUID in the reply. */
        public boolean from(boolean primary) {
            return server.equals(PairConfig.serverDuid(primary).replace(":", ""));
        }
    }

    /** What a client holds now: its DUID (hex), address, prefix ("address/length"), server DUID, lifetimes. */
    public record Hold(String client, String duid, String address, String prefix, String server, long validNa,
            long validPd) {
    }

    private final Process process;
    private final BufferedReader out;
    private final PrintStream in;
    private final List<Event> events = new CopyOnWriteArrayList<>();

    private Fleet6(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    /** Starts the fleet in {@code namespace} with this JVM's class path; its stderr goes to {@code log}. */
    public static Fleet6 start(String namespace, Path log) throws IOException {
        List<String> java = Commands.javaCommand(List.of("-Xmx128m"), Dhcp6ClientFleet.class);
        Process process = new ProcessBuilder(Commands.inNamespace(namespace, java))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Fleet6 fleet = new Fleet6(process);
        String ready = fleet.out.readLine();
        if (!"READY".equals(ready)) {
            process.destroyForcibly();
            throw new IOException("the DHCPv6 client fleet did not start (said " + ready + "); see " + log);
        }
        return fleet;
    }

    /** Sends one command and returns the events it produced (waits for its DONE line). */
    public List<Event> command(String command) throws IOException {
        in.println(command);
        List<Event> produced = new ArrayList<>();
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("EVENT ")) {
                Event event = Event.parse(line);
                produced.add(event);
                events.add(event);
            } else if (line.startsWith("DONE ")) {
                return produced;
            } else if (line.startsWith("ERROR")) {
                throw new IOException("fleet: " + line);
            }
        }
        throw new IOException("the DHCPv6 client fleet ended unexpectedly");
    }

    /** What every client holds now, by client name. */
    public Map<String, Hold> holds() throws IOException {
        in.println("report");
        Map<String, Hold> holds = new LinkedHashMap<>();
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("HOLD ")) {
                String[] w = line.split(" ");
                holds.put(w[1], new Hold(w[1], w[2], w[3], w[4], w[5], Long.parseLong(w[6]), Long.parseLong(w[7])));
            } else if (line.equals("DONE report")) {
                return holds;
            }
        }
        throw new IOException("the DHCPv6 client fleet ended unexpectedly");
    }

    /** How many of {@code events} are answered exchanges with an address and a prefix (bound or renewed). */
    public static long answered(List<Event> events) {
        return events.stream().filter(e -> List.of("BOUND", "RENEWED").contains(e.kind())).count();
    }

    /** How many of {@code events} the primary (or the secondary) answered with an address and a prefix. */
    public static long answeredBy(List<Event> events, boolean primary) {
        return answered(events.stream().filter(e -> e.from(primary)).toList());
    }

    /** Every event since the start. */
    public List<Event> events() {
        return List.copyOf(events);
    }

    @Override
    public void close() throws InterruptedException {
        in.println("quit");
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
