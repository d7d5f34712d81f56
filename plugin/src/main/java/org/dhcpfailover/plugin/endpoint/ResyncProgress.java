package org.dhcpfailover.plugin.endpoint;

import org.dhcpfailover.plugin.time.AbsoluteTime;

/**
 * The last update request this server sent (RFC 8156 §5.3.5 UPDREQ, §5.3.6 UPDREQALL), whether
 * the state machine sent it (RECOVER, POTENTIAL-CONFLICT) or an operator did, and how far the
 * partner's answer got: its BNDUPDs are counted until UPDDONE (§5.3.7) ends it.
 *
 * @param request          {@code UPDREQ} or {@code UPDREQALL}; {@code null} if none was sent since start
 * @param requestedAt      when it was sent, absolute time; {@link AbsoluteTime#NEVER} if none
 * @param updatesReceived  BNDUPDs received from the partner since it was sent
 * @param doneAt           when its UPDDONE arrived; {@link AbsoluteTime#NEVER} while it is awaited
 * @param cutOff           the connection was lost before UPDDONE: this request will get no answer
 *     (the state machine sends a new one after the reconnect if its state needs it, §8.5.2)
 */
public record ResyncProgress(String request, long requestedAt, long updatesReceived, long doneAt, boolean cutOff) {

    /** Nothing requested since start. */
    public static final ResyncProgress NONE = new ResyncProgress(null, AbsoluteTime.NEVER, 0, AbsoluteTime.NEVER,
            false);

    /** Whether a request was sent, its UPDDONE has not arrived and the connection it went on is up. */
    public boolean inProgress() {
        return request != null && doneAt == AbsoluteTime.NEVER && !cutOff;
    }

    /** Whether the UPDDONE of the last request arrived. */
    public boolean done() {
        return doneAt != AbsoluteTime.NEVER;
    }

    ResyncProgress withUpdates(long updates) {
        return new ResyncProgress(request, requestedAt, updates, doneAt, cutOff);
    }
}
