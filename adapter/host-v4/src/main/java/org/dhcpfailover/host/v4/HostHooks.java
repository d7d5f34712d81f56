package org.dhcpfailover.host.v4;

import java.util.Optional;
import org.dhcpfailover.hook.spi.ClientMessage;
import org.dhcpfailover.hook.spi.LeaseDecision;
import org.dhcpfailover.hook.spi.LeaseEvent;
import org.dhcpfailover.hook.spi.LeaseRequest;
import org.dhcpfailover.host.hooks.LoadedHooks;

/**
 * What the servlet asks of the loaded hooks: the three per-message calls of
 * {@link LoadedHooks}, which already turn a hook's exception into the safe answer. Tests give the
 * servlet their own implementation instead of loading a hook jar.
 */
interface HostHooks {

    /** Whether this server answers the message at all. */
    boolean answer(ClientMessage message);

    /** A hook's decision, or empty when no hook decides and the host's allocator does. */
    Optional<LeaseDecision> allocate(LeaseRequest request);

    /** A lease the host released, saw declined or expired. */
    void leaseEvent(LeaseEvent event);

    /** The loaded hooks. */
    static HostHooks of(LoadedHooks hooks) {
        return new HostHooks() {
            @Override
            public boolean answer(ClientMessage message) {
                return hooks.answer(message);
            }

            @Override
            public Optional<LeaseDecision> allocate(LeaseRequest request) {
                return hooks.allocate(request);
            }

            @Override
            public void leaseEvent(LeaseEvent event) {
                hooks.leaseEvent(event);
            }
        };
    }
}
