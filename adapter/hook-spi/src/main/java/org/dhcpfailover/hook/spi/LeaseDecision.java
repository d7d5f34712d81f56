package org.dhcpfailover.hook.spi;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A hook's answer to a {@link LeaseRequest}.
 *
 * @param outcome what the host does
 * @param lease   the lease to give, for {@link Outcome#GRANT}
 * @param durable completes when the granted lease is durable; the host sends its ACK / REPLY
 *                only after that (an offer's completes at once). Fails if the hook's store failed:
 *                the host then does not answer.
 * @param reason  for {@link Outcome#NO_LEASE} and {@link Outcome#SILENT}: why, for the host's log
 */
public record LeaseDecision(Outcome outcome, Optional<HostLease> lease, CompletionStage<Void> durable,
        String reason) {
    public LeaseDecision {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(durable, "durable");
        Objects.requireNonNull(reason, "reason");
        if ((outcome == Outcome.GRANT) != lease.isPresent()) {
            throw new IllegalArgumentException("a lease comes with GRANT and only with it");
        }
    }

    /** What the host does with the client's message. */
    public enum Outcome {
        /** Answer with {@link #lease()}, once {@link #durable()} completed. */
        GRANT,
        /**
         * Answer that there is no lease: DHCPv4 no OFFER to a DISCOVER, NAK to a REQUEST for an
         * address the client may not have; DHCPv6 NoAddrsAvail / NoPrefixAvail / NoBinding.
         */
        NO_LEASE,
        /** Do not answer at all (the failover state forbids it; the partner answers). */
        SILENT
    }
}
