package org.dhcpfailover.plugin.hook;

import static org.dhcpfailover.plugin.transport.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.dhcpfailover.hook.spi.ClientKey;
import org.dhcpfailover.hook.spi.ClientMessage;
import org.dhcpfailover.hook.spi.ClientMessage.MessageType;
import org.dhcpfailover.hook.spi.HostLease;
import org.dhcpfailover.hook.spi.LeaseDecision;
import org.dhcpfailover.hook.spi.LeaseDecision.Outcome;
import org.dhcpfailover.hook.spi.LeaseEvent;
import org.dhcpfailover.hook.spi.LeaseRequest;
import org.dhcpfailover.hook.spi.ResourceKind;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.endpoint.EndpointState;
import org.dhcpfailover.plugin.log.LogMessage;
import org.dhcpfailover.plugin.sync.LeaseLedger;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hook as a host uses it: two hosts with their hooks in one JVM over loopback TCP, each
 * with its own lease table (RFC 8156 §4.2, §4.3, §8; docs/protocol.md "DHCP responsiveness").
 */
@Timeout(90)
class FailoverHookTest {
    @TempDir
    Path primaryStore;
    @TempDir
    Path secondaryStore;

    private HookPair pair;

    @AfterEach
    void stopBoth() {
        if (pair != null) {
            pair.close();
        }
    }

    private static ClientKey client(int n, ResourceKind kind) {
        return new ClientKey(HexFormat.of().parseHex(String.format("00030001aabbccdd%04x", n)), kind, 1);
    }

    private static LeaseRequest request(int client, ResourceKind kind, String pool, boolean commit) {
        return new LeaseRequest(client(client, kind), pool, Optional.empty(), Duration.ofHours(1),
                Duration.ofMinutes(30), commit);
    }

    private static ClientMessage message(MessageType type, int client, boolean toUs, boolean toOther) {
        return new ClientMessage(type, Optional.of("lan"), client(client, ResourceKind.IPV6_ADDRESS).duid(), toUs,
                toOther);
    }

    private static HostLease granted(Optional<LeaseDecision> decision) throws Exception {
        LeaseDecision made = decision.orElseThrow();
        assertEquals(Outcome.GRANT, made.outcome(), made.reason());
        made.durable().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return made.lease().orElseThrow();
    }

    private static LeaseLedger ledger(FailoverHook hook) {
        return hook.service().leases(HookPair.RELATIONSHIP);
    }

    private static Binding binding(FailoverHook hook, HostLease lease) {
        return ledger(hook).find(LeaseTranslation.lease(lease)).orElseThrow();
    }

    @Test
    void aGrantAtThePrimaryAppearsInTheSecondarysLeaseTable_rfc8156_4_3() throws Exception {
        pair = HookPair.normal(primaryStore, secondaryStore);

        HostLease lease = granted(pair.primary.allocate(request(1, ResourceKind.IPV6_ADDRESS, "lan", true)));

        assertEquals(TestHost.address("2001:db8:1::11"), lease.address(), "the primary's first odd address (§4.2.1)");
        assertEquals(client(1, ResourceKind.IPV6_ADDRESS), lease.client());
        assertEquals(HostLease.State.ACTIVE, lease.state());
        Duration valid = Duration.between(pair.clock.instant(), lease.validUntil());
        assertTrue(valid.toSeconds() <= 30, "a first lease lasts at most the MCLT (§4.4): " + valid);
        Binding stored = binding(pair.primary, lease);
        assertEquals(stored.lifetimes().validLifetime() / 2, stored.lifetimes().t1(), "T1 = ½ (RFC 8415 §21.4)");
        assertEquals(stored.lifetimes().validLifetime() - stored.lifetimes().t1(),
                Duration.between(lease.renewAt(), lease.validUntil()).toSeconds(), "T1 from the grant");
        assertEquals(stored.lifetimes().validLifetime() - stored.lifetimes().t2(),
                Duration.between(lease.rebindAt(), lease.validUntil()).toSeconds(), "T2 from the grant");
        await("the secondary's host sees it through HostLeases.apply", () -> pair.secondaryHost.table()
                .at(lease.address()).filter(held -> held.state() == HostLease.State.ACTIVE
                        && held.client().equals(lease.client())).isPresent());
        assertEquals(lease.validUntil(), pair.secondaryHost.table().at(lease.address()).orElseThrow().validUntil());
    }

    @Test
    void anIpv4GrantIsAnIpv4AddressInBothTables_protocol_md_2() throws Exception {
        pair = HookPair.normal(primaryStore, secondaryStore);

        HostLease lease = granted(pair.primary.allocate(request(2, ResourceKind.IPV4_ADDRESS, "v4", true)));

        assertTrue(lease.address() instanceof Inet4Address, lease.address().toString());
        assertEquals(32, lease.prefixLength());
        await("the secondary's host sees it", () -> pair.secondaryHost.table().at(lease.address())
                .filter(held -> held.client().kind() == ResourceKind.IPV4_ADDRESS).isPresent());
    }

    @Test
    void inNormalThePrimaryAnswersAndTheSecondaryOnlyItsOwnClients_rfc8156_8_8_digest6_1() throws Exception {
        pair = HookPair.normal(primaryStore, secondaryStore);

        assertTrue(pair.primary.answer(message(MessageType.DISCOVER, 3, false, false)));
        assertFalse(pair.secondary.answer(message(MessageType.DISCOVER, 3, false, false)), "renew responsive");
        assertFalse(pair.secondary.answer(message(MessageType.REBIND, 3, false, false)), "names no server");
        assertFalse(pair.primary.answer(message(MessageType.REQUEST, 3, false, true)), "chose the other server");
        assertFalse(pair.secondary.answer(message(MessageType.RENEW, 3, true, false)), "a client it does not know");

        granted(pair.primary.allocate(request(3, ResourceKind.IPV6_ADDRESS, "lan", true)));
        await("the secondary knows the client", () -> !ledger(pair.secondary)
                .byClient(LeaseTranslation.client(client(3, ResourceKind.IPV6_ADDRESS)).duid()).isEmpty());
        assertTrue(pair.secondary.answer(message(MessageType.RENEW, 3, true, false)), "its own DUID, a known client");
        assertTrue(pair.primary.answer(new ClientMessage(MessageType.DISCOVER, Optional.of("other"), new byte[] {1},
                false, false)), "a pool no relationship covers is not the hook's business");
        assertTrue(pair.secondary.answer(new ClientMessage(MessageType.DISCOVER, Optional.empty(), new byte[] {1},
                false, false)), "no pool: not the hook's business");
    }

    @Test
    void cutOffTheSecondaryAnswersEveryoneAndAllocatesItsOwnHalf_rfc8156_8_9() throws Exception {
        pair = HookPair.normal(primaryStore, secondaryStore);

        pair.primary.stop();
        await("the secondary is COMMUNICATIONS-INTERRUPTED",
                () -> pair.state(pair.secondary) == EndpointState.COMMUNICATIONS_INTERRUPTED, Duration.ofSeconds(15));
        pair.primary.stop(); // stopping twice changes nothing

        assertTrue(pair.secondary.answer(message(MessageType.DISCOVER, 4, false, false)));
        assertFalse(pair.secondary.answer(message(MessageType.REQUEST, 4, false, true)), "chose the other server");
        HostLease lease = granted(pair.secondary.allocate(request(4, ResourceKind.IPV6_ADDRESS, "lan", true)));
        assertEquals(TestHost.address("2001:db8:1::10"), lease.address(), "the secondary's even half (§4.2.1)");
    }

    @Test
    void anExhaustedPoolIsNoLeaseAndAPoolOfNoRelationshipIsNotTheHooks_rfc8156_4_2() throws Exception {
        pair = HookPair.normal(primaryStore, secondaryStore);
        for (int i = 0; i < 4; i++) {
            granted(pair.primary.allocate(request(10 + i, ResourceKind.IPV6_ADDRESS, "lan", true)));
        }

        LeaseDecision none = pair.primary.allocate(request(20, ResourceKind.IPV6_ADDRESS, "lan", true)).orElseThrow();

        assertEquals(Outcome.NO_LEASE, none.outcome());
        assertTrue(none.reason().startsWith("NoAddrsAvail: pool lan"), none.reason());
        assertEquals(1, pair.primaryLog.count(LogMessage.FO_POOL_EXHAUSTED));
        assertEquals(Optional.empty(), pair.primary.allocate(request(20, ResourceKind.IPV6_ADDRESS, "other", true)));
    }

    @Test
    void aServerWhoseStateAnswersNobodyIsSilent_rfc8156_8_3() throws Exception {
        pair = new HookPair(primaryStore, secondaryStore, true);
        pair.startSecondary(); // no stored state, no primary: STARTUP, then RECOVER (§8.3.2)

        LeaseDecision decision = pair.secondary.allocate(request(5, ResourceKind.IPV6_ADDRESS, "lan", true))
                .orElseThrow();

        assertEquals(Outcome.SILENT, decision.outcome());
        assertEquals("this server's failover state answers no clients", decision.reason());
        assertFalse(pair.secondary.answer(message(MessageType.DISCOVER, 5, false, false)));
        assertFalse(pair.secondary.answer(message(MessageType.RENEW, 5, true, false)));
    }

    @Test
    void anOfferCommitsNothingAndTheRequestCommitsTheOfferedLease_rfc8156_4_2_4_4() throws Exception {
        pair = HookPair.normal(primaryStore, secondaryStore);

        HostLease offered = granted(pair.primary.allocate(request(6, ResourceKind.IPV6_PREFIX, "pd", false)));
        assertEquals(Optional.empty(), ledger(pair.primary).find(LeaseTranslation.lease(offered)).filter(b -> b.status().equals(BindingStatus.ACTIVE)),
                "an offer commits nothing");
        pair.clock.advance(Duration.ofSeconds(2));
        LeaseDecision again = pair.primary.allocate(request(6, ResourceKind.IPV6_PREFIX, "pd", false)).orElseThrow();
        assertEquals(offered.address(), again.lease().orElseThrow().address(), "the same prefix offered again");
        assertTrue(again.durable().toCompletableFuture().isDone(), "nothing to wait for");

        HostLease requested = granted(pair.primary.allocate(request(6, ResourceKind.IPV6_PREFIX, "pd", true)));
        assertEquals(offered.address(), requested.address(), "the REQUEST commits the offered prefix");
        assertEquals(56, requested.prefixLength());
        Binding committed = binding(pair.primary, requested);
        assertEquals(BindingStatus.ACTIVE, committed.status());

        pair.clock.advance(Duration.ofSeconds(2));
        LeaseDecision held = pair.primary.allocate(request(6, ResourceKind.IPV6_PREFIX, "pd", false)).orElseThrow();
        assertEquals(requested.address(), held.lease().orElseThrow().address(), "the lease the client holds");
        assertEquals(committed(Optional.of(committed)), committed(Optional.of(binding(pair.primary, requested))),
                "and nothing committed");
    }

    private static LeaseRequest naming(int client, InetAddress candidate) {
        return new LeaseRequest(client(client, ResourceKind.IPV4_ADDRESS), "v4", Optional.of(candidate),
                Duration.ofHours(1), Duration.ofHours(1), true);
    }

    private static Optional<String> committed(Optional<Binding> binding) {
        return binding.map(b -> b.status() + " " + b.client() + " " + b.lifetimes());
    }

    private static long activeLeasesOf(FailoverHook hook, int client) {
        return ledger(hook).byClient(LeaseTranslation.client(client(client, ResourceKind.IPV4_ADDRESS)).duid())
                .stream().filter(b -> b.status().equals(BindingStatus.ACTIVE)).count();
    }

    @Test
    void aRequestNamingALeaseGetsThatLeaseOrNoLeaseAndCommitsNothing_rfc8156_4_2_protocol_md_9() throws Exception {
        pair = HookPair.normal(primaryStore, secondaryStore);
        HostLease offered = granted(pair.primary.allocate(request(7, ResourceKind.IPV4_ADDRESS, "v4", false)));
        pair.clock.advance(Duration.ofSeconds(2));

        HostLease acked = granted(pair.primary.allocate(naming(7, offered.address())));
        assertEquals(offered.address(), acked.address(), "the SELECTING REQUEST for the offered address");

        InetAddress other = TestHost.address(offered.address().equals(TestHost.address("10.99.0.100")) ? "10.99.0.101"
                : "10.99.0.100");
        // The partner's acknowledgement of the pool's initial updates may arrive meanwhile: compare what a
        // commit would change (state, client, lifetimes), not the update's sync flag.
        Optional<String> otherBefore = committed(ledger(pair.primary).find(LeaseTranslation.lease(other, 32,
                ResourceKind.IPV4_ADDRESS)));
        LeaseDecision refused = pair.primary.allocate(naming(7, other)).orElseThrow();
        assertEquals(Outcome.NO_LEASE, refused.outcome(), "the host NAKs: " + refused.reason());
        assertTrue(refused.reason().startsWith("NoBinding: "), refused.reason());
        assertEquals(otherBefore, committed(ledger(pair.primary).find(LeaseTranslation.lease(other, 32,
                ResourceKind.IPV4_ADDRESS))), "nothing committed for the address asked for");
        assertEquals(1, activeLeasesOf(pair.primary, 7), "and no second lease for the client");

        LeaseDecision stranger = pair.primary.allocate(naming(8, other)).orElseThrow();
        assertEquals(Outcome.SILENT, stranger.outcome(), "an address this server has no record of binding to the"
                + " client: the partner may have issued it, so no NAK (RFC 2131 §4.3.2)");
        assertEquals(0, activeLeasesOf(pair.primary, 8));
        LeaseDecision taken = pair.primary.allocate(naming(8, offered.address())).orElseThrow();
        assertEquals(Outcome.NO_LEASE, taken.outcome(), "ACTIVE for another client here: NAK");
        LeaseDecision elsewhere = pair.primary.allocate(naming(7, TestHost.address("192.0.2.1"))).orElseThrow();
        assertEquals(Outcome.NO_LEASE, elsewhere.outcome());
        assertTrue(elsewhere.reason().contains("not a resource of pool v4"), elsewhere.reason());
        assertEquals(Outcome.GRANT, pair.primary.allocate(request(8, ResourceKind.IPV4_ADDRESS, "v4", true))
                .orElseThrow().outcome(), "no address named: the allocator's choice, as before");
    }

    @Test
    void releaseAndDeclineReachThePartner_rfc8156_7_2() throws Exception {
        pair = HookPair.normal(primaryStore, secondaryStore);
        HostLease released = granted(pair.primary.allocate(request(7, ResourceKind.IPV6_ADDRESS, "lan", true)));
        HostLease declined = granted(pair.primary.allocate(request(8, ResourceKind.IPV6_ADDRESS, "lan", true)));
        await("the secondary has both", () -> pair.secondaryHost.table().at(released.address()).isPresent()
                && pair.secondaryHost.table().at(declined.address()).isPresent());

        pair.primary.leaseEvent(new LeaseEvent(LeaseEvent.Type.RELEASED, released));
        pair.primary.leaseEvent(new LeaseEvent(LeaseEvent.Type.DECLINED, declined));

        await("the secondary's host sees the release and the decline", () ->
                pair.secondaryHost.table().at(released.address()).map(HostLease::state).orElseThrow()
                        == HostLease.State.FREE
                        && pair.secondaryHost.table().at(declined.address()).map(HostLease::state).orElseThrow()
                                == HostLease.State.ABANDONED);
        assertFalse(binding(pair.secondary, released).status().equals(BindingStatus.ACTIVE));
        assertEquals(BindingStatus.ABANDONED, binding(pair.secondary, declined).status());
        assertEquals(HostLease.State.FREE, pair.primaryHost.table().at(released.address()).orElseThrow().state(),
                "the primary's own table follows its store too");
    }

    private static long free(HostLeaseTable table) {
        return table.leases.values().stream().filter(lease -> lease.state() == HostLease.State.FREE).count();
    }

    @Test
    void freeResourcesNobodyHeldStayOutOfTheHostsTable_anEndedLeaseIsShownFree_rfc8156_4_2_2() throws Exception {
        pair = HookPair.normal(primaryStore, secondaryStore);
        // POOLREQ / POOLRESP: the primary hands the secondary its share as FREE-BACKUP bindings
        await("the secondary's share of the proportional pools", () -> ledger(pair.secondary).database().size() >= 4,
                Duration.ofSeconds(20));
        assertEquals(0, free(pair.primaryHost.table()), "none of them is in the host's table");
        assertEquals(0, free(pair.secondaryHost.table()));

        HostLease prefix = granted(pair.primary.allocate(request(21, ResourceKind.IPV6_PREFIX, "pd", true)));
        await("the secondary's host has the prefix", () -> pair.secondaryHost.table().at(prefix.address())
                .map(HostLease::state).orElse(HostLease.State.FREE) == HostLease.State.ACTIVE);
        pair.primary.leaseEvent(new LeaseEvent(LeaseEvent.Type.RELEASED, prefix));
        await("both hosts show the released prefix FREE", () -> free(pair.primaryHost.table()) == 1
                && free(pair.secondaryHost.table()) == 1);
        assertEquals(HostLease.State.FREE, pair.primaryHost.table().at(prefix.address()).orElseThrow().state());

        pair.primary.stop();
        HostLease stale = new HostLease(prefix.client(), prefix.address(), prefix.prefixLength(),
                HostLease.State.ACTIVE, prefix.validUntil(), prefix.preferredUntil(), prefix.renewAt(),
                prefix.rebindAt());
        pair.primaryHost.table().apply(stale);
        pair.startPrimary();
        assertEquals(HostLease.State.FREE, pair.primaryHost.table().at(prefix.address()).orElseThrow().state(),
                "at start the store's FREE is told to a host that holds the resource ACTIVE");
        assertEquals(1, pair.primaryHost.table().leases.size(), "still only what a client held");
    }

    @Test
    void theHostsExpiryEndsALeaseOnlyWhenItsBindingIsDue_rfc8156_7_2_7_5_4() throws Exception {
        pair = HookPair.normal(primaryStore, secondaryStore);
        HostLease lease = granted(pair.primary.allocate(request(9, ResourceKind.IPV6_ADDRESS, "lan", true)));

        pair.primary.leaseEvent(new LeaseEvent(LeaseEvent.Type.EXPIRED, lease));
        assertEquals(BindingStatus.ACTIVE, binding(pair.primary, lease).status(), "early: the host lags, ignored");
        assertEquals(0, pair.primaryLog.count(LogMessage.FO_HOST_LEASE_EVENT_IGNORED), "not worth a line");

        pair.clock.advance(Duration.between(Instant.now(), lease.validUntil()).plusSeconds(2));
        pair.primary.leaseEvent(new LeaseEvent(LeaseEvent.Type.EXPIRED, lease));
        assertEquals(BindingStatus.EXPIRED, binding(pair.primary, lease).status());
    }

    @Test
    void anEventForALeaseTheStoreDoesNotShowIsLoggedOnceAMinuteNeverThrown() throws Exception {
        pair = HookPair.normal(primaryStore, secondaryStore);
        HostLease lease = granted(pair.primary.allocate(request(11, ResourceKind.IPV6_ADDRESS, "lan", true)));
        HostLease stranger = new HostLease(client(12, ResourceKind.IPV6_ADDRESS), lease.address(), 128,
                HostLease.State.ACTIVE, lease.validUntil(), lease.preferredUntil(), lease.renewAt(), lease.rebindAt());
        HostLease unknown = new HostLease(client(12, ResourceKind.IPV6_ADDRESS), TestHost.address("2001:db8:1::15"),
                128, HostLease.State.ACTIVE, lease.validUntil(), lease.preferredUntil(), lease.renewAt(),
                lease.rebindAt());

        pair.primary.leaseEvent(new LeaseEvent(LeaseEvent.Type.RELEASED, stranger));
        pair.primary.leaseEvent(new LeaseEvent(LeaseEvent.Type.DECLINED, unknown));
        pair.primary.leaseEvent(new LeaseEvent(LeaseEvent.Type.EXPIRED, unknown));

        assertEquals(BindingStatus.ACTIVE, binding(pair.primary, lease).status(), "another client's release");
        assertEquals(1, pair.primaryLog.count(LogMessage.FO_HOST_LEASE_EVENT_IGNORED), "once a minute");
        assertTrue(pair.primaryLog.lines(LogMessage.FO_HOST_LEASE_EVENT_IGNORED).get(0).startsWith(
                "FO_HOST_LEASE_EVENT_IGNORED failover-1: the host reported RELEASED of 2001:db8:1::11 for client "
                        + "00030001aabbccdd000c/IA_NA/1"));
        await("the host's table shows the store's holder again", () -> pair.primaryHost.table()
                .at(lease.address()).map(HostLease::client).filter(client(11, ResourceKind.IPV6_ADDRESS)::equals)
                .isPresent());
    }

    @Test
    void activeLeasesTheHostGrantedWithoutFailoverAreAdoptedAtStart_rfc8156_4_3() throws Exception {
        pair = new HookPair(primaryStore, secondaryStore, false);
        Instant now = pair.clock.instant();
        InetAddress address = TestHost.address("10.99.0.103");
        HostLease held = new HostLease(client(13, ResourceKind.IPV4_ADDRESS), address, 32, HostLease.State.ACTIVE,
                now.plusSeconds(5000), now.plusSeconds(5000), now.plusSeconds(2500), now.plusSeconds(4375));
        HostLease elsewhere = new HostLease(client(14, ResourceKind.IPV6_ADDRESS), TestHost.address("2001:db8:9::5"),
                128, HostLease.State.ACTIVE, now.plusSeconds(5000), now.plusSeconds(5000), now.plusSeconds(2500),
                now.plusSeconds(4375));
        pair.primaryHost.table().apply(held);
        pair.primaryHost.table().apply(elsewhere);

        pair.startSecondary();
        pair.startPrimary();

        Binding adopted = ledger(pair.primary).find(LeaseTranslation.lease(held)).orElseThrow();
        assertEquals(BindingStatus.ACTIVE, adopted.status());
        assertEquals(LeaseTranslation.client(held.client()), adopted.client().orElseThrow());
        assertTrue(Math.abs(adopted.lifetimes().validLifetime() - 5000) <= 1, "the lifetime the client holds");
        assertEquals(1, pair.primaryLog.count(LogMessage.FO_HOST_LEASES_ADOPTED));
        assertEquals(Optional.empty(), ledger(pair.primary).find(LeaseTranslation.lease(elsewhere)),
                "outside every relationship");
        await("the partner learns of it", () -> pair.secondaryHost.table().at(address)
                .filter(lease -> lease.client().equals(held.client())).isPresent(), Duration.ofSeconds(20));
    }

    @Test
    void theStoresBindingWinsOverAStaleHostTableAtStart_rfc8156_7_5_4() throws Exception {
        pair = HookPair.normal(primaryStore, secondaryStore);
        HostLease lease = granted(pair.primary.allocate(request(15, ResourceKind.IPV6_ADDRESS, "lan", true)));
        pair.primary.stop();
        HostLease stale = new HostLease(client(16, ResourceKind.IPV6_ADDRESS), lease.address(), 128,
                HostLease.State.ACTIVE, lease.validUntil().plusSeconds(3600), lease.preferredUntil(), lease.renewAt(),
                lease.rebindAt());
        pair.primaryHost.table().apply(stale);

        pair.startPrimary();

        assertEquals(LeaseTranslation.client(lease.client()), binding(pair.primary, lease).client().orElseThrow());
        assertEquals(client(15, ResourceKind.IPV6_ADDRESS), pair.primaryHost.table().at(lease.address())
                .orElseThrow().client(), "the host's table shows the store's holder");
        assertEquals(List.of("FO_HOST_LEASES_ADOPTED failover-1: took over 0 active leases from the host's lease "
                + "table that the binding store did not hold; 1 others differ from the store, which wins"),
                pair.primaryLog.lines(LogMessage.FO_HOST_LEASES_ADOPTED));
    }
}
