package org.dhcpfailover.plugin.service;

import static org.dhcpfailover.plugin.transport.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.IaType;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.binding.PartnerSync;
import org.dhcpfailover.plugin.config.ConnectionLimits;
import org.dhcpfailover.plugin.config.FailoverParameters;
import org.dhcpfailover.plugin.config.RelationshipConfig;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.config.TlsConfig;
import org.dhcpfailover.plugin.endpoint.EndpointState;
import org.dhcpfailover.plugin.endpoint.FileEndpointStateStore;
import org.dhcpfailover.plugin.endpoint.PersistedEndpointState;
import org.dhcpfailover.plugin.log.CatalogLogger;
import org.dhcpfailover.plugin.log.LogMessage;
import org.dhcpfailover.plugin.log.RecordingLogger;
import org.dhcpfailover.plugin.time.AbsoluteTime;
import org.dhcpfailover.plugin.transport.CertificatelessPrimary;
import org.dhcpfailover.plugin.transport.ManInTheMiddle;
import org.dhcpfailover.plugin.transport.TestCertificates;
import org.dhcpfailover.plugin.transport.TestCertificates.Identity;
import org.dhcpfailover.plugin.transport.TransportSettings;
import org.dhcpfailover.plugin.wire.Ipv6Address;
import org.dhcpfailover.plugin.wire.OctetString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.event.Level;

/**
 * Two real failover services over TLS (RFC 8156 §10, RFC 7653 §8.2, §9.1): the endpoints reach
 * NORMAL and the binding updates of the host's grants reach the partner over the TLS connection;
 * a partner whose certificate is refused never gets a connection, and both servers keep serving
 * their own clients.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FailoverServiceTlsTest {

    private static final InetAddress SECONDARY_IP = address("127.0.0.1");
    private static final InetAddress PRIMARY_IP = address("127.0.0.2");

    @TempDir
    Path directory;

    private final RecordingLogger primaryLog = new RecordingLogger(Level.DEBUG);
    private final RecordingLogger secondaryLog = new RecordingLogger(Level.DEBUG);
    private final List<FailoverService> services = new ArrayList<>();
    private final List<Closeable> attackers = new ArrayList<>();
    private TestCertificates certificates;
    private Identity ca;

    @BeforeEach
    void makeCa() {
        certificates = new TestCertificates(directory);
        ca = certificates.ca("Pair CA");
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (FailoverService service : services) {
            service.close();
        }
        for (Closeable attacker : attackers) {
            attacker.close();
        }
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private TlsConfig tls(String own, String ownName, String expected) {
        return tls(own, certificates.server(ca, ownName), expected);
    }

    private TlsConfig tls(String own, Identity identity, String expected) {
        return new TlsConfig(certificates.keyStore(own + ".p12", identity), TestCertificates.PASSWORD,
                Optional.of(certificates.pem(own + "-ca.pem", ca.certificate())), Optional.of(expected), List.of(),
                TlsConfig.DEFAULT_PROTOCOLS, true);
    }

    private FailoverService start(String store, RecordingLogger log, RelationshipConfig relationship)
            throws IOException {
        // Both remember a NORMAL past, so they resume COMMUNICATIONS-INTERRUPTED and meet quickly.
        long now = AbsoluteTime.fromInstant(Clock.systemUTC().instant());
        java.nio.file.Files.createDirectories(directory.resolve(store));
        FileEndpointStateStore.forRelationship(directory.resolve(store), "failover-1").save(new PersistedEndpointState(
                EndpointState.NORMAL, now - 100, EndpointState.NORMAL, now - 100, now - 1, true));
        FailoverService service = FailoverService.start(new FailoverParameters(List.of(relationship)),
                directory.resolve(store), Clock.systemUTC(), TransportSettings.defaults()
                        .withReconnect(Duration.ofMillis(100), Duration.ofMillis(400))
                        .withConnectTimeout(Duration.ofSeconds(2)), CatalogLogger.wrap(log));
        services.add(0, service);
        return service;
    }

    private static RelationshipConfig relationship(Role role, InetSocketAddress partner, InetSocketAddress listen,
            TlsConfig tls) {
        RelationshipConfig plaintext = new RelationshipConfig("failover-1", role == Role.PRIMARY ? "server1" : "server2", role,
                role == Role.PRIMARY ? "server2" : "server1", partner, listen, Duration.ofSeconds(60), 10,
                Duration.ofSeconds(4), Duration.ofSeconds(2), Optional.empty(), List.of())
                // A connect-wait of 3 s, so that an unanswered STARTTLS is cut short.
                .withLimits(new ConnectionLimits(Duration.ofSeconds(3), ConnectionLimits.DEFAULT_MAX_MESSAGE_SIZE));
        return tls == null ? plaintext : plaintext.withTls(tls);
    }

    private FailoverService secondary(TlsConfig tls) throws IOException {
        return start("secondary", secondaryLog, relationship(Role.SECONDARY, new InetSocketAddress(PRIMARY_IP, 647),
                new InetSocketAddress(SECONDARY_IP, 0), tls));
    }

    private FailoverService primary(FailoverService secondary, TlsConfig tls) throws IOException {
        return primary(secondary.boundAddress("failover-1"), tls);
    }

    /** A primary whose partner is at {@code partner}; in plaintext when {@code tls} is null. */
    private FailoverService primary(InetSocketAddress partner, TlsConfig tls) throws IOException {
        return start("primary", primaryLog, relationship(Role.PRIMARY, partner, new InetSocketAddress(PRIMARY_IP, 647),
                tls));
    }

    private static boolean inState(FailoverService service, EndpointState state) {
        return service.status("failover-1").state() == state;
    }

    private static void grant(FailoverService server, int count) throws Exception {
        grant(server, count, 1);
    }

    /** {@code count} leases of prefix 2001:db8:0:{@code subnet}::/64 granted to clients, each durable. */
    private static void grant(FailoverService server, int count, int subnet) throws Exception {
        long now = AbsoluteTime.fromInstant(Clock.systemUTC().instant());
        for (int i = 0; i < count; i++) {
            server.leases("failover-1").grant(Lease.address(Ipv6Address.parse("2001:db8:0:" + subnet + "::"
                    + (2 * i + 1))), new BindingClient(OctetString.fromHex(String.format("00030001aabb%04x%04x",
                    subnet, i)), IaType.IA_NA, 1),
                    3600, 1800, now).durable().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aTlsPairReachesNormalAndItsBindingUpdatesReachThePartner_rfc8156_10() throws Exception {
        FailoverService secondary = secondary(tls("s", "server2.test", "server1.test"));
        FailoverService primary = primary(secondary, tls("p", "server1.test", "server2.test"));

        await("both NORMAL over TLS", () -> inState(primary, EndpointState.NORMAL)
                && inState(secondary, EndpointState.NORMAL), Duration.ofSeconds(30));
        grant(primary, 20);
        await("the partner acknowledged all 20", () -> primary.syncStatus("failover-1").unacked() == 0
                && primary.leases("failover-1").all().size() == 20
                && primary.leases("failover-1").all().stream().allMatch(b -> b.sync() == PartnerSync.ACKNOWLEDGED),
                Duration.ofSeconds(20));
        assertEquals(20, secondary.leases("failover-1").all().size());
        assertEquals(1, primaryLog.count(LogMessage.FO_TLS_ESTABLISHED), primaryLog.lines(LogMessage.FO_TLS_ESTABLISHED)
                .toString());
        assertEquals(1, secondaryLog.count(LogMessage.FO_TLS_ESTABLISHED));
        assertEquals(0, primaryLog.count(LogMessage.FO_TLS_REFUSED) + secondaryLog.count(LogMessage.FO_TLS_REFUSED));
    }

    /**
     * The ways a TLS failover connection is refused (RFC 8156 §10, RFC 7653 §8.2, §9.1): who
     * logs the refusal, with which reason, and how the primary is misconfigured or attacked.
     */
    enum Refusal {
        WRONG_NAME(false, "wrong name") {
            @Override
            FailoverService primary(FailoverServiceTlsTest test, FailoverService secondary) throws IOException {
                return test.primary(secondary, test.tls("p", "impostor.test", "server2.test"));
            }
        },
        UNKNOWN_CA(false, "unknown CA") {
            @Override
            FailoverService primary(FailoverServiceTlsTest test, FailoverService secondary) throws IOException {
                Identity stranger = test.certificates.server(test.certificates.ca("Another CA"), "server1.test");
                return test.primary(secondary, test.tls("p", stranger, "server2.test"));
            }
        },
        EXPIRED(false, "certificate expired") {
            @Override
            FailoverService primary(FailoverServiceTlsTest test, FailoverService secondary) throws IOException {
                Instant now = Instant.now();
                Identity expired = test.certificates.server(test.ca, "server1.test", now.minus(Duration.ofDays(30)),
                        now.minus(Duration.ofDays(1)));
                return test.primary(secondary, test.tls("p", expired, "server2.test"));
            }
        },
        /** require-tls on the secondary: a primary without TLS sends CONNECT in plaintext. */
        PLAINTEXT_PARTNER(false, "plaintext partner") {
            @Override
            FailoverService primary(FailoverServiceTlsTest test, FailoverService secondary) throws IOException {
                return test.primary(secondary, null);
            }
        },
        /** A downgrade: a man in the middle answers STARTTLS with TLSConnectionRefused. */
        STARTTLS_REFUSED_IN_THE_PATH(true, "STARTTLS refused") {
            @Override
            FailoverService primary(FailoverServiceTlsTest test, FailoverService secondary) throws IOException {
                return test.primary(test.attacker(secondary, ManInTheMiddle.Mode.REFUSE_STARTTLS),
                        test.tls("p", "server1.test", "server2.test"));
            }
        },
        /** A downgrade: a man in the middle swallows STARTTLS, hoping for a plaintext CONNECT. */
        STARTTLS_STRIPPED_IN_THE_PATH(true, "no answer") {
            @Override
            FailoverService primary(FailoverServiceTlsTest test, FailoverService secondary) throws IOException {
                return test.primary(test.attacker(secondary, ManInTheMiddle.Mode.STRIP_STARTTLS),
                        test.tls("p", "server1.test", "server2.test"));
            }
        };

        final boolean loggedByPrimary;
        final String reason;

        Refusal(boolean loggedByPrimary, String reason) {
            this.loggedByPrimary = loggedByPrimary;
            this.reason = reason;
        }

        abstract FailoverService primary(FailoverServiceTlsTest test, FailoverService secondary) throws IOException;
    }

    private InetSocketAddress attacker(FailoverService secondary, ManInTheMiddle.Mode mode) throws IOException {
        ManInTheMiddle attacker = new ManInTheMiddle(secondary.boundAddress("failover-1"), mode, null);
        attackers.add(attacker);
        return attacker.address();
    }

    private static boolean refusedWith(RecordingLogger log, String reason) {
        return log.lines(LogMessage.FO_TLS_REFUSED).stream().anyMatch(line -> line.contains(" refused: " + reason
                + " ("));
    }

    /**
     * Issue 8: each refusal ends refused (no connection reaches either endpoint, nothing is
     * exchanged), logged as FO_TLS_REFUSED with its reason, and with both servers still serving
     * their clients: each grants leases durably meanwhile.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Refusal.class)
    void aRefusedConnectionIsLoggedWithItsReasonAndBothServersKeepServingTheirClients_rfc8156_10_rfc7653_9_1(
            Refusal refusal) throws Exception {
        FailoverService secondary = secondary(tls("s", "server2.test", "server1.test"));
        FailoverService primary = refusal.primary(this, secondary);
        RecordingLogger refusing = refusal.loggedByPrimary ? primaryLog : secondaryLog;

        await(refusal.reason + " logged", () -> refusedWith(refusing, refusal.reason), Duration.ofSeconds(20));
        assertServingAlone(primary, secondary);
    }

    /** RFC 7653 §9.1, mutual authentication: a primary that shows no certificate is refused. */
    @Test
    void aPrimaryWithoutACertificateIsRefusedAndBothServersKeepServingTheirClients_rfc7653_9_1() throws Exception {
        FailoverService secondary = secondary(tls("s", "server2.test", "server1.test"));
        // A man in the middle keeps the real primary away: only the certificate-less one reaches the secondary.
        FailoverService primary = primary(attacker(secondary, ManInTheMiddle.Mode.STRIP_STARTTLS),
                tls("p", "server1.test", "server2.test"));

        CertificatelessPrimary.Outcome outcome = CertificatelessPrimary.attempt(PRIMARY_IP,
                secondary.boundAddress("failover-1"), "failover-1", 77);
        assertTrue(outcome.closedWithoutAnswer(), "the CONNECT is not answered");
        await("no client certificate logged", () -> refusedWith(secondaryLog, "no client certificate"),
                Duration.ofSeconds(20));
        assertServingAlone(primary, secondary);
    }

    /** Both grant leases to their clients; none reaches the partner; neither endpoint got a connection. */
    private void assertServingAlone(FailoverService primary, FailoverService secondary) throws Exception {
        grant(primary, 5, 1);
        grant(secondary, 4, 2);
        assertEquals(5, primary.leases("failover-1").all().size(), "the primary's clients are served");
        assertEquals(4, secondary.leases("failover-1").all().size(), "the secondary's clients are served, and only "
                + "those: nothing of the primary's arrived");
        assertTrue(primary.leases("failover-1").all().stream().noneMatch(b -> b.sync() == PartnerSync.ACKNOWLEDGED),
                "nothing acknowledged by the partner");
        assertTrue(!inState(primary, EndpointState.NORMAL) && !inState(secondary, EndpointState.NORMAL));
        assertEquals(0, primaryLog.count(LogMessage.FO_COMMUNICATIONS_OK) + secondaryLog.count(
                LogMessage.FO_COMMUNICATIONS_OK), "no endpoint got the connection");
    }
}
