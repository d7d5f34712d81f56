package org.dhcpfailover.plugin.sync;

import java.util.Collection;
import java.util.Optional;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.Lease;

/**
 * Read access to this relationship's current bindings, as the binding database holds them.
 * The synchronisation classes never write: they hand every changed binding back to the caller,
 * who persists it (the BNDREPLY proves nothing until the data is durable, §7.5.2).
 */
public interface BindingView {
    /** The current binding of {@code lease}, if any. */
    Optional<Binding> find(Lease lease);

    /** Every binding of the relationship, for entry to NORMAL, UPDREQ(ALL) and the periodic scan. */
    Collection<Binding> all();

    /**
     * Whether the current binding of {@code lease} (or its absence) is on stable storage. A BNDUPD
     * waits for it (see {@link UpdateQueue}): the partner must never learn of a change this
     * server could still lose in a crash.
     */
    boolean isDurable(Lease lease);
}
