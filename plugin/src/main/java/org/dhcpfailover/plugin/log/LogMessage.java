package org.dhcpfailover.plugin.log;

import static org.dhcpfailover.plugin.log.Severity.DEBUG;
import static org.dhcpfailover.plugin.log.Severity.ERROR;
import static org.dhcpfailover.plugin.log.Severity.INFO;
import static org.dhcpfailover.plugin.log.Severity.WARN;

/**
 * The catalogue of every line the failover plugin logs (the pattern of Kea's
 * {@code ha_messages.mes}). Each constant's name is its stable message ID, which operators
 * grep for and monitoring keys on; an ID is never reused for a different meaning.
 *
 * <p>Every template's first placeholder is the relationship (or partner) the line is about, so
 * a server with several partners (RFC 7031 R3) always says which one. The explanation tells an
 * operator what the line means and what to do; {@code docs/operations.md} lists the same
 * entries and a test keeps the two in step.
 *
 * <p>Add an entry together with the code that emits it, never ahead of it.
 */
public enum LogMessage {

    FO_CONFIG_ACCEPTED(INFO,
            "{}: relationship configured: this server {} is {} of partner {} at {}, MCLT {} s, pools {}",
            "The failover parameters of this relationship passed validation and the plugin will "
                    + "serve it with these settings. Check that the partner logs the mirror image "
                    + "(opposite role, same relationship name and MCLT)."),

    FO_CONFIG_REJECTED(ERROR,
            "{}: invalid failover configuration: {}",
            "The failover parameters contain an error, named by its JSON path, and the plugin "
                    + "refuses to start rather than run half-configured. One line is logged per "
                    + "error; correct all of them in the configuration file and start again."),

    FO_STATE_CHANGED(INFO,
            "{}: state {} -> {} ({})",
            "The endpoint of this relationship moved to a new failover state (RFC 8156 §8); the reason is in parentheses. NORMAL is the healthy state; see the operations guide for what each state means for clients and what, if anything, to do."),

    FO_COMMUNICATIONS_OK(INFO,
            "{}: communications with partner {} OK, partner in {}",
            "The connection to the partner is up and the partner has announced its state; the two servers now synchronise. Nothing to do."),

    FO_COMMUNICATIONS_INTERRUPTED(WARN,
            "{}: communications with partner {} lost: {}",
            "The connection to the partner is gone for the reason given. Both servers keep serving their own clients; if the partner is really down and will stay down, an operator may declare partner-down so that this server can use all the resources."),

    FO_KEEPALIVE_EXPIRED(WARN,
            "{}: nothing received from partner {} for {} s, connection declared dead",
            "The partner sent nothing, not even a CONTACT, for the keepalive time (RFC 8156 §6.6). Check that the partner runs and that the network between the two failover addresses passes TCP."),

    FO_CLOCK_SKEW(WARN,
            "{}: clock of partner {} differs by {} s, more than the 5 s RFC 8156 §7.1 allows; disconnecting",
            "The two servers' clocks disagree by more than five seconds, which makes lease times unsafe to compare. Synchronise both clocks (NTP); the primary reconnects by itself. The same line is logged at most once a minute while it repeats."),

    FO_CONNECT_REFUSED(WARN,
            "{}: refused CONNECT from {}: {} ({})",
            "This server (a secondary) refused the partner's CONNECT with the status shown. The text says what differs; fix the configuration of one of the two servers so that they agree. The same line is logged at most once a minute while it repeats."),

    FO_CONNECT_REFUSED_BY_PARTNER(WARN,
            "{}: partner {} refused our CONNECT: {} ({})",
            "The partner refused this server's CONNECT with the status shown and the partner's own explanation. Fix the configuration difference it names; this server retries with back-off meanwhile. The same line is logged at most once a minute while it repeats."),

    FO_CONNECTREPLY_UNUSABLE(WARN,
            "{}: partner {} accepted with parameters this server cannot use: {}; disconnecting",
            "The partner's CONNECTREPLY differs from what RFC 8156 §6.1.3 requires (protocol version, MCLT, flags). Make the two configurations agree; this server retries with back-off meanwhile. The same line is logged at most once a minute while it repeats."),

    FO_DISCONNECT_RECEIVED(WARN,
            "{}: partner {} disconnected: {} ({})",
            "The partner closed the connection and said why. A ServerShuttingDown status is a planned stop; anything else names a problem to fix on the partner."),

    FO_PROTOCOL_ERROR(WARN,
            "{}: protocol error from partner {}: {}; disconnecting",
            "The partner sent a message that is malformed or not allowed at this point of the exchange. This server sends DISCONNECT with the reason and reconnects normally; if it repeats, compare the two servers' software versions."),

    FO_ALARM(ERROR,
            "{}: {}",
            "A condition RFC 8156 says should raise an alarm: communications interrupted while in NORMAL (§8.9) or a conflict resolution interrupted (§8.11). Restore communications with the partner; if the partner is really down, consider declaring partner-down."),

    FO_PARTNER_DOWN(WARN,
            "{}: partner declared down ({}); this server now serves all clients without the MCLT limit",
            "This server entered PARTNER-DOWN by an operator's command or the auto-partner-down timer. RFC 8156 §8.4 requires that the partner is really not operating; make sure it is stopped before it is started again."),

    FO_STATE_STORE_FAILED(ERROR,
            "{}: cannot save the endpoint state: {}; the state change is not made and the connection is closed",
            "The endpoint state could not be written to the store directory, so the server does not change state (RFC 8156 §8.1 requires stable storage first). Check the disk and the directory's permissions; the server retries on the next event."),

    FO_SHUTDOWN(INFO,
            "{}: shutting down, DISCONNECT sent to partner {}",
            "An orderly stop: the partner is told (ServerShuttingDown) and moves to COMMUNICATIONS-INTERRUPTED. Nothing to do."),

    FO_LISTENING(INFO,
            "{}: listening for the partner on {}",
            "The secondary's failover socket is open. The primary connects to it."),

    FO_LISTEN_FAILED(ERROR,
            "{}: cannot listen on {}: {}",
            "The failover socket could not be opened (address not on this host, port in use, or no permission for a port below 1024). Fix the relationship's listen address or port, or free the port, and restart."),

    FO_CONNECTING(DEBUG,
            "{}: connecting to partner at {}",
            "The primary opens a TCP connection to the secondary's failover port."),

    FO_CONNECT_FAILED(INFO,
            "{}: cannot reach partner at {}: {}; next attempt in {} s",
            "The primary could not open a connection to the secondary; it keeps retrying with growing pauses. Check that the partner runs and listens on that address and port. Repeats are rate-limited."),

    FO_UNKNOWN_PEER(WARN,
            "{}: connection refused: no relationship has this address as its partner (listening on {}); {} more refused since the previous line",
            "A host that is not a configured partner connected to the failover port and was closed at once (RFC 8156 §6.1). The first argument is that host's address. At most one line is logged per address per minute, and at most 10 a minute in all (see FO_UNKNOWN_PEERS_HELD_BACK); the count says how many connections from it were refused without a line since the previous one (those held back by the overall limit are counted in FO_UNKNOWN_PEERS_HELD_BACK instead). Find out what runs on that host: a server whose partner address is wrong, a partner whose address changed without the configuration following, or a scanner (then filter the failover port at the firewall)."),

    FO_UNKNOWN_PEERS_HELD_BACK(WARN,
            "{}: {} more connections from hosts that are nobody's partner refused without a line in the last {} s (at most {} FO_UNKNOWN_PEER lines a minute)",
            "More hosts than the log shows connected to the failover port (the first argument names the listening sockets) without being a configured partner: past 10 FO_UNKNOWN_PEER lines in a minute the rest are only counted, in this one line at the end of the minute, so that a scan from many addresses cannot flood the log. Each was closed at once, as in FO_UNKNOWN_PEER. Many addresses at once is a scan: filter the failover port at the firewall so that only the partner reaches it."),

    FO_UNKNOWN_RELATIONSHIP(WARN,
            "{}: CONNECT refused with ConfigurationConflict: no relationship named {} with this partner",
            "A configured partner asked for a relationship this server does not have (decision A19). The first argument is the partner's address. Make the relationship names in the two configurations identical."),

    FO_DUPLICATE_CONNECTION(WARN,
            "{}: CONNECT from {} refused: a connection for this relationship is already open",
            "A second connection for a relationship arrived while one is open; it is refused and the existing one kept. If the partner restarted, the old connection is declared dead within the keepalive time and the next attempt succeeds."),

    FO_PARTNER_STALLED(WARN,
            "{}: partner {} stopped reading ({} octets waiting); disconnecting",
            "The partner does not read what this server sends, so the outgoing buffer reached its limit. The connection is dropped rather than buffering without bound or delaying clients; check the partner's health."),

    FO_DROPPED_BEFORE_CONNECT(WARN,
            "{}: connection from {} closed before a valid CONNECT: {}",
            "The partner's address connected to the failover port but sent bytes that do not decode, a first message other than CONNECT, or nothing within the relationship's connect-wait (RFC 7031 S8), or already had as many connections waiting for their CONNECT as it may (RFC 8156 §10), and was closed without an answer. The first argument names the relationships that address may connect for. Check the partner's software and that nothing else connects from its address. The same line is logged at most once a minute per address."),

    FO_TLS_ESTABLISHED(INFO,
            "{}: TLS with partner {} established: {}, {}, partner certificate {}",
            "The failover connection is protected by TLS (RFC 8156 §10, RFC 7653 §9.1) and the partner proved it holds the certificate shown, which passed this relationship's checks (trust store and expected name, or pinned fingerprint). The first argument names the relationship, or on the secondary before the CONNECT the relationships this address may connect for. Nothing to do; the line repeats at each connection."),

    FO_TLS_REFUSED(WARN,
            "{}: TLS with partner {} refused: {} ({})",
            "The failover connection was closed because TLS did not come about; no failover message on it was accepted in plaintext. The reason is one of: unknown CA (the partner's chain does not lead to a CA of trust-store), certificate expired or not yet valid (check the dates and both clocks), wrong name (the certificate lacks expected-name; its CN counts only when it has no DNS subjectAltName), wrong key usage (its extended key usage lacks serverAuth on the secondary's or clientAuth on the primary's certificate: reissue it, e.g. with bin/gen-failover-certs), certificate not pinned (fingerprint not in pinned-sha256), no client certificate (the primary sent none), plaintext partner (CONNECT without STARTTLS while require-tls is on), STARTTLS refused (the secondary answered TLSConnectionRefused, closed, or something in the path stripped STARTTLS: a downgrade attempt), no TLS configured here, no answer (nothing within connect-wait), or handshake failed (the text gives the TLS alert; an alert about a certificate means the partner refused ours, see its log). Both servers keep serving their own clients; the primary retries with back-off. Fix the certificate or configuration named; see Rotating certificates in the operations guide. Logged at most once a minute per relationship, address and reason."),

    FO_BINDING_STORE_LOADED(INFO,
            "{}: binding store loaded: {} bindings from {} records, {} leftover compaction files removed",
            "The relationship's bindings were read from its store directory at start-up; the server serves the same leases to the same clients as before the restart. Nothing to do. Compare the count with the partner's after both reach NORMAL."),

    FO_BINDING_STORE_TAIL_CUT(WARN,
            "{}: binding store {}: cut {} torn bytes at offset {} ({})",
            "The newest log file ended in a partial or damaged record, the trace of a write that a crash or power loss interrupted before its sync. No client and no partner was ever told of that write, so nothing acknowledged is lost; the bytes were cut off and the store goes on. If this appears without a preceding crash or power loss, check the disk."),

    FO_BINDING_STORE_FAILED(ERROR,
            "{}: binding store failed: {}; no update is acknowledged and the partner connection stays closed until restart",
            "Writing or syncing the binding store failed, so this server can no longer make a lease durable. It stops acknowledging the partner's updates and closes the failover connection (the partner then sees it as down), and the host must stop answering clients for this relationship. Fix the disk (space, permissions, hardware), then restart the server: it reloads exactly what the disk holds."),

    FO_PARTNER_DNS_DATA(INFO,
            "{}: the partner sends DNS update data (first seen for {}); it is kept and echoed, but this server performs no DNS updates",
            "The partner's binding updates carry a client FQDN or DNS removal information: the partner updates DNS for its clients. This server stores that data and sends it back in its own updates, so the partner can undo its DNS records later, but it never adds or removes DNS records itself (docs/protocol.md section 3). If clients that this server serves alone should be in DNS, arrange DNS updates elsewhere. Logged at most once an hour."),

    FO_POOL_EXHAUSTED(WARN,
            "{}: pool {} has nothing this server may hand out ({} own resources left, {} the partner's); clients get NoAddrsAvail / NoPrefixAvail",
            "A client asked for a new lease and this server found no free resource it is allowed to use: its own half of an independent pool, or its share of a proportional one (in PARTNER-DOWN, also the partner's share once the MCLT has passed). Renewals still work. Enlarge the pool, shorten lifetimes, or, if the partner is down for good, consider declaring partner-down. Logged at most once a minute per pool."),

    FO_ACCEPT_FAILED(ERROR,
            "{}: cannot accept connections on {}: {}; accepting again in a second",
            "The failover socket could not accept a connection, most often because the process ran out of file descriptors. Accepting pauses for a second instead of spinning. Raise the process's descriptor limit or find what holds descriptors open. The same line is logged at most once a minute."),

    FO_HOST_LEASES_ADOPTED(INFO,
            "{}: took over {} active leases from the host's lease table that the binding store did not hold; {} others differ from the store, which wins",
            "At start the hook read the host's lease table and found active leases in this relationship's pools that the binding store has no record of, typically because the host served clients before failover was enabled. They are recorded as the host granted them (same client, same lifetimes) and sent to the partner, so that neither server gives them to another client. Leases the store holds differently (another client, released, expired) keep the store's version, which the partner has seen, and the host's table is overwritten with it. Nothing to do; if the second count is not 0 and the host's table was not simply out of date, compare the host's lease file with the partner's bindings."),

    FO_HOST_LEASE_EVENT_IGNORED(WARN,
            "{}: the host reported {} of {} for client {}, which this server's binding does not show ({}); ignored ({} similar lines held back)",
            "The host released, declined or expired a lease that this relationship's binding store does not hold that way (no binding, another client, or not active). The store, which is kept in step with the partner, stays as it is and the host's lease table is set back to the store's version. A single line can come from a change the partner made at the same moment; if it repeats, the host changes leases it did not get through the hook. Logged at most once a minute per relationship."),

    FO_HOST_LEASE_NOT_APPLIED(WARN,
            "{}: cannot put lease {} into the host's lease table: {} ({} similar lines held back)",
            "The hook could not show a binding in the host's lease table: the host's table refused it, or the partner sent a client identifier the host cannot hold. The binding store and the partner still have the binding and allocation keeps following the store; only the host's own view of that lease is out of date. Report it together with the host's log lines around it. Logged at most once a minute per relationship."),

    FO_OPERATOR_RESYNC(INFO,
            "{}: operator asked partner {} for a full resync (UPDREQALL)",
            "An operator started a full resynchronisation (RFC 8156 §5.3.6): the partner sends every binding it holds, then UPDDONE, and each is merged by the conflict rules of §7.5.4. Clients are served as before. Its end shows in the JMX status (or failoverctl status): ResyncStatus DONE and ResyncDoneAt."),

    FO_OPERATOR_DISCONNECT(WARN,
            "{}: operator disconnected partner {}: {}",
            "An operator closed the failover connection with DISCONNECT (RFC 8156 §5.3.10). Both servers go to COMMUNICATIONS-INTERRUPTED and the primary connects again as after any connection loss. Nothing to do unless the reconnect does not follow."),

    FO_OPERATOR_LEASE_RESET(INFO,
            "{}: operator reset abandoned lease {} (ABANDONED -> RESET); the partner is told by BNDUPD",
            "An operator declared an ABANDONED lease usable again (RFC 8156 §7.2, arc (10)). The partner receives the change in a BNDUPD; once it acknowledges, the lease returns to the free pool. Make sure the address is really no longer in use by another device before resetting it."),

    FO_RECEIVE_BACKPRESSURE(WARN,
            "{}: stopped reading from partner {}: {} of its binding updates wait for the disk ({} similar lines held back)",
            "This server has as many of the partner's BNDUPDs waiting to be made durable as it advertised (max-unacked-bndupd, RFC 8156 §5.5.5), so it stops reading the connection until the disk catches up; the partner then waits too. Short episodes under load are normal. If the line repeats, the binding store's disk is too slow or failing. Logged at most once a minute per relationship."),

    FO_JMX_NOT_REGISTERED(WARN,
            "{}: status not published over JMX as {}: {}",
            "The relationship's JMX bean could not be registered on the platform MBean server, usually because a bean of that name exists already (two hooks with the same server and relationship names in one JVM). Failover runs normally, but this relationship has neither its status nor its operations over JMX: no monitoring, and no partner-down, resync, disconnect or reset-lease through JMX or failoverctl. Give each server of a JVM its own name, or run the servers in separate processes.");

    private final Severity severity;
    private final String template;
    private final String explanation;

    LogMessage(Severity severity, String template, String explanation) {
        this.severity = severity;
        this.template = template;
        this.explanation = explanation;
    }

    /** The stable message ID, printed at the start of every line. */
    public String id() {
        return name();
    }

    public Severity severity() {
        return severity;
    }

    /** slf4j-style template; the first {@code {}} is the relationship or partner name. */
    public String template() {
        return template;
    }

    /** What the line means and what an operator should do about it. */
    public String explanation() {
        return explanation;
    }

    /** Number of {@code {}} placeholders, i.e. the arguments a call must supply. */
    public int argumentCount() {
        int count = 0;
        for (int i = template.indexOf("{}"); i >= 0; i = template.indexOf("{}", i + 2)) {
            count++;
        }
        return count;
    }
}
