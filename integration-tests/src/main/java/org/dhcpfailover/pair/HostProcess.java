package org.dhcpfailover.pair;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One DHCP host process this test started (inside a network namespace), with its log file. It is
 * only ever signalled by its own PID.
 */
public final class HostProcess implements AutoCloseable {

    private final String name;
    private final Path log;
    private final Process process;

    private HostProcess(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    /** Starts {@code java -jar jar --config config} in {@code namespace}; output goes to {@code log} (appended). */
    public static HostProcess start(String name, String namespace, Path jar, Path config, Path log) throws IOException {
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC",
                "-Dhost.log.level=" + System.getProperty("host.log.level", "debug"), "-jar", jar.toString(), "--config", config.toString()));
        List<String> command = namespace == null ? java : Commands.inNamespace(namespace, java);
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        process.getOutputStream().close();
        return new HostProcess(name, log, process);
    }

    public String name() {
        return name;
    }

    /** The JVM's PID (`ip netns exec` execs the JVM in its own place). */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** Waits until the log holds {@code text}, at most {@code seconds}; false if the process died or time ran out. */
    public boolean awaitLog(String text, int seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                return false;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** SIGKILL: the process gets no chance to close anything. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM and wait for the orderly stop; SIGKILL after {@code seconds}. Returns the exit code. */
    public int stop(int seconds) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill9();
        }
    }
}
