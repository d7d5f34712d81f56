package org.dhcpfailover.plugin.allocation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.config.PoolKind;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.Ipv6Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The cost of one allocation decision (picking the free resource a new client gets) for pools
 * of 10^3 to 10^6 resources, a /64 address pool, and a delegable prefix pool, at 0 %, 90 % and
 * 99 % occupancy (RFC 8156 §4.2; issue: "does not grow with the pool size").
 *
 * <p>Occupancy is made the hard way for a scanning allocator: the pool is filled completely
 * (the never-used cursor exhausted), then a random (1 − occupancy) share of it is freed again,
 * scattered over the range, so every decision must find one of few free resources among many
 * used ones (the address and prefix pools are exactly as large as the resources filled; the /64
 * still has never-used addresses after its 10^6, which are preferred). At 0 % the pool is fresh. Each point times up to 10,000 decisions (each taking a
 * resource and recording it as leased, as the ledger's observer does), after one unprinted pass
 * over the whole matrix to warm the JIT. Prints figures, asserts nothing. Run with
 * {@code mvn -B -pl plugin -am test -Pbenchmarks -Dtest=AllocationBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "store.benchmarks", matches = "true")
class AllocationBenchmark {
    private static final long T0 = 757_382_400L;
    private static final int DECISIONS = 10_000;

    @Test
    void allocationDecisionCost() {
        matrix(false); // the whole matrix once to warm the JIT, so the first rows are not cold
        System.out.printf("%-34s %10s %12s %14s%n", "pool", "occupancy", "decisions", "ns / decision");
        matrix(true);
    }

    private static void matrix(boolean print) {
        for (int size : new int[] {1_000, 10_000, 100_000, 1_000_000}) {
            for (double occupancy : new double[] {0, 0.90, 0.99}) {
                measure("IPv6 addresses, " + size + " own", () -> addresses(size), size, occupancy, print);
            }
        }
        for (double occupancy : new double[] {0, 0.90, 0.99}) {
            measure("/64 of addresses, 10^6 in use", AllocationBenchmark::slash64, 1_000_000, occupancy, print);
        }
        for (double occupancy : new double[] {0, 0.90, 0.99}) {
            measure("/40 cut into /56 (65,536 prefixes)", AllocationBenchmark::prefixes, 65_536, occupancy, print);
        }
    }

    private static IndependentPool addresses(int ownAddresses) {
        Ipv6Address first = Ipv6Address.parse("2001:db8::");
        Ipv6Address last = new Ipv6Address(first.high(), first.low() + 2L * ownAddresses - 1);
        return new IndependentPool(PoolSpec.independent("bench", PoolKind.IPV6_ADDRESS, first, last));
    }

    private static IndependentPool slash64() {
        return new IndependentPool(PoolSpec.independent("bench", PoolKind.IPV6_ADDRESS,
                Ipv6Address.parse("2001:db8::"), Ipv6Address.parse("2001:db8::ffff:ffff:ffff:ffff")));
    }

    private static ProportionalPool prefixes() {
        return new ProportionalPool(PoolSpec.proportional("bench", PoolKind.IPV6_PREFIX,
                Ipv6Address.parse("2001:db8:100::"), Ipv6Address.parse("2001:db8:1ff:ffff:ffff:ffff:ffff:ffff"), 56, 0));
    }

    private interface PoolFactory {
        ResourcePool create();
    }

    /** Fills {@code inUse} resources, frees a random (1 − occupancy) share, times the decisions. */
    private static void measure(String name, PoolFactory factory, int inUse, double occupancy, boolean print) {
        long[] result = run(factory.create(), inUse, occupancy, new Random(2));
        if (!print) {
            return;
        }
        System.out.printf("%-34s %9.0f%% %12d %14.0f%n", name, occupancy * 100, result[0],
                (double) result[1] / Math.max(1, result[0]));
    }

    private static long[] run(ResourcePool pool, int inUse, double occupancy, Random random) {
        Set<Lease> bound = new HashSet<>();
        if (occupancy > 0) {
            List<Lease> used = new ArrayList<>(inUse);
            for (int i = 0; i < inUse; i++) {
                Lease lease = pool.next(Role.PRIMARY, bound::contains).orElseThrow();
                bound.add(lease);
                used.add(lease);
            }
            Collections.shuffle(used, random);
            int free = (int) Math.round(inUse * (1 - occupancy));
            for (Lease lease : used.subList(0, free)) {
                pool.observe(Optional.empty(), Binding.initial(lease, freeStatus(lease), T0));
            }
        }
        int decisions = Math.min(DECISIONS, occupancy == 0 ? inUse : (int) Math.round(inUse * (1 - occupancy)));
        long start = System.nanoTime();
        for (int i = 0; i < decisions; i++) {
            Lease lease = pool.next(Role.PRIMARY, bound::contains).orElseThrow();
            bound.add(lease);
            pool.observe(Optional.empty(), Binding.initial(lease, BindingStatus.ACTIVE, T0));
        }
        return new long[] {decisions, System.nanoTime() - start};
    }

    private static BindingStatus freeStatus(Lease lease) {
        return lease.isPrefix() || lease.lastBitSet() ? BindingStatus.FREE : BindingStatus.FREE_BACKUP;
    }
}
