package org.dhcpfailover.host.v4;

import static org.dhcp4java.DHCPConstants.DHCPACK;
import static org.dhcp4java.DHCPConstants.DHCPDECLINE;
import static org.dhcp4java.DHCPConstants.DHCPDISCOVER;
import static org.dhcp4java.DHCPConstants.DHCPINFORM;
import static org.dhcp4java.DHCPConstants.DHCPNAK;
import static org.dhcp4java.DHCPConstants.DHCPOFFER;
import static org.dhcp4java.DHCPConstants.DHCPRELEASE;
import static org.dhcp4java.DHCPConstants.DHCPREQUEST;
import static org.dhcp4java.DHCPConstants.DHO_DHCP_LEASE_TIME;
import static org.dhcp4java.DHCPConstants.DHO_DHCP_REBINDING_TIME;
import static org.dhcp4java.DHCPConstants.DHO_DHCP_RENEWAL_TIME;
import static org.dhcp4java.DHCPConstants.DHO_DHCP_SERVER_IDENTIFIER;
import static org.dhcpfailover.host.v4.Packets.ip;
import static org.dhcpfailover.host.v4.Packets.mac;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dhcp4java.DHCPPacket;
import org.dhcpfailover.hook.spi.ClientKey;
import org.dhcpfailover.hook.spi.ClientMessage.MessageType;
import org.dhcpfailover.hook.spi.HostLease;
import org.dhcpfailover.hook.spi.LeaseDecision;
import org.dhcpfailover.hook.spi.LeaseEvent;
import org.dhcpfailover.hook.spi.ResourceKind;
import org.dhcpfailover.host.hooks.DeferredReplies;
import org.dhcpfailover.host.lease.LeaseJournal;
import org.dhcpfailover.host.testing.FakeHooks;
import org.dhcpfailover.host.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The servlet's DHCPv4 logic (RFC 2131) on constructed packets: no sockets. */
class LeaseServletTest {

    private static final String SERVER = "10.99.0.1";
    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    @TempDir
    Path store;

    private final MutableClock clock = new MutableClock(START);
    private final FakeHooks hooks = new FakeHooks();
    private LeaseJournal journal;
    private HostLeaseTable table;
    private DeferredReplies<DatagramPacket> deferred;
    private final BlockingQueue<DatagramPacket> sentLater = new LinkedBlockingQueue<>();
    private LeaseServlet servlet;
    private int xid = 1000;

    @BeforeEach
    void serveOnePool() throws Exception {
        serve(List.of(pool("lan", "10.99.0.100", "10.99.0.109")), Duration.ofSeconds(2));
    }

    @AfterEach
    void closeJournal() {
        deferred.close();
        journal.close();
    }

    private void serve(List<V4Pool> pools, Duration durableWait) throws Exception {
        if (journal != null) {
            journal.close();
            deferred.close();
        }
        journal = LeaseJournal.open(store, HostV4.JOURNAL).journal();
        table = new HostLeaseTable(journal, pools, List.of((Inet4Address) ip(SERVER)), LeaseServlet.OFFER_HOLD);
        PoolSelector selector = new PoolSelector(pools,
                Optional.of(new PoolSelector.Subnet(Ipv4.toInt(ip(SERVER)), 24)));
        deferred = new DeferredReplies<>("test-deferred-replies");
        deferred.attach(sentLater::add);
        servlet = new LeaseServlet((Inet4Address) ip(SERVER), selector, table, hooks, clock, durableWait,
                new org.dhcpfailover.host.lease.HostCounters(), deferred);
    }

    static V4Pool pool(String name, String first, String last) {
        return new V4Pool(name, Ipv4.toInt(ip(first)), Ipv4.toInt(ip(last)), Duration.ofSeconds(3600));
    }

    private DHCPPacket broadcast(Packets message) {
        return replyTo(servlet.serviceBroadcast(message.datagram()));
    }

    private DHCPPacket unicast(Packets message) {
        return replyTo(servlet.serviceDatagram(message.datagram()));
    }

    /** The worker's reply, or the one sent once the hook's lease was durable, or null (none within 5 s). */
    private DHCPPacket replyTo(DatagramPacket immediate) {
        DatagramPacket reply = immediate;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (reply == null && (deferred.pending() > 0 || !sentLater.isEmpty()) && System.nanoTime() < deadline) {
            try {
                reply = sentLater.poll(10, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return reply == null ? null : withDestination(reply);
    }

    private static DHCPPacket withDestination(DatagramPacket reply) {
        return Packets.reply(reply); // address / port of the parsed packet = the datagram's destination
    }

    private String dora(byte[] mac) {
        DHCPPacket offer = broadcast(Packets.of(DHCPDISCOVER, mac, ++xid));
        assertNotNull(offer, "OFFER");
        String address = offer.getYiaddr().getHostAddress();
        DHCPPacket ack = broadcast(Packets.of(DHCPREQUEST, mac, xid).serverId(SERVER).requested(address));
        assertNotNull(ack, "ACK");
        assertEquals(DHCPACK, ack.getDHCPMessageType());
        assertEquals(address, ack.getYiaddr().getHostAddress());
        return address;
    }

    private static ClientKey key(byte[] mac) {
        return new ClientKey(ClientIdentity.duidLl(1, mac), ResourceKind.IPV4_ADDRESS, 0);
    }

    // ---- DORA and the options of the replies ----

    @Test
    void discoverRequestGivesAnOfferedAddressWithLeaseTimesAndServerIdentifier() {
        DHCPPacket offer = broadcast(Packets.of(DHCPDISCOVER, mac(1), 7));
        assertEquals(DHCPOFFER, offer.getDHCPMessageType());
        assertEquals(7, offer.getXid());
        String address = offer.getYiaddr().getHostAddress();
        assertEquals("10.99.0.100", address);
        assertEquals(3600, offer.getOptionAsInteger(DHO_DHCP_LEASE_TIME));
        assertEquals(1800, offer.getOptionAsInteger(DHO_DHCP_RENEWAL_TIME));
        assertEquals(3150, offer.getOptionAsInteger(DHO_DHCP_REBINDING_TIME));
        assertEquals(ip(SERVER), offer.getOptionAsInetAddr(DHO_DHCP_SERVER_IDENTIFIER));
        assertEquals(ip("255.255.255.255"), offer.getAddress(), "a client without an address gets a broadcast");
        assertEquals(68, offer.getPort());

        DHCPPacket ack = broadcast(Packets.of(DHCPREQUEST, mac(1), 8).serverId(SERVER).requested(address));
        assertEquals(DHCPACK, ack.getDHCPMessageType());
        assertEquals(address, ack.getYiaddr().getHostAddress());
        assertEquals(3600, ack.getOptionAsInteger(DHO_DHCP_LEASE_TIME));
        assertEquals(1800, ack.getOptionAsInteger(DHO_DHCP_RENEWAL_TIME));
        assertEquals(3150, ack.getOptionAsInteger(DHO_DHCP_REBINDING_TIME));
        assertEquals(ip(SERVER), ack.getOptionAsInetAddr(DHO_DHCP_SERVER_IDENTIFIER));

        HostLease lease = table.activeLease(key(mac(1))).orElseThrow();
        assertEquals(address, lease.address().getHostAddress());
        assertEquals(START.plusSeconds(3600), lease.validUntil());
        assertEquals(MessageType.REQUEST, hooks.lastMessage().type());
        assertTrue(hooks.lastMessage().addressedToUs());
        assertEquals(Optional.of("lan"), hooks.lastMessage().pool());
    }

    @Test
    void aRetransmittedDiscoverGetsTheSameOfferAndAnotherClientAnotherAddress() {
        String first = broadcast(Packets.of(DHCPDISCOVER, mac(1), 1)).getYiaddr().getHostAddress();
        assertEquals(first, broadcast(Packets.of(DHCPDISCOVER, mac(1), 2)).getYiaddr().getHostAddress());
        String second = broadcast(Packets.of(DHCPDISCOVER, mac(2), 3)).getYiaddr().getHostAddress();
        assertNotEquals(first, second);
    }

    @Test
    void aDiscoverWithARequestedFreeAddressIsOfferedThatAddress() {
        DHCPPacket offer = broadcast(Packets.of(DHCPDISCOVER, mac(1), 1).requested("10.99.0.105"));
        assertEquals("10.99.0.105", offer.getYiaddr().getHostAddress());
    }

    @Test
    void theServerAddressIsNeverOffered() throws Exception {
        serve(List.of(pool("lan", "10.99.0.1", "10.99.0.2")), Duration.ofSeconds(2));
        assertEquals("10.99.0.2", broadcast(Packets.of(DHCPDISCOVER, mac(1), 1)).getYiaddr().getHostAddress());
        assertNull(broadcast(Packets.of(DHCPDISCOVER, mac(2), 2)), "the pool's only other address is the server's");
    }

    @Test
    void aFullPoolMakesNoOffer() throws Exception {
        serve(List.of(pool("tiny", "10.99.0.100", "10.99.0.101")), Duration.ofSeconds(2));
        dora(mac(1));
        dora(mac(2));
        assertNull(broadcast(Packets.of(DHCPDISCOVER, mac(3), 1)));
    }

    // ---- NAK and silence ----

    @Test
    void aRequestForAnAddressOutsideThePoolsIsNaked() {
        DHCPPacket nak = broadcast(Packets.of(DHCPREQUEST, mac(1), 1).requested("192.168.7.7"));
        assertEquals(DHCPNAK, nak.getDHCPMessageType());
        assertEquals(ip("255.255.255.255"), nak.getAddress());
        assertEquals(ip(SERVER), nak.getOptionAsInetAddr(DHO_DHCP_SERVER_IDENTIFIER));
        assertTrue(table.activeLease(key(mac(1))).isEmpty());
    }

    @Test
    void aRequestForAnotherClientsAddressIsNaked() {
        String taken = dora(mac(1));
        DHCPPacket nak = broadcast(Packets.of(DHCPREQUEST, mac(2), 1).serverId(SERVER).requested(taken));
        assertEquals(DHCPNAK, nak.getDHCPMessageType());
        assertEquals(key(mac(1)), table.leaseAt((Inet4Address) ip(taken)).orElseThrow().client());
    }

    @Test
    void initRebootWithTheClientsOwnLeaseIsAcknowledgedAndWithoutARecordIsSilent() {
        String address = dora(mac(1));
        DHCPPacket ack = broadcast(Packets.of(DHCPREQUEST, mac(1), 1).requested(address));
        assertEquals(DHCPACK, ack.getDHCPMessageType());
        assertEquals(address, ack.getYiaddr().getHostAddress());
        // RFC 2131 §4.3.2: no record of the client -> remain silent
        assertNull(broadcast(Packets.of(DHCPREQUEST, mac(2), 2).requested("10.99.0.108")));
    }

    @Test
    void aRequestAddressedToAnotherServerIsNotAnsweredAndTheOfferIsWithdrawn() throws Exception {
        serve(List.of(pool("one", "10.99.0.100", "10.99.0.100")), Duration.ofSeconds(2));
        String offered = broadcast(Packets.of(DHCPDISCOVER, mac(1), 1)).getYiaddr().getHostAddress();
        assertNull(broadcast(Packets.of(DHCPREQUEST, mac(1), 2).serverId("10.99.0.2").requested(offered)));
        assertTrue(hooks.lastMessage().addressedToOther());
        assertFalse(hooks.lastMessage().addressedToUs());
        assertEquals(offered, broadcast(Packets.of(DHCPDISCOVER, mac(2), 3)).getYiaddr().getHostAddress(),
                "the withdrawn offer is free again");
    }

    // ---- renewing, rebinding ----

    @Test
    void aRenewalUnicastWithCiaddrKeepsTheAddressAndExtendsTheLease() {
        String address = dora(mac(1));
        clock.advance(Duration.ofSeconds(1800));
        DHCPPacket ack = unicast(Packets.of(DHCPREQUEST, mac(1), 1).ciaddr(address));
        assertEquals(DHCPACK, ack.getDHCPMessageType());
        assertEquals(address, ack.getYiaddr().getHostAddress());
        assertEquals(ip(address), ack.getAddress(), "a renewing client is answered at its address");
        assertEquals(3600, ack.getOptionAsInteger(DHO_DHCP_LEASE_TIME));
        assertEquals(START.plusSeconds(1800 + 3600), table.activeLease(key(mac(1))).orElseThrow().validUntil());
        assertEquals(MessageType.RENEW, hooks.lastMessage().type());
        assertTrue(hooks.lastMessage().addressedToUs(), "unicast to our address with ciaddr set");
    }

    @Test
    void aBroadcastRequestWithCiaddrIsARebind() {
        String address = dora(mac(1));
        DHCPPacket ack = broadcast(Packets.of(DHCPREQUEST, mac(1), 1).ciaddr(address));
        assertEquals(DHCPACK, ack.getDHCPMessageType());
        assertEquals(MessageType.REBIND, hooks.lastMessage().type());
        assertFalse(hooks.lastMessage().addressedToUs());
    }

    @Test
    void aRenewalOfAnAddressHeldByAnotherClientIsNaked() {
        String address = dora(mac(1));
        DHCPPacket nak = unicast(Packets.of(DHCPREQUEST, mac(2), 1).ciaddr(address));
        assertEquals(DHCPNAK, nak.getDHCPMessageType());
    }

    // ---- release, decline, inform ----

    @Test
    void aReleaseFreesTheAddressAndTellsTheHooks() throws Exception {
        serve(List.of(pool("one", "10.99.0.100", "10.99.0.100")), Duration.ofSeconds(2));
        String address = dora(mac(1));
        assertNull(unicast(Packets.of(DHCPRELEASE, mac(1), 1).ciaddr(address).serverId(SERVER)));
        assertTrue(table.leaseAt((Inet4Address) ip(address)).isEmpty());
        LeaseEvent event = hooks.events.get(0);
        assertEquals(LeaseEvent.Type.RELEASED, event.type());
        assertEquals(HostLease.State.FREE, event.lease().state());
        assertEquals(key(mac(1)), event.lease().client());
        assertEquals(address, dora(mac(2)), "the released address is handed out again");
    }

    @Test
    void aReleaseByAnotherClientOrForAnotherServerChangesNothing() {
        String address = dora(mac(1));
        unicast(Packets.of(DHCPRELEASE, mac(2), 1).ciaddr(address).serverId(SERVER));
        unicast(Packets.of(DHCPRELEASE, mac(1), 2).ciaddr(address).serverId("10.99.0.2"));
        assertTrue(table.activeLease(key(mac(1))).isPresent());
        assertTrue(hooks.events.isEmpty());
    }

    @Test
    void aDeclineAbandonsTheAddressUntilTheProbationEnds() throws Exception {
        serve(List.of(pool("one", "10.99.0.100", "10.99.0.100")), Duration.ofSeconds(2));
        String address = dora(mac(1));
        assertNull(broadcast(Packets.of(DHCPDECLINE, mac(1), 1).requested(address).serverId(SERVER)));
        HostLease abandoned = table.leaseAt((Inet4Address) ip(address)).orElseThrow();
        assertEquals(HostLease.State.ABANDONED, abandoned.state());
        assertEquals(LeaseEvent.Type.DECLINED, hooks.events.get(0).type());
        assertTrue(table.activeLease(key(mac(1))).isEmpty());
        assertNull(broadcast(Packets.of(DHCPDISCOVER, mac(2), 2)), "an abandoned address is not offered");

        clock.advance(LeaseServlet.DECLINE_PROBATION);
        List<HostLease> ended = table.expire(clock.instant());
        assertEquals(1, ended.size());
        assertEquals(address, dora(mac(2)), "after the probation the address is free again");
    }

    @Test
    void anInformIsAcknowledgedWithoutALease() {
        DHCPPacket ack = unicast(Packets.of(DHCPINFORM, mac(1), 1).ciaddr("10.99.0.50"));
        assertEquals(DHCPACK, ack.getDHCPMessageType());
        assertEquals(ip("0.0.0.0"), ack.getYiaddr());
        assertNull(ack.getOptionAsInteger(DHO_DHCP_LEASE_TIME));
        assertEquals(ip(SERVER), ack.getOptionAsInetAddr(DHO_DHCP_SERVER_IDENTIFIER));
        assertEquals(ip("10.99.0.50"), ack.getAddress());
        assertEquals(68, ack.getPort());
        assertEquals(0, table.size());
        assertEquals(MessageType.INFORM, hooks.lastMessage().type());
    }

    // ---- relays ----

    @Test
    void aRelayedReplyGoesToGiaddrOnPort67() {
        DHCPPacket offer = unicast(Packets.of(DHCPDISCOVER, mac(1), 1).relayedBy("10.99.0.254", 67));
        assertEquals(ip("10.99.0.254"), offer.getAddress());
        assertEquals(67, offer.getPort());
        assertEquals(ip("10.99.0.254"), offer.getGiaddr());
    }

    @Test
    void aRelaySendingFromAnotherPortGetsTheReplyOnThatPort() {
        DHCPPacket offer = unicast(Packets.of(DHCPDISCOVER, mac(1), 1).relayedBy("10.99.0.254", 6767));
        assertEquals(ip("10.99.0.254"), offer.getAddress());
        assertEquals(6767, offer.getPort());
        DHCPPacket nak = unicast(Packets.of(DHCPREQUEST, mac(1), 2).requested("192.168.1.1").relayedBy("10.99.0.254", 6767));
        assertEquals(DHCPNAK, nak.getDHCPMessageType());
        assertEquals(6767, nak.getPort());
        assertTrue((nak.getFlags() & 0x8000) != 0, "RFC 2131 §4.3.2: a relayed NAK asks the relay to broadcast");
    }

    @Test
    void aRelayedClientGetsThePoolOfTheRelaysSubnet() throws Exception {
        serve(List.of(pool("here", "10.99.0.100", "10.99.0.109"), pool("there", "10.77.5.10", "10.77.5.20")),
                Duration.ofSeconds(2));
        assertEquals("10.99.0.100", broadcast(Packets.of(DHCPDISCOVER, mac(1), 1)).getYiaddr().getHostAddress());
        DHCPPacket relayed = unicast(Packets.of(DHCPDISCOVER, mac(2), 2).relayedBy("10.77.5.1", 67));
        assertEquals("10.77.5.10", relayed.getYiaddr().getHostAddress());
        assertEquals(Optional.of("there"), hooks.lastMessage().pool());
        DHCPPacket elsewhere = unicast(Packets.of(DHCPDISCOVER, mac(3), 3).relayedBy("172.16.0.1", 67));
        assertEquals("10.99.0.101", elsewhere.getYiaddr().getHostAddress(), "no pool on the relay's subnet: the first");
    }

    // ---- client identity ----

    @Test
    void anRfc4361ClientIdentifierGivesItsDuidAndIaid() {
        byte[] duid = {0, 1, 0, 1, 0x2b, 0x3c, 0x4d, 0x5e, 2, 0, 0x5e, 0x10, 0, 9};
        byte[] option61 = new byte[1 + 4 + duid.length];
        option61[0] = (byte) 255;
        option61[4] = 7; // IAID 7
        System.arraycopy(duid, 0, option61, 5, duid.length);
        String address = broadcast(Packets.of(DHCPDISCOVER, mac(1), 1).clientId(option61)).getYiaddr().getHostAddress();
        broadcast(Packets.of(DHCPREQUEST, mac(1), 1).clientId(option61).serverId(SERVER).requested(address));
        HostLease lease = table.leaseAt((Inet4Address) ip(address)).orElseThrow();
        assertArrayEquals(duid, lease.client().duid());
        assertEquals(7, lease.client().iaid());
        assertArrayEquals(duid, hooks.lastMessage().duid());
    }

    @Test
    void aTypeAndDataClientIdentifierIsDuidLlAndMatchesTheSameMacWithoutOne() {
        byte[] option61 = {1, 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01}; // hardware type 1, MAC of mac(1)
        String address = dora(mac(1));
        DHCPPacket renewal = unicast(Packets.of(DHCPREQUEST, mac(1), 1).clientId(option61).ciaddr(address));
        assertEquals(DHCPACK, renewal.getDHCPMessageType(), "same client with or without option 61");
        assertArrayEquals(new byte[] {0, 3, 0, 1, 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01},
                table.leaseAt((Inet4Address) ip(address)).orElseThrow().client().duid());
        byte[] otherType = {0, 'h', 'o', 's', 't'};
        assertEquals(DHCPNAK, unicast(Packets.of(DHCPREQUEST, mac(1), 2).clientId(otherType).ciaddr(address))
                .getDHCPMessageType(), "another identifier is another client");
    }

    @Test
    void aMalformedClientIdentifierOrDatagramGetsNoReply() {
        assertNull(broadcast(Packets.of(DHCPDISCOVER, mac(1), 1).clientId(new byte[] {1})));
        assertNull(broadcast(Packets.of(DHCPDISCOVER, mac(1), 1).clientId(new byte[] {(byte) 255, 0, 0, 0, 1})));
        assertNull(servlet.serviceBroadcast(new DatagramPacket(new byte[] {1, 2, 3}, 3, ip("10.99.0.7"), 68)));
        assertTrue(hooks.messages.isEmpty(), "nothing reaches the hooks");
    }

    // ---- hooks deciding ----

    @Test
    void aHookThatDeclinesToAnswerSilencesEveryMessage() {
        hooks.answer = false;
        assertNull(broadcast(Packets.of(DHCPDISCOVER, mac(1), 1)));
        assertNull(unicast(Packets.of(DHCPINFORM, mac(1), 2).ciaddr("10.99.0.50")));
        assertTrue(hooks.requests.isEmpty(), "no allocation when the hook does not answer");
    }

    @Test
    void aSilentDecisionGetsNoReply() {
        hooks.decide = request -> Optional.of(decision(LeaseDecision.Outcome.SILENT, null, done()));
        assertNull(broadcast(Packets.of(DHCPDISCOVER, mac(1), 1)));
        assertNull(broadcast(Packets.of(DHCPREQUEST, mac(1), 2).serverId(SERVER).requested("10.99.0.100")));
    }

    @Test
    void aNoLeaseDecisionMakesNoOfferAndNaksARequest() {
        hooks.decide = request -> Optional.of(decision(LeaseDecision.Outcome.NO_LEASE, null, done()));
        assertNull(broadcast(Packets.of(DHCPDISCOVER, mac(1), 1)));
        DHCPPacket nak = broadcast(Packets.of(DHCPREQUEST, mac(1), 2).serverId(SERVER).requested("10.99.0.100"));
        assertEquals(DHCPNAK, nak.getDHCPMessageType());
        assertEquals(0, table.size());
    }

    @Test
    void aGrantIsAnsweredOnlyOnceDurableAndRecordedInTheTable() throws Exception {
        Inet4Address granted = (Inet4Address) ip("10.99.0.107");
        CompletableFuture<Void> durable = new CompletableFuture<>();
        hooks.decide = request -> Optional.of(decision(LeaseDecision.Outcome.GRANT,
                HostLeaseTable.leaseFor(request.client(), granted, Duration.ofSeconds(600), clock.instant()),
                request.commit() ? durable : done()));
        DHCPPacket offer = broadcast(Packets.of(DHCPDISCOVER, mac(1), 1));
        assertEquals("10.99.0.107", offer.getYiaddr().getHostAddress());
        assertEquals(600, offer.getOptionAsInteger(DHO_DHCP_LEASE_TIME), "the hook's lifetime, not the pool's");
        assertFalse(hooks.requests.get(0).commit());

        assertNull(servlet.serviceBroadcast(Packets.of(DHCPREQUEST, mac(1), 2).serverId(SERVER)
                .requested("10.99.0.107").datagram()), "the worker hands the wait over and returns");
        assertEquals(1, deferred.pending());
        assertTrue(sentLater.isEmpty(), "no ACK before the lease is durable");
        assertEquals(0, table.size(), "nor is the lease in the table");
        durable.complete(null);
        DHCPPacket ack = replyTo(null);
        assertEquals(DHCPACK, ack.getDHCPMessageType(), "sent once durable");
        assertEquals("10.99.0.107", ack.getYiaddr().getHostAddress());
        assertTrue(hooks.requests.get(1).commit());
        assertEquals(Optional.of(ip("10.99.0.107")), hooks.requests.get(1).candidate());
        assertEquals(granted, table.activeLease(key(mac(1))).orElseThrow().address());
    }

    @Test
    void aGrantThatIsNotDurableInTimeOrFailsGetsNoReply() throws Exception {
        serve(List.of(pool("lan", "10.99.0.100", "10.99.0.109")), Duration.ofMillis(200));
        Inet4Address granted = (Inet4Address) ip("10.99.0.107");
        CompletableFuture<Void> never = new CompletableFuture<>();
        hooks.decide = request -> Optional.of(decision(LeaseDecision.Outcome.GRANT,
                HostLeaseTable.leaseFor(request.client(), granted, Duration.ofSeconds(600), clock.instant()), never));
        assertNull(broadcast(Packets.of(DHCPREQUEST, mac(1), 1).serverId(SERVER).requested("10.99.0.107")));
        assertEquals(0, table.size(), "an unconfirmed lease is not recorded");

        hooks.decide = request -> Optional.of(decision(LeaseDecision.Outcome.GRANT,
                HostLeaseTable.leaseFor(request.client(), granted, Duration.ofSeconds(600), clock.instant()),
                CompletableFuture.failedFuture(new java.io.IOException("disk gone"))));
        assertNull(broadcast(Packets.of(DHCPREQUEST, mac(1), 2).serverId(SERVER).requested("10.99.0.107")));
        assertEquals(0, table.size());

        CompletableFuture<Void> failsLater = new CompletableFuture<>();
        hooks.decide = request -> Optional.of(decision(LeaseDecision.Outcome.GRANT,
                HostLeaseTable.leaseFor(request.client(), granted, Duration.ofSeconds(600), clock.instant()),
                failsLater));
        assertNull(servlet.serviceBroadcast(Packets.of(DHCPREQUEST, mac(1), 3).serverId(SERVER)
                .requested("10.99.0.107").datagram()));
        failsLater.completeExceptionally(new java.io.IOException("disk gone while the reply waited"));
        assertNull(replyTo(null), "no reply once the store failed");
        assertEquals(0, deferred.pending());
        assertEquals(0, table.size());
    }

    @Test
    void aGrantOfAnotherAddressThanRequestedIsANak() {
        hooks.decide = request -> Optional.of(decision(LeaseDecision.Outcome.GRANT,
                HostLeaseTable.leaseFor(request.client(), (Inet4Address) ip("10.99.0.103"), Duration.ofSeconds(600),
                        clock.instant()), done()));
        DHCPPacket nak = broadcast(Packets.of(DHCPREQUEST, mac(1), 1).serverId(SERVER).requested("10.99.0.100"));
        assertEquals(DHCPNAK, nak.getDHCPMessageType());
    }

    @Test
    void leasesPastTheirLifetimeExpireAndTheHooksAreTold() {
        String address = dora(mac(1));
        clock.advance(Duration.ofSeconds(3599));
        servlet.expireLeases(clock.instant());
        assertTrue(hooks.events.isEmpty());
        clock.advance(Duration.ofSeconds(1));
        servlet.expireLeases(clock.instant());
        assertEquals(1, hooks.events.size());
        LeaseEvent expired = hooks.events.get(0);
        assertEquals(LeaseEvent.Type.EXPIRED, expired.type());
        assertEquals(address, expired.lease().address().getHostAddress());
        assertEquals(HostLease.State.FREE, expired.lease().state());
        assertEquals(key(mac(1)), expired.lease().client());
        assertTrue(table.leaseAt((Inet4Address) ip(address)).isEmpty());
    }

    private static CompletableFuture<Void> done() {
        return CompletableFuture.completedFuture(null);
    }

    private static LeaseDecision decision(LeaseDecision.Outcome outcome, HostLease lease,
            java.util.concurrent.CompletionStage<Void> durable) {
        return new LeaseDecision(outcome, Optional.ofNullable(lease), durable, outcome + " from the test hook");
    }
}
