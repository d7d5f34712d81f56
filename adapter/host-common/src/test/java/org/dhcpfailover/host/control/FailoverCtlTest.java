package org.dhcpfailover.host.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.dhcpfailover.host.config.ControlConfig;
import org.dhcpfailover.host.launch.HostLauncher.StartException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * failoverctl against a real password-protected JMX connector ({@link ControlServer}) on
 * loopback, serving a stand-in relationship bean: argument parsing, the JSON and human output,
 * the exit codes, and the credential checks (wrong password, a read-only user writing).
 */
@Timeout(60)
class FailoverCtlTest {

    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    @TempDir
    Path dir;

    private final FakeRelationship bean = new FakeRelationship();
    private ObjectName name;
    private ControlServer control;
    private int port;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void publish() throws Exception {
        name = new ObjectName("org.dhcpfailover:type=FailoverRelationship,server=fo-ops-s,name=fo-ops-1");
        JMX.registerMBean(bean, name);
    }

    @AfterEach
    void unpublish() throws Exception {
        if (control != null) {
            control.close();
        }
        JMX.unregisterMBean(name);
    }

    private ControlConfig files(String passwordPermissions) throws IOException {
        Path passwords = dir.resolve("jmx.password");
        Files.writeString(passwords, "monitor m0n1tor\nadmin s3cret\n");
        Files.setPosixFilePermissions(passwords, PosixFilePermissions.fromString(passwordPermissions));
        Path access = dir.resolve("jmx.access");
        Files.writeString(access, "monitor readonly\nadmin readwrite\n");
        Files.writeString(dir.resolve("admin.pw"), "s3cret\n");
        Files.writeString(dir.resolve("monitor.pw"), "m0n1tor\n");
        Files.writeString(dir.resolve("wrong.pw"), "guess\n");
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        return new ControlConfig(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), passwords, access);
    }

    private void startControl() throws Exception {
        control = ControlServer.start(files("rw-------"));
    }

    private int ctl(String... args) {
        out.reset();
        err.reset();
        return FailoverCtl.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), FailoverCtl::connect);
    }

    private String[] remote(String user, String... command) {
        List<String> args = new java.util.ArrayList<>(List.of("--jmx", "127.0.0.1:" + port, "--user", user,
                "--password-file", dir.resolve(user + ".pw").toString()));
        args.addAll(List.of(command));
        return args.toArray(String[]::new);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ credentials

    @Test
    void aPasswordFileOthersCanReadIsRefusedAsTheJdkDoes() throws Exception {
        ControlConfig config = files("rw-r--r--");
        StartException refused = assertThrows(StartException.class, () -> ControlServer.start(config));
        assertTrue(refused.getMessage().contains("must be accessible by its owner only (it is rw-r--r--); run chmod 600"),
                refused.getMessage());
    }

    @Test
    void aMissingPasswordOrAccessFileIsRefused() throws Exception {
        ControlConfig config = files("rw-------");
        ControlConfig noPasswords = new ControlConfig(config.jmxAddress(), dir.resolve("missing"), config.accessFile());
        assertTrue(assertThrows(StartException.class, () -> ControlServer.start(noPasswords)).getMessage()
                .contains("password-file " + dir.resolve("missing") + " does not exist"));
        ControlConfig noAccess = new ControlConfig(config.jmxAddress(), config.passwordFile(), dir.resolve("gone"));
        assertTrue(assertThrows(StartException.class, () -> ControlServer.start(noAccess)).getMessage()
                .contains("access-file " + dir.resolve("gone") + " does not exist"));
    }

    @Test
    void aPortInUseIsAStartFailureWithTheReason() throws Exception {
        ControlConfig config = files("rw-------");
        try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            StartException refused = assertThrows(StartException.class, () -> ControlServer.start(config));
            assertTrue(refused.getMessage().startsWith("control cannot listen on 127.0.0.1:" + port), refused.getMessage());
        }
    }

    @Test
    void aWrongPasswordCannotConnect() throws Exception {
        startControl();
        assertEquals(FailoverCtl.EXIT_CANNOT_CONNECT, ctl(remote("wrong", "status")));
        assertTrue(err().startsWith("failoverctl: cannot connect: Authentication failed"), err());
    }

    @Test
    void aReadOnlyUserReadsButCannotWrite() throws Exception {
        startControl();
        assertEquals(FailoverCtl.EXIT_OK, ctl(remote("monitor", "status")), err());

        assertEquals(FailoverCtl.EXIT_REFUSED, ctl(remote("monitor", "partner-down")));

        assertTrue(err().startsWith("failoverctl: refused: Access denied!"), err());
        assertTrue(err().contains("write operations need a readwrite user"), err());
        assertTrue(bean.calls.isEmpty(), "nothing ran: " + bean.calls);
        assertEquals("COMMUNICATIONS-INTERRUPTED", bean.state);
    }

    @Test
    void nothingListeningCannotConnect() throws Exception {
        files("rw-------");
        assertEquals(FailoverCtl.EXIT_CANNOT_CONNECT, ctl(remote("admin", "status")));
        assertTrue(err().startsWith("failoverctl: cannot connect: "), err());
    }

    // ------------------------------------------------------------------ operations and output

    @Test
    void statusAsJsonParsesBackWithStableKeys() throws Exception {
        startControl();

        assertEquals(FailoverCtl.EXIT_OK, ctl(remote("monitor", "--json", "status")), err());

        JsonNode relationships = new ObjectMapper().readTree(out()).get("relationships");
        assertEquals(1, relationships.size());
        JsonNode status = relationships.get(0);
        assertEquals("fo-ops-1", status.get("relationship").asText());
        assertEquals("fo-ops-s", status.get("server").asText());
        assertEquals("COMMUNICATIONS-INTERRUPTED", status.get("localState").asText());
        assertTrue(status.get("partnerState").isNull());
        assertTrue(status.get("clockSkewSeconds").isNull());
        assertEquals(42, status.get("bindings").asLong());
        assertEquals(40, status.get("updatesAcknowledgedByPartner").asLong());
        assertEquals(2, status.get("updatesRejectedByPartnerByStatus").get("OutdatedBindingInformation").asLong());
        assertEquals(List.of("relationship", "server", "role", "localState", "localStateSince", "partnerState",
                "communicationsStatus", "clockSkewSeconds", "bindings", "updatesAcknowledgedByPartner",
                "updatesRejectedByPartnerByStatus", "resyncStatus"), iterable(status.fieldNames()), "the MXBean's order, then any others");
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    @Test
    void statusForPeopleShowsEachRelationshipAtAGlance() throws Exception {
        startControl();

        assertEquals(FailoverCtl.EXIT_OK, ctl(remote("monitor", "status")), err());

        String text = out();
        assertTrue(text.startsWith("fo-ops-1 (server fo-ops-s, secondary)\n"), text);
        assertTrue(text.contains("  state            COMMUNICATIONS-INTERRUPTED since 2026-01-01T00:00:00Z\n"), text);
        assertTrue(text.contains("  partner          never heard\n"), text);
        assertTrue(text.contains("clock skew unknown"), text);
        assertTrue(text.contains(", leases acknowledged 40, rejected "), text);
        assertTrue(text.contains("  resync           none since start\n"), text);
    }

    /** RFC 8156 §8.4: partner-down by a readwrite user; the second is refused with the server's reason. */
    @Test
    void aReadWriteUserDeclaresPartnerDownAndARefusalExitsOneWithTheReason_rfc8156_8_4() throws Exception {
        startControl();

        assertEquals(FailoverCtl.EXIT_OK, ctl(remote("admin", "partner-down")), err());
        assertEquals("fo-ops-1: partner declared down; this server is in PARTNER-DOWN\n", out());
        assertEquals(List.of("partnerDown"), bean.calls);

        assertEquals(FailoverCtl.EXIT_REFUSED, ctl(remote("admin", "partner-down")));
        assertEquals("failoverctl: refused: partner-down is not allowed: this server is in PARTNER_DOWN\n", err());
    }

    /** RFC 8156 §5.3.6, §7.2, §5.3.10: resync refused with its reason; reset-lease and disconnect pass their argument. */
    @Test
    void resyncResetLeaseAndDisconnectReachTheBean_rfc8156_7_2() throws Exception {
        startControl();

        assertEquals(FailoverCtl.EXIT_REFUSED, ctl(remote("admin", "resync")));
        assertEquals("failoverctl: refused: not connected to the partner (communications interrupted)\n", err());

        assertEquals(FailoverCtl.EXIT_OK, ctl(remote("admin", "--json", "reset-lease", "10.0.0.5")), err());
        JsonNode result = new ObjectMapper().readTree(out());
        assertEquals("fo-ops-1", result.get("relationship").asText());
        assertEquals("reset-lease", result.get("operation").asText());
        assertEquals("done", result.get("result").asText());

        assertEquals(FailoverCtl.EXIT_OK, ctl(remote("admin", "--relationship", "fo-ops-1", "disconnect", "rack move")),
                err());
        assertEquals(List.of("resetLease 10.0.0.5", "disconnect rack move"), bean.calls);
    }

    @Test
    void anUnknownRelationshipCannotBeFound() throws Exception {
        startControl();
        assertEquals(FailoverCtl.EXIT_CANNOT_CONNECT, ctl(remote("monitor", "--relationship", "other", "status")));
        assertEquals("failoverctl: cannot connect: no failover relationship named other is published by this host\n",
                err());
    }

    // ------------------------------------------------------------------ usage

    @Test
    void usageErrorsExitTwoWithTheReason() {
        String[][] bad = {
            {},
            {"--pid", "1"},
            {"--pid", "1", "frobnicate"},
            {"--pid", "x", "status"},
            {"--pid", "1", "status", "extra"},
            {"--pid", "1", "reset-lease"},
            {"--pid", "1", "--jmx", "h:1", "status"},
            {"status"},
            {"--jmx", "127.0.0.1:9647", "status"},
            {"--jmx", "nohostport", "--user", "u", "--password-file", "f", "status"},
            {"--pid", "1", "--user", "u", "status"},
            {"--pid", "1", "--bogus", "status"},
            {"--pid"},
            {"--pid", "1", "partner-down"},
            {"--pid", "1", "reset-lease", "10.0.0.5"},
        };
        for (String[] args : bad) {
            assertEquals(FailoverCtl.EXIT_USAGE, ctl(args), String.join(" ", args));
            assertTrue(err().startsWith("failoverctl: ") && err().contains("usage: failoverctl"), err());
            assertFalse(err().contains("Exception"), err());
        }
    }

    @Test
    void aLocalAttachOnlyReads() {
        assertEquals(FailoverCtl.EXIT_USAGE, ctl("--pid", "1", "resync"));
        assertTrue(err().startsWith("failoverctl: resync needs the host's JMX credentials: use --jmx HOST:PORT"), err());
    }

    @Test
    void argumentsParseIntoTheCommand() throws Exception {
        FailoverCtl.Command command = FailoverCtl.parse(new String[] {"--jmx", "[::1]:9647", "--user", "admin",
                "--password-file", "/etc/pw", "--relationship", "fo-ops-1", "--json", "reset-lease", "2001:db8::5"});
        assertEquals("reset-lease", command.action());
        assertEquals("2001:db8::5", command.argument().orElseThrow());
        assertTrue(command.json() && command.writes());
        assertEquals("[::1]:9647", command.jmx().orElseThrow());
        assertEquals(Path.of("/etc/pw"), command.passwordFile().orElseThrow());
        assertEquals("fo-ops-1", command.relationship().orElseThrow());

        FailoverCtl.Command local = FailoverCtl.parse(new String[] {"status", "--pid", "4711"});
        assertEquals(4711L, local.pid().orElseThrow());
        assertFalse(local.writes());
    }

    @Test
    void helpPrintsTheUsage() {
        assertEquals(FailoverCtl.EXIT_OK, ctl("--help"));
        assertTrue(out().contains("1 refused by the server, 2 usage error, 3 cannot connect."), out());
    }
}
