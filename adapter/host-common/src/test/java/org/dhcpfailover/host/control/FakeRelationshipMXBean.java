package org.dhcpfailover.host.control;

import java.util.Map;

/** The part of the plugin's FailoverRelationshipMXBean failoverctl reads and drives, for tests without the plugin. */
public interface FakeRelationshipMXBean {
    String getRole();

    String getLocalState();

    String getLocalStateSince();

    String getPartnerState();

    String getCommunicationsStatus();

    Long getClockSkewSeconds();

    long getBindings();

    long getUpdatesAcknowledgedByPartner();

    Map<String, Long> getUpdatesRejectedByPartnerByStatus();

    String getResyncStatus();

    void partnerDown();

    void resync();

    void disconnect(String reason);

    void resetLease(String lease);
}
