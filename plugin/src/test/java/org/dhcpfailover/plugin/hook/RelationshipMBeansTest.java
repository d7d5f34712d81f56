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
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.log.RecordingLogger;
import org.dhcpfailover.plugin.time.AbsoluteTime;
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

    private static Object value(String server, String attribute) {
        try {
            return read(server, attribute);
        } catch (JMException e) {
            throw new AssertionError(e);
        }
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
        assertTrue(count("server1", "UpdatesAcknowledgedByPartner") >= 1, "the grant's lease, at least");
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
        assertEquals("COMMUNICATIONS-INTERRUPTED", value("server2", "LocalState"));
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

    /** The operator's attributes (RFC 8156 §6.1, §7.1, §7.5.3) as open types a JMX exporter reads. */
    @Test
    void communicationsContactSkewConflictsAndRejectionsByStatus_rfc8156_6_1_7_1() throws Exception {
        pair = HookPair.normal(primaryStore, secondaryStore);

        for (String server : new String[] {"server1", "server2"}) {
            assertEquals("OK", read(server, "CommunicationsStatus"));
            Instant.parse((String) read(server, "LastContact"));
            long skew = (Long) read(server, "ClockSkewSeconds");
            assertTrue(Math.abs(skew) <= 1, "one clock for both: " + skew);
            assertEquals(0L, read(server, "Conflicts"));
            assertEquals(javax.management.openmbean.TabularData.class.isInstance(
                    read(server, "UpdatesRejectedByPartnerByStatus")), true, "a Map is TabularData over JMX");
            assertTrue(((javax.management.openmbean.TabularData) read(server, "PartnerUpdatesRejectedByStatus"))
                    .isEmpty());
            assertEquals("NONE", read(server, "ResyncStatus"));
        }
        pair.primary.stop();
        await("the secondary is cut off", () -> pair.state(pair.secondary) == EndpointState.COMMUNICATIONS_INTERRUPTED,
                Duration.ofSeconds(15));
        assertEquals("INTERRUPTED", value("server2", "CommunicationsStatus"));
    }

    /**
     * RFC 8156 §7.5.4 (and docs/protocol.md §5, the latest end stands): the secondary renews a
     * client for a short time while the primary is away; the primary holds the same client's lease
     * until later, so it rejects the secondary's update with OutdatedBindingInformation. Both
     * servers count it: as a conflict, and by status on the side that rejected and the side
     * rejected.
     */
    @Test
    void aRejectedUpdateCountsAsAConflictAndByItsStatusOnBothSides_rfc8156_7_5_4() throws Exception {
        pair = HookPair.normal(primaryStore, secondaryStore);
        ClientKey client = new ClientKey(HexFormat.of().parseHex("00030001aabbccdd0004"), ResourceKind.IPV6_ADDRESS, 1);
        org.dhcpfailover.hook.spi.HostLease lease = pair.primary.allocate(new LeaseRequest(client, "lan",
                Optional.empty(), Duration.ofHours(1), Duration.ofMinutes(30), true)).orElseThrow().lease().orElseThrow();
        await("the partner acknowledged the grant", () -> count("server1", "UnackedUpdates") == 0
                && count("server1", "PendingUpdates") == 0 && count("server1", "UpdatesAcknowledgedByPartner") >= 1);
        pair.primary.stop();
        await("the secondary is cut off", () -> pair.state(pair.secondary) == EndpointState.COMMUNICATIONS_INTERRUPTED,
                Duration.ofSeconds(15));
        // The secondary renews the client for 1 s (asked), well before the end the primary granted.
        pair.secondary.service().leases(HookPair.RELATIONSHIP).grant(LeaseTranslation.lease(lease),
                LeaseTranslation.client(client), 1, 1, AbsoluteTime.fromInstant(pair.clock.instant()))
                .durable().get(10, TimeUnit.SECONDS);
        assertEquals(0L, count("server2", "Conflicts"));

        pair.startPrimary();

        await("the primary rejected the renewal", () -> count("server1", "PartnerUpdatesRejected") >= 1
                && count("server2", "UpdatesRejectedByPartner") >= 1, Duration.ofSeconds(20));
        // The secondary sends the rejected lease again on its periodic scan: the counts may still grow.
        java.util.Map<String, Long> rejectedHere = byStatus("server1", "PartnerUpdatesRejectedByStatus");
        assertEquals(java.util.Set.of("OutdatedBindingInformation"), rejectedHere.keySet());
        assertTrue(rejectedHere.get("OutdatedBindingInformation") >= 1);
        java.util.Map<String, Long> rejectedThere = byStatus("server2", "UpdatesRejectedByPartnerByStatus");
        assertEquals(java.util.Set.of("OutdatedBindingInformation"), rejectedThere.keySet());
        assertTrue(rejectedThere.get("OutdatedBindingInformation") >= 1);
        assertTrue(count("server1", "Conflicts") >= 1);
        assertTrue(count("server2", "Conflicts") >= 1);
    }

    /** A {@code Map<String, Long>} attribute as a JMX console gets it: TabularData of key and value. */
    private static java.util.Map<String, Long> byStatus(String server, String attribute) throws JMException {
        java.util.Map<String, Long> map = new java.util.TreeMap<>();
        for (Object row : ((javax.management.openmbean.TabularData) read(server, attribute)).values()) {
            javax.management.openmbean.CompositeData entry = (javax.management.openmbean.CompositeData) row;
            map.put((String) entry.get("key"), (Long) entry.get("value"));
        }
        return map;
    }

    /** RFC 8156 §5.3.6, §5.3.7: a full resync through JMX, followed to UPDDONE; refused without a connection. */
    @Test
    void theOperatorStartsAFullResyncThroughJmx_rfc8156_5_3_6() throws Exception {
        pair = HookPair.normal(primaryStore, secondaryStore);
        ClientKey client = new ClientKey(HexFormat.of().parseHex("00030001aabbccdd0002"), ResourceKind.IPV6_ADDRESS, 1);
        pair.secondary.allocate(new LeaseRequest(client, "lan", Optional.empty(), Duration.ofHours(1),
                Duration.ofMinutes(30), true)).orElseThrow().durable().toCompletableFuture().get(10, TimeUnit.SECONDS);
        // Quiet first: a binding still in flight is not sent again, so the answer would not count it.
        await("nothing in flight", () -> count("server2", "UnackedUpdates") == 0 && count("server2", "PendingUpdates") == 0
                && count("server1", "UnackedUpdates") == 0 && count("server1", "PendingUpdates") == 0);
        long held = count("server2", "Bindings");

        JMX.invoke(name("server1"), "resync", null, null);

        await("UPDDONE arrived", () -> "DONE".equals(value("server1", "ResyncStatus")));
        assertEquals("UPDREQALL", value("server1", "ResyncRequest"));
        long received = count("server1", "ResyncUpdatesReceived");
        assertTrue(received >= 1 && received <= held, "the secondary's bindings, a BNDUPD per client or free prefix: "
                + received + " for " + held);
        assertTrue(!Instant.parse((String) read("server1", "ResyncDoneAt"))
                .isBefore(Instant.parse((String) read("server1", "ResyncRequestedAt"))));
        assertEquals("NORMAL", read("server1", "LocalState"));

        pair.primary.stop();
        await("the secondary is cut off", () -> pair.state(pair.secondary) == EndpointState.COMMUNICATIONS_INTERRUPTED,
                Duration.ofSeconds(15));
        javax.management.RuntimeMBeanException refused = org.junit.jupiter.api.Assertions.assertThrows(
                javax.management.RuntimeMBeanException.class, () -> JMX.invoke(name("server2"), "resync", null, null));
        assertTrue(refused.getCause() instanceof IllegalStateException
                && refused.getCause().getMessage().startsWith("not connected to the partner"), refused.toString());
    }

    /** RFC 8156 §5.3.10: the operator's DISCONNECT; the pair reconnects by itself. */
    @Test
    void theOperatorDisconnectsAndThePairReconnects_rfc8156_5_3_10() throws Exception {
        pair = HookPair.normal(primaryStore, secondaryStore);

        JMX.invoke(name("server2"), "disconnect", new Object[] {"maintenance"}, new String[] {String.class.getName()});

        await("back to NORMAL after the reconnect", () -> "NORMAL".equals(value("server1", "LocalState"))
                && "NORMAL".equals(value("server2", "LocalState")) && "OK".equals(value("server2", "CommunicationsStatus"))
                && "OK".equals(value("server1", "CommunicationsStatus")), Duration.ofSeconds(30));
    }

    /** RFC 8156 §7.2: reset-lease refuses an unknown lease and a text that is no lease, with the reason. */
    @Test
    void resetLeaseRefusesWhatIsNotAnAbandonedLease_rfc8156_7_2() throws Exception {
        pair = HookPair.normal(primaryStore, secondaryStore);
        String[] signature = {String.class.getName()};

        javax.management.RuntimeMBeanException garbage = org.junit.jupiter.api.Assertions.assertThrows(
                javax.management.RuntimeMBeanException.class,
                () -> JMX.invoke(name("server1"), "resetLease", new Object[] {"not-an-address"}, signature));
        assertTrue(garbage.getCause() instanceof IllegalArgumentException
                && garbage.getCause().getMessage().startsWith("'not-an-address' is not an address or a prefix"),
                garbage.toString());
    }

    /** RFC 8156 §7.2 arc (10): an abandoned lease reset through JMX reaches the partner, which frees it. */
    @Test
    void resetLeaseThroughJmxMakesAnAbandonedLeaseUsableOnBothServers_rfc8156_7_2() throws Exception {
        pair = HookPair.normal(primaryStore, secondaryStore);
        ClientKey client = new ClientKey(HexFormat.of().parseHex("00030001aabbccdd0003"), ResourceKind.IPV6_ADDRESS, 1);
        org.dhcpfailover.hook.spi.LeaseDecision granted = pair.primary.allocate(new LeaseRequest(client, "lan",
                Optional.empty(), Duration.ofHours(1), Duration.ofMinutes(30), true)).orElseThrow();
        granted.durable().toCompletableFuture().get(10, TimeUnit.SECONDS);
        org.dhcpfailover.hook.spi.HostLease lease = granted.lease().orElseThrow();
        pair.primary.leaseEvent(new org.dhcpfailover.hook.spi.LeaseEvent(
                org.dhcpfailover.hook.spi.LeaseEvent.Type.DECLINED, lease));
        await("both servers hold it ABANDONED", () -> BindingStatus.ABANDONED.equals(status(pair.secondary, lease))
                && BindingStatus.ABANDONED.equals(status(pair.primary, lease)));
        String[] signature = {String.class.getName()};

        // Written as a full-length prefix, it still names the address's binding.
        JMX.invoke(name("server1"), "resetLease", new Object[] {lease.address().getHostAddress() + "/128"},
                signature);

        await("the partner took the RESET and the lease left ABANDONED on both",
                () -> !BindingStatus.ABANDONED.equals(status(pair.secondary, lease))
                        && !BindingStatus.ABANDONED.equals(status(pair.primary, lease))
                        && count("server1", "UnackedUpdates") == 0 && count("server1", "PendingUpdates") == 0);
        assertEquals(1, pair.primaryLog.count(LogMessage.FO_OPERATOR_LEASE_RESET));
        javax.management.RuntimeMBeanException again = org.junit.jupiter.api.Assertions.assertThrows(
                javax.management.RuntimeMBeanException.class, () -> JMX.invoke(name("server1"), "resetLease",
                        new Object[] {lease.address().getHostAddress()}, signature));
        assertTrue(again.getCause() instanceof IllegalStateException
                && again.getCause().getMessage().contains("not ABANDONED"), again.toString());
    }

    private static BindingStatus status(FailoverHook hook, org.dhcpfailover.hook.spi.HostLease lease) {
        return hook.service().leases(HookPair.RELATIONSHIP).find(LeaseTranslation.lease(lease))
                .map(org.dhcpfailover.plugin.binding.Binding::status).orElse(null);
    }

    @Test
    void operatorLeasesParseAsAddressesPrefixesAndIpv4Blocks_docsProtocol2() {
        assertEquals(org.dhcpfailover.plugin.binding.Lease.address(
                org.dhcpfailover.plugin.wire.Ipv6Address.parse("2001:db8::5")),
                FailoverRelationshipStatus.parseLease(" 2001:db8::5 "));
        assertEquals(org.dhcpfailover.plugin.binding.Lease.prefix(
                org.dhcpfailover.plugin.wire.Ipv6Address.parse("2001:db8:1::"), 56),
                FailoverRelationshipStatus.parseLease("2001:db8:1::/56"));
        assertEquals(org.dhcpfailover.plugin.binding.Lease.address(
                org.dhcpfailover.plugin.wire.Ipv6Address.parse("::ffff:192.0.2.7")),
                FailoverRelationshipStatus.parseLease("192.0.2.7"));
        assertEquals(org.dhcpfailover.plugin.binding.Lease.prefix(
                org.dhcpfailover.plugin.wire.Ipv6Address.parse("::ffff:192.0.2.8"), 125),
                FailoverRelationshipStatus.parseLease("192.0.2.8/29"));
        // A full-length prefix is the one address it names, not a delegated prefix.
        assertEquals(org.dhcpfailover.plugin.binding.Lease.address(
                org.dhcpfailover.plugin.wire.Ipv6Address.parse("2001:db8::5")),
                FailoverRelationshipStatus.parseLease("2001:db8::5/128"));
        assertEquals(org.dhcpfailover.plugin.binding.Lease.address(
                org.dhcpfailover.plugin.wire.Ipv6Address.parse("::ffff:192.0.2.7")),
                FailoverRelationshipStatus.parseLease("192.0.2.7/32"));
        assertEquals(org.dhcpfailover.plugin.binding.Lease.prefix(
                org.dhcpfailover.plugin.wire.Ipv6Address.parse("2001:db8::4"), 127),
                FailoverRelationshipStatus.parseLease("2001:db8::4/127"));
        for (String bad : new String[] {"", "192.0.2", "192.0.2.7/33", "2001:db8::/129", "2001:db8::/x", "host.example"}) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> FailoverRelationshipStatus.parseLease(bad), bad);
            assertTrue(e.getMessage().contains("address or a prefix"), e.getMessage());
        }
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
