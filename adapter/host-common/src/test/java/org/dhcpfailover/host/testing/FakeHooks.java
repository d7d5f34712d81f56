package org.dhcpfailover.host.testing;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.dhcpfailover.hook.spi.ClientMessage;
import org.dhcpfailover.hook.spi.LeaseDecision;
import org.dhcpfailover.hook.spi.LeaseEvent;
import org.dhcpfailover.hook.spi.LeaseRequest;
import org.dhcpfailover.host.hooks.HostHooks;

/**
 * Hooks as a host sees them (shared through host-common's test jar): answers and decisions set by
 * the test, every call recorded.
 */
public final class FakeHooks implements HostHooks {

    public final List<ClientMessage> messages = new CopyOnWriteArrayList<>();
    public final List<LeaseRequest> requests = new CopyOnWriteArrayList<>();
    public final List<LeaseEvent> events = new CopyOnWriteArrayList<>();
    public volatile boolean answer = true;
    public volatile Function<LeaseRequest, Optional<LeaseDecision>> decide = request -> Optional.empty();

    @Override
    public boolean answer(ClientMessage message) {
        messages.add(message);
        return answer;
    }

    @Override
    public Optional<LeaseDecision> allocate(LeaseRequest request) {
        requests.add(request);
        return decide.apply(request);
    }

    @Override
    public void leaseEvent(LeaseEvent event) {
        events.add(event);
    }

    public ClientMessage lastMessage() {
        return messages.get(messages.size() - 1);
    }
}
