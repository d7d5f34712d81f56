package org.dhcpfailover.host.hooks;

import java.util.Optional;
import org.dhcpfailover.hook.spi.ClientMessage;
import org.dhcpfailover.hook.spi.LeaseDecision;
import org.dhcpfailover.hook.spi.LeaseEvent;
import org.dhcpfailover.hook.spi.LeaseRequest;

/**
 * What a host's message handling asks of its hooks: the three per-message calls, which
 * {@link LoadedHooks} implements (turning a hook's exception into the safe answer). Tests give a
 * host their own implementation instead of loading a hook jar.
 */
public interface HostHooks {

    /** Whether this server answers the message at all. */
    boolean answer(ClientMessage message);

    /** A hook's decision, or empty when no hook decides and the host's allocator does. */
    Optional<LeaseDecision> allocate(LeaseRequest request);

    /** A lease the host released, saw declined or expired. */
    void leaseEvent(LeaseEvent event);
}
