package org.dhcpfailover.plugin.endpoint;

/**
 * What the state machine asks its runtime to do. The machine itself sends nothing and starts
 * no timer, so it runs unchanged in a deterministic simulation.
 */
public sealed interface EndpointAction {

    /**
     * The machine moved from {@code from} to {@code to} because of {@code cause} (for example
     * "partner RECOVER-DONE" or "communications failed"). Comes first among a transition's
     * actions; a log line and the simulation's table-row coverage are made from it.
     */
    record StateChanged(EndpointState from, EndpointState to, String cause) implements EndpointAction {
    }

    /**
     * Send a STATE message announcing {@code state}, entered at {@code startTime} (RFC 8156
     * §6.3, §8.1). It carries its own state because one input can cause two transitions (NORMAL
     * → COMMUNICATIONS-INTERRUPTED → POTENTIAL-CONFLICT), and each is announced.
     */
    record SendState(EndpointState state, long startTime) implements EndpointAction {
    }

    /**
     * Send UPDREQ, or UPDREQALL when this server lost its binding database (§8.5.2), and wait
     * for UPDDONE.
     */
    record SendUpdateRequest(boolean all) implements EndpointAction {
    }

    /** Send every binding update the partner has not acknowledged yet (§8.8 entry action). */
    record SendPendingUpdates() implements EndpointAction {
    }

    /** Secondary only: ask the primary to rebalance proportional pools (§8.8, §4.2.2). */
    record SendPoolRequest() implements EndpointAction {
    }

    /** Start (or restart) a timer that fires at {@code deadline} (absolute time). */
    record StartTimer(EndpointTimer timer, long deadline) implements EndpointAction {
    }

    /** Stop a timer if it runs. */
    record CancelTimer(EndpointTimer timer) implements EndpointAction {
    }

    /** Tell an operator something needs attention (§8.9, §8.11 "SHOULD raise an alarm"). */
    record RaiseAlarm(String reason) implements EndpointAction {
    }
}
