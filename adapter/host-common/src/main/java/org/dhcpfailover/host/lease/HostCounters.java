package org.dhcpfailover.host.lease;

import java.nio.file.Path;
import org.dhcpfailover.host.log.HostLog;
import org.dhcpfailover.host.log.HostMessage;

/**
 * What a host counts and reports once per sweep instead of logging each event, so that a flood
 * of excess or bad messages costs one line per period.
 *
 * @param overload        messages dropped because every worker was busy and the queue full
 * @param malformed       client messages dropped undecoded or as the protocol says to discard them
 * @param poolExhausted   messages the host's own allocator found no free address or prefix for
 * @param journalFailures messages unanswered because the lease journal cannot be written
 */
public record HostCounters(WindowCounter overload, WindowCounter malformed, WindowCounter poolExhausted,
        WindowCounter journalFailures) {

    private static final HostLog LOG = HostLog.forClass(HostCounters.class);

    public HostCounters() {
        this(new WindowCounter(), new WindowCounter(), new WindowCounter(), new WindowCounter());
    }

    /** Logs one line per counter that counted since the last report, and resets them. */
    public void report(Path journalFile, long seconds) {
        long dropped = overload.drain();
        if (dropped > 0) {
            LOG.log(HostMessage.HOST_OVERLOAD, dropped, seconds);
        }
        long bad = malformed.drain();
        if (bad > 0) {
            LOG.log(HostMessage.HOST_MALFORMED_DROPPED, bad, seconds, malformed.lastDetail());
        }
        long exhausted = poolExhausted.drain();
        if (exhausted > 0) {
            LOG.log(HostMessage.HOST_POOL_EXHAUSTED, exhausted, seconds, poolExhausted.lastDetail());
        }
        long unwritten = journalFailures.drain();
        if (unwritten > 0) {
            LOG.log(HostMessage.HOST_JOURNAL_WRITE_FAILED, journalFile, unwritten, seconds, journalFailures.lastDetail());
        }
    }
}
