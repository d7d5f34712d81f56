package org.dhcpfailover.plugin.hook;

/**
 * One failover relationship's status, read-only, on the platform MBean server as
 * {@code org.dhcpfailover:type=FailoverRelationship,server=<this-server-name>,name=<relationship>}
 * (docs/operations.md "Watching a pair over JMX"). Each read asks the running endpoint. The one
 * operation is the operator's partner-down; JMX's own access control guards it (the local
 * attach of the demo and tests works only for the host's own OS user).
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

    /** Leases of this server's updates the partner rejected since start, whatever the status code. */
    long getUpdatesRejectedByPartner();

    /** The partner's BNDUPDs answered since start. */
    long getPartnerUpdatesAnswered();

    /** Leases of the partner's updates this server rejected since start, whatever the status code. */
    long getPartnerUpdatesRejected();

    /**
     * The operator declares the partner down (RFC 8156 §8.4): allowed in COMMUNICATIONS-INTERRUPTED,
     * RESOLUTION-INTERRUPTED and POTENTIAL-CONFLICT-like states the endpoint accepts it in. Only
     * safe when the partner is really not serving clients.
     *
     * @throws IllegalStateException with the reason, when the current state does not allow it
     */
    void partnerDown();
}
