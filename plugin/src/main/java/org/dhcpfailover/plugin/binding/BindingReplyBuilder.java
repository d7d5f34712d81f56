package org.dhcpfailover.plugin.binding;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.dhcpfailover.plugin.wire.AbsoluteTimeOption;
import org.dhcpfailover.plugin.wire.ClientDataOption;
import org.dhcpfailover.plugin.wire.DhcpOption;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.IaAddressOption;
import org.dhcpfailover.plugin.wire.IaOption;
import org.dhcpfailover.plugin.wire.IaPrefixOption;
import org.dhcpfailover.plugin.wire.IaTaOption;
import org.dhcpfailover.plugin.wire.MessageType;
import org.dhcpfailover.plugin.wire.OptionCode;
import org.dhcpfailover.plugin.wire.OptionContainer;
import org.dhcpfailover.plugin.wire.StatusCode;
import org.dhcpfailover.plugin.wire.StatusCodeOption;

/**
 * Builds the BNDREPLY for a received BNDUPD (RFC 8156 §7.6, digest §8.5): the same
 * transaction-id, and one top-level option mirroring the update's. Per address or prefix it
 * echoes F_BINDING_STATUS and F_STATE_EXPIRATION_TIME and returns the received
 * F_PARTNER_LIFETIME, byte for byte, as F_PARTNER_LIFETIME_SENT; a rejected one carries its
 * STATUS_CODE first. IA T1/T2 and the IAADDR/IAPREFIX lifetimes are echoed (decision A16).
 *
 * <p>Where a rejection goes (decision A23, send side): a whole-update refusal is a STATUS_CODE
 * inside the mirrored CLIENT_DATA or stand-alone IAPREFIX (which then has no per-lease codes),
 * or, when the update has no usable single binding option to mirror, a STATUS_CODE alone at
 * message level; otherwise each rejected address or prefix carries its own. STATUS_CODE carries
 * no text: reasons are for this server's log, and the §13.7 vector has none. Success is never
 * written (§7.6: absence means success).
 */
public final class BindingReplyBuilder {
    private BindingReplyBuilder() {
    }

    /**
     * The BNDREPLY to {@code update}.
     *
     * @param update   the received BNDUPD
     * @param now      sending time
     * @param refusal  the whole-update verdict, from {@link ParsedUpdate#refusal()}
     * @param verdicts the verdict per lease (consulted only when there is no refusal)
     */
    public static FailoverMessage build(FailoverMessage update, long now, Optional<UpdateVerdict> refusal,
            Function<Lease, UpdateVerdict> verdicts) {
        List<DhcpOption> bindings = new ArrayList<>(update.all(OptionCode.CLIENT_DATA));
        bindings.addAll(update.all(OptionCode.IAPREFIX));
        if (bindings.size() != 1) {
            StatusCodeOption status = new StatusCodeOption(refusal.orElseThrow(() -> new IllegalArgumentException(
                    "an update without exactly one binding option must be refused as a whole")).status());
            return FailoverMessage.of(MessageType.BNDREPLY, update.transactionId(), now, status);
        }
        Mirror mirror = new Mirror(refusal, verdicts);
        return FailoverMessage.of(MessageType.BNDREPLY, update.transactionId(), now, mirror.top(bindings.get(0)));
    }

    /** Mirrors one update's option tree into the reply's. */
    private record Mirror(Optional<UpdateVerdict> refusal, Function<Lease, UpdateVerdict> verdicts) {

        DhcpOption top(DhcpOption option) {
            if (option instanceof ClientDataOption data) {
                List<DhcpOption> out = new ArrayList<>();
                copy(data, out, OptionCode.CLIENTID, OptionCode.VSS);
                refusal.ifPresent(verdict -> out.add(new StatusCodeOption(verdict.status())));
                for (DhcpOption inner : data.options()) {
                    if (inner instanceof IaOption ia) {
                        out.add(new IaOption(ia.code(), ia.iaid(), ia.t1(), ia.t2(), leases(ia)));
                    } else if (inner instanceof IaTaOption ta) {
                        out.add(new IaTaOption(ta.iaid(), leases(ta)));
                    }
                }
                return new ClientDataOption(out);
            }
            IaPrefixOption prefix = (IaPrefixOption) option;
            List<DhcpOption> out = new ArrayList<>();
            copy(prefix, out, OptionCode.VSS);
            return prefix(prefix, true, out);
        }

        private List<DhcpOption> leases(OptionContainer ia) {
            List<DhcpOption> out = new ArrayList<>();
            for (DhcpOption inner : ia.options()) {
                if (inner instanceof IaAddressOption address) {
                    out.add(new IaAddressOption(address.address(), address.preferredLifetime(),
                            address.validLifetime(), leaseOptions(address, Lease.of(address), false,
                                    new ArrayList<>())));
                } else if (inner instanceof IaPrefixOption prefix) {
                    out.add(prefix(prefix, false, new ArrayList<>()));
                }
            }
            return out;
        }

        /** The reply's IAPREFIX for {@code received}, after the options already in {@code out}. */
        private IaPrefixOption prefix(IaPrefixOption received, boolean topLevel, List<DhcpOption> out) {
            return new IaPrefixOption(received.preferredLifetime(), received.validLifetime(),
                    received.prefixLength(), received.prefix(),
                    leaseOptions(received, Lease.of(received), topLevel, out));
        }

        /**
         * The STATUS_CODE a lease option carries: a whole-update refusal sits in the top-level
         * option, so a lease option carries it only when it is that option (a stand-alone
         * prefix); otherwise the lease's own rejection, if any.
         */
        private Optional<StatusCode> statusFor(Lease lease, boolean topLevel) {
            if (refusal.isPresent()) {
                return topLevel ? Optional.of(refusal.get().status()) : Optional.empty();
            }
            UpdateVerdict verdict = verdicts.apply(lease);
            return verdict.accepted() ? Optional.empty() : Optional.of(verdict.status());
        }

        /** Appends the per-lease reply options of §7.6 to {@code out}. */
        private List<DhcpOption> leaseOptions(OptionContainer received, Lease lease, boolean topLevel,
                List<DhcpOption> out) {
            statusFor(lease, topLevel).ifPresent(status -> out.add(new StatusCodeOption(status)));
            copy(received, out, OptionCode.F_BINDING_STATUS, OptionCode.F_STATE_EXPIRATION_TIME);
            received.first(OptionCode.F_PARTNER_LIFETIME, AbsoluteTimeOption.class).ifPresent(
                    sent -> out.add(new AbsoluteTimeOption(OptionCode.F_PARTNER_LIFETIME_SENT, sent.time())));
            return out;
        }

        private static void copy(OptionContainer from, List<DhcpOption> to, OptionCode... codes) {
            for (OptionCode code : codes) {
                from.first(code).ifPresent(to::add);
            }
        }
    }
}
