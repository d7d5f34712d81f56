package org.dhcpfailover.plugin.allocation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.config.Allocation;
import org.dhcpfailover.plugin.sync.BindingObserver;
import org.dhcpfailover.plugin.sync.LeaseScope;

/**
 * The pools of one relationship (RFC 8156 §4.1: both partners configure the same ones), each
 * tracking its free resources from the binding changes the ledger reports.
 */
public final class PoolSet implements BindingObserver {
    private final Map<String, ResourcePool> pools = new LinkedHashMap<>();

    public PoolSet(Collection<PoolSpec> specs) {
        for (PoolSpec spec : specs) {
            ResourcePool pool = spec.allocation() == Allocation.INDEPENDENT ? new IndependentPool(spec)
                    : new ProportionalPool(spec);
            if (pools.putIfAbsent(spec.name(), pool) != null) {
                throw new IllegalArgumentException("two pools named " + spec.name());
            }
        }
        List<ResourcePool> list = new ArrayList<>(pools.values());
        for (int i = 0; i < list.size(); i++) {
            for (int j = i + 1; j < list.size(); j++) {
                if (overlap(list.get(i).spec(), list.get(j).spec())) {
                    throw new IllegalArgumentException("pools " + list.get(i).spec().name() + " and "
                            + list.get(j).spec().name() + " overlap");
                }
            }
        }
    }

    private static boolean overlap(PoolSpec a, PoolSpec b) {
        return Address128.compare(a.first(), b.last()) <= 0 && Address128.compare(b.first(), a.last()) <= 0;
    }

    /** The scope these pools define: a lease is covered if a pool holds it, split as that pool says. */
    public LeaseScope scope() {
        return new LeaseScope(lease -> poolOf(lease).isPresent(),
                lease -> poolOf(lease).map(pool -> pool.spec().allocation()).orElse(Allocation.INDEPENDENT));
    }

    Optional<ResourcePool> pool(String name) {
        return Optional.ofNullable(pools.get(name));
    }

    Collection<ResourcePool> pools() {
        return pools.values();
    }

    Optional<ResourcePool> poolOf(Lease lease) {
        for (ResourcePool pool : pools.values()) {
            if (pool.contains(lease)) {
                return Optional.of(pool);
            }
        }
        return Optional.empty();
    }

    @Override
    public void changed(Optional<Binding> before, Binding after) {
        poolOf(after.lease()).ifPresent(pool -> pool.observe(before, after));
    }
}
