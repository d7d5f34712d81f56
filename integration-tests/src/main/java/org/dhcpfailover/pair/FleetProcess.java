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
import java.util.function.Function;

/**
 * A named-client fleet process ({@link ClientFleet}, {@link Dhcp6ClientFleet}) in the client
 * namespace, seen from the driver: started with this JVM's class path, it prints {@code READY},
 * then answers each command with {@code EVENT ...} lines and {@code DONE command}, and
 * {@code report} with {@code HOLD ...} lines. {@link Fleet} and {@link Fleet6} give the lines
 * their meaning.
 *
 * @param <E> an event line, parsed
 */
final class FleetProcess<E> implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;
    private final PrintStream in;
    private final String what;
    private final Function<String, E> parseEvent;
    private final List<E> events = new CopyOnWriteArrayList<>();

    private FleetProcess(Process process, String what, Function<String, E> parseEvent) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.what = what;
        this.parseEvent = parseEvent;
    }

    /**
     * Starts {@code main} in {@code namespace}; its stderr goes to {@code log}. {@code what} names
     * the fleet in errors ("the client fleet").
     */
    static <E> FleetProcess<E> start(String namespace, Path log, Class<?> main, String what,
            Function<String, E> parseEvent) throws IOException {
        List<String> java = Commands.javaCommand(List.of("-Xmx128m"), main);
        Process process = new ProcessBuilder(Commands.inNamespace(namespace, java))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        FleetProcess<E> fleet = new FleetProcess<>(process, what, parseEvent);
        String ready = fleet.out.readLine();
        if (!"READY".equals(ready)) {
            process.destroyForcibly();
            throw new IOException(what + " did not start (said " + ready + "); see " + log);
        }
        return fleet;
    }

    /** Sends one command and returns the events it produced (waits for its DONE line). */
    List<E> command(String command) throws IOException {
        in.println(command);
        List<E> produced = new ArrayList<>();
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("EVENT ")) {
                E event = parseEvent.apply(line);
                produced.add(event);
                events.add(event);
            } else if (line.startsWith("DONE ")) {
                return produced;
            } else if (line.startsWith("ERROR")) {
                throw new IOException("fleet: " + line);
            }
        }
        throw new IOException(what + " ended unexpectedly");
    }

    /** What every client holds now, by client name, each {@code HOLD name ...} line parsed by {@code parse} (split at blanks). */
    <H> Map<String, H> holds(Function<String[], H> parse) throws IOException {
        in.println("report");
        Map<String, H> holds = new LinkedHashMap<>();
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("HOLD ")) {
                String[] w = line.split(" ");
                holds.put(w[1], parse.apply(w));
            } else if (line.equals("DONE report")) {
                return holds;
            }
        }
        throw new IOException(what + " ended unexpectedly");
    }

    /** Every event since the start. */
    List<E> events() {
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
