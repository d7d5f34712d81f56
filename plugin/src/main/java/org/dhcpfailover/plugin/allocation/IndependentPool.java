package org.dhcpfailover.plugin.allocation;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.binding.LeaseStateMachine;
import org.dhcpfailover.plugin.config.Allocation;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.Ipv6Address;

/**
 * An address pool under independent allocation (RFC 8156 §4.2.1, digest §10.1): the primary
 * owns the addresses whose last bit is 1, the secondary those whose last bit is 0, in every
 * state — no message moves an address between them.
 *
 * <p>Per owner, never-used addresses come from a cursor that walks the owner's half upwards
 * (skipping any address that has a binding, each at most once), so a /64 or a /48 is never
 * enumerated; addresses that were used and are free again (FREE or FREE-BACKUP) wait in a
 * {@link FreeResources} line and are reused once the cursor has run out. Both steps are O(1)
 * amortised, whatever the pool's size.
 */
final class IndependentPool implements ResourcePool {
    private final PoolSpec spec;
    private final Map<Role, Ipv6Address> cursors = new EnumMap<>(Role.class);
    private final Map<Role, FreeResources> free = new EnumMap<>(Role.class);

    IndependentPool(PoolSpec spec) {
        this.spec = spec;
        for (Role role : Role.values()) {
            cursors.put(role, firstOwned(spec.first(), role));
            free.put(role, new FreeResources());
        }
    }

    /** The owner of an address: the primary for last bit 1, the secondary for 0 (§4.2.1). */
    static Role owner(Lease lease) {
        return LeaseStateMachine.owner(lease, Allocation.INDEPENDENT);
    }

    private static Ipv6Address firstOwned(Ipv6Address from, Role role) {
        boolean odd = (from.low() & 1) == 1;
        if (odd == (role == Role.PRIMARY)) {
            return from;
        }
        return Address128.plusPowerOfTwo(from, 0);
    }

    @Override
    public PoolSpec spec() {
        return spec;
    }

    @Override
    public boolean contains(Lease lease) {
        return !lease.isPrefix() && Address128.compare(spec.first(), lease.value()) <= 0
                && Address128.compare(lease.value(), spec.last()) <= 0;
    }

    @Override
    public void observe(Optional<Binding> before, Binding after) {
        FreeResources line = free.get(owner(after.lease()));
        if (isFree(after.status())) {
            line.add(after.lease());
        } else {
            line.remove(after.lease());
        }
    }

    private static boolean isFree(BindingStatus status) {
        return status.equals(BindingStatus.FREE) || status.equals(BindingStatus.FREE_BACKUP);
    }

    @Override
    public Optional<Lease> next(Role role, Predicate<Lease> hasBinding) {
        Ipv6Address cursor = cursors.get(role);
        while (cursor != null && Address128.compare(cursor, spec.last()) <= 0) {
            Lease lease = Lease.address(cursor);
            cursor = Address128.plusPowerOfTwo(cursor, 1);
            cursors.put(role, cursor);
            if (!hasBinding.test(lease)) {
                return Optional.of(lease);
            }
        }
        return free.get(role).cycle();
    }

    @Override
    public long available(Role role) {
        Ipv6Address cursor = cursors.get(role);
        long untouched = 0;
        if (cursor != null && Address128.compare(cursor, spec.last()) <= 0) {
            Ipv6Address span = subtract(spec.last(), cursor);
            untouched = span.high() != 0 || span.low() < 0 ? Long.MAX_VALUE : span.low() / 2 + 1;
        }
        long total = untouched + free.get(role).size();
        return total < 0 ? Long.MAX_VALUE : total;
    }

    private static Ipv6Address subtract(Ipv6Address a, Ipv6Address b) {
        long low = a.low() - b.low();
        long borrow = Long.compareUnsigned(a.low(), b.low()) < 0 ? 1 : 0;
        return new Ipv6Address(a.high() - b.high() - borrow, low);
    }
}
