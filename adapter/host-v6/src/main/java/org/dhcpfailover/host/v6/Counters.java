package org.dhcpfailover.host.v6;

import org.dhcpfailover.host.lease.WindowCounter;

/**
 * What the DHCPv6 host counts and reports once per sweep instead of logging each event, so that a
 * flood of bad or excess messages costs one line per period.
 *
 * @param malformed       client messages dropped as RFC 8415 §16 requires, or undecodable
 * @param overload        messages dropped because every worker was busy and the queue full
 * @param poolExhausted   IAs answered NoAddrsAvail / NoPrefixAvail by the host's own allocator
 * @param journalFailures messages unanswered because the lease journal cannot be written
 */
record Counters(WindowCounter malformed, WindowCounter overload, WindowCounter poolExhausted,
        WindowCounter journalFailures) {
    Counters() {
        this(new WindowCounter(), new WindowCounter(), new WindowCounter(), new WindowCounter());
    }
}
