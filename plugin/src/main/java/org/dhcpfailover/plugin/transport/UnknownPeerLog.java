package org.dhcpfailover.plugin.transport;

import java.util.SortedSet;
import java.util.TreeSet;
import org.dhcpfailover.plugin.log.CatalogLogger;
import org.dhcpfailover.plugin.log.LogMessage;
import org.dhcpfailover.plugin.log.RateLimiter;

/**
 * The log lines for hosts that connect to the failover port without being anybody's partner
 * (RFC 8156 §6.1; RFC 7031 S1): one {@link LogMessage#FO_UNKNOWN_PEER} per address per interval,
 * counting the connections refused since the previous one, and at most
 * {@link #MAX_LINES_PER_INTERVAL} of them per interval in all, so that a scan from many addresses
 * (an IPv6 /64 has plenty) cannot flood the log either: what is refused past that is counted in
 * one {@link LogMessage#FO_UNKNOWN_PEERS_HELD_BACK} when the interval ends. It has a rate limiter
 * of its own, so that many strangers never reset the limits of the partner's own lines. Time is
 * RFC 8156 absolute time (seconds), passed in. Touched only by the I/O thread.
 */
final class UnknownPeerLog {

    /** FO_UNKNOWN_PEER lines per interval, over all addresses. */
    static final int MAX_LINES_PER_INTERVAL = 10;

    private final CatalogLogger log;
    private final long intervalSeconds;
    private final RateLimiter perAddress;
    private boolean windowOpen;
    private long windowOpened;
    private int lines;
    private long heldBack;
    /** The listening sockets of the connections held back: as many as the sockets configured. */
    private final SortedSet<String> heldBackOn = new TreeSet<>();

    UnknownPeerLog(CatalogLogger log, long intervalSeconds) {
        this.log = log;
        this.intervalSeconds = intervalSeconds;
        this.perAddress = new RateLimiter(intervalSeconds);
    }

    /** A connection from {@code address} to the socket bound to {@code listening} was refused at {@code now}. */
    void refused(String address, String listening, long now) {
        roll(now);
        if (lines >= MAX_LINES_PER_INTERVAL) {
            heldBack++;
            heldBackOn.add(listening);
            return;
        }
        long since = perAddress.permit(address, now);
        if (since >= 0) {
            lines++;
            log.log(LogMessage.FO_UNKNOWN_PEER, address, listening, since);
        }
    }

    /** Each second: an interval that ended with connections held back gets its line now, not at the next stranger. */
    void tick(long now) {
        roll(now);
    }

    private void roll(long now) {
        long elapsed = now - windowOpened;
        if (windowOpen && elapsed >= 0 && elapsed < intervalSeconds) {
            return; // within the interval; a clock set back ends it, rather than hold lines back until it catches up
        }
        if (heldBack > 0) {
            log.log(LogMessage.FO_UNKNOWN_PEERS_HELD_BACK, String.join(", ", heldBackOn), heldBack,
                    Math.max(elapsed, 0), MAX_LINES_PER_INTERVAL);
        }
        heldBackOn.clear();
        windowOpen = true;
        windowOpened = now;
        lines = 0;
        heldBack = 0;
    }
}
