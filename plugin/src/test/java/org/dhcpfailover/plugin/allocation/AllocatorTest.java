package org.dhcpfailover.plugin.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.IaType;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.binding.PartnerSync;
import org.dhcpfailover.plugin.config.PoolKind;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.endpoint.EndpointState;
import org.dhcpfailover.plugin.log.CatalogLogger;
import org.dhcpfailover.plugin.log.LogMessage;
import org.dhcpfailover.plugin.log.RecordingLogger;
import org.dhcpfailover.plugin.store.PowerLossDisk;
import org.dhcpfailover.plugin.sync.LeaseLedger;
import org.dhcpfailover.plugin.sync.ServingState;
import org.dhcpfailover.plugin.sync.TestLedgers;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.Ipv6Address;
import org.dhcpfailover.plugin.wire.OctetString;
import org.dhcpfailover.plugin.wire.StatusCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * Which lease a new client gets, by failover state, role and resource kind (RFC 8156 §4.2,
 * §8; digest §6.1, §9.4, §10), over the real ledger and store.
 */
class AllocatorTest {
    private static final long T0 = 757_382_400L;
    private static final long MCLT = 3600;
    private static final String ADDRESSES = "lan";
    private static final String PREFIXES = "pd";

    private final RecordingLogger logger = new RecordingLogger(Level.DEBUG);
    private LeaseLedger ledger;
    private Allocator allocator;

    private static Ipv6Address a(String text) {
        return Ipv6Address.parse(text);
    }

    private static PoolSet pools() {
        return new PoolSet(List.of(
                PoolSpec.independent(ADDRESSES, PoolKind.IPV6_ADDRESS, a("2001:db8::10"), a("2001:db8::17")),
                PoolSpec.proportional(PREFIXES, PoolKind.IPV6_PREFIX, a("2001:db8:100::"),
                        a("2001:db8:100:7ff:ffff:ffff:ffff:ffff"), 56, 50)));
    }

    private final PowerLossDisk disk = new PowerLossDisk();

    private void server(Role role, EndpointState state, OptionalLong partnerDownSince) {
        ledger = new LeaseLedger(TestLedgers.steppedDatabase(disk, "fo"), pools().scope(), MCLT, 0.5);
        allocator = new Allocator(ledger, pools(), role, "fo", CatalogLogger.wrap(logger));
        enter(role, state, partnerDownSince);
    }

    private void enter(Role role, EndpointState state, OptionalLong partnerDownSince) {
        ledger.endpointChanged(new ServingState(state.responsiveness(role),
                state.mayAllocateNewLeases(role), MCLT, partnerDownSince));
    }

    private static BindingClient client(int n, IaType type) {
        return new BindingClient(OctetString.fromHex(String.format("00030001aabbccdd%04x", n)), type, 1);
    }

    private AllocationResult ask(String pool, int client, long now) {
        IaType type = pool.equals(PREFIXES) ? IaType.IA_PD : IaType.IA_NA;
        return allocator.allocate(pool, client(client, type), 7200, 3600, now);
    }

    /** The secondary holds prefixes 0..3 as FREE-BACKUP, as after the primary's rebalancing. */
    private void secondaryHoldsItsShare() {
        for (int i = 0; i < 4; i++) {
            Lease prefix = Lease.prefix(a("2001:db8:100:" + Integer.toHexString(i * 0x100) + "::"), 56);
            ledger.mutate(prefix, current -> Binding.initial(prefix, BindingStatus.FREE_BACKUP, T0));
        }
    }

    static Stream<Arguments> newClientByState() {
        // state, role, what a new address client gets, what a new prefix client gets
        return Stream.of(
                Arguments.of(EndpointState.STARTUP, Role.PRIMARY, "silent", "silent"),
                Arguments.of(EndpointState.NORMAL, Role.PRIMARY, "2001:db8::11", "2001:db8:100:400::/56"),
                Arguments.of(EndpointState.NORMAL, Role.SECONDARY, "renewals only", "renewals only"),
                Arguments.of(EndpointState.COMMUNICATIONS_INTERRUPTED, Role.PRIMARY, "2001:db8::11", "2001:db8:100:400::/56"),
                Arguments.of(EndpointState.COMMUNICATIONS_INTERRUPTED, Role.SECONDARY, "2001:db8::10", "backup"),
                Arguments.of(EndpointState.PARTNER_DOWN, Role.PRIMARY, "2001:db8::11", "2001:db8:100:400::/56"),
                Arguments.of(EndpointState.PARTNER_DOWN, Role.SECONDARY, "2001:db8::10", "backup"),
                Arguments.of(EndpointState.POTENTIAL_CONFLICT, Role.SECONDARY, "silent", "silent"),
                Arguments.of(EndpointState.RECOVER, Role.SECONDARY, "silent", "silent"),
                Arguments.of(EndpointState.RECOVER_WAIT, Role.PRIMARY, "silent", "silent"),
                Arguments.of(EndpointState.RECOVER_DONE, Role.SECONDARY, "renewals only", "renewals only"),
                Arguments.of(EndpointState.RESOLUTION_INTERRUPTED, Role.PRIMARY, "2001:db8::11", "2001:db8:100:400::/56"),
                Arguments.of(EndpointState.RESOLUTION_INTERRUPTED, Role.SECONDARY, "2001:db8::10", "backup"),
                Arguments.of(EndpointState.CONFLICT_DONE, Role.PRIMARY, "2001:db8::11", "2001:db8:100:400::/56"));
    }

    @ParameterizedTest(name = "{0} {1}: address {2}, prefix {3}")
    @MethodSource("newClientByState")
    void aNewClientByStateRoleAndKind_rfc8156_4_2_and_8(EndpointState state, Role role, String address,
            String prefix) {
        server(role, state, state == EndpointState.PARTNER_DOWN ? OptionalLong.of(T0) : OptionalLong.empty());
        secondaryHoldsItsShare();
        assertEquals(address, describe(ask(ADDRESSES, 1, T0 + 10)));
        String expectedPrefix = prefix.equals("backup") ? "2001:db8:100::/56" : prefix;
        assertEquals(expectedPrefix, describe(ask(PREFIXES, 2, T0 + 10)),
                "a secondary uses its FREE-BACKUP share (prefixes 0-3), a primary its FREE ones (4-7)");
    }

    private static String describe(AllocationResult result) {
        if (result.isGranted()) {
            return result.granted().get().binding().lease().toString();
        }
        if (!result.serving()) {
            return result.reason().contains("renewals only") ? "renewals only" : "silent";
        }
        return result.status().name();
    }

    @Test
    void anyResponsiveServerRenewsAnExistingLeaseMcltCapped_rfc8156_4_2_1_8_9() {
        server(Role.SECONDARY, EndpointState.NORMAL, OptionalLong.empty());
        Lease primarys = Lease.address(a("2001:db8::13"));
        ledger.grant(primarys, client(5, IaType.IA_NA), 3600, 1800, T0); // as received from the primary
        enter(Role.SECONDARY, EndpointState.COMMUNICATIONS_INTERRUPTED, OptionalLong.empty());

        AllocationResult renewed = ask(ADDRESSES, 5, T0 + 60);
        assertEquals(primarys, renewed.granted().orElseThrow().binding().lease(), "the odd address, renewed");
        assertTrue(renewed.granted().get().binding().lifetimes().validLifetime() <= MCLT,
                "nothing acknowledged: at most the MCLT (§4.4)");
    }

    private AllocationResult renew(int client, Lease lease, long now) {
        return allocator.renew(ADDRESSES, client(client, IaType.IA_NA), lease, 7200, 3600, now);
    }

    @Test
    void aNamedLeaseIsRenewedOnlyIfItIsTheClientsAndNothingElseIsCommitted_rfc8156_4_2_2_1() {
        server(Role.PRIMARY, EndpointState.NORMAL, OptionalLong.empty());
        Lease held = ask(ADDRESSES, 7, T0).granted().orElseThrow().binding().lease();
        Lease free = Lease.address(a("2001:db8::13"));

        assertEquals(held, renew(7, held, T0 + 100).granted().orElseThrow().binding().lease(), "its own: renewed");
        AllocationResult other = renew(7, free, T0 + 100);
        assertEquals(StatusCode.NO_BINDING, other.status(), other.reason());
        assertTrue(other.serving(), "answered (a DHCPv4 host NAKs), not silent");
        assertTrue(ledger.find(free).isEmpty(), "nothing committed for the address asked for");
        AllocationResult someoneElses = renew(8, held, T0 + 100);
        assertEquals(StatusCode.NO_BINDING, someoneElses.status());
        assertEquals(client(7, IaType.IA_NA), ledger.find(held).orElseThrow().client().orElseThrow());
        assertTrue(ledger.byClient(client(8, IaType.IA_NA).duid()).isEmpty(), "client 8 got nothing");
        AllocationResult outside = renew(7, Lease.address(a("2001:db8::99")), T0 + 100);
        assertEquals(StatusCode.NO_BINDING, outside.status());
        assertTrue(outside.reason().contains("not a resource of pool lan"), outside.reason());

        ledger.release(held, client(7, IaType.IA_NA), T0 + 200);
        assertEquals(held, renew(7, held, T0 + 300).granted().orElseThrow().binding().lease(),
                "released, nothing sent yet: the client may have it back");
        ledger.release(held, client(7, IaType.IA_NA), T0 + 400);
        ledger.mutate(held, current -> current.orElseThrow().withSync(PartnerSync.SENT));
        AllocationResult told = renew(7, held, T0 + 500);
        assertEquals(StatusCode.NO_BINDING, told.status());
        assertTrue(told.reason().contains("§4.2.2.1"), told.reason());
        assertEquals(BindingStatus.RELEASED, ledger.find(held).orElseThrow().status(), "left as it was");
        assertEquals(1, ledger.database().size(), "one binding: the client's");
    }

    private AllocationResult offer(String pool, int client, long now) {
        IaType type = pool.equals(PREFIXES) ? IaType.IA_PD : IaType.IA_NA;
        return allocator.offer(pool, client(client, type), 7200, 3600, now);
    }

    @Test
    void anOfferCommitsNothingAndTheRequestGetsTheOfferedLeaseMcltCapped_rfc8156_4_2_and_4_4_rfc2131_4_3_1() {
        server(Role.PRIMARY, EndpointState.NORMAL, OptionalLong.empty());
        AllocationResult offered = offer(ADDRESSES, 7, T0);
        Binding shown = offered.granted().orElseThrow().binding();
        assertTrue(offered.granted().get().durable().isDone(), "nothing to wait for");
        assertEquals(0, ledger.database().size(), "an offer stores no binding and sends no update");
        assertEquals(MCLT, shown.lifetimes().validLifetime(), "a new client is offered the MCLT (§4.4)");
        assertEquals(shown.lease(), offer(ADDRESSES, 7, T0 + 2).granted().orElseThrow().binding().lease(),
                "a retransmitted DISCOVER is offered the same lease");
        Lease other = offer(ADDRESSES, 8, T0 + 3).granted().orElseThrow().binding().lease();
        assertNotEquals(shown.lease(), other, "another client is not offered a held lease (RFC 2131 §4.3.1)");
        assertNotEquals(shown.lease(), ask(ADDRESSES, 9, T0 + 4).granted().orElseThrow().binding().lease(),
                "nor granted it");

        Binding committed = renew(7, shown.lease(), T0 + 5).granted().orElseThrow().binding();
        assertEquals(shown.lease(), committed.lease(), "the REQUEST for the offered lease commits it");
        assertEquals(BindingStatus.ACTIVE, committed.status());
        assertEquals(MCLT, committed.lifetimes().validLifetime(), "the first lease is the MCLT");
        assertEquals(Optional.of(committed), ledger.find(shown.lease()).map(b -> b));
        assertEquals(committed.lease(), offer(ADDRESSES, 7, T0 + 6).granted().orElseThrow().binding().lease(),
                "the client's next offer shows the lease it holds");

        assertEquals(StatusCode.NO_BINDING, renew(8, shown.lease(), T0 + 7).status(), "not client 8's offer");
        AllocationResult late = renew(8, other, T0 + 5 + OfferReservations.HOLD_SECONDS);
        assertEquals(StatusCode.NO_BINDING, late.status(), "an offer not requested within the hold is forgotten");
        assertTrue(ledger.find(other).isEmpty(), "and nothing was committed for it");
    }

    @Test
    void aClientOfferedItsOwnEndedLeaseAgainGetsItOnRequest_rfc8156_4_2_2_1() {
        server(Role.PRIMARY, EndpointState.NORMAL, OptionalLong.empty());
        Lease first = ask(ADDRESSES, 7, T0).granted().orElseThrow().binding().lease();
        for (int other = 1; other <= 3; other++) {
            assertTrue(ask(ADDRESSES, other, T0).isGranted(), "the primary's other addresses are taken");
        }
        ledger.release(first, client(7, IaType.IA_NA), T0 + 10);
        ledger.mutate(first, current -> current.orElseThrow().withStatus(BindingStatus.FREE,
                current.get().times(), PartnerSync.ACKNOWLEDGED));
        assertTrue(ledger.find(first).orElseThrow().isBoundTo(client(7, IaType.IA_NA)), "FREE, last held by 7");
        Lease offered = offer(ADDRESSES, 7, T0 + 30).granted().orElseThrow().binding().lease();
        assertEquals(first, offered, "the only free address of the primary");
        Binding committed = renew(7, offered, T0 + 31).granted().orElseThrow().binding();
        assertEquals(offered, committed.lease(), "the offered lease, whatever its history");
        assertEquals(BindingStatus.ACTIVE, committed.status());
    }

    @Test
    void aRequestWithoutANamedLeaseGetsTheOfferedOne_rfc8156_4_2() {
        server(Role.PRIMARY, EndpointState.NORMAL, OptionalLong.empty());
        Lease offered = offer(PREFIXES, 3, T0).granted().orElseThrow().binding().lease();
        offer(PREFIXES, 4, T0);
        assertEquals(offered, ask(PREFIXES, 3, T0 + 1).granted().orElseThrow().binding().lease());
    }

    @Test
    void offersFollowTheStateAndTheLeaseRules_rfc8156_4_2_and_8() {
        server(Role.SECONDARY, EndpointState.NORMAL, OptionalLong.empty());
        AllocationResult secondary = offer(ADDRESSES, 1, T0);
        assertFalse(secondary.serving(), "a secondary in NORMAL offers nothing new: " + secondary.reason());
        server(Role.PRIMARY, EndpointState.RECOVER_WAIT, OptionalLong.empty());
        assertFalse(offer(ADDRESSES, 1, T0).serving());
        server(Role.SECONDARY, EndpointState.PARTNER_DOWN, OptionalLong.of(T0));
        for (int i = 0; i < 4; i++) {
            assertTrue(offer(ADDRESSES, 10 + i, T0).isGranted(), "its own half of the independent pool");
        }
        assertEquals(StatusCode.NO_ADDRS_AVAIL, offer(ADDRESSES, 20, T0).status(),
                "every one of its own addresses is offered: none left, never the partner's half (§4.2.1)");
    }

    @Test
    void aNamedLeaseOfThePartnerIsRenewedMcltCappedAndNotInSilentStates_rfc8156_4_2_8() {
        server(Role.SECONDARY, EndpointState.COMMUNICATIONS_INTERRUPTED, OptionalLong.empty());
        Lease primarys = Lease.address(a("2001:db8::13"));
        ledger.grant(primarys, client(5, IaType.IA_NA), 3600, 1800, T0); // as received from the primary

        AllocationResult renewed = renew(5, primarys, T0 + 60);
        assertEquals(primarys, renewed.granted().orElseThrow().binding().lease());
        assertTrue(renewed.granted().get().binding().lifetimes().validLifetime() <= MCLT, "§4.4");
        enter(Role.SECONDARY, EndpointState.RECOVER, OptionalLong.empty());
        assertFalse(renew(5, primarys, T0 + 70).serving(), "RECOVER answers no clients");
    }

    @Test
    void aRequestedAddressNamesTheLeaseOfThePoolsKind() {
        server(Role.PRIMARY, EndpointState.RECOVER, OptionalLong.empty());
        assertEquals(Lease.address(a("2001:db8::12")), allocator.leaseAt(ADDRESSES, a("2001:db8::12")));
        assertEquals(Lease.prefix(a("2001:db8:100:400::"), 56), allocator.leaseAt(PREFIXES, a("2001:db8:100:400::")),
                "a prefix of the delegated length");
        assertFalse(renew(1, allocator.leaseAt(ADDRESSES, a("2001:db8::99")), T0).serving(),
                "outside the pool, but a state that answers nobody stays silent");
        enter(Role.PRIMARY, EndpointState.NORMAL, OptionalLong.empty());
        AllocationResult unaligned = allocator.renew(PREFIXES, client(1, IaType.IA_PD),
                allocator.leaseAt(PREFIXES, a("2001:db8:100:401::")), 7200, 3600, T0);
        assertEquals(StatusCode.NO_BINDING, unaligned.status(), "not a /56 of the pool");
    }

    @Test
    void inPartnerDownThePartnersPrefixesOnlyAfterTheMclt_rfc8156_4_2_2_8_4_1() {
        server(Role.SECONDARY, EndpointState.PARTNER_DOWN, OptionalLong.of(T0));
        assertEquals("NoPrefixAvail", describe(ask(PREFIXES, 1, T0 + MCLT - 1)),
                "own share empty, partner's not yet usable");
        assertEquals("2001:db8:100::/56", describe(ask(PREFIXES, 1, T0 + MCLT)), "PARTNER-DOWN entry + MCLT");
    }

    @Test
    void neverThePartnersHalfOfAnIndependentPool_rfc8156_4_2_1() {
        server(Role.SECONDARY, EndpointState.PARTNER_DOWN, OptionalLong.of(T0));
        for (int i = 0; i < 4; i++) {
            assertTrue(ask(ADDRESSES, 10 + i, T0 + 10).isGranted());
        }
        AllocationResult none = ask(ADDRESSES, 20, T0 + 10 * MCLT);
        assertEquals(StatusCode.NO_ADDRS_AVAIL, none.status(), "the odd half stays the primary's, even now");
        assertTrue(none.serving());
    }

    @Test
    void exhaustionAnswersNoAddrsAvailAndLogsOncePerMinute_rfc8156_4_2() {
        server(Role.PRIMARY, EndpointState.NORMAL, OptionalLong.empty());
        for (int i = 0; i < 4; i++) {
            assertTrue(ask(ADDRESSES, i, T0).isGranted());
        }
        for (int i = 0; i < 5; i++) {
            assertFalse(ask(ADDRESSES, 100 + i, T0 + i).isGranted());
        }
        assertEquals(1, logger.count(LogMessage.FO_POOL_EXHAUSTED));
        ask(ADDRESSES, 200, T0 + 61);
        assertEquals(2, logger.count(LogMessage.FO_POOL_EXHAUSTED));
    }

    @Test
    void theSameClientGetsItsLeaseBack_rfc8156_4_2_2_1() {
        server(Role.PRIMARY, EndpointState.NORMAL, OptionalLong.empty());
        Lease first = ask(ADDRESSES, 7, T0).granted().orElseThrow().binding().lease();
        assertEquals(first, ask(ADDRESSES, 7, T0 + 100).granted().orElseThrow().binding().lease(), "renewal");
        ledger.release(first, client(7, IaType.IA_NA), T0 + 200);
        assertEquals(first, ask(ADDRESSES, 7, T0 + 300).granted().orElseThrow().binding().lease(),
                "released, nothing sent yet: the same client may have it back");
        assertEquals(BindingStatus.ACTIVE, ledger.find(first).orElseThrow().status());
    }

    @Test
    void anOfferShowsTheLeaseTheClientHoldsUntilItsLifetimeEnds_rfc8156_4_2_2_1() {
        server(Role.PRIMARY, EndpointState.NORMAL, OptionalLong.empty());
        Lease lease = ask(ADDRESSES, 7, T0).granted().orElseThrow().binding().lease();
        long end = ledger.find(lease).orElseThrow().lifetimes().clientExpiry();

        assertEquals(lease, allocator.held(ADDRESSES, client(7, IaType.IA_NA), end - 1).orElseThrow().lease());
        assertTrue(allocator.held(ADDRESSES, client(7, IaType.IA_NA), end).isEmpty(), "its lifetime is over");
        assertTrue(allocator.held(ADDRESSES, client(8, IaType.IA_NA), T0).isEmpty(), "another client");
        assertTrue(allocator.held(ADDRESSES, new BindingClient(client(7, IaType.IA_NA).duid(), IaType.IA_NA, 2), T0)
                .isEmpty(), "another IA of the same client");
        assertTrue(allocator.held(PREFIXES, client(7, IaType.IA_NA), T0).isEmpty(), "another pool");
        ledger.release(lease, client(7, IaType.IA_NA), T0 + 1);
        assertTrue(allocator.held(ADDRESSES, client(7, IaType.IA_NA), T0 + 2).isEmpty(), "released");
        assertEquals(BindingStatus.RELEASED, ledger.find(lease).orElseThrow().status(), "looking changes nothing");
    }

    @Test
    void aFailedStoreServesNothingInsteadOfThrowingIntoTheHost_rfc8156_7_5_2() {
        server(Role.PRIMARY, EndpointState.NORMAL, OptionalLong.empty());
        assertTrue(ask(ADDRESSES, 1, T0).isGranted());
        disk.failNextForce();
        ledger.database().writeQueued();
        AllocationResult after = ask(ADDRESSES, 2, T0 + 1);
        assertFalse(after.serving(), "nothing durable can be promised");
        assertEquals("the binding store has failed", after.reason());
    }

    @Test
    void anInfiniteDesiredLifetimeIsGrantedFinite_rfc8156_4_4() {
        server(Role.PRIMARY, EndpointState.PARTNER_DOWN, OptionalLong.of(T0));
        AllocationResult result = allocator.allocate(ADDRESSES, client(1, IaType.IA_NA), 0xFFFF_FFFFL, 0xFFFF_FFFFL, T0);
        assertEquals(0xFFFF_FFFEL, result.granted().orElseThrow().binding().lifetimes().validLifetime());
    }
}
