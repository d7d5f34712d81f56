package org.dhcpfailover.hook.spi;

import java.util.function.Consumer;

/**
 * The host's lease table as a hook sees it. A hook applies the leases it learns from elsewhere
 * (a failover partner's updates, its own store at start) so that the host's view of who holds
 * what stays current, and reads the host's leases (e.g. to take over leases the host granted
 * before the hook was enabled). Both methods are thread-safe and never block on I/O.
 */
public interface HostLeases {

    /** Inserts or replaces the host's lease for {@code lease.address()}. */
    void apply(HostLease lease);

    /** Calls {@code each} for every lease in the host's table, in no particular order. */
    void forEach(Consumer<HostLease> each);
}
