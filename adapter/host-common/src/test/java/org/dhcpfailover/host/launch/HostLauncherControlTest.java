package org.dhcpfailover.host.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dhcpfailover.host.config.DhcpVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The launcher with a {@code control} section: the connector starts before the host, and its failures stop the start. */
@Timeout(60)
class HostLauncherControlTest {

    /** A host that only records that it ran. */
    private static final class Host implements HostLauncher.RunningHost {
        @Override
        public void awaitStopped() {
        }

        @Override
        public void close() {
        }
    }

    @TempDir
    Path dir;

    private int port;

    private Path config(String passwordPermissions) throws Exception {
        Path passwords = Files.writeString(dir.resolve("jmx.password"), "admin s3cret\n");
        Files.setPosixFilePermissions(passwords, PosixFilePermissions.fromString(passwordPermissions));
        Files.writeString(dir.resolve("jmx.access"), "admin readwrite\n");
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        return Files.writeString(dir.resolve("dhcp4.json"), """
                { "Dhcp4": {
                    "server-address": "10.99.0.1",
                    "listen": { "interface": "lo", "address": "127.0.0.1", "port": 6767 },
                    "store-directory": "state",
                    "control": { "jmx-address": "127.0.0.1", "jmx-port": %d,
                                 "password-file": "jmx.password", "access-file": "jmx.access" }
                } }""".formatted(port));
    }

    @Test
    void aPasswordFileOthersCanReadStopsTheStartWithExitStatusOne() throws Exception {
        Path file = config("rw-r-----");
        AtomicBoolean started = new AtomicBoolean();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        HostLauncher.Launch<Host> launch = new HostLauncher<Host>("failover-host-v4", DhcpVersion.DHCPV4, "usage")
                .launch(new String[] {"--config", file.toString()}, new PrintStream(new ByteArrayOutputStream()),
                        new PrintStream(err, true, StandardCharsets.UTF_8), config -> {
                            started.set(true);
                            return new Host();
                        });

        assertEquals(HostLauncher.EXIT_START_FAILED, launch.exitStatus());
        assertFalse(started.get(), "the host is not started without its control connector");
        String printed = err.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("failover-host-v4: cannot start: control password-file " + dir.resolve("jmx.password")
                + " must be accessible by its owner only (it is rw-r-----); run chmod 600"), printed);
        assertNothingListens("nothing left listening on the control port");
    }

    @Test
    void theConnectorStartsBeforeTheHostAndGoesWithAHostThatFailsToStart() throws Exception {
        Path file = config("rw-------");
        AtomicBoolean listeningWhenHostStarted = new AtomicBoolean();

        HostLauncher.Launch<Host> launch = new HostLauncher<Host>("failover-host-v4", DhcpVersion.DHCPV4, "usage")
                .launch(new String[] {"--config", file.toString()}, new PrintStream(new ByteArrayOutputStream()),
                        new PrintStream(new ByteArrayOutputStream()), config -> {
                            try (java.net.Socket probe = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
                                listeningWhenHostStarted.set(probe.isConnected());
                            } catch (java.io.IOException e) {
                                listeningWhenHostStarted.set(false);
                            }
                            throw new HostLauncher.StartException("UDP port in use", null);
                        });

        assertEquals(HostLauncher.EXIT_START_FAILED, launch.exitStatus());
        assertTrue(listeningWhenHostStarted.get(), "the connector was up before the host started");
        assertTrue(launch.control().isEmpty());
        assertNothingListens("the connector was closed with the failed start");
    }

    /**
     * Binds the control port with SO_REUSEADDR (the probe's connection may linger in TIME_WAIT; on
     * Linux the bind still fails while anything listens there). RMI releases its listening socket
     * from its own threads once the last object exported on it is gone, so this tries up to 100
     * times, 50 ms apart.
     */
    private void assertNothingListens(String why) throws Exception {
        java.net.BindException last = null;
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket free = new ServerSocket()) {
                free.setReuseAddress(true);
                free.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
                return;
            } catch (java.net.BindException e) {
                last = e;
                Thread.sleep(50);
            }
        }
        throw new AssertionError(why + ": port " + port + " still taken", last);
    }
}
