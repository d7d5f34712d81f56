package org.dhcpfailover.pair;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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

    private final FleetProcess<Event> process;

    private Fleet6(FleetProcess<Event> process) {
        this.process = process;
    }

    /** Starts the fleet in {@code namespace} with this JVM's class path; its stderr goes to {@code log}. */
    public static Fleet6 start(String namespace, Path log) throws IOException {
        return new Fleet6(FleetProcess.start(namespace, log, Dhcp6ClientFleet.class, "the DHCPv6 client fleet", Event::parse));
    }

    /** Sends one command and returns the events it produced (waits for its DONE line). */
    public List<Event> command(String command) throws IOException {
        return process.command(command);
    }

    /** What every client holds now, by client name. */
    public Map<String, Hold> holds() throws IOException {
        return process.holds(w -> new Hold(w[1], w[2], w[3], w[4], w[5], Long.parseLong(w[6]), Long.parseLong(w[7])));
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
        return process.events();
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
