package org.dhcpfailover.plugin.sync;

import java.util.Objects;
import java.util.Optional;
import org.dhcpfailover.plugin.binding.ReplyOutcome;

/**
 * What a received BNDREPLY did to the update queue.
 *
 * @param transactionId the reply's transaction-id
 * @param outcome       the bindings it acknowledged (to be persisted by the caller) and the
 *                      leases it rejected; empty when no BNDUPD with that id was outstanding
 *                      (a late reply from a lost connection, or a confused partner: reported,
 *                      not fatal)
 */
public record ReplyResult(int transactionId, Optional<ReplyOutcome> outcome) {
    public ReplyResult {
        Objects.requireNonNull(outcome, "outcome");
    }

    /** Whether the reply answered an outstanding BNDUPD. */
    public boolean matched() {
        return outcome.isPresent();
    }
}
