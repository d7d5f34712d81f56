package org.dhcpfailover.plugin.simulation;

import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.endpoint.EndpointState;

/**
 * One state change of one server, as its FO_STATE_CHANGED log line reported it.
 *
 * @param role which server
 * @param from the state left
 * @param to the state entered
 * @param cause the cause the state machine gave (its table row)
 * @param atSeconds absolute time of the change
 */
record Transition(Role role, EndpointState from, EndpointState to, String cause, long atSeconds) {

    /** The cause with times removed, so that rows can be counted ("partner in PARTNER-DOWN since <t>"). */
    String row() {
        return StateNames.of(from) + " / " + cause.replaceAll("\\d{6,}", "<t>");
    }
}
