package org.dhcpfailover.plugin.simulation;

import org.dhcpfailover.plugin.config.Role;

/**
 * A message that reached its receiver.
 *
 * @param from the sender's role
 * @param type the message type name, e.g. "UPDREQ"
 * @param atSeconds absolute time of delivery
 */
record DeliveredMessage(Role from, String type, long atSeconds) {

    /** "PRIMARY UPDREQ": compact form for literal expectations. */
    String label() {
        return from + " " + type;
    }
}
