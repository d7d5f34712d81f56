package org.dhcpfailover.host.hooks;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.List;
import org.dhcpfailover.host.testing.HookJars;

/**
 * Builds real hook jars at test time: Java source compiled against the SPI on the test class path,
 * packed with a {@code META-INF/services} entry, so the loader meets jars the way a user's are.
 */
final class TestHookJars {

    /**
     * A hook whose behaviour comes from its parameters: {@code "record"} is a file each call is
     * appended to, {@code "fail"} names a method that throws ("create", "start", "answer",
     * "allocate", "leaseEvent", "stop"), {@code "invalid"} makes create report that problem.
     */
    static final String RECORDING_HOOK = """
            package test.hook;

            import java.nio.file.*;
            import java.util.*;
            import java.util.concurrent.CompletableFuture;
            import org.dhcpfailover.hook.spi.*;

            public final class RecordingFactory implements HookFactory {
                public int spiVersion() { return %d; }
                public String name() { return "recording"; }
                public Hook create(HookContext context) throws HookConfigurationException {
                    String json = context.parametersJson();
                    String record = field(json, "record");
                    String fail = field(json, "fail");
                    String invalid = field(json, "invalid");
                    if (invalid != null) {
                        throw new HookConfigurationException(List.of(context.parametersPath() + ".invalid: " + invalid));
                    }
                    if ("create".equals(fail)) throw new IllegalStateException("create failed on purpose");
                    return new Hook() {
                        void note(String what) {
                            try {
                                Files.writeString(Path.of(record), what + "\\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                            } catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); }
                        }
                        void maybeFail(String call) { if (call.equals(fail)) throw new IllegalStateException(call + " failed on purpose"); }
                        public void start() throws Exception {
                            note("start " + field(json, "id") + " pools=" + context.pools().size() + " family=" + context.family()
                                    + " tccl=" + (Thread.currentThread().getContextClassLoader() == getClass().getClassLoader())
                                    + " hostVisible=" + visible("org.dhcpfailover.host.config.HostConfiguration")
                                    + " spiShared=" + (HookFactory.class.getClassLoader() != getClass().getClassLoader()));
                            maybeFail("start");
                        }
                        public void stop() { note("stop " + field(json, "id")); maybeFail("stop"); }
                        public boolean answer(ClientMessage message) { maybeFail("answer"); note("answer " + field(json, "id")); return !"no".equals(field(json, "answer")); }
                        public Optional<LeaseDecision> allocate(LeaseRequest request) {
                            maybeFail("allocate");
                            note("allocate " + field(json, "id") + " " + request.pool());
                            if (!request.pool().equals(field(json, "pool"))) return Optional.empty();
                            return Optional.of(new LeaseDecision(LeaseDecision.Outcome.NO_LEASE, Optional.empty(),
                                    CompletableFuture.completedFuture(null), "decided by " + field(json, "id")));
                        }
                        public void leaseEvent(LeaseEvent event) { note("event " + field(json, "id") + " " + event.type()); maybeFail("leaseEvent"); }
                    };
                }
                static boolean visible(String name) {
                    try { Class.forName(name, false, RecordingFactory.class.getClassLoader()); return true; }
                    catch (ClassNotFoundException e) { return false; }
                }
                static String field(String json, String key) {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\"" + key + "\\"\\\\s*:\\\\s*\\"([^\\"]*)\\"").matcher(json);
                    return m.find() ? m.group(1) : null;
                }
            }
            """;

    private TestHookJars() {}

    /** Compiles {@link #RECORDING_HOOK} reporting {@code spiVersion} into {@code jar}. */
    static Path recordingHook(Path work, String jarName, int spiVersion, boolean withServiceEntry) throws IOException {
        return HookJars.compile(work, work.resolve(jarName), "test.hook.RecordingFactory",
                RECORDING_HOOK.formatted(spiVersion), withServiceEntry);
    }

    /** Writes bytes that are not a jar. */
    static Path notAJar(Path work, String name) throws IOException {
        Path file = work.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("not a jar".getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }
}
