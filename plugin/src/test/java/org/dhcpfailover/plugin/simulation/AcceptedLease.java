package org.dhcpfailover.plugin.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.wire.AbsoluteTimeOption;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.BindingStatusOption;
import org.dhcpfailover.plugin.wire.ClientIdOption;
import org.dhcpfailover.plugin.wire.DhcpOption;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.IaAddressOption;
import org.dhcpfailover.plugin.wire.IaPrefixOption;
import org.dhcpfailover.plugin.wire.MessageType;
import org.dhcpfailover.plugin.wire.OctetString;
import org.dhcpfailover.plugin.wire.OptionCode;
import org.dhcpfailover.plugin.wire.OptionContainer;
import org.dhcpfailover.plugin.wire.StatusCode;
import org.dhcpfailover.plugin.wire.StatusCodeOption;

/**
 * One address or prefix a BNDREPLY accepted, read straight off the wire by the test harness (RFC 8156
 * §7.6): what the replying server told its partner it has stored. An independent reading, not
 * the plugin's {@code ReplyProcessor}, so that the oracle does not share the code it judges.
 *
 * @param lease           the address or prefix (an IPv4-mapped /128 read as the address, as
 *                        {@code Lease.of} reads it: docs/protocol.md §2)
 * @param duid            the OPTION_CLIENTID of the enclosing OPTION_CLIENT_DATA, if any
 * @param status          the echoed F_BINDING_STATUS
 * @param partnerLifetime the echoed F_PARTNER_LIFETIME_SENT, if any: the lifetime now acknowledged
 */
record AcceptedLease(Lease lease, Optional<OctetString> duid, BindingStatus status, OptionalLong partnerLifetime) {

    /**
     * The addresses and prefixes {@code reply} accepts: those with no error STATUS_CODE in or
     * above them (§7.6, A23), in a CLIENT_DATA or a stand-alone IAPREFIX.
     */
    static List<AcceptedLease> of(FailoverMessage reply) {
        if (!reply.type().equals(MessageType.BNDREPLY) || hasError(reply)) {
            return List.of();
        }
        List<AcceptedLease> accepted = new ArrayList<>();
        for (DhcpOption top : reply.options()) {
            if (top.code().equals(OptionCode.CLIENT_DATA) && top instanceof OptionContainer data && !hasError(data)) {
                Optional<OctetString> duid = data.first(OptionCode.CLIENTID, ClientIdOption.class)
                        .map(ClientIdOption::duid);
                collect(data, duid, accepted);
            } else if (top instanceof IaPrefixOption standAlone) {
                add(standAlone, Lease.of(standAlone), Optional.empty(), accepted);
            }
        }
        return accepted;
    }

    private static void collect(OptionContainer container, Optional<OctetString> duid, List<AcceptedLease> into) {
        for (DhcpOption option : container.options()) {
            if (option instanceof IaAddressOption address) {
                add(address, Lease.of(address), duid, into);
            } else if (option instanceof IaPrefixOption prefix) {
                add(prefix, Lease.of(prefix), duid, into);
            } else if (option instanceof OptionContainer inner && !hasError(inner)) {
                collect(inner, duid, into);
            }
        }
    }

    /** {@code option}, an IAADDR or IAPREFIX about {@code lease}, if it accepts a binding-status. */
    private static void add(OptionContainer option, Lease lease, Optional<OctetString> duid,
            List<AcceptedLease> into) {
        Optional<BindingStatus> status = option.first(OptionCode.F_BINDING_STATUS, BindingStatusOption.class)
                .map(BindingStatusOption::status);
        if (!hasError(option) && status.isPresent()) {
            OptionalLong lifetime = option.first(OptionCode.F_PARTNER_LIFETIME_SENT, AbsoluteTimeOption.class)
                    .map(o -> OptionalLong.of(o.time())).orElse(OptionalLong.empty());
            into.add(new AcceptedLease(lease, duid, status.get(), lifetime));
        }
    }

    private static boolean hasError(OptionContainer container) {
        return container.first(OptionCode.STATUS_CODE, StatusCodeOption.class)
                .map(s -> !s.status().equals(StatusCode.SUCCESS)).orElse(false);
    }
}
