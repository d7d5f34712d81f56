package org.dhcpfailover.plugin.transport;

import static org.dhcpfailover.plugin.transport.Await.await;
import static org.dhcpfailover.plugin.transport.CertificatelessPrimary.closed;
import static org.dhcpfailover.plugin.transport.CertificatelessPrimary.readFrame;
import static org.dhcpfailover.plugin.transport.Relationships.LOCALHOST;
import static org.dhcpfailover.plugin.transport.Relationships.ephemeral;
import static org.dhcpfailover.plugin.transport.Relationships.primary;
import static org.dhcpfailover.plugin.transport.Relationships.secondary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.dhcpfailover.plugin.config.ConnectionLimits;
import org.dhcpfailover.plugin.config.RelationshipConfig;
import org.dhcpfailover.plugin.config.TlsConfig;
import org.dhcpfailover.plugin.endpoint.FailoverMessages;
import org.dhcpfailover.plugin.log.CatalogLogger;
import org.dhcpfailover.plugin.log.LogMessage;
import org.dhcpfailover.plugin.log.RecordingLogger;
import org.dhcpfailover.plugin.transport.ManInTheMiddle.Mode;
import org.dhcpfailover.plugin.transport.TestCertificates.Identity;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.Frames;
import org.dhcpfailover.plugin.wire.MessageType;
import org.dhcpfailover.plugin.wire.OctetString;
import org.dhcpfailover.plugin.wire.OptionCode;
import org.dhcpfailover.plugin.wire.StatusCode;
import org.dhcpfailover.plugin.wire.StatusCodeOption;
import org.dhcpfailover.plugin.wire.UnknownOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/**
 * TLS on the failover connection over real loopback sockets (RFC 8156 §10; RFC 7653 §8.2 for
 * the primary's STARTTLS, §9.1 for the secondary; decisions A17 and A21), with certificates made
 * at test time. Every refusal ends with the connection closed, an FO_TLS_REFUSED line naming the
 * reason, and the transport still serving: the secondary accepts a good primary afterwards, the
 * primary keeps retrying and connects once the path is clean.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FailoverTransportTlsTest {

    private static final TransportSettings FAST = TransportSettings.defaults()
            .withReconnect(Duration.ofMillis(50), Duration.ofMillis(400))
            .withConnectTimeout(Duration.ofSeconds(2));
    private static final String PRIMARY_NAME = "primary.test";
    private static final String SECONDARY_NAME = "secondary.test";
    /** The relationship name: it is in every CONNECT, so finding it on the wire means plaintext. */
    private static final String RELATIONSHIP = "tls-relationship";

    @TempDir
    java.nio.file.Path directory;

    private final RecordingLogger log = new RecordingLogger(Level.TRACE);
    private final List<FailoverTransport> transports = new ArrayList<>();
    private final List<Closeable> closeables = new ArrayList<>();
    private TestCertificates certificates;
    private Identity ca;

    @BeforeEach
    void makeCa() {
        certificates = new TestCertificates(directory);
        ca = certificates.ca("Failover Test CA");
    }

    @AfterEach
    void closeEverything() throws IOException {
        for (FailoverTransport transport : transports) {
            transport.stop();
        }
        for (Closeable closeable : closeables) {
            closeable.close();
        }
    }

    // ------------------------------------------------------------ fixtures

    private FailoverTransport started(RecordingHandler handler) throws IOException {
        FailoverTransport transport = new FailoverTransport(List.of(handler), FAST, Clock.systemUTC(), new Random(7),
                CatalogLogger.wrap(log));
        transports.add(transport);
        transport.start();
        return transport;
    }

    /** A connect-wait of 1 s, so that silence is cut short. */
    private static RelationshipConfig quick(RelationshipConfig config) {
        return config.withLimits(new ConnectionLimits(Duration.ofSeconds(1), ConnectionLimits.DEFAULT_MAX_MESSAGE_SIZE));
    }

    private TlsConfig secondaryTls() {
        return certificates.config("secondary", certificates.server(ca, SECONDARY_NAME), ca, PRIMARY_NAME);
    }

    private TlsConfig primaryTls() {
        return certificates.config("primary", certificates.server(ca, PRIMARY_NAME), ca, SECONDARY_NAME);
    }

    private RecordingHandler tlsSecondary() {
        return new RecordingHandler(quick(secondary(RELATIONSHIP, LOCALHOST, ephemeral())).withTls(secondaryTls()));
    }

    private RecordingHandler tlsPrimary(InetSocketAddress partner, TlsConfig tls) {
        return new RecordingHandler(quick(primary(RELATIONSHIP, partner)).withTls(tls));
    }

    private List<String> refusals() {
        return log.lines(LogMessage.FO_TLS_REFUSED);
    }

    private boolean refusedWith(String reason) {
        return refusals().stream().anyMatch(line -> line.contains(" refused: " + reason + " ("));
    }

    /** The secondary still serves: a good primary connects and gets its CONNECTREPLY over TLS. */
    private void assertSecondaryStillServes(FailoverTransport secondaryTransport) throws IOException {
        RecordingHandler good = tlsPrimary(secondaryTransport.boundAddress(RELATIONSHIP), primaryTls());
        started(good);
        await("a good primary connects afterwards",
                () -> good.receivedTypes().contains(MessageType.CONNECTREPLY));
    }

    /**
     * After {@link #assertSecondaryStillServes}: the relationship saw one connection only, the good
     * primary's, and its CONNECT. A refused connection handed over late would add its own events;
     * checking after the good primary was served (and not straight after the refusal was logged)
     * gives such a late delivery the time to show.
     */
    private static void assertOnlyTheGoodPrimaryReached(RecordingHandler secondary) {
        assertEquals(List.of("opened", "message " + MessageType.CONNECT.name()), secondary.events,
                "the refused connection never reached the relationship");
    }

    // ------------------------------------------------------------ a good pair

    @Test
    void aGoodPairNegotiatesStartTlsAndExchangesBindingUpdatesOverTls_rfc7653_8_2_9_1() throws IOException {
        RecordingHandler secondary = tlsSecondary();
        FailoverTransport secondaryTransport = started(secondary);
        ManInTheMiddle tap = new ManInTheMiddle(secondaryTransport.boundAddress(RELATIONSHIP), Mode.RELAY, null);
        closeables.add(tap);
        RecordingHandler primary = tlsPrimary(tap.address(), primaryTls());
        FailoverTransport primaryTransport = started(primary);

        await("CONNECTREPLY over TLS", () -> primary.receivedTypes().contains(MessageType.CONNECTREPLY));
        int count = 40;
        byte[] large = new byte[20_000]; // more than one TLS record (16 KiB)
        new Random(3).nextBytes(large);
        primaryTransport.execute(() -> {
            for (int i = 0; i < count; i++) {
                primary.link().send(FailoverMessage.of(MessageType.BNDUPD, 100 + i, 0,
                        new UnknownOption(OptionCode.valueOf(65000), OctetString.of(i % 10 == 0 ? large : new byte[] {(byte) i}))));
            }
        });
        secondary.onMessage = (link, message) -> {
            if (message.type().equals(MessageType.BNDUPD)) {
                link.send(FailoverMessages.bare(MessageType.BNDREPLY, message.transactionId(), 0));
            }
        };
        await("every BNDUPD answered", () -> primary.count("message BNDREPLY") == count);
        List<FailoverMessage> updates = secondary.received.stream()
                .filter(m -> m.type().equals(MessageType.BNDUPD)).toList();
        assertEquals(count, updates.size());
        for (int i = 0; i < count; i++) {
            assertEquals(100 + i, updates.get(i).transactionId(), "in order");
        }
        assertEquals(large.length, ((UnknownOption) updates.get(0).options().get(0)).data().length());

        List<String> established = log.lines(LogMessage.FO_TLS_ESTABLISHED);
        assertEquals(2, established.size(), established.toString());
        assertTrue(established.stream().allMatch(line -> line.contains("TLSv1.3")), established.toString());
        assertTrue(established.stream().anyMatch(line -> line.contains("CN=" + PRIMARY_NAME)));
        assertTrue(established.stream().anyMatch(line -> line.contains("CN=" + SECONDARY_NAME)));
        assertEquals(List.of(), refusals());
        // Only STARTTLS went in the clear: the CONNECT's relationship name never did.
        assertFalse(tap.fromPrimary().contains(RELATIONSHIP), "CONNECT sent in plaintext");
        assertTrue(tap.fromPrimary().length() > 1000, "the proxy relayed the traffic");
    }

    // ------------------------------------------------------------ certificates the secondary refuses

    @Test
    void aPrimaryCertifiedByAnotherCaIsRefusedAsUnknownCa_rfc7653_9_1() throws IOException {
        RecordingHandler secondary = tlsSecondary();
        FailoverTransport secondaryTransport = started(secondary);
        Identity otherCa = certificates.ca("Another CA");
        TlsConfig stranger = certificates.config("stranger", certificates.server(otherCa, PRIMARY_NAME), ca,
                SECONDARY_NAME);
        RecordingHandler primary = tlsPrimary(secondaryTransport.boundAddress(RELATIONSHIP), stranger);
        FailoverTransport primaryTransport = started(primary);

        await("unknown CA logged", () -> refusedWith("unknown CA"));
        primaryTransport.stop();
        assertTrue(refusals().get(0).startsWith("FO_TLS_REFUSED " + RELATIONSHIP + ": TLS with partner 127.0.0.1:"),
                refusals().get(0));
        assertSecondaryStillServes(secondaryTransport);
        assertOnlyTheGoodPrimaryReached(secondary);
    }

    @Test
    void anExpiredPrimaryCertificateIsRefusedAsExpired() throws IOException {
        RecordingHandler secondary = tlsSecondary();
        FailoverTransport secondaryTransport = started(secondary);
        Instant now = Instant.now();
        TlsConfig expired = certificates.config("expired", certificates.server(ca, PRIMARY_NAME,
                now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1))), ca, SECONDARY_NAME);
        FailoverTransport primaryTransport = started(tlsPrimary(secondaryTransport.boundAddress(RELATIONSHIP),
                expired));

        await("expired logged", () -> refusedWith("certificate expired"));
        primaryTransport.stop();
        assertSecondaryStillServes(secondaryTransport);
        assertOnlyTheGoodPrimaryReached(secondary);
    }

    @Test
    void aPrimaryCertificateForAnotherNameIsRefusedAsWrongName() throws IOException {
        RecordingHandler secondary = tlsSecondary();
        FailoverTransport secondaryTransport = started(secondary);
        TlsConfig other = certificates.config("other", certificates.server(ca, "other.test"), ca, SECONDARY_NAME);
        FailoverTransport primaryTransport = started(tlsPrimary(secondaryTransport.boundAddress(RELATIONSHIP),
                other));

        await("wrong name logged", () -> refusedWith("wrong name"));
        assertTrue(refusals().stream().anyMatch(line -> line.contains("expected name " + PRIMARY_NAME)), refusals()
                .toString());
        primaryTransport.stop();
        assertSecondaryStillServes(secondaryTransport);
        assertOnlyTheGoodPrimaryReached(secondary);
    }

    @Test
    void aPrimaryWithoutACertificateIsRefused_rfc7653_9_1_mutualAuthentication() throws Exception {
        RecordingHandler secondary = tlsSecondary();
        FailoverTransport secondaryTransport = started(secondary);

        CertificatelessPrimary.Outcome outcome = CertificatelessPrimary.attempt(LOCALHOST,
                secondaryTransport.boundAddress(RELATIONSHIP), RELATIONSHIP, 77);
        assertEquals(MessageType.REPLY, outcome.startTlsReply().type());
        assertEquals(77, outcome.startTlsReply().transactionId());
        assertEquals(Optional.empty(), outcome.startTlsReply().first(OptionCode.STATUS_CODE, StatusCodeOption.class),
                "no status: go ahead with TLS");
        assertTrue(outcome.closedWithoutAnswer(), "the secondary closes without answering");
        await("no client certificate logged", () -> refusedWith("no client certificate"));
        assertSecondaryStillServes(secondaryTransport);
        assertOnlyTheGoodPrimaryReached(secondary);
    }

    @Test
    void aPlaintextPrimaryIsRefusedByASecondaryThatRequiresTls_rfc7653_9_1() throws IOException {
        RecordingHandler secondary = tlsSecondary();
        FailoverTransport secondaryTransport = started(secondary);
        RecordingHandler plaintext = new RecordingHandler(primary(RELATIONSHIP,
                secondaryTransport.boundAddress(RELATIONSHIP)));
        FailoverTransport primaryTransport = started(plaintext);

        await("plaintext partner logged", () -> refusedWith("plaintext partner"));
        await("the plaintext primary was closed", () -> plaintext.count("closed") > 0);
        primaryTransport.stop();
        assertFalse(plaintext.receivedTypes().contains(MessageType.CONNECTREPLY), "never answered");
        assertSecondaryStillServes(secondaryTransport);
        assertOnlyTheGoodPrimaryReached(secondary);
    }

    @Test
    void aStalledHandshakeIsCutAtConnectWait_rfc7031_S8() throws Exception {
        RecordingHandler secondary = tlsSecondary();
        FailoverTransport secondaryTransport = started(secondary);
        try (Socket socket = socketFromThePartnerAddress(secondaryTransport)) {
            socket.getOutputStream().write(Frames.frame(StartTls.request(5)));
            assertEquals(MessageType.REPLY, readFrame(socket.getInputStream()).type());
            // No ClientHello: the half-open TLS connection must not be held forever.
            assertTrue(closed(socket.getInputStream()));
        }
        await("no answer logged", () -> refusedWith("no answer"));
        assertSecondaryStillServes(secondaryTransport);
    }

    @Test
    void connectionsInTheirTlsHandshakeCountAgainstTheCapOfConnectionsAwaitingTheirConnect_rfc8156_10()
            throws Exception {
        // the default connect-wait (30 s): the stalled handshakes outlast every step below
        RecordingHandler secondary = new RecordingHandler(secondary(RELATIONSHIP, LOCALHOST, ephemeral())
                .withTls(secondaryTls()));
        FailoverTransport secondaryTransport = started(secondary);
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < Acceptor.MAX_AWAITING_CONNECT_PER_ADDRESS; i++) {
                Socket socket = socketFromThePartnerAddress(secondaryTransport);
                stalled.add(socket);
                socket.getOutputStream().write(Frames.frame(StartTls.request(5 + i)));
                assertEquals(MessageType.REPLY, readFrame(socket.getInputStream()).type());
                // no ClientHello: each now holds a TLS engine, and no longer awaits a CONNECT in plaintext
            }
            try (Socket oneTooMany = socketFromThePartnerAddress(secondaryTransport)) {
                assertTrue(closed(oneTooMany.getInputStream()), "STARTTLS is no way around the cap");
            }
            await("the log line", () -> log.count(LogMessage.FO_DROPPED_BEFORE_CONNECT) == 1);
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
        assertSecondaryStillServes(secondaryTransport);
    }

    private static Socket socketFromThePartnerAddress(FailoverTransport secondaryTransport) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(LOCALHOST, 0));
        socket.connect(secondaryTransport.boundAddress(RELATIONSHIP), 10_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    @Test
    void theRelationshipTheConnectNamesChecksTheCertificateByItsOwnRules_rfc8156_6_2() throws IOException {
        // Two relationships with the same partner address share the socket; the handshake runs
        // with the first one's TLS, so the second must check the certificate again.
        RecordingHandler alpha = tlsSecondary();
        TlsConfig strict = certificates.config("beta", certificates.server(ca, SECONDARY_NAME), ca, "other.test");
        RecordingHandler beta = new RecordingHandler(quick(secondary("beta", LOCALHOST, ephemeral())).withTls(strict));
        FailoverTransport secondaryTransport = new FailoverTransport(List.of(alpha, beta), FAST, Clock.systemUTC(),
                new Random(7), CatalogLogger.wrap(log));
        transports.add(secondaryTransport);
        secondaryTransport.start();
        RecordingHandler toBeta = new RecordingHandler(quick(primary("beta", secondaryTransport.boundAddress("beta")))
                .withTls(primaryTls()));
        FailoverTransport primaryTransport = started(toBeta);

        await("beta's own check refuses", () -> refusals().stream()
                .anyMatch(line -> line.startsWith("FO_TLS_REFUSED beta: ") && line.contains(" refused: wrong name (")));
        primaryTransport.stop();
        assertSecondaryStillServes(secondaryTransport);
        assertOnlyTheGoodPrimaryReached(alpha);
        assertEquals(List.of(), beta.events);
    }

    @Test
    void aPrimaryCertificateWithOnlyACommonNameIsAcceptedByThatName_rfc6125_6_4_4() throws IOException {
        RecordingHandler secondary = tlsSecondary();
        FailoverTransport secondaryTransport = started(secondary);
        TlsConfig cnOnly = certificates.config("cn-only", certificates.leaf(ca, PRIMARY_NAME, List.of(), List.of()),
                ca, SECONDARY_NAME);
        RecordingHandler primary = tlsPrimary(secondaryTransport.boundAddress(RELATIONSHIP), cnOnly);
        started(primary);

        await("connected by the CN", () -> primary.receivedTypes().contains(MessageType.CONNECTREPLY));
        assertEquals(List.of(), refusals());
    }

    @Test
    void theCommonNameIsIgnoredWhenTheCertificateHasDnsNames_rfc6125_6_4_4() throws IOException {
        RecordingHandler secondary = tlsSecondary();
        FailoverTransport secondaryTransport = started(secondary);
        TlsConfig sanElsewhere = certificates.config("san-elsewhere", certificates.leaf(ca, PRIMARY_NAME,
                List.of("other.test"), List.of()), ca, SECONDARY_NAME);
        FailoverTransport primaryTransport = started(tlsPrimary(secondaryTransport.boundAddress(RELATIONSHIP),
                sanElsewhere));

        await("wrong name logged", () -> refusedWith("wrong name"));
        assertTrue(refusals().stream().anyMatch(line -> line.contains("expected name " + PRIMARY_NAME)
                && line.contains("other.test")), refusals().toString());
        primaryTransport.stop();
        assertSecondaryStillServes(secondaryTransport);
        assertOnlyTheGoodPrimaryReached(secondary);
    }

    @Test
    void aPrimaryCertificateWhoseExtendedKeyUsageLacksClientAuthIsRefused_rfc5280_4_2_1_12() throws IOException {
        RecordingHandler secondary = tlsSecondary();
        FailoverTransport secondaryTransport = started(secondary);
        TlsConfig serverOnly = certificates.config("server-only", certificates.leaf(ca, PRIMARY_NAME,
                List.of(PRIMARY_NAME), List.of(KeyPurposeId.id_kp_serverAuth)), ca, SECONDARY_NAME);
        FailoverTransport primaryTransport = started(tlsPrimary(secondaryTransport.boundAddress(RELATIONSHIP),
                serverOnly));

        await("wrong key usage logged", () -> refusedWith("wrong key usage"));
        assertTrue(refusals().stream().anyMatch(line -> line.contains("does not allow clientAuth")),
                refusals().toString());
        primaryTransport.stop();
        assertSecondaryStillServes(secondaryTransport);
    }

    @Test
    void certificatesAllowingBothUsagesWorkInEitherRole_asGenFailoverCertsIssuesThem() throws IOException {
        List<KeyPurposeId> both = List.of(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);
        TlsConfig s = certificates.config("s-both", certificates.leaf(ca, SECONDARY_NAME, List.of(SECONDARY_NAME),
                both), ca, PRIMARY_NAME);
        FailoverTransport secondaryTransport = started(new RecordingHandler(
                quick(secondary(RELATIONSHIP, LOCALHOST, ephemeral())).withTls(s)));
        TlsConfig p = certificates.config("p-both", certificates.leaf(ca, PRIMARY_NAME, List.of(PRIMARY_NAME), both),
                ca, SECONDARY_NAME);
        RecordingHandler primary = tlsPrimary(secondaryTransport.boundAddress(RELATIONSHIP), p);
        started(primary);

        await("connected", () -> primary.receivedTypes().contains(MessageType.CONNECTREPLY));
        assertEquals(List.of(), refusals());
    }

    // ------------------------------------------------------------ the primary's side

    @Test
    void aSecondaryCertificateForAnotherNameIsRefusedByThePrimary() throws IOException {
        TlsConfig impostorName = certificates.config("secondary", certificates.server(ca, "impostor.test"), ca,
                PRIMARY_NAME);
        RecordingHandler secondary = new RecordingHandler(quick(secondary(RELATIONSHIP, LOCALHOST, ephemeral()))
                .withTls(impostorName));
        FailoverTransport secondaryTransport = started(secondary);
        RecordingHandler primary = tlsPrimary(secondaryTransport.boundAddress(RELATIONSHIP), primaryTls());
        started(primary);

        await("wrong name logged by the primary", () -> refusals().stream()
                .anyMatch(line -> line.contains(" refused: wrong name (") && line.contains("impostor.test")));
        assertEquals(List.of(), primary.events, "the endpoint never got the connection");
        await("the primary keeps trying", () -> log.count(LogMessage.FO_CONNECTING) >= 2);
        assertEquals(List.of(), primary.events);
        assertEquals(List.of(), secondary.events);
    }

    @Test
    void aSecondaryCertificateWhoseExtendedKeyUsageLacksServerAuthIsRefusedByThePrimary_rfc5280_4_2_1_12()
            throws IOException {
        TlsConfig clientOnly = certificates.config("secondary", certificates.leaf(ca, SECONDARY_NAME,
                List.of(SECONDARY_NAME), List.of(KeyPurposeId.id_kp_clientAuth)), ca, PRIMARY_NAME);
        RecordingHandler secondary = new RecordingHandler(quick(secondary(RELATIONSHIP, LOCALHOST, ephemeral()))
                .withTls(clientOnly));
        FailoverTransport secondaryTransport = started(secondary);
        RecordingHandler primary = tlsPrimary(secondaryTransport.boundAddress(RELATIONSHIP), primaryTls());
        started(primary);

        await("wrong key usage logged by the primary", () -> refusals().stream()
                .anyMatch(line -> line.contains(" refused: wrong key usage (") && line.contains("serverAuth")));
        assertEquals(List.of(), primary.events, "the endpoint never got the connection");
    }

    @Test
    void aManInTheMiddleRefusingStartTlsMakesThePrimaryCloseNeverPlaintext_downgrade() throws IOException {
        RecordingHandler secondary = tlsSecondary();
        FailoverTransport secondaryTransport = started(secondary);
        ManInTheMiddle attacker = new ManInTheMiddle(secondaryTransport.boundAddress(RELATIONSHIP),
                Mode.REFUSE_STARTTLS, null);
        closeables.add(attacker);
        RecordingHandler primary = tlsPrimary(attacker.address(), primaryTls());
        started(primary);

        await("STARTTLS refused logged", () -> refusedWith("STARTTLS refused"));
        assertTrue(refusals().get(0).contains("TLSConnectionRefused"), refusals().get(0));
        await("the primary retries", () -> attacker.connections() >= 2);
        assertEquals(List.of(), primary.events, "never handed to the endpoint");
        assertFalse(attacker.fromPrimary().contains(RELATIONSHIP), "never a plaintext CONNECT");

        // The primary still works: once the path is clean it connects, over TLS.
        attacker.mode(Mode.RELAY);
        await("connected through a clean path", () -> primary.receivedTypes().contains(MessageType.CONNECTREPLY));
        assertFalse(attacker.fromPrimary().contains(RELATIONSHIP));
    }

    @Test
    void aManInTheMiddleSwallowingStartTlsMakesThePrimaryCloseAtConnectWait_downgrade() throws IOException {
        ManInTheMiddle attacker = new ManInTheMiddle(new InetSocketAddress(LOCALHOST, 9), Mode.STRIP_STARTTLS, null);
        closeables.add(attacker);
        RecordingHandler primary = tlsPrimary(attacker.address(), primaryTls());
        started(primary);

        await("no answer logged", () -> refusedWith("no answer"));
        assertTrue(refusals().get(0).contains("no REPLY to STARTTLS"), refusals().get(0));
        await("the primary retries", () -> attacker.connections() >= 2);
        assertEquals(List.of(), primary.events);
        assertFalse(attacker.fromPrimary().contains(RELATIONSHIP), "never a plaintext CONNECT");
    }

    @Test
    void aManInTheMiddleWithItsOwnCertificateIsRefusedAsUnknownCa() throws Exception {
        Identity attackerCa = certificates.ca("Attacker CA");
        Identity impostor = certificates.server(attackerCa, SECONDARY_NAME);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(certificates.keyStore("impostor.p12", impostor))) {
            store.load(in, TestCertificates.PASSWORD.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, TestCertificates.PASSWORD.toCharArray());
        SSLContext impostorContext = SSLContext.getInstance("TLS");
        impostorContext.init(keys.getKeyManagers(), null, null);
        ManInTheMiddle attacker = new ManInTheMiddle(new InetSocketAddress(LOCALHOST, 9), Mode.IMPERSONATE,
                impostorContext);
        closeables.add(attacker);
        RecordingHandler primary = tlsPrimary(attacker.address(), primaryTls());
        started(primary);

        await("unknown CA logged", () -> refusedWith("unknown CA"));
        assertEquals(List.of(), primary.events);
        assertFalse(attacker.fromPrimary().contains(RELATIONSHIP));
    }

    // ------------------------------------------------------------ require-tls off, and no TLS

    @Test
    void aSecondaryWithoutTlsAnswersTlsConnectionRefused_rfc7653_9_1() throws Exception {
        RecordingHandler secondary = new RecordingHandler(secondary(RELATIONSHIP, LOCALHOST, ephemeral()));
        FailoverTransport secondaryTransport = started(secondary);
        try (Socket socket = socketFromThePartnerAddress(secondaryTransport)) {
            socket.getOutputStream().write(Frames.frame(StartTls.request(9)));
            FailoverMessage reply = readFrame(socket.getInputStream());
            assertEquals(MessageType.REPLY, reply.type());
            assertEquals(Optional.of(StatusCode.TLS_CONNECTION_REFUSED),
                    reply.first(OptionCode.STATUS_CODE, StatusCodeOption.class).map(StatusCodeOption::status));
            assertEquals(15, StatusCode.TLS_CONNECTION_REFUSED.code());
            assertTrue(closed(socket.getInputStream()));
        }
        await("logged", () -> refusedWith("no TLS configured here"));
    }

    @Test
    void withRequireTlsOffThePrimaryRetriesInPlaintextAfterARefusal() throws IOException {
        RecordingHandler secondary = new RecordingHandler(secondary(RELATIONSHIP, LOCALHOST, ephemeral()));
        FailoverTransport secondaryTransport = started(secondary);
        TlsConfig tls = primaryTls();
        TlsConfig optional = new TlsConfig(tls.keyStore(), tls.keyStorePassword(), tls.trustStore(),
                tls.expectedName(), tls.pinnedSha256(), tls.protocols(), false);
        RecordingHandler primary = tlsPrimary(secondaryTransport.boundAddress(RELATIONSHIP), optional);
        started(primary);

        await("connected in plaintext", () -> primary.receivedTypes().contains(MessageType.CONNECTREPLY));
        assertTrue(refusals().stream().anyMatch(line -> line.contains("the next attempt goes without TLS")),
                refusals().toString());
    }

    @Test
    void aPinnedCertificateIsAcceptedAndAnotherRefused_decisionA21() throws IOException {
        Identity secondaryIdentity = certificates.server(ca, SECONDARY_NAME);
        Identity primaryIdentity = certificates.server(ca, PRIMARY_NAME);
        TlsConfig secondaryTls = new TlsConfig(certificates.keyStore("s.p12", secondaryIdentity),
                TestCertificates.PASSWORD, Optional.empty(), Optional.empty(),
                List.of(PartnerCertificateCheck.fingerprint(primaryIdentity.certificate())),
                TlsConfig.DEFAULT_PROTOCOLS, true);
        RecordingHandler secondary = new RecordingHandler(quick(secondary(RELATIONSHIP, LOCALHOST, ephemeral()))
                .withTls(secondaryTls));
        FailoverTransport secondaryTransport = started(secondary);
        TlsConfig unpinned = certificates.config("unpinned", certificates.server(ca, PRIMARY_NAME), ca,
                SECONDARY_NAME);
        FailoverTransport wrong = started(tlsPrimary(secondaryTransport.boundAddress(RELATIONSHIP), unpinned));
        await("not pinned logged", () -> refusedWith("certificate not pinned"));
        wrong.stop();

        TlsConfig pinned = new TlsConfig(certificates.keyStore("p.p12", primaryIdentity), TestCertificates.PASSWORD,
                Optional.of(certificates.pem("p-ca.pem", ca.certificate())), Optional.of(SECONDARY_NAME), List.of(),
                TlsConfig.DEFAULT_PROTOCOLS, true);
        RecordingHandler good = tlsPrimary(secondaryTransport.boundAddress(RELATIONSHIP), pinned);
        started(good);
        await("the pinned primary connects", () -> good.receivedTypes().contains(MessageType.CONNECTREPLY));
    }

    /**
     * The operations guide's rotation steps rest on this: a trust store holding the old and the
     * new CA, and pinned-sha256 holding the old and the new fingerprint, accept the partner's
     * certificate before and after it is replaced (each connection is checked against both).
     */
    @Test
    void duringARotationBothCasAndBothPinsAcceptThePartnersOldAndNewCertificate() throws IOException {
        Identity newCa = certificates.ca("Failover Test CA 2");
        Identity oldPrimary = certificates.server(ca, PRIMARY_NAME);
        Identity newPrimary = certificates.server(newCa, PRIMARY_NAME);
        TlsConfig secondaryTls = new TlsConfig(certificates.keyStore("s.p12", certificates.server(ca, SECONDARY_NAME)),
                TestCertificates.PASSWORD, Optional.of(certificates.pem("both-cas.pem", ca.certificate(),
                        newCa.certificate())), Optional.of(PRIMARY_NAME),
                List.of(PartnerCertificateCheck.fingerprint(oldPrimary.certificate()),
                        PartnerCertificateCheck.fingerprint(newPrimary.certificate())),
                TlsConfig.DEFAULT_PROTOCOLS, true);
        // the default connect-wait: two handshakes on a loaded machine need no hurry
        RecordingHandler secondary = new RecordingHandler(secondary(RELATIONSHIP, LOCALHOST, ephemeral())
                .withTls(secondaryTls));
        FailoverTransport secondaryTransport = started(secondary);
        int n = 0;
        for (Identity primaryIdentity : List.of(oldPrimary, newPrimary)) {
            n++;
            TlsConfig primaryTls = new TlsConfig(certificates.keyStore("p" + n + ".p12", primaryIdentity),
                    TestCertificates.PASSWORD, Optional.of(certificates.pem("p-ca.pem", ca.certificate())),
                    Optional.of(SECONDARY_NAME), List.of(), TlsConfig.DEFAULT_PROTOCOLS, true);
            RecordingHandler primary = new RecordingHandler(primary(RELATIONSHIP,
                    secondaryTransport.boundAddress(RELATIONSHIP)).withTls(primaryTls));
            FailoverTransport primaryTransport = started(primary);
            await("primary " + n + " connects", () -> primary.receivedTypes().contains(MessageType.CONNECTREPLY));
            primaryTransport.stop();
        }
        assertEquals(List.of(), refusals());
    }

    @Test
    void tls12CanBeChosenByConfiguration() throws IOException {
        TlsConfig s = secondaryTls();
        TlsConfig p = primaryTls();
        List<String> v12 = List.of("TLSv1.2");
        RecordingHandler secondary = new RecordingHandler(quick(secondary(RELATIONSHIP, LOCALHOST, ephemeral()))
                .withTls(new TlsConfig(s.keyStore(), s.keyStorePassword(), s.trustStore(), s.expectedName(),
                        List.of(), v12, true)));
        FailoverTransport secondaryTransport = started(secondary);
        RecordingHandler primary = tlsPrimary(secondaryTransport.boundAddress(RELATIONSHIP),
                new TlsConfig(p.keyStore(), p.keyStorePassword(), p.trustStore(), p.expectedName(), List.of(), v12,
                        true));
        started(primary);
        await("connected", () -> primary.receivedTypes().contains(MessageType.CONNECTREPLY));
        assertTrue(log.lines(LogMessage.FO_TLS_ESTABLISHED).stream().allMatch(line -> line.contains("TLSv1.2")));
    }

    @Test
    void startFailsNamingTheRelationshipWhenTheKeyStoreIsGone() throws IOException {
        TlsConfig tls = secondaryTls();
        java.nio.file.Files.delete(tls.keyStore());
        FailoverTransport transport = new FailoverTransport(List.of(new RecordingHandler(
                secondary(RELATIONSHIP, LOCALHOST, ephemeral()).withTls(tls))), FAST, Clock.systemUTC(),
                new Random(7), CatalogLogger.wrap(log));
        IOException failure = assertThrows(IOException.class, transport::start);
        assertTrue(failure.getMessage().contains(RELATIONSHIP) && failure.getMessage().contains("does not exist"),
                failure.getMessage());
        transport.stop();
    }
}
