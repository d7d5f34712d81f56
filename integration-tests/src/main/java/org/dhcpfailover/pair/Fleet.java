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

/** The {@link ClientFleet} process in the client namespace, seen from the driver. */
public final class Fleet implements AutoCloseable {

    /**
     * One line the fleet printed: {@code EVENT epochMillis name kind address server waitedMillis
     * lease offered}, {@code offered} being the lease time of the client's last OFFER.
     */
    public record Event(long at, String client, String kind, String address, String server, long waitedMillis,
            long leaseSeconds, long offeredSeconds) {
        static Event parse(String line) {
            String[] w = line.split(" ");
            return new Event(Long.parseLong(w[1]), w[2], w[3], w[4], w[5], Long.parseLong(w[6]), Long.parseLong(w[7]),
                    Long.parseLong(w[8]));
        }
    }

    /** What a client holds now. */
    public record Hold(String client, String address, String server, long leaseSeconds) {
    }

    private final Process process;
    private final BufferedReader out;
    private final PrintStream in;
    private final List<Event> events = new CopyOnWriteArrayList<>();

    private Fleet(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    /** Starts the fleet in {@code namespace} with this JVM's class path; its stderr goes to {@code log}. */
    public static Fleet start(String namespace, Path log) throws IOException {
        List<String> java = Commands.javaCommand(List.of("-Xmx128m"), ClientFleet.class);
        Process process = new ProcessBuilder(Commands.inNamespace(namespace, java))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Fleet fleet = new Fleet(process);
        String ready = fleet.out.readLine();
        if (!"READY".equals(ready)) {
            process.destroyForcibly();
            throw new IOException("the client fleet did not start (said " + ready + "); see " + log);
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
        throw new IOException("the client fleet ended unexpectedly");
    }

    /** What every client holds now, by client name. */
    public Map<String, Hold> holds() throws IOException {
        in.println("report");
        Map<String, Hold> holds = new LinkedHashMap<>();
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("HOLD ")) {
                String[] w = line.split(" ");
                holds.put(w[1], new Hold(w[1], w[2], w[3], Long.parseLong(w[4])));
            } else if (line.equals("DONE report")) {
                return holds;
            }
        }
        throw new IOException("the client fleet ended unexpectedly");
    }

    /** How many of {@code events} are answered exchanges (a lease bound or renewed). */
    public static long answered(List<Event> events) {
        return events.stream().filter(e -> List.of("BOUND", "RENEWED").contains(e.kind())).count();
    }

    /** How many of {@code events} {@code server} answered with a lease. */
    public static long answeredBy(List<Event> events, String server) {
        return answered(events.stream().filter(e -> server.equals(e.server())).toList());
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
