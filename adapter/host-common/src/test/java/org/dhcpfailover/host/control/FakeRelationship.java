package org.dhcpfailover.host.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A relationship bean whose state a test sets and whose operations it records. */
public final class FakeRelationship implements FakeRelationshipMXBean {
    volatile String state = "COMMUNICATIONS-INTERRUPTED";
    final List<String> calls = new ArrayList<>();

    @Override
    public String getRole() {
        return "secondary";
    }

    @Override
    public String getLocalState() {
        return state;
    }

    @Override
    public String getLocalStateSince() {
        return "2026-01-01T00:00:00Z";
    }

    @Override
    public String getPartnerState() {
        return null;
    }

    @Override
    public String getCommunicationsStatus() {
        return "INTERRUPTED";
    }

    @Override
    public Long getClockSkewSeconds() {
        return null;
    }

    @Override
    public long getBindings() {
        return 42;
    }

    @Override
    public long getUpdatesAcknowledgedByPartner() {
        return 40;
    }

    @Override
    public Map<String, Long> getUpdatesRejectedByPartnerByStatus() {
        return new TreeMap<>(Map.of("OutdatedBindingInformation", 2L, "AddressInUse", 1L));
    }

    @Override
    public String getResyncStatus() {
        return "NONE";
    }

    @Override
    public synchronized void partnerDown() {
        if (state.equals("PARTNER-DOWN")) {
            throw new IllegalStateException("partner-down is not allowed: this server is in PARTNER_DOWN");
        }
        calls.add("partnerDown");
        state = "PARTNER-DOWN";
    }

    @Override
    public synchronized void resync() {
        throw new IllegalStateException("not connected to the partner (communications interrupted)");
    }

    @Override
    public synchronized void disconnect(String reason) {
        calls.add("disconnect " + reason);
    }

    @Override
    public synchronized void resetLease(String lease) {
        calls.add("resetLease " + lease);
    }
}
