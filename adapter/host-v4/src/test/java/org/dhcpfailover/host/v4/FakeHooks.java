package org.dhcpfailover.host.v4;

import org.dhcpfailover.host.hooks.HostHooks;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.dhcpfailover.hook.spi.ClientMessage;
import org.dhcpfailover.hook.spi.LeaseDecision;
import org.dhcpfailover.hook.spi.LeaseEvent;
import org.dhcpfailover.hook.spi.LeaseRequest;

/** A hook as the servlet sees it: answers and decisions set by the test, everything recorded. */
final class FakeHooks implements HostHooks {

    final List<ClientMessage> messages = new CopyOnWriteArrayList<>();
    final List<LeaseRequest> requests = new CopyOnWriteArrayList<>();
    final List<LeaseEvent> events = new CopyOnWriteArrayList<>();
    volatile boolean answer = true;
    volatile Function<LeaseRequest, Optional<LeaseDecision>> decide = request -> Optional.empty();

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

    ClientMessage lastMessage() {
        return messages.get(messages.size() - 1);
    }
}
