package org.dhcpfailover.plugin.allocation;

import java.util.Optional;
import java.util.function.Predicate;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.config.Role;

/**
 * One pool's free resources, split between the partners (RFC 8156 §4.2), kept up to date from
 * every binding change so that picking a free resource never scans the range.
 *
 * <p>Not thread-safe: the ledger calls it under its lock.
 */
interface ResourcePool {
    PoolSpec spec();

    /** Whether {@code lease} is one of this pool's resources. */
    boolean contains(Lease lease);

    /** A binding of one of this pool's resources changed ({@code before} empty: it is new). */
    void observe(Optional<Binding> before, Binding after);

    /**
     * The next free resource {@code role} owns, or empty when it has none left. Each call
     * returns another one (a resource the caller then fails to grant goes to the back of the
     * line), so a bounded number of calls finds a grantable one if there is one.
     *
     * @param hasBinding whether a resource already has a binding (never-used resources are
     *                   handed out first; one with a binding is known to the pool only through
     *                   {@link #observe})
     */
    Optional<Lease> next(Role role, Predicate<Lease> hasBinding);

    /** How many resources {@code role} could still hand out (saturating). */
    long available(Role role);
}
