package org.dhcpfailover.pair;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@link StatusProbe} process in a host's namespace and the latest status it printed. */
final class Probe {

    private final Process process;
    private volatile ServerStatus latest = new ServerStatus("STARTING", "-", false, 0, 0);
    /** {@link System#nanoTime()} just before {@link #latest} was read from the server (the probe's clock is ours). */
    private volatile long latestReadAt = Long.MIN_VALUE;

    private Probe(Process process) {
        this.process = process;
    }

    static Probe start(String namespace, long pid, Path log, String relationship) throws IOException {
        List<String> java = Commands.javaCommand(List.of("-Xmx64m", "-XX:TieredStopAtLevel=1"), StatusProbe.class,
                Long.toString(pid), relationship);
        Process process = new ProcessBuilder(Commands.inNamespace(namespace, java))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        process.getOutputStream().close();
        Probe probe = new Probe(process);
        Thread reader = new Thread(probe::read, "probe-" + pid);
        reader.setDaemon(true);
        reader.start();
        return probe;
    }

    /** Runs {@link StatusProbe} once in {@code namespace} to invoke {@code operation}; its answer line. */
    static String invoke(String namespace, long pid, String relationship, String operation) {
        List<String> java = Commands.javaCommand(List.of("-Xmx64m"), StatusProbe.class, Long.toString(pid),
                relationship, operation);
        return Commands.run(Commands.inNamespace(namespace, java), true).strip();
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                String[] w = line.split(" ");
                if (w.length == 7 && w[0].equals("STATUS")) {
                    latest = new ServerStatus(w[1], w[2], Boolean.parseBoolean(w[3]), Long.parseLong(w[4]),
                            Long.parseLong(w[5]));
                    latestReadAt = Long.parseLong(w[6]);
                }
            }
        } catch (IOException | RuntimeException e) {
            latest = new ServerStatus("UNKNOWN", "-", false, 0, 0);
        }
    }

    ServerStatus latest() {
        return latest;
    }

    /** Whether {@link #latest} was read from the server after {@code nanoTime} (a {@link System#nanoTime()}). */
    boolean readSince(long nanoTime) {
        return latestReadAt != Long.MIN_VALUE && latestReadAt - nanoTime >= 0;
    }

    void close() {
        process.destroy();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }
}
