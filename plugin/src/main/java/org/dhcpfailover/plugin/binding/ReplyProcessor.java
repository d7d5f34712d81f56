package org.dhcpfailover.plugin.binding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.dhcpfailover.plugin.config.Allocation;
import org.dhcpfailover.plugin.time.AbsoluteTime;
import org.dhcpfailover.plugin.wire.AbsoluteTimeOption;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.BindingStatusOption;
import org.dhcpfailover.plugin.wire.DhcpOption;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.IaAddressOption;
import org.dhcpfailover.plugin.wire.IaPrefixOption;
import org.dhcpfailover.plugin.wire.MessageType;
import org.dhcpfailover.plugin.wire.OptionCode;
import org.dhcpfailover.plugin.wire.OptionContainer;
import org.dhcpfailover.plugin.wire.StatusCode;
import org.dhcpfailover.plugin.wire.StatusCodeOption;

/**
 * Applies a received BNDREPLY to the sender's bindings (RFC 8156 §7.7, digest §8.6).
 *
 * <p>A STATUS_CODE with an error rejects everything inside the option holding it: the message,
 * the CLIENT_DATA or stand-alone IAPREFIX, an IA (accepted on receipt, decision A23), or one
 * address or prefix. Rejected leases stay marked. An accepted lease gets
 * acked-partner-lifetime := F_PARTNER_LIFETIME_SENT (never lowered: it is the greatest the
 * partner acknowledged, §7.3) and partner-lifetime := 0; an accepted EXPIRED, RELEASED or RESET
 * lease becomes PENDING-FREE and then FREE or FREE-BACKUP (§7.2 event (4), decision A1).
 *
 * <p>Decision where the RFC is silent: the lease may have changed since the BNDUPD left (a
 * renewal, an expiry). The acknowledgement then covers an older state: the acked lifetime is
 * still recorded, but the lease is only unmarked (and freed) if the echoed binding-status and
 * partner lifetime are still the local ones; otherwise it stays marked for the newer state.
 */
public final class ReplyProcessor {
    private ReplyProcessor() {
    }

    /**
     * The effect of {@code reply}.
     *
     * @param reply      the received BNDREPLY
     * @param bindings   the local binding of a lease, if any
     * @param allocation how the lease's pool is split, for the FREE / FREE-BACKUP label
     * @param context    time, MCLT, endpoint state
     */
    public static ReplyOutcome apply(FailoverMessage reply, Function<Lease, Optional<Binding>> bindings,
            Function<Lease, Allocation> allocation, LeaseContext context) {
        if (!reply.type().equals(MessageType.BNDREPLY)) {
            throw new IllegalArgumentException("not a BNDREPLY: " + reply.type());
        }
        Walk walk = new Walk(bindings, allocation, context);
        walk.container(reply, Optional.empty());
        return new ReplyOutcome(walk.updated, walk.rejected);
    }

    /** One pass over the reply's option tree, carrying the nearest enclosing rejection down. */
    private static final class Walk {
        private final Function<Lease, Optional<Binding>> bindings;
        private final Function<Lease, Allocation> allocation;
        private final LeaseContext context;
        private final List<Binding> updated = new ArrayList<>();
        private final Map<Lease, StatusCode> rejected = new LinkedHashMap<>();

        Walk(Function<Lease, Optional<Binding>> bindings, Function<Lease, Allocation> allocation,
                LeaseContext context) {
            this.bindings = bindings;
            this.allocation = allocation;
            this.context = context;
        }

        void container(OptionContainer container, Optional<StatusCode> outer) {
            Optional<StatusCode> status = outer.or(() -> error(container));
            for (DhcpOption option : container.options()) {
                if (option instanceof IaAddressOption address) {
                    lease(Lease.of(address), address, status);
                } else if (option instanceof IaPrefixOption prefix) {
                    lease(Lease.of(prefix), prefix, status);
                } else if (option instanceof OptionContainer inner) {
                    container(inner, status);
                }
            }
        }

        private void lease(Lease lease, OptionContainer reply, Optional<StatusCode> outer) {
            Optional<StatusCode> status = outer.or(() -> error(reply));
            if (status.isPresent()) {
                rejected.put(lease, status.get());
                return;
            }
            bindings.apply(lease).ifPresent(binding -> updated.add(acknowledge(binding, reply)));
        }

        private Binding acknowledge(Binding binding, OptionContainer reply) {
            OptionalLong sent = reply.first(OptionCode.F_PARTNER_LIFETIME_SENT, AbsoluteTimeOption.class)
                    .map(option -> OptionalLong.of(option.time())).orElse(OptionalLong.empty());
            LeaseTimes times = binding.times();
            long acked = times.ackedPartnerLifetime();
            if (sent.isPresent() && (acked == AbsoluteTime.NEVER
                    || AbsoluteTime.secondsBetween(acked, sent.getAsLong()) > 0)) {
                acked = sent.getAsLong();
            }
            boolean sameStatus = reply.first(OptionCode.F_BINDING_STATUS, BindingStatusOption.class)
                    .map(option -> option.status().equals(binding.status())).orElse(false);
            boolean sameLifetime = sent.isEmpty() || times.partnerLifetime() == AbsoluteTime.NEVER
                    || times.partnerLifetime() == sent.getAsLong();
            // §7.6: the reply echoes the F_STATE_EXPIRATION_TIME it received (absent: none).
            boolean sameStateExpiry = reply.first(OptionCode.F_STATE_EXPIRATION_TIME, AbsoluteTimeOption.class)
                    .map(AbsoluteTimeOption::time).orElse(AbsoluteTime.NEVER) == times.stateExpirationTime();
            if (!(sameStatus && sameLifetime && sameStateExpiry)) {
                // The reply acknowledges another version than the local one. It stays marked: a
                // newer change not sent yet stays PENDING (its state was never sent, which
                // §4.2.2.1 lets the same client rely on); anything else is SENT, never "unsent".
                // That includes a local version that came from the partner (stored from its
                // BNDUPD while ours was in flight): the two updates crossed, and the partner,
                // having accepted ours, may now hold ours while we hold its — each side would
                // keep the other's state for ever, unmarked. Marked, ours is resent by the
                // periodic scan and §7.5.4 settles the pair (found by the binding simulation).
                PartnerSync marked = binding.sync() == PartnerSync.PENDING ? PartnerSync.PENDING : PartnerSync.SENT;
                return binding.withTimes(times.withAckedPartnerLifetime(acked)).withSync(marked);
            }
            Binding acknowledged = binding.withTimes(times.acknowledged(acked)).withSync(PartnerSync.ACKNOWLEDGED);
            BindingStatus status = binding.status();
            if (status.equals(BindingStatus.EXPIRED) || status.equals(BindingStatus.RELEASED)
                    || status.equals(BindingStatus.RESET)) {
                return LeaseStateMachine.partnerAcknowledged(acknowledged, allocation.apply(binding.lease()), context);
            }
            return acknowledged;
        }

        /** The error status directly in {@code container}, if any (Success is no rejection, §7.6). */
        private static Optional<StatusCode> error(OptionContainer container) {
            return container.first(OptionCode.STATUS_CODE, StatusCodeOption.class).map(StatusCodeOption::status)
                    .filter(status -> !status.equals(StatusCode.SUCCESS));
        }
    }
}
