package org.dhcpfailover.pair;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short system commands (ip, sysctl) with a time bound; a failure says which command and why. */
public final class Commands {
    private Commands() {}

    /** Runs {@code command}, waits at most 20 s, returns its output; throws if it fails. */
    public static String run(String... command) {
        return run(List.of(command), true);
    }

    /** Runs {@code command}; returns its output, or null when it fails and {@code mustSucceed} is false. */
    public static String run(List<String> command, boolean mustSucceed) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                if (mustSucceed) {
                    throw new IllegalStateException("failed (" + process.exitValue() + "): " + String.join(" ", command)
                            + ": " + text.strip());
                }
                return null;
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }

    /** A JVM like this one (same java, same class path) running {@code mainClass} with {@code options} and {@code args}. */
    public static List<String> javaCommand(List<String> options, Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(java.nio.file.Path.of(System.getProperty("java.home"), "bin",
                "java").toString()));
        command.addAll(options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** {@code command} run inside network namespace {@code ns}. */
    public static List<String> inNamespace(String ns, List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(command);
        return full;
    }

    /** Whether this process may create network namespaces and the tools are there. */
    public static boolean canCreateNamespaces() {
        return "root".equals(System.getProperty("user.name")) && run(List.of("ip", "netns", "list"), false) != null;
    }

    /** Whether {@code program} is on the PATH. */
    public static boolean installed(String program) {
        return run(List.of("sh", "-c", "command -v " + program), false) != null;
    }
}
