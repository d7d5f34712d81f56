package org.dhcpfailover.plugin.hook;

import static org.dhcpfailover.plugin.transport.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.dhcpfailover.hook.spi.ClientKey;
import org.dhcpfailover.hook.spi.LeaseRequest;
import org.dhcpfailover.hook.spi.ResourceKind;
import org.dhcpfailover.plugin.endpoint.EndpointState;
import org.dhcpfailover.plugin.log.LogMessage;
import org.dhcpfailover.plugin.log.RecordingLogger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/** Each relationship's read-only status on the platform MBean server, as a JMX console reads it. */
@Timeout(60)
class RelationshipMBeansTest {
    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    @TempDir
    Path primaryStore;
    @TempDir
    Path secondaryStore;
    @TempDir
    Path thirdStore;

    private HookPair pair;

    @AfterEach
    void stopBoth() {
        if (pair != null) {
            pair.close();
        }
    }

    private static ObjectName name(String server) throws JMException {
        return new ObjectName("org.dhcpfailover:type=FailoverRelationship,server=" + server + ",name=failover-1");
    }

    private static Object read(String server, String attribute) throws JMException {
        return JMX.getAttribute(name(server), attribute);
    }

    private static long count(String server, String attribute) {
        try {
            return (Long) read(server, attribute);
        } catch (JMException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void bothPartnersOfOneJvmPublishTheirStateAndUpdateCounts_rfc8156_8() throws Exception {
        pair = HookPair.normal(primaryStore, secondaryStore);

        for (String server : new String[] {"server1", "server2"}) {
            assertEquals("NORMAL", read(server, "LocalState"));
            assertEquals("NORMAL", read(server, "PartnerState"));
            assertTrue(Instant.parse((String) read(server, "LocalStateSince")).isBefore(Instant.now().plusSeconds(1)));
            Instant.parse((String) read(server, "PartnerStateSince"));
            assertEquals(true, read(server, "CommunicationsOk"));
            assertEquals(true, read(server, "Connected"));
            assertEquals(30L, read(server, "MaximumClientLeadTime"));
        }
        assertEquals("primary", read("server1", "Role"));
        assertEquals("secondary", read("server2", "Role"));

        ClientKey client = new ClientKey(HexFormat.of().parseHex("00030001aabbccdd0001"), ResourceKind.IPV6_ADDRESS, 1);
        pair.primary.allocate(new LeaseRequest(client, "lan", Optional.empty(), Duration.ofHours(1),
                Duration.ofMinutes(30), true)).orElseThrow().durable().toCompletableFuture().get(10, TimeUnit.SECONDS);
        await("the partner acknowledged the grant", () -> count("server1", "RepliesReceived") >= 1
                && count("server1", "UnackedUpdates") == 0 && count("server1", "PendingUpdates") == 0);

        assertTrue(count("server1", "UpdatesSent") >= 1);
        assertEquals(0L, count("server1", "UpdatesRejectedByPartner"));
        assertTrue(count("server2", "PartnerUpdatesAnswered") >= 1);
        assertEquals(0L, count("server2", "PartnerUpdatesRejected"));
        assertTrue(count("server2", "Bindings") >= 1, "the grant, and the prefixes and IPv4 addresses handed over");
        assertEquals(count("server1", "Bindings"), count("server2", "Bindings"), "both stores agree");
    }

    @Test
    void theStateIsNamedAsTheRfcWritesItAndTheBeanGoesWithTheHook_rfc8156_8_9() throws Exception {
        pair = HookPair.normal(primaryStore, secondaryStore);

        pair.primary.stop();
        assertFalse(JMX.isRegistered(name("server1")), "unregistered on stop");
        await("the secondary is cut off", () -> pair.state(pair.secondary) == EndpointState.COMMUNICATIONS_INTERRUPTED,
                Duration.ofSeconds(15));
        assertEquals("COMMUNICATIONS-INTERRUPTED", read("server2", "LocalState"));
        assertEquals(false, read("server2", "CommunicationsOk"));
        pair.secondary.stop();
        assertFalse(JMX.isRegistered(name("server2")));
    }

    /** RFC 8156 §8.4, §8.9.2: the operator's partner-down through JMX; refused, with the reason, where §8 forbids it. */
    @Test
    void theOperatorDeclaresPartnerDownThroughJmx_rfc8156_8_4() throws Exception {
        pair = HookPair.normal(primaryStore, secondaryStore);
        pair.primary.stop();
        await("the secondary is cut off", () -> pair.state(pair.secondary) == EndpointState.COMMUNICATIONS_INTERRUPTED,
                Duration.ofSeconds(15));
        JMX.invoke(name("server2"), "partnerDown", null, null);
        assertEquals("PARTNER-DOWN", read("server2", "LocalState"));

        javax.management.RuntimeMBeanException refused = org.junit.jupiter.api.Assertions.assertThrows(
                javax.management.RuntimeMBeanException.class, () -> JMX.invoke(name("server2"), "partnerDown", null, null));
        assertTrue(refused.getCause() instanceof IllegalStateException
                && refused.getCause().getMessage().contains("this server is in PARTNER_DOWN"), refused.toString());
    }

    @Test
    void aNameTakenAlreadyIsLoggedAndDoesNotStopFailover() throws Exception {
        pair = HookPair.normal(primaryStore, secondaryStore);
        RecordingLogger log = new RecordingLogger(Level.DEBUG);
        TestHost twin = new TestHost(HookPair.parameters("server1", "primary", "server2", "127.0.0.1", 9, "127.0.0.4",
                647), thirdStore, TestHost.POOLS, new HostLeaseTable(), pair.clock);

        FailoverHook second = HookPair.create(twin, log);
        second.start();
        try {
            assertEquals(1, log.count(LogMessage.FO_JMX_NOT_REGISTERED));
            assertTrue(log.lines(LogMessage.FO_JMX_NOT_REGISTERED).get(0).startsWith("FO_JMX_NOT_REGISTERED "
                    + "failover-1: status not published over JMX as org.dhcpfailover:type=FailoverRelationship,"
                    + "server=server1,name=failover-1: javax.management.InstanceAlreadyExistsException"));
        } finally {
            second.stop();
        }
        assertTrue(JMX.isRegistered(name("server1")), "the first hook's bean stays");
        assertEquals("NORMAL", read("server1", "LocalState"));
    }

    @Test
    void valuesAnObjectNameCannotHoldPlainlyAreQuoted() throws JMException {
        assertEquals("failover-1", RelationshipMBeans.value("failover-1"));
        assertEquals("\"site a, rack 2\"", RelationshipMBeans.value("site a, rack 2"));
        assertEquals("site a:rack 2", ObjectName.unquote(new ObjectName("d:name="
                + RelationshipMBeans.value("site a:rack 2")).getKeyProperty("name")));
    }
}
