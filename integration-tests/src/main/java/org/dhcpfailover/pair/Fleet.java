package org.dhcpfailover.pair;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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

    private final FleetProcess<Event> process;

    private Fleet(FleetProcess<Event> process) {
        this.process = process;
    }

    /** Starts the fleet in {@code namespace} with this JVM's class path; its stderr goes to {@code log}. */
    public static Fleet start(String namespace, Path log) throws IOException {
        return new Fleet(FleetProcess.start(namespace, log, ClientFleet.class, "the client fleet", Event::parse));
    }

    /** Sends one command and returns the events it produced (waits for its DONE line). */
    public List<Event> command(String command) throws IOException {
        return process.command(command);
    }

    /** What every client holds now, by client name. */
    public Map<String, Hold> holds() throws IOException {
        return process.holds(w -> new Hold(w[1], w[2], w[3], Long.parseLong(w[4])));
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
        return process.events();
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
