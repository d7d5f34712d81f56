package org.dhcpfailover.plugin.allocation;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Optional;
import org.dhcpfailover.plugin.binding.Lease;

/**
 * Resources that were used and are free again, oldest-freed first: reusing the one free the
 * longest gives the previous client's stale state the most time to die out. Taking one moves
 * it to the back, so repeated calls cycle through them. O(1) per operation.
 */
final class FreeResources {
    private final LinkedHashSet<Lease> leases = new LinkedHashSet<>();

    void add(Lease lease) {
        leases.add(lease);
    }

    void remove(Lease lease) {
        leases.remove(lease);
    }

    boolean contains(Lease lease) {
        return leases.contains(lease);
    }

    int size() {
        return leases.size();
    }

    /** The oldest, moved to the back of the line. */
    Optional<Lease> cycle() {
        Iterator<Lease> it = leases.iterator();
        if (!it.hasNext()) {
            return Optional.empty();
        }
        Lease first = it.next();
        it.remove();
        leases.add(first);
        return Optional.of(first);
    }

    /** The oldest, removed. */
    Optional<Lease> take() {
        Iterator<Lease> it = leases.iterator();
        if (!it.hasNext()) {
            return Optional.empty();
        }
        Lease first = it.next();
        it.remove();
        return Optional.of(first);
    }
}
