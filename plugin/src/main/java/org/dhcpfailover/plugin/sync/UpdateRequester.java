package org.dhcpfailover.plugin.sync;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.MessageType;

/**
 * The requesting side of UPDREQ / UPDREQALL (RFC 8156 §5.3.5, §5.3.6, §5.4, §8.5.2; digest
 * §1.3, §8.8): one request at a time, its transaction-id reserved in the shared counter until
 * the UPDDONE (so that no BNDUPD reuses it while it waits, §5.4), and re-issued after a
 * reconnect, because the partner forgets a request when the connection drops (§8.5.2).
 *
 * <p>Decisions where the RFC is silent: the re-issued request gets a fresh id (the old one was
 * outstanding only on the lost connection, and is released with it); an UPDDONE completes the
 * outstanding request whatever its transaction-id (decision A9: receivers must not rely on it);
 * asking for a second request while one is outstanding is a programming error, since no state
 * of §8 needs two.
 */
public final class UpdateRequester {
    private final TransactionIdCounter ids;
    private MessageType wanted;
    private OptionalInt outstanding = OptionalInt.empty();

    public UpdateRequester(TransactionIdCounter ids) {
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    /** The UPDREQ or UPDREQALL to send now; its id stays reserved until the UPDDONE. */
    public FailoverMessage request(MessageType kind, long now) {
        if (!kind.equals(MessageType.UPDREQ) && !kind.equals(MessageType.UPDREQALL)) {
            throw new IllegalArgumentException("not an update request: " + kind);
        }
        if (wanted != null) {
            throw new IllegalStateException(wanted + " is still waiting for its UPDDONE");
        }
        wanted = kind;
        return issue(now);
    }

    /**
     * Takes a received UPDDONE.
     *
     * @return whether it completed an outstanding request (false: unexpected, to be logged)
     */
    public boolean onUpdDone(FailoverMessage done) {
        if (!done.type().equals(MessageType.UPDDONE)) {
            throw new IllegalArgumentException("not an UPDDONE: " + done.type());
        }
        if (outstanding.isEmpty()) {
            return false;
        }
        ids.release(outstanding.getAsInt());
        outstanding = OptionalInt.empty();
        wanted = null;
        return true;
    }

    /** The connection is gone: the id is free again, the request is remembered for re-issue. */
    public void onConnectionLost() {
        outstanding.ifPresent(ids::release);
        outstanding = OptionalInt.empty();
    }

    /** After a reconnect: the request to send again, if one never got its UPDDONE (§8.5.2). */
    public Optional<FailoverMessage> onReconnected(long now) {
        if (wanted == null || outstanding.isPresent()) {
            return Optional.empty();
        }
        return Optional.of(issue(now));
    }

    /** The id of the request waiting for its UPDDONE on the current connection. */
    public OptionalInt outstandingId() {
        return outstanding;
    }

    /** Whether a request has not yet been answered by an UPDDONE (on this or a lost connection). */
    public boolean awaitingUpdDone() {
        return wanted != null;
    }

    private FailoverMessage issue(long now) {
        int id = ids.nextReserved();
        outstanding = OptionalInt.of(id);
        return FailoverMessage.of(wanted, id, now);
    }
}
