package org.dhcpfailover.plugin.simulation;

import java.util.Optional;
import org.dhcpfailover.plugin.endpoint.EndpointStateStore;
import org.dhcpfailover.plugin.endpoint.PersistedEndpointState;

/**
 * Stable storage that outlives a crashed endpoint (RFC 8156 §8.1: the state is recorded before a
 * transition takes effect), and that a "lost storage" fault can wipe.
 */
final class SimulatedStore implements EndpointStateStore {

    private PersistedEndpointState current;

    @Override
    public Optional<PersistedEndpointState> load() {
        return Optional.ofNullable(current);
    }

    @Override
    public void save(PersistedEndpointState state) {
        current = state;
    }

    /** The disk is replaced: the next start-up finds nothing (§8.3.2 step 1, §8.5.2 UPDREQALL). */
    void wipe() {
        current = null;
    }

    Optional<PersistedEndpointState> current() {
        return Optional.ofNullable(current);
    }
}
