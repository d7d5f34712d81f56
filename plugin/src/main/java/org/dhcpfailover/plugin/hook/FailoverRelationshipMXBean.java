package org.dhcpfailover.plugin.hook;

import java.util.Map;

/**
 * One failover relationship's status, read-only, on the platform MBean server as
 * {@code org.dhcpfailover:type=FailoverRelationship,server=<this-server-name>,name=<relationship>}
 * (docs/operations.md "Watching a pair over JMX"). Each read asks the running endpoint. The
 * operations are the operator's partner-down, full resync, clean disconnect and reset of an
 * abandoned lease; JMX's own access control guards them (a host's {@code control} section
 * gives remote access with read-only and read-write users; the local attach of the demo and
 * tests works only for the host's own OS user).
 *
 * <p>Every attribute is a JMX open type (String, long, boolean, or a {@code Map<String, Long>},
 * which JMX shows as {@code TabularData} with {@code key} and {@code value} columns), so
 * {@code jconsole} and a JMX exporter read them without this project's classes.
 */
public interface FailoverRelationshipMXBean {

    /** This server's failover state by its RFC 8156 §8 name, e.g. {@code NORMAL}, {@code PARTNER-DOWN}. */
    String getLocalState();

    /** When this server entered its state, ISO-8601 (e.g. {@code 2024-01-01T00:00:00Z}). */
    String getLocalStateSince();

    /** The partner's state as it last announced it (or as stored), by its RFC name; null if never heard. */
    String getPartnerState();

    /** When the partner entered its state, ISO-8601; null if not known. */
    String getPartnerStateSince();

    /** Whether communications are OK (RFC 8156 §6.1): connected and the partner's STATE received. */
    boolean isCommunicationsOk();

    /** Whether a connection to the partner is open (communications may still be starting). */
    boolean isConnected();

    /** This server's role in the relationship: {@code primary} or {@code secondary}. */
    String getRole();

    /** The Maximum Client Lead Time in force, seconds (RFC 8156 §4.4). */
    long getMaximumClientLeadTime();

    /** How many leases the relationship's binding store holds, in every binding status. */
    long getBindings();

    /** Leases changed here and not yet sent to the partner in a BNDUPD. */
    long getPendingUpdates();

    /** BNDUPDs sent and not yet answered by a BNDREPLY. */
    long getUnackedUpdates();

    /** BNDUPDs sent since start. */
    long getUpdatesSent();

    /** BNDREPLYs received since start that answer one of them (accepting or rejecting its leases). */
    long getRepliesReceived();

    /** Leases of this server's updates the partner acknowledged in a BNDREPLY since start (RFC 8156 §7.7). */
    long getUpdatesAcknowledgedByPartner();

    /** Leases of this server's updates the partner rejected since start, whatever the status code. */
    long getUpdatesRejectedByPartner();

    /** The partner's BNDUPDs answered since start. */
    long getPartnerUpdatesAnswered();

    /** Leases of the partner's updates this server rejected since start, whatever the status code. */
    long getPartnerUpdatesRejected();

    /**
     * The communications status in one word: {@code OK} (connected and the partner's STATE
     * received, RFC 8156 §6.1), {@code CONNECTING} (a connection is open, the CONNECT / STATE
     * exchange not finished) or {@code INTERRUPTED} (no connection).
     */
    String getCommunicationsStatus();

    /** When the partner's last message (any, CONTACT included, RFC 8156 §6.6) arrived, ISO-8601; null if none since start. */
    String getLastContact();

    /**
     * The last received message's receive time minus its sent-time, seconds (RFC 8156 §7.1, the
     * sent-time's resolution): positive when the partner's clock is behind ours (or the message
     * was delayed). Beyond ±5 s the connection is dropped. Null if nothing arrived since start.
     */
    Long getClockSkewSeconds();

    /**
     * Leases on which the two servers disagreed and the RFC 8156 §7.5.4 conflict rules kept one
     * side: updates rejected with OutdatedBindingInformation or AddressInUse, in both directions,
     * since start.
     */
    long getConflicts();

    /** Leases of this server's updates the partner rejected since start, by status code name (RFC 8156 §7.5.3). */
    Map<String, Long> getUpdatesRejectedByPartnerByStatus();

    /** Leases of the partner's updates this server rejected since start, by status code name. */
    Map<String, Long> getPartnerUpdatesRejectedByStatus();

    /** The last update request this server sent: {@code UPDREQ} or {@code UPDREQALL} (RFC 8156 §5.3.5, §5.3.6); null if none. */
    String getResyncRequest();

    /**
     * How far the last update request got: {@code NONE} (none sent since start),
     * {@code IN_PROGRESS} (its UPDDONE awaited), {@code DONE} (UPDDONE received, RFC 8156 §5.3.7),
     * {@code CUT_OFF} (the connection was lost before UPDDONE).
     */
    String getResyncStatus();

    /** When the last update request was sent, ISO-8601; null if none. */
    String getResyncRequestedAt();

    /** BNDUPDs received from the partner since the last update request was sent (until its UPDDONE). */
    long getResyncUpdatesReceived();

    /** When the UPDDONE of the last update request arrived, ISO-8601; null if not (yet). */
    String getResyncDoneAt();

    /**
     * The operator declares the partner down (RFC 8156 §8.4): allowed in NORMAL,
     * COMMUNICATIONS-INTERRUPTED and RESOLUTION-INTERRUPTED. Only safe when the partner is really
     * not serving clients.
     *
     * @throws IllegalStateException with the reason, when the current state does not allow it
     */
    void partnerDown();

    /**
     * The operator starts a full resync: UPDREQALL to the partner (RFC 8156 §5.3.6), which sends
     * every binding it holds and then UPDDONE. Follow it with {@link #getResyncStatus()}.
     *
     * @throws IllegalStateException when communications are not OK, in STARTUP, or while an
     *     earlier request awaits its UPDDONE
     */
    void resync();

    /**
     * The operator closes the failover connection cleanly: DISCONNECT with UnspecFail and the
     * reason (RFC 8156 §5.3.10); the primary then reconnects as after any connection loss.
     *
     * @throws IllegalStateException when there is no connection
     */
    void disconnect(String reason);

    /**
     * The operator makes an ABANDONED lease usable again: ABANDONED → RESET (RFC 8156 §7.2),
     * sent to the partner as a BNDUPD.
     *
     * @param lease an address ({@code 2001:db8::5}, {@code 192.0.2.7}) or a prefix
     *     ({@code 2001:db8:1::/56}, an IPv4 block {@code 192.0.2.8/29})
     * @throws IllegalArgumentException if it does not parse, is outside the relationship's pools or has no binding
     * @throws IllegalStateException    if it is not ABANDONED
     */
    void resetLease(String lease);
}
