package org.dhcpfailover.plugin.sync;

import static org.dhcpfailover.plugin.sync.SyncFixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalInt;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.MessageType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The requesting side of UPDREQ / UPDREQALL (RFC 8156 §5.4, §8.5.2; digest §1.3, §8.8, A9). */
class UpdateRequesterTest {
    private final TransactionIdCounter ids = new TransactionIdCounter();
    private final UpdateRequester requester = new UpdateRequester(ids);

    @Test
    @DisplayName("§5.4: the UPDREQ's id stays reserved until UPDDONE; BNDUPD ids go past it")
    void idReservedUntilUpdDone() {
        FailoverMessage request = requester.request(MessageType.UPDREQ, T0);
        assertEquals(FailoverMessage.of(MessageType.UPDREQ, 1, T0), request);
        assertEquals(OptionalInt.of(1), requester.outstandingId());
        assertTrue(ids.isReserved(1));
        assertTrue(requester.onUpdDone(FailoverMessage.of(MessageType.UPDDONE, 1, T0 + 5)));
        assertFalse(ids.isReserved(1));
        assertFalse(requester.awaitingUpdDone());
        assertEquals(OptionalInt.empty(), requester.outstandingId());
    }

    @Test
    @DisplayName("§5.4: the counter wraps from 0xFFFFFF to 1, skipping 0 and the reserved id")
    void counterWrapSkipsReserved() {
        TransactionIdCounter counter = new TransactionIdCounter(0xFF_FFFD);
        assertEquals(0xFF_FFFE, counter.nextReserved());
        assertEquals(0xFF_FFFF, counter.next());
        assertEquals(1, counter.next());
        TransactionIdCounter wrapped = new TransactionIdCounter(0xFF_FFFF);
        assertEquals(1, wrapped.next());
        assertThrows(IllegalArgumentException.class, () -> new TransactionIdCounter(0x100_0000));
    }

    @Test
    @DisplayName("A9: an UPDDONE completes the request whatever its id; an unexpected one is reported")
    void updDoneIdNotRelied() {
        assertFalse(requester.onUpdDone(FailoverMessage.of(MessageType.UPDDONE, 1, T0)));
        requester.request(MessageType.UPDREQALL, T0);
        assertTrue(requester.onUpdDone(FailoverMessage.of(MessageType.UPDDONE, 0, T0 + 1)));
    }

    @Test
    @DisplayName("§8.5.2: after a reconnect the unanswered request goes again, with a fresh id")
    void reissueAfterReconnect() {
        requester.request(MessageType.UPDREQALL, T0);
        requester.onConnectionLost();
        assertFalse(ids.isReserved(1));
        assertEquals(OptionalInt.empty(), requester.outstandingId());
        assertTrue(requester.awaitingUpdDone());
        assertEquals(Optional.of(FailoverMessage.of(MessageType.UPDREQALL, 2, T0 + 30)),
                requester.onReconnected(T0 + 30));
        assertTrue(ids.isReserved(2));
        assertEquals(Optional.empty(), requester.onReconnected(T0 + 31));
    }

    @Test
    @DisplayName("§8.5.2: nothing to re-issue once UPDDONE came")
    void nothingToReissue() {
        requester.request(MessageType.UPDREQ, T0);
        requester.onUpdDone(FailoverMessage.of(MessageType.UPDDONE, 1, T0 + 1));
        requester.onConnectionLost();
        assertEquals(Optional.empty(), requester.onReconnected(T0 + 30));
    }

    @Test
    @DisplayName("decision: one request at a time; only UPDREQ and UPDREQALL")
    void oneAtATime() {
        requester.request(MessageType.UPDREQ, T0);
        assertThrows(IllegalStateException.class, () -> requester.request(MessageType.UPDREQALL, T0));
        assertThrows(IllegalArgumentException.class, () -> new UpdateRequester(ids).request(MessageType.BNDUPD, T0));
    }
}
