package org.dhcpfailover.plugin.endpoint;

import java.io.IOException;
import java.util.Optional;

/**
 * Stable storage for one relationship's {@link PersistedEndpointState} (RFC 8156 §8.1: the new
 * state MUST be recorded before the transition takes effect).
 */
public interface EndpointStateStore {

    /** The last saved state, or empty if this relationship never saved one. */
    Optional<PersistedEndpointState> load() throws IOException;

    /** Saves atomically: after a crash the store holds the old or the new value, never a mix. */
    void save(PersistedEndpointState state) throws IOException;
}
