package org.dhcpfailover.host.log;

/**
 * The catalogue of every line the host launchers log (the plugin has its own, {@code FO_*}). Each
 * constant's name is its stable message ID; {@code docs/operations.md} lists the same entries and
 * a test keeps the two in step. Add an entry together with the code that emits it.
 */
public enum HostMessage {

    HOST_CONFIG_REJECTED(Level.ERROR,
            "{}: invalid configuration: {}",
            "The configuration file has an error, named by its JSON path; nothing was started. One line is logged per error: correct all of them and start again."),

    HOST_HOOK_LOADED(Level.INFO,
            "hook library {} loaded: {} (hook SPI version {})",
            "A hook library was found in the plugin directory, its parameters passed validation and it is about to start. Nothing to do."),

    HOST_HOOK_START_FAILED(Level.ERROR,
            "hook library {} failed to start: {}",
            "A hook library could not start (for instance its store or its listening socket could not be opened), so the host does not serve: the hooks already started were stopped. The reason names what to fix."),

    HOST_HOOK_STOPPED(Level.INFO,
            "hook library {} stopped",
            "A hook library was stopped as the host shuts down (in the reverse of the configured order). Nothing to do."),

    HOST_HOOK_STOP_FAILED(Level.WARN,
            "hook library {} failed while stopping: {}",
            "A hook library threw while stopping; the host went on stopping the others. Check the hook's own lines just before this one: its files were closed as far as it got."),

    HOST_HOOK_CALL_FAILED(Level.ERROR,
            "hook library {} failed in {}: {} (client message dropped; {} such failures so far)",
            "A hook library threw while handling a client message. The host did not answer that client (the failover partner may); it goes on serving. The line repeats at most once a minute per hook and call, with the running count. Report it with the stack trace logged at DEBUG."),

    HOST_DURABLE_TIMEOUT(Level.WARN,
            "no reply to {} for {}: the hook's lease was not durable within {} ms",
            "A hook granted a lease but its store did not confirm it in time, so the host did not answer (an unconfirmed lease must not be given). The client retransmits. If this repeats, the hook's disk is too slow or failing."),

    HOST_DURABLE_FAILED(Level.ERROR,
            "no reply to {} for {}: the hook's store failed: {}",
            "A hook granted a lease but could not make it durable, so the host did not answer. See the hook's own log lines for the cause."),

    HOST_SERVE_FAILED(Level.ERROR,
            "unexpected failure serving a message from {}; no reply sent",
            "A defect in the host or a library stopped it from serving one message; the cause follows. The client retransmits. Report it with this line."),

    HOST_MESSAGE_IGNORED(Level.DEBUG,
            "ignored a message from {}: {}",
            "A message that is not a client request this host serves (malformed, BOOTP, a reply, or a type a server does not answer). Nothing to do."),

    HOST_REPLY(Level.DEBUG,
            "{} {} to {} ({})",
            "The host answered a client: the reply type, the address and the client's DUID/IAID, and why. Nothing to do."),

    HOST_NO_REPLY(Level.DEBUG,
            "no reply to {} from {}: {}",
            "The host chose not to answer a client message, for the reason given (a hook's decision, a request addressed to another server, RFC 2131's silence rules)."),

    HOST_LEASE_ENDED(Level.DEBUG,
            "lease {} of {} {}",
            "A lease ended: released by its client, declined (abandoned for the probation time), or expired. Nothing to do."),

    HOST_STARTED(Level.INFO,
            "serving pools {} on {} (interface {}), server identifier {}, {} leases in the table, hook libraries: {}",
            "The host is up and answers clients. Check that the pools, the listen address and the hook libraries are the ones intended."),

    HOST_STOPPED(Level.INFO,
            "stopped ({}); {} leases in the table",
            "The host stopped answering, closed its hook libraries and its lease journal, and the process exits. Nothing to do unless the stop was not intended."),

    HOST_START_FAILED(Level.ERROR,
            "cannot start: {}",
            "The host could not start for the reason given (for example the UDP port is in use or the store directory cannot be written) and exits with status 1. Fix the cause and start it again."),

    HOST_JOURNAL_LOADED(Level.INFO,
            "lease journal {}: {} leases after replaying {} lines; compacted",
            "At start the host read its own lease journal and rewrote it with one line per lease. The count should match the leases clients held before the stop."),

    HOST_JOURNAL_TORN_TAIL(Level.WARN,
            "lease journal {}: ignored the incomplete last line left by an abrupt stop",
            "The process stopped (kill -9, power loss) while writing one line; that change was never acknowledged to a client, so nothing is lost. Nothing to do."),

    HOST_JOURNAL_LINE_SKIPPED(Level.WARN,
            "lease journal {}: {}; the line is skipped",
            "A line in the middle of the lease journal is damaged (its checksum does not match, or it cannot be read). The lease it recorded is lost to the host; the client will be given an address again when it asks. Check the disk if this repeats."),

    HOST_JOURNAL_WRITE_FAILED(Level.ERROR,
            "lease journal {}: {} client messages unanswered in the last {} s because a change cannot be written: {}",
            "The host cannot append to its lease journal, so it does not grant leases it could not remember after a restart; clients get no reply. Fix the disk or file system, then restart the host."),

    HOST_OVERLOAD(Level.WARN,
            "{} client messages dropped in the last {} s: every worker busy and the receive queue full",
            "More client messages arrived than the worker threads could take (the DHCPv4 host's dhcp4java queue holds 20 waiting messages and a message waits up to 200 ms for room, the DHCPv6 host's 1,024). Clients retransmit, so a short burst is harmless; if it lasts, the host is undersized for the load or a hook answers slowly."),

    HOST_MALFORMED_DROPPED(Level.WARN,
            "{} malformed client messages dropped in the last {} s (the last: {})",
            "Client messages the host cannot decode (truncated or overlong options) or must discard by RFC 8415 §16 (no Client Identifier, a Server Identifier where none belongs) were dropped without a reply; the line comes at most once per 10 s with the count and the last one. A few are harmless; many point at a broken client or relay, or at someone probing the server."),

    HOST_POOL_EXHAUSTED(Level.WARN,
            "{} client messages found no free address in the last {} s (pools {})",
            "Every address (or delegable prefix) of the client's pools is leased, offered or abandoned, so the host made no offer (DHCPv6: the IA was answered NoAddrsAvail or NoPrefixAvail). Enlarge the pools or shorten the lease lifetime."),

    HOST_BROADCAST_UNAVAILABLE(Level.WARN,
            "cannot receive broadcast client messages on port {} ({}); only relayed and unicast messages are served",
            "The DHCPv4 host receives limited broadcasts (255.255.255.255) on a second socket bound to that address, and the system refused it. Clients on the listen interface's own link get no answer; relayed clients and renewals are served."),

    HOST_CONTROL_STARTED(Level.INFO,
            "JMX control listening on {} ({}; users from {}, roles from {})",
            "The host's control section opened a password-protected JMX connector (service:jmx:rmi:///jndi/rmi://ADDRESS:PORT/jmxrmi) for failoverctl, jconsole or a JMX exporter; readonly users may read the status, readwrite users may also run partner-down, resync, disconnect and reset-lease. The second field says whether it speaks TLS (control.tls), with client certificates when need-client-auth is set, or plaintext (loopback, or allow-plaintext). Check that the address is reachable only from the management network.");

    private final Level level;
    private final String template;
    private final String explanation;

    HostMessage(Level level, String template, String explanation) {
        this.level = level;
        this.template = template;
        this.explanation = explanation;
    }

    public Level level() {
        return level;
    }

    /** The line after the ID, with slf4j {@code {}} placeholders. */
    public String template() {
        return template;
    }

    /** What the line means and what the operator does about it. */
    public String explanation() {
        return explanation;
    }

    /** Severity, as slf4j names it. */
    public enum Level { ERROR, WARN, INFO, DEBUG }
}
