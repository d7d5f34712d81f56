package org.dhcpfailover.plugin.endpoint;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Keeps every saved value; can be told to fail the next save, like a full disk. */
final class InMemoryEndpointStateStore implements EndpointStateStore {

    final List<PersistedEndpointState> saved = new ArrayList<>();
    private PersistedEndpointState current;
    boolean failNextSave;

    InMemoryEndpointStateStore(PersistedEndpointState initial) {
        this.current = initial;
    }

    @Override
    public Optional<PersistedEndpointState> load() {
        return Optional.ofNullable(current);
    }

    @Override
    public void save(PersistedEndpointState state) throws IOException {
        if (failNextSave) {
            failNextSave = false;
            throw new IOException("simulated disk failure");
        }
        current = state;
        saved.add(state);
    }

    PersistedEndpointState current() {
        return current;
    }
}
