package org.dhcpfailover.host.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.dhcpfailover.host.config.ControlConfig;
import org.dhcpfailover.host.config.ControlTls;
import org.dhcpfailover.host.launch.HostLauncher.StartException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control connector with TLS ({@code control.tls}) against failoverctl, with certificates that
 * {@code bin/gen-failover-certs} makes for the test: the right trust store reads and writes, a
 * certificate the trust store does not lead to and a plaintext client are refused with exit
 * status 3, client certificates when {@code need-client-auth}, and the start refused for a
 * plaintext connector on an address other than loopback.
 *
 * <p>A failoverctl that must complete a TLS connection runs as its own process, as it does for the
 * operator: it makes its trust store the process's default TLS context, which the JDK's
 * {@code SslRMIClientSocketFactory} takes once per JVM. The refusals happen at the registry, on
 * failoverctl's own sockets, and run in this JVM.
 */
@Timeout(120)
class ControlTlsTest {

    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    @TempDir
    static Path certs;

    @TempDir
    Path dir;

    private final FakeRelationship bean = new FakeRelationship();
    private ObjectName name;
    private ControlServer control;
    private int port;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Two CAs: "pair" issues the host's and the operator's certificates; "other" is a stranger. */
    @BeforeAll
    static void makeCertificates() throws Exception {
        gen(certs.resolve("pair"), "control=127.0.0.1", "operator");
        gen(certs.resolve("other"), "stranger");
    }

    private static void gen(Path out, String... servers) throws Exception {
        Path script = Path.of("../../bin/gen-failover-certs").toAbsolutePath().normalize();
        List<String> command = new ArrayList<>(List.of(script.toString(), out.toString()));
        command.addAll(List.of(servers));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "gen-failover-certs did not end");
        assertEquals(0, process.exitValue(), output);
    }

    @BeforeEach
    void publish() throws Exception {
        name = new ObjectName("org.dhcpfailover:type=FailoverRelationship,server=fo-ops-s,name=fo-ops-1");
        JMX.registerMBean(bean, name);
        Path passwords = dir.resolve("jmx.password");
        Files.writeString(passwords, "monitor m0n1tor\nadmin s3cret\n");
        Files.setPosixFilePermissions(passwords, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(dir.resolve("jmx.access"), "monitor readonly\nadmin readwrite\n");
        Files.writeString(dir.resolve("admin.pw"), "s3cret\n");
        Files.writeString(dir.resolve("monitor.pw"), "m0n1tor\n");
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
    }

    @AfterEach
    void unpublish() throws Exception {
        if (control != null) {
            control.close();
        }
        JMX.unregisterMBean(name);
    }

    private ControlConfig config(InetAddress address, Optional<ControlTls> tls, boolean allowPlaintext) {
        return new ControlConfig(new InetSocketAddress(address, port), dir.resolve("jmx.password"),
                dir.resolve("jmx.access"), tls, allowPlaintext);
    }

    private static ControlTls tls(boolean needClientAuth) {
        Path pair = certs.resolve("pair");
        return new ControlTls(pair.resolve("control.p12"), Optional.empty(),
                Optional.of(pair.resolve("control.password")), needClientAuth,
                needClientAuth ? Optional.of(pair.resolve("ca.pem")) : Optional.empty());
    }

    private void start(boolean needClientAuth) throws StartException {
        control = ControlServer.start(config(InetAddress.getLoopbackAddress(), Optional.of(tls(needClientAuth)),
                false));
    }

    private List<String> remote(String user, String... more) {
        List<String> args = new ArrayList<>(List.of("--jmx", "127.0.0.1:" + port, "--user", user,
                "--password-file", dir.resolve(user + ".pw").toString()));
        args.addAll(List.of(more));
        return args;
    }

    /** failoverctl in this JVM. */
    private int ctl(List<String> args) {
        out.reset();
        err.reset();
        return FailoverCtl.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), FailoverCtl::connect);
    }

    /** failoverctl as its own process (bin/failoverctl's main), its output in {@link #out} and {@link #err}. */
    private int ctlProcess(List<String> args) throws Exception {
        out.reset();
        err.reset();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FailoverCtl.class.getName()));
        command.addAll(args);
        Path stdout = dir.resolve("ctl.out");
        Path stderr = dir.resolve("ctl.err");
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("failoverctl did not end within 60 s");
        }
        out.write(Files.readAllBytes(stdout));
        err.write(Files.readAllBytes(stderr));
        return process.exitValue();
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static String ca(String which) {
        return certs.resolve(which).resolve("ca.pem").toString();
    }

    // ------------------------------------------------------------------ TLS

    /** RFC 8156 §8.4 over TLS: status and partner-down with the trust store of the host's CA. */
    @Test
    void withTheRightTrustStoreFailoverctlReadsAndWrites_rfc8156_8_4() throws Exception {
        start(false);

        assertEquals(FailoverCtl.EXIT_OK, ctlProcess(remote("monitor", "--trust-store", ca("pair"), "status")),
                err());
        assertTrue(out().startsWith("fo-ops-1 (server fo-ops-s, secondary)\n"), out());

        assertEquals(FailoverCtl.EXIT_OK, ctlProcess(remote("admin", "--trust-store", ca("pair"), "partner-down")),
                err());
        assertEquals("fo-ops-1: partner declared down; this server is in PARTNER-DOWN\n", out());
        assertEquals(List.of("partnerDown"), bean.calls);
    }

    @Test
    void aCertificateTheTrustStoreDoesNotLeadToExitsThree() throws Exception {
        start(false);

        assertEquals(FailoverCtl.EXIT_CANNOT_CONNECT, ctl(remote("admin", "--trust-store", ca("other"),
                "partner-down")));

        assertTrue(err().startsWith("failoverctl: cannot connect: the connector's certificate does not lead to a "
                + "CA of --trust-store " + ca("other")), err());
        assertTrue(bean.calls.isEmpty(), "nothing ran: " + bean.calls);
    }

    @Test
    void aPlaintextClientIsRefusedByATlsConnector() throws Exception {
        start(false);

        assertEquals(FailoverCtl.EXIT_CANNOT_CONNECT, ctl(remote("admin", "partner-down")));

        assertTrue(err().startsWith("failoverctl: cannot connect: "), err());
        assertTrue(err().contains("(the connector may speak TLS: give --trust-store with the CA of its certificate)"),
                err());
        assertTrue(bean.calls.isEmpty(), "nothing ran: " + bean.calls);
    }

    @Test
    void aTlsClientIsRefusedByAPlaintextConnector() throws Exception {
        control = ControlServer.start(config(InetAddress.getLoopbackAddress(), Optional.empty(), false));

        assertEquals(FailoverCtl.EXIT_CANNOT_CONNECT, ctl(remote("monitor", "--trust-store", ca("pair"), "status")));

        assertTrue(err().startsWith("failoverctl: cannot connect: TLS with the connector failed: "), err());
    }

    @Test
    void needClientAuthWantsACertificateFromTheTrustStoresCa() throws Exception {
        start(true);

        assertEquals(FailoverCtl.EXIT_CANNOT_CONNECT, ctlProcess(remote("monitor", "--trust-store", ca("pair"),
                "status")));
        assertTrue(err().startsWith("failoverctl: cannot connect: TLS with the connector failed: "), err());
        assertTrue(err().contains("wants --key-store and --key-store-password-file"), err());

        Path stranger = certs.resolve("other");
        assertEquals(FailoverCtl.EXIT_CANNOT_CONNECT, ctlProcess(remote("monitor", "--trust-store", ca("pair"),
                "--key-store", stranger.resolve("stranger.p12").toString(), "--key-store-password-file",
                stranger.resolve("stranger.password").toString(), "status")));
        assertTrue(err().startsWith("failoverctl: cannot connect: TLS with the connector failed: "), err());
        assertTrue(err().contains("does the connector's trust-store hold the CA of the --key-store certificate?"),
                err());

        Path pair = certs.resolve("pair");
        assertEquals(FailoverCtl.EXIT_OK, ctlProcess(remote("monitor", "--trust-store", ca("pair"),
                "--key-store", pair.resolve("operator.p12").toString(), "--key-store-password-file",
                pair.resolve("operator.password").toString(), "--json", "status")), err());
        assertTrue(out().contains("\"relationship\" : \"fo-ops-1\""), out());
    }

    // ------------------------------------------------------------------ start

    @Test
    void aPlaintextConnectorOnANonLoopbackAddressIsRefusedUnlessAllowed() throws Exception {
        InetAddress documentation = InetAddress.getByName("192.0.2.1"); // RFC 5737: never this machine's
        StartException refused = assertThrows(StartException.class,
                () -> ControlServer.start(config(documentation, Optional.empty(), false)));
        assertTrue(refused.getMessage().startsWith("control jmx-address 192.0.2.1 is not loopback and the connector "
                + "has no tls"), refused.getMessage());
        assertTrue(refused.getMessage().contains("\"allow-plaintext\": true"), refused.getMessage());

        // Allowed, it gets as far as the bind, which this machine refuses for an address it does not have.
        StartException bind = assertThrows(StartException.class,
                () -> ControlServer.start(config(documentation, Optional.empty(), true)));
        assertTrue(bind.getMessage().startsWith("control cannot listen on 192.0.2.1:" + port), bind.getMessage());
    }

    @Test
    void aKeyStoreThatDoesNotOpenStopsTheStart() throws Exception {
        Path pair = certs.resolve("pair");
        Files.writeString(dir.resolve("wrong.password"), "guess\n");
        Files.setPosixFilePermissions(dir.resolve("wrong.password"), PosixFilePermissions.fromString("rw-------"));
        ControlTls wrong = new ControlTls(pair.resolve("control.p12"), Optional.empty(),
                Optional.of(dir.resolve("wrong.password")), false, Optional.empty());
        StartException refused = assertThrows(StartException.class,
                () -> ControlServer.start(config(InetAddress.getLoopbackAddress(), Optional.of(wrong), false)));
        assertTrue(refused.getMessage().startsWith("control tls: cannot open the key store " + pair.resolve("control.p12")
                + ": wrong password"), refused.getMessage());

        ControlTls missing = new ControlTls(dir.resolve("none.p12"), Optional.of("x"), Optional.empty(), false,
                Optional.empty());
        assertEquals("control tls: the key store " + dir.resolve("none.p12") + " does not exist",
                assertThrows(StartException.class, () -> ControlServer.start(config(InetAddress.getLoopbackAddress(),
                        Optional.of(missing), false))).getMessage());
    }

    @Test
    void aKeyStorePasswordFileOthersCanReadStopsTheStart() throws Exception {
        Path pair = certs.resolve("pair");
        Path exposed = dir.resolve("exposed.password");
        Files.copy(pair.resolve("control.password"), exposed);
        Files.setPosixFilePermissions(exposed, PosixFilePermissions.fromString("rw-r--r--"));
        ControlTls tls = new ControlTls(pair.resolve("control.p12"), Optional.empty(), Optional.of(exposed), false,
                Optional.empty());
        StartException refused = assertThrows(StartException.class,
                () -> ControlServer.start(config(InetAddress.getLoopbackAddress(), Optional.of(tls), false)));
        assertEquals("control tls key-store-password-file " + exposed + " must be accessible by its owner only "
                + "(it is rw-r--r--); run chmod 600 " + exposed, refused.getMessage());
    }

    @Test
    void tlsOptionsParseAndGoWithJmxOnly() throws Exception {
        FailoverCtl.Command command = FailoverCtl.parse(remote("admin", "--trust-store", "/etc/ca.pem",
                "--key-store", "/etc/op.p12", "--key-store-password-file", "/etc/op.password", "status")
                .toArray(String[]::new));
        assertEquals(Path.of("/etc/ca.pem"), command.trustStore().orElseThrow());
        assertEquals(Path.of("/etc/op.p12"), command.keyStore().orElseThrow());
        assertEquals(Path.of("/etc/op.password"), command.keyStorePasswordFile().orElseThrow());

        String[][] bad = {
            {"--pid", "1", "--trust-store", "ca.pem", "status"},
            {"--jmx", "127.0.0.1:1", "--user", "u", "--password-file", "f", "--key-store", "k.p12", "status"},
            {"--jmx", "127.0.0.1:1", "--user", "u", "--password-file", "f", "--key-store", "k.p12",
                "--key-store-password-file", "k.password", "status"},
        };
        for (String[] args : bad) {
            assertEquals(FailoverCtl.EXIT_USAGE, ctl(List.of(args)), String.join(" ", args));
            assertTrue(err().startsWith("failoverctl: ") && err().contains("usage: failoverctl"), err());
        }
    }

    @Test
    void anUnreadableTrustStoreCannotConnect() throws IOException {
        Files.writeString(dir.resolve("empty.pem"), "");
        assertEquals(FailoverCtl.EXIT_CANNOT_CONNECT, ctl(remote("monitor", "--trust-store",
                dir.resolve("empty.pem").toString(), "status")));
        assertEquals("failoverctl: cannot connect: the trust store " + dir.resolve("empty.pem")
                + " holds no PEM certificate\n", err());
    }
}
