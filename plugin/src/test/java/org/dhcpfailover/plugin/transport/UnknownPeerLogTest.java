package org.dhcpfailover.plugin.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.dhcpfailover.plugin.log.CatalogLogger;
import org.dhcpfailover.plugin.log.LogMessage;
import org.dhcpfailover.plugin.log.RecordingLogger;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * The log lines for hosts that are nobody's partner (RFC 8156 §6.1, RFC 7031 S1): one per address
 * per minute, and a scan from many addresses cannot flood the log either.
 */
class UnknownPeerLogTest {

    private final RecordingLogger log = new RecordingLogger(Level.TRACE);
    private final UnknownPeerLog strangers = new UnknownPeerLog(CatalogLogger.wrap(log), 60);

    @Test
    void oneLinePerAddressPerMinuteWithTheNumberRefusedSinceThePreviousOne() {
        strangers.refused("192.0.2.7", "192.0.2.1:647", 1000);
        strangers.refused("192.0.2.7", "192.0.2.1:647", 1001);
        strangers.refused("192.0.2.7", "192.0.2.1:647", 1059);
        strangers.refused("192.0.2.7", "192.0.2.1:647", 1060);
        assertEquals(List.of(
                "FO_UNKNOWN_PEER 192.0.2.7: connection refused: no relationship has this address as its partner "
                        + "(listening on 192.0.2.1:647); 0 more refused since the previous line",
                "FO_UNKNOWN_PEER 192.0.2.7: connection refused: no relationship has this address as its partner "
                        + "(listening on 192.0.2.1:647); 2 more refused since the previous line"),
                log.lines(LogMessage.FO_UNKNOWN_PEER));
        assertEquals(0, log.count(LogMessage.FO_UNKNOWN_PEERS_HELD_BACK));
    }

    @Test
    void aScanFromManyAddressesGetsTenLinesAMinuteAndOneCountForTheRest() {
        for (int host = 1; host <= 5000; host++) { // one minute of a scan from 5,000 addresses of a /64
            strangers.refused("2001:db8::" + Integer.toHexString(host), "[2001:db8::1]:647", 1000 + host / 100);
        }
        assertEquals(UnknownPeerLog.MAX_LINES_PER_INTERVAL, log.count(LogMessage.FO_UNKNOWN_PEER));
        assertEquals(0, log.count(LogMessage.FO_UNKNOWN_PEERS_HELD_BACK), "told when the minute ends");

        strangers.tick(1059);
        assertEquals(0, log.count(LogMessage.FO_UNKNOWN_PEERS_HELD_BACK));
        strangers.tick(1060); // the I/O thread's tick, although no stranger came since
        assertEquals(List.of("FO_UNKNOWN_PEERS_HELD_BACK [2001:db8::1]:647: 4990 more connections from hosts that are nobody's partner "
                + "refused without a line in the last 60 s (at most 10 FO_UNKNOWN_PEER lines a minute)"),
                log.lines(LogMessage.FO_UNKNOWN_PEERS_HELD_BACK));

        strangers.tick(1200);
        assertEquals(1, log.count(LogMessage.FO_UNKNOWN_PEERS_HELD_BACK), "a quiet minute adds nothing");
        strangers.refused("2001:db8::ffff", "[2001:db8::1]:647", 1201);
        assertEquals(UnknownPeerLog.MAX_LINES_PER_INTERVAL + 1, log.count(LogMessage.FO_UNKNOWN_PEER),
                "a new minute has its lines again");
    }

    @Test
    void aClockSetBackEndsTheMinuteRatherThanHoldEveryStrangerBackUntilItCatchesUp() {
        for (int host = 1; host <= 20; host++) {
            strangers.refused("192.0.2." + host, "192.0.2.1:647", 5000);
        }
        strangers.tick(1400); // NTP or an operator sets the clock back by an hour
        assertEquals(List.of("FO_UNKNOWN_PEERS_HELD_BACK 192.0.2.1:647: 10 more connections from hosts that are "
                + "nobody's partner refused without a line in the last 0 s (at most 10 FO_UNKNOWN_PEER lines a minute)"),
                log.lines(LogMessage.FO_UNKNOWN_PEERS_HELD_BACK));
        strangers.refused("192.0.2.99", "192.0.2.1:647", 1401);
        assertEquals(UnknownPeerLog.MAX_LINES_PER_INTERVAL + 1, log.count(LogMessage.FO_UNKNOWN_PEER));
    }
}
