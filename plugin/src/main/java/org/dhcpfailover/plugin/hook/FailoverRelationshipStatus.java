package org.dhcpfailover.plugin.hook;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import org.dhcpfailover.plugin.config.RelationshipConfig;
import org.dhcpfailover.plugin.endpoint.EndpointState;
import org.dhcpfailover.plugin.endpoint.EndpointStatus;
import org.dhcpfailover.plugin.service.FailoverService;
import org.dhcpfailover.plugin.sync.SyncStatus;
import org.dhcpfailover.plugin.time.AbsoluteTime;

/**
 * The JMX view of one relationship: every read goes to {@link FailoverService#status} or
 * {@link FailoverService#syncStatus}, which ask the endpoint on its I/O thread, so a value is
 * never older than the read.
 */
final class FailoverRelationshipStatus implements FailoverRelationshipMXBean {
    private final FailoverService service;
    private final RelationshipConfig relationship;
    private final Clock clock;

    FailoverRelationshipStatus(FailoverService service, RelationshipConfig relationship, Clock clock) {
        this.service = service;
        this.relationship = relationship;
        this.clock = clock;
    }

    /** The state's name as RFC 8156 §8 writes it: {@code COMMUNICATIONS-INTERRUPTED}, not the Java constant. */
    static String rfcName(EndpointState state) {
        return state.name().replace('_', '-');
    }

    private EndpointStatus status() {
        return service.status(relationship.name());
    }

    private SyncStatus sync() {
        return service.syncStatus(relationship.name());
    }

    private String instant(long absolute) {
        return AbsoluteTime.toInstant(absolute, clock.instant()).toString();
    }

    @Override
    public String getLocalState() {
        return rfcName(status().state());
    }

    @Override
    public String getLocalStateSince() {
        return instant(status().since());
    }

    @Override
    public String getPartnerState() {
        EndpointState partner = status().partnerState();
        return partner == null ? null : rfcName(partner);
    }

    @Override
    public String getPartnerStateSince() {
        EndpointStatus status = status();
        return status.partnerState() == null || status.partnerSince() == AbsoluteTime.NEVER ? null
                : instant(status.partnerSince());
    }

    @Override
    public boolean isCommunicationsOk() {
        return status().communicationsOk();
    }

    @Override
    public boolean isConnected() {
        return status().connected();
    }

    @Override
    public String getRole() {
        return relationship.role().name().toLowerCase(Locale.ROOT);
    }

    @Override
    public long getMaximumClientLeadTime() {
        return status().mcltSeconds();
    }

    @Override
    public long getBindings() {
        return service.leases(relationship.name()).database().size();
    }

    @Override
    public long getPendingUpdates() {
        // also the commits the endpoint has not taken yet: a change the host just made counts at once
        return sync().pendingLeases() + service.leases(relationship.name()).changesNotTaken();
    }

    @Override
    public long getUnackedUpdates() {
        return sync().unacked();
    }

    @Override
    public long getUpdatesSent() {
        return sync().counts().updatesSent();
    }

    @Override
    public long getRepliesReceived() {
        return sync().counts().repliesReceived();
    }

    @Override
    public long getUpdatesRejectedByPartner() {
        return total(sync().counts().rejectedByPartner());
    }

    @Override
    public long getPartnerUpdatesAnswered() {
        return sync().counts().updatesAnswered();
    }

    @Override
    public long getPartnerUpdatesRejected() {
        return total(sync().counts().refusedHere());
    }

    private static long total(Map<String, Long> byStatus) {
        return byStatus.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void partnerDown() {
        service.partnerDown(relationship.name());
    }
}
