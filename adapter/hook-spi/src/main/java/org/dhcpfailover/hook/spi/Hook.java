package org.dhcpfailover.hook.spi;

import java.util.Optional;

/**
 * A started hook library, called by the host from any number of threads. No method waits for the
 * network; {@link #allocate} may return a decision whose durability completes later. When
 * {@link #answer} or {@link #allocate} throws, the host logs it and does not answer that client
 * message (the safe choice: the partner may); when {@link #leaseEvent} throws, the host logs it
 * and goes on. A broken hook cannot stop the host.
 */
public interface Hook {

    /**
     * Opens what the hook needs (files, sockets). Called once, after every hook was created, in
     * configuration order.
     *
     * @throws Exception if the hook cannot start; the host then stops the hooks already started
     *     and does not serve
     */
    void start() throws Exception;

    /** Closes everything the hook opened; called once, in reverse configuration order. */
    void stop();

    /** Whether this server answers {@code message} now (e.g. by failover state and role). */
    boolean answer(ClientMessage message);

    /**
     * Which lease the client gets, if any, and whether to answer at all; empty when the hook has
     * no say over {@code request.pool()} (the next hook, or the host's own allocator, decides).
     */
    Optional<LeaseDecision> allocate(LeaseRequest request);

    /** A lease the host released, saw declined or expired. */
    void leaseEvent(LeaseEvent event);
}
