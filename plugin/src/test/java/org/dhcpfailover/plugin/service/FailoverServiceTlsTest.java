package org.dhcpfailover.plugin.service;

import static org.dhcpfailover.plugin.transport.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.IaType;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.binding.PartnerSync;
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
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private TlsConfig tls(String own, String ownName, String expected) {
        Identity identity = certificates.server(ca, ownName);
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
        return new RelationshipConfig("failover-1", role == Role.PRIMARY ? "server1" : "server2", role,
                role == Role.PRIMARY ? "server2" : "server1", partner, listen, Duration.ofSeconds(60), 10,
                Duration.ofSeconds(4), Duration.ofSeconds(2), Optional.empty(), List.of()).withTls(tls);
    }

    private FailoverService secondary(TlsConfig tls) throws IOException {
        return start("secondary", secondaryLog, relationship(Role.SECONDARY, new InetSocketAddress(PRIMARY_IP, 647),
                new InetSocketAddress(SECONDARY_IP, 0), tls));
    }

    private FailoverService primary(FailoverService secondary, TlsConfig tls) throws IOException {
        return start("primary", primaryLog, relationship(Role.PRIMARY, secondary.boundAddress("failover-1"),
                new InetSocketAddress(PRIMARY_IP, 647), tls));
    }

    private static boolean inState(FailoverService service, EndpointState state) {
        return service.status("failover-1").state() == state;
    }

    private static void grant(FailoverService server, int count) throws Exception {
        long now = AbsoluteTime.fromInstant(Clock.systemUTC().instant());
        for (int i = 0; i < count; i++) {
            server.leases("failover-1").grant(Lease.address(Ipv6Address.parse("2001:db8:0:1::" + (2 * i + 1))),
                    new BindingClient(OctetString.fromHex(String.format("00030001aabbccdd%04x", i)), IaType.IA_NA, 1),
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

    @Test
    void aRefusedCertificateLeavesBothServersServingTheirClients_rfc8156_10() throws Exception {
        FailoverService secondary = secondary(tls("s", "server2.test", "server1.test"));
        FailoverService primary = primary(secondary, tls("p", "impostor.test", "server2.test"));

        await("wrong name logged by the secondary", () -> secondaryLog.lines(LogMessage.FO_TLS_REFUSED).stream()
                .anyMatch(line -> line.contains(" refused: wrong name (")), Duration.ofSeconds(20));
        grant(primary, 5); // the host's clients are still served, durably
        assertEquals(5, primary.leases("failover-1").all().size());
        assertTrue(primary.leases("failover-1").all().stream().allMatch(b -> b.sync() != PartnerSync.ACKNOWLEDGED),
                "nothing reached the partner");
        assertEquals(0, secondary.leases("failover-1").all().size());
        assertTrue(!inState(primary, EndpointState.NORMAL) && !inState(secondary, EndpointState.NORMAL));
        assertEquals(0, secondaryLog.count(LogMessage.FO_COMMUNICATIONS_OK), "the endpoint never got the connection");
    }
}
