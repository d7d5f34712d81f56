package org.dhcpfailover.pair;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads a host's failover MXBean from inside the host's network namespace (the JDK's local JMX
 * agent listens on the namespace's loopback, which the driver's namespace cannot reach) and
 * prints {@code STATUS state partnerState communicating bindings waiting readAt} four times a second
 * ({@code readAt}: {@link System#nanoTime()} before the read, the machine's monotonic clock, which
 * the test JVM reading these lines shares)
 * until the host's process ends. With a third argument, invokes that operation once instead
 * (e.g. {@code partnerDown}, the operator's command of RFC 8156 §8.4).
 */
public final class StatusProbe {
    private StatusProbe() {}

    public static void main(String[] args) throws InterruptedException {
        long pid = Long.parseLong(args[0]);
        String relationship = args[1];
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (args.length > 2) {
            // One operation, e.g. "partnerDown": print OK or the refusal, exit.
            try (JmxStatus jmx = JmxStatus.attach(pid)) {
                jmx.invoke(relationship, args[2]);
                out.println("OK");
            } catch (IOException e) {
                out.println("REFUSED " + e.getMessage());
            }
            return;
        }
        JmxStatus jmx = null;
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            long readAt = System.nanoTime();
            try {
                if (jmx == null) {
                    jmx = JmxStatus.attach(pid);
                }
                Map<String, Object> a = jmx.relationship(relationship);
                ServerStatus status = ServerStatus.of(a);
                out.println("STATUS " + status.state() + " " + status.partnerState() + " " + status.communicating()
                        + " " + status.bindings() + " " + status.pending() + " " + readAt);
            } catch (IOException | RuntimeException e) {
                out.println("STATUS STARTING - false 0 0 " + readAt);
                if (jmx != null) {
                    try {
                        jmx.close();
                    } catch (IOException ignored) {
                        // reconnect below
                    }
                    jmx = null;
                }
            }
            Thread.sleep(250);
        }
        out.println("STATUS DOWN - false 0 0 " + System.nanoTime());
    }
}
