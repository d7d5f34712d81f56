package org.dhcpfailover.plugin.hook;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.config.RelationshipConfig;
import org.dhcpfailover.plugin.endpoint.EndpointState;
import org.dhcpfailover.plugin.endpoint.EndpointStatus;
import org.dhcpfailover.plugin.endpoint.ResyncProgress;
import org.dhcpfailover.plugin.service.FailoverService;
import org.dhcpfailover.plugin.sync.SyncStatus;
import org.dhcpfailover.plugin.time.AbsoluteTime;
import org.dhcpfailover.plugin.wire.Ipv6Address;
import org.dhcpfailover.plugin.wire.StatusCode;

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
    public long getUpdatesAcknowledgedByPartner() {
        return sync().counts().acknowledgedByPartner();
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

    @Override
    public String getCommunicationsStatus() {
        EndpointStatus status = status();
        return status.communicationsOk() ? "OK" : status.connected() ? "CONNECTING" : "INTERRUPTED";
    }

    @Override
    public String getLastContact() {
        long last = status().lastContact();
        return last == AbsoluteTime.NEVER ? null : instant(last);
    }

    @Override
    public Long getClockSkewSeconds() {
        return status().clockSkewSeconds();
    }

    @Override
    public long getConflicts() {
        SyncStatus.Counts counts = sync().counts();
        return conflicts(counts.refusedHere()) + conflicts(counts.rejectedByPartner());
    }

    private static long conflicts(Map<String, Long> byStatus) {
        return byStatus.getOrDefault(StatusCode.OUTDATED_BINDING_INFORMATION.name(), 0L)
                + byStatus.getOrDefault(StatusCode.ADDRESS_IN_USE.name(), 0L);
    }

    @Override
    public Map<String, Long> getUpdatesRejectedByPartnerByStatus() {
        return new TreeMap<>(sync().counts().rejectedByPartner());
    }

    @Override
    public Map<String, Long> getPartnerUpdatesRejectedByStatus() {
        return new TreeMap<>(sync().counts().refusedHere());
    }

    @Override
    public String getResyncRequest() {
        return status().resync().request();
    }

    @Override
    public String getResyncStatus() {
        ResyncProgress resync = status().resync();
        return resync.request() == null ? "NONE" : resync.done() ? "DONE" : resync.cutOff() ? "CUT_OFF" : "IN_PROGRESS";
    }

    @Override
    public String getResyncRequestedAt() {
        ResyncProgress resync = status().resync();
        return resync.request() == null ? null : instant(resync.requestedAt());
    }

    @Override
    public long getResyncUpdatesReceived() {
        return status().resync().updatesReceived();
    }

    @Override
    public String getResyncDoneAt() {
        ResyncProgress resync = status().resync();
        return resync.done() ? instant(resync.doneAt()) : null;
    }

    private static long total(Map<String, Long> byStatus) {
        return byStatus.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void partnerDown() {
        service.partnerDown(relationship.name());
    }

    @Override
    public void resync() {
        service.resync(relationship.name());
    }

    @Override
    public void disconnect(String reason) {
        service.disconnect(relationship.name(), reason);
    }

    @Override
    public void resetLease(String lease) {
        service.resetLease(relationship.name(), parseLease(lease));
    }

    /**
     * An operator's lease: an IPv6 address or prefix, or an IPv4 address or block, which this
     * project carries IPv4-mapped (an address as {@code ::ffff:a.b.c.d}, a block as a prefix of
     * length 96 + n; docs/protocol.md §2). A full-length prefix ({@code x/128}, IPv4
     * {@code a.b.c.d/32}) names one address and is that address, so that it finds the address's
     * binding.
     *
     * @throws IllegalArgumentException if it is neither
     */
    static Lease parseLease(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no lease given: expected an address or a prefix");
        }
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        try {
            boolean ipv4 = address.indexOf(':') < 0;
            if (ipv4 && !IPV4.matcher(address).matches()) {
                throw new IllegalArgumentException("not an IPv4 address");
            }
            Ipv6Address value = ipv4 ? Ipv6Address.parse("::ffff:" + address) : Ipv6Address.parse(address);
            if (slash < 0) {
                return Lease.address(value);
            }
            int length = Integer.parseInt(trimmed.substring(slash + 1));
            if (length < 0 || length > (ipv4 ? 32 : 128)) {
                throw new IllegalArgumentException("prefix length " + length + " out of range");
            }
            if (length == (ipv4 ? 32 : 128)) {
                return Lease.address(value);
            }
            return Lease.prefix(value, ipv4 ? 96 + length : length);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + trimmed + "' is not an address or a prefix ("
                    + e.getMessage() + "); expected e.g. 2001:db8::5, 2001:db8:1::/56, 192.0.2.7 or 192.0.2.8/29", e);
        }
    }

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
}
