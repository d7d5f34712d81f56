package org.dhcpfailover.pair;

import java.util.Map;

/** A server's failover status as read through JMX; "DOWN" when its process is not running. */
public record ServerStatus(String state, String partnerState, boolean communicating, long bindings, long pending) {

    public static final ServerStatus DOWN = new ServerStatus("DOWN", "-", false, 0, 0);

    static ServerStatus of(Map<String, Object> attributes) {
        return new ServerStatus(String.valueOf(attributes.get("LocalState")),
                String.valueOf(attributes.get("PartnerState")),
                Boolean.TRUE.equals(attributes.get("CommunicationsOk")),
                number(attributes.get("Bindings")), number(attributes.get("PendingUpdates"))
                        + number(attributes.get("UnackedUpdates")));
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    @Override
    public String toString() {
        return state.equals("DOWN") ? "DOWN" : state + " (bindings " + bindings + ", updates waiting " + pending + ")";
    }
}
