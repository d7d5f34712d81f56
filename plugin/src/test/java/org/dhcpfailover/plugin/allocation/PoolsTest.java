package org.dhcpfailover.plugin.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.binding.PartnerSync;
import org.dhcpfailover.plugin.config.PoolKind;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.Ipv6Address;
import org.junit.jupiter.api.Test;

/** The pools' bookkeeping of free resources (RFC 8156 §4.2.1, §4.2.2; digest §10). */
class PoolsTest {
    private static final long T0 = 757_382_400L;

    private static Ipv6Address a(String text) {
        return Ipv6Address.parse(text);
    }

    private static IndependentPool addresses(String first, String last) {
        return new IndependentPool(PoolSpec.independent("lan", PoolKind.IPV6_ADDRESS, a(first), a(last)));
    }

    private static ProportionalPool prefixes(int share) {
        // 2001:db8:100::/53 cut into /56: eight delegable prefixes
        return new ProportionalPool(PoolSpec.proportional("pd", PoolKind.IPV6_PREFIX, a("2001:db8:100::"),
                a("2001:db8:100:7ff:ffff:ffff:ffff:ffff"), 56, share));
    }

    private static List<Lease> drain(ResourcePool pool, Role role, int max) {
        return drain(pool, role, max, Set.of());
    }

    /** Up to {@code max} distinct resources the pool offers, {@code bound} ones having a binding. */
    private static List<Lease> drain(ResourcePool pool, Role role, int max, Set<Lease> bound) {
        List<Lease> out = new ArrayList<>();
        Set<Lease> seen = new HashSet<>();
        for (int i = 0; i < max; i++) {
            Optional<Lease> next = pool.next(role, lease -> seen.contains(lease) || bound.contains(lease));
            if (next.isEmpty() || !seen.add(next.get())) {
                break;
            }
            out.add(next.get());
        }
        return out;
    }

    @Test
    void thePrimaryGetsOnlyOddAddressesAndTheSecondaryOnlyEvenOnes_rfc8156_4_2_1() {
        IndependentPool pool = addresses("2001:db8::10", "2001:db8::17");
        assertEquals(List.of("2001:db8::11", "2001:db8::13", "2001:db8::15", "2001:db8::17"),
                drain(pool, Role.PRIMARY, 10).stream().map(Lease::toString).toList());
        assertEquals(List.of("2001:db8::10", "2001:db8::12", "2001:db8::14", "2001:db8::16"),
                drain(pool, Role.SECONDARY, 10).stream().map(Lease::toString).toList());
    }

    @Test
    void aFreedAddressReturnsToItsOwnerByItsLastBit_rfc8156_4_2_1() {
        IndependentPool pool = addresses("2001:db8::10", "2001:db8::13");
        drain(pool, Role.PRIMARY, 10);
        drain(pool, Role.SECONDARY, 10);
        Lease even = Lease.address(a("2001:db8::12"));
        pool.observe(Optional.empty(), Binding.initial(even, BindingStatus.FREE_BACKUP, T0));
        assertEquals(Optional.empty(), pool.next(Role.PRIMARY, lease -> true), "never the partner's half");
        assertEquals(Optional.of(even), pool.next(Role.SECONDARY, lease -> true));
        pool.observe(Optional.empty(), Binding.initial(even, BindingStatus.ACTIVE, T0));
        assertEquals(Optional.empty(), pool.next(Role.SECONDARY, lease -> true), "leased again: not free");
    }

    @Test
    void aSlash64AndASlash48AreNeverEnumerated_rfc8156_4_2_1() {
        IndependentPool slash64 = addresses("2001:db8::", "2001:db8::ffff:ffff:ffff:ffff");
        IndependentPool slash48 = addresses("2001:db8::", "2001:db8:0:ffff:ffff:ffff:ffff:ffff");
        for (IndependentPool pool : List.of(slash64, slash48)) {
            assertEquals(1000, drain(pool, Role.PRIMARY, 1000).size());
            assertEquals(Long.MAX_VALUE, pool.available(Role.SECONDARY) >= (1L << 62) ? Long.MAX_VALUE : -1,
                    "half a /64 is 2^63 addresses, counted without walking them");
        }
    }

    @Test
    void addressesWithABindingAreSkippedByTheCursor_rfc8156_4_2_1() {
        IndependentPool pool = addresses("2001:db8::1", "2001:db8::7");
        Set<Lease> bound = Set.of(Lease.address(a("2001:db8::1")), Lease.address(a("2001:db8::5")));
        assertEquals(Optional.of(Lease.address(a("2001:db8::3"))), pool.next(Role.PRIMARY, bound::contains));
        assertEquals(Optional.of(Lease.address(a("2001:db8::7"))), pool.next(Role.PRIMARY, bound::contains));
        assertEquals(Optional.empty(), pool.next(Role.PRIMARY, bound::contains));
    }

    @Test
    void everyDelegablePrefixStartsOutThePrimarys_rfc8156_4_2_2() {
        ProportionalPool pool = prefixes(50);
        assertEquals(8, pool.available(Role.PRIMARY));
        assertEquals(0, pool.available(Role.SECONDARY));
        assertEquals(Optional.empty(), pool.next(Role.SECONDARY, lease -> false));
        assertEquals(Optional.of(Lease.prefix(a("2001:db8:100::"), 56)), pool.next(Role.PRIMARY, lease -> false));
    }

    @Test
    void thePrimaryHandsTheSecondaryItsShareAndStopsUsingIt_rfc8156_4_2_2() {
        ProportionalPool pool = prefixes(50);
        ProportionalPool.Rebalance moves = pool.rebalance(1, 100, lease -> false);
        assertEquals(4, moves.give().size(), "50 % of 8");
        assertTrue(moves.takeBack().isEmpty());
        for (Lease lease : moves.give()) {
            pool.observe(Optional.empty(), Binding.initial(lease, BindingStatus.FREE_BACKUP, T0)
                    .withSync(PartnerSync.PENDING));
        }
        assertEquals(4, pool.available(Role.PRIMARY));
        assertEquals(4, pool.available(Role.SECONDARY));
        assertTrue(pool.rebalance(1, 100, lease -> false).isEmpty(), "balanced: nothing moves");
        Set<Lease> primaryUses = new HashSet<>(drain(pool, Role.PRIMARY, 10));
        for (Lease given : moves.give()) {
            assertFalse(primaryUses.contains(given), "§4.2.2: the primary no longer uses " + given);
        }
    }

    @Test
    void aTakenBackPrefixIsNobodysUntilTheSecondaryAcknowledges_rfc8156_4_2_2() {
        ProportionalPool pool = prefixes(0);
        Lease lease = Lease.prefix(a("2001:db8:100:700::"), 56);
        Binding backup = Binding.initial(lease, BindingStatus.FREE_BACKUP, T0);
        pool.observe(Optional.empty(), backup);
        ProportionalPool.Rebalance moves = pool.rebalance(1, 100, l -> l.equals(lease));
        assertEquals(List.of(lease), moves.takeBack(), "share 0 %: the secondary's prefix is taken back");
        Binding free = backup.withStatus(BindingStatus.FREE, backup.times(), PartnerSync.PENDING);
        pool.observe(Optional.of(backup), free);
        assertEquals(7, pool.available(Role.PRIMARY), "the seven others; the returning one is nobody's");
        assertFalse(drain(pool, Role.PRIMARY, 20, Set.of(lease)).contains(lease),
                "not before the secondary accepted the FREE");
        Binding sent = free.withSync(PartnerSync.SENT);
        pool.observe(Optional.of(free), sent);
        assertFalse(drain(pool, Role.PRIMARY, 20, Set.of(lease)).contains(lease),
                "nor once marked SENT as the BNDUPD leaves: the secondary may have leased it and reject the FREE");
        pool.observe(Optional.of(sent), sent.withSync(PartnerSync.ACKNOWLEDGED));
        assertTrue(drain(pool, Role.PRIMARY, 20, Set.of(lease)).contains(lease), "acknowledged: the primary's again");
    }

    @Test
    void aRestartedPrimaryCountsEachResourceOnceAndHandsOverOnlyTheShare_rfc8156_4_2_2() {
        ProportionalPool pool = prefixes(50);
        // The store as loaded: four FREE prefixes, two leased, two never used.
        for (int i = 0; i < 6; i++) {
            Lease lease = Lease.prefix(a("2001:db8:100:" + Integer.toHexString(i * 0x100) + "::"), 56);
            BindingStatus status = i < 4 ? BindingStatus.FREE : BindingStatus.ACTIVE;
            pool.observe(Optional.empty(), Binding.initial(lease, status, T0).withSync(PartnerSync.ACKNOWLEDGED));
        }
        assertEquals(6, pool.available(Role.PRIMARY), "4 FREE + 2 never used; the leased two are nobody's");
        ProportionalPool.Rebalance moves = pool.rebalance(1, 100, lease -> false);
        assertEquals(3, moves.give().size(), "50 % of the 6 available, not of a double count");
        assertEquals(3, pool.available(Role.PRIMARY));
        Set<Lease> offered = new HashSet<>(drain(pool, Role.PRIMARY, 20, Set.of()));
        assertEquals(3, offered.size(), "what the primary still offers is what it counts");
    }

    @Test
    void anUnacknowledgedFreeLoadedAfterARestartIsNobodysUntilAcknowledged_rfc8156_4_2_2() {
        ProportionalPool pool = prefixes(0);
        Lease lease = Lease.prefix(a("2001:db8:100::"), 56);
        Binding free = Binding.initial(lease, BindingStatus.FREE, T0).withSync(PartnerSync.PENDING);
        pool.observe(Optional.empty(), free);
        assertFalse(drain(pool, Role.PRIMARY, 20, Set.of(lease)).contains(lease),
                "maybe a take-back whose FREE never left: the secondary may have leased it");
        pool.observe(Optional.of(free), free.withSync(PartnerSync.ACKNOWLEDGED));
        assertTrue(drain(pool, Role.PRIMARY, 20, Set.of(lease)).contains(lease), "acknowledged: the primary's");
    }

    @Test
    void aPoolSpecIsChecked() {
        assertThrows(IllegalArgumentException.class, () -> PoolSpec.independent("x", PoolKind.IPV6_PREFIX,
                a("2001:db8::"), a("2001:db8::ff")));
        assertThrows(IllegalArgumentException.class, () -> PoolSpec.independent("x", PoolKind.IPV6_ADDRESS,
                a("2001:db8::ff"), a("2001:db8::1")));
        assertThrows(IllegalArgumentException.class, () -> PoolSpec.proportional("x", PoolKind.IPV6_PREFIX,
                a("2001:db8::"), a("2001:db8::ff"), 56, 101));
        assertThrows(IllegalArgumentException.class, () -> new PoolSet(List.of(
                PoolSpec.independent("a", PoolKind.IPV6_ADDRESS, a("2001:db8::1"), a("2001:db8::ff")),
                PoolSpec.independent("b", PoolKind.IPV6_ADDRESS, a("2001:db8::f0"), a("2001:db8::1ff")))));
    }
}
