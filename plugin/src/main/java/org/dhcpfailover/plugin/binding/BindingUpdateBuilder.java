package org.dhcpfailover.plugin.binding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dhcpfailover.plugin.time.AbsoluteTime;
import org.dhcpfailover.plugin.wire.AbsoluteTimeOption;
import org.dhcpfailover.plugin.wire.BindingStatusOption;
import org.dhcpfailover.plugin.wire.ClientDataOption;
import org.dhcpfailover.plugin.wire.ClientIdOption;
import org.dhcpfailover.plugin.wire.DhcpOption;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.IaAddressOption;
import org.dhcpfailover.plugin.wire.IaOption;
import org.dhcpfailover.plugin.wire.IaPrefixOption;
import org.dhcpfailover.plugin.wire.IaTaOption;
import org.dhcpfailover.plugin.wire.MessageType;
import org.dhcpfailover.plugin.wire.OctetString;
import org.dhcpfailover.plugin.wire.OptionCode;
import org.dhcpfailover.plugin.wire.Uint32Option;

/**
 * Builds BNDUPD messages (RFC 8156 §7.4, digest §8.2): one client with all its bindings in one
 * OPTION_CLIENT_DATA, or one delegable prefix in a stand-alone OPTION_IAPREFIX. Marking the
 * bindings as sent ({@link PartnerSync#SENT}) is the caller's step once the message is queued.
 *
 * <p>Choices where the RFC is silent: LQ_BASE_TIME is the sending time; OPTION_VSS is never sent
 * (the hosts know only the default VPN, docs/protocol.md §3); F_PARTNER_LIFETIME is the pending
 * partner-lifetime, or, once that was acknowledged (0), the acknowledged one, so a resent lease
 * (UPDREQALL) still tells the partner what it holds; T1/T2 of an IA come from its first binding;
 * the IAaddr-options follow the order of §7.4.
 */
public final class BindingUpdateBuilder {
    private BindingUpdateBuilder() {
    }

    /**
     * The BNDUPD for one client's bindings (all with the same DUID), in IA order of first
     * appearance.
     *
     * @param transactionId the BNDUPD's transaction-id
     * @param now           sending time: header sent-time and LQ_BASE_TIME
     * @param bindings      the client's bindings known to this relationship, at least one
     */
    public static FailoverMessage forClient(int transactionId, long now, List<Binding> bindings) {
        if (bindings.isEmpty()) {
            throw new IllegalArgumentException("a BNDUPD needs at least one binding (§7.4)");
        }
        OctetString duid = clientOf(bindings.get(0)).duid();
        // One client: the DUID is shared, so (DUID, IA type, IAID) names one IA.
        Map<BindingClient, List<Binding>> byIa = new LinkedHashMap<>();
        for (Binding binding : bindings) {
            BindingClient client = clientOf(binding);
            if (!client.duid().equals(duid)) {
                throw new IllegalArgumentException("one BNDUPD describes one client (§7.4)");
            }
            byIa.computeIfAbsent(client, key -> new ArrayList<>()).add(binding);
        }
        List<DhcpOption> clientOptions = new ArrayList<>();
        clientOptions.add(new ClientIdOption(duid));
        clientOptions.add(new AbsoluteTimeOption(OptionCode.LQ_BASE_TIME, now));
        clientOptions.addAll(clientEcho(bindings));
        for (List<Binding> ia : byIa.values()) {
            clientOptions.add(ia(ia, now));
        }
        return FailoverMessage.of(MessageType.BNDUPD, transactionId, now, new ClientDataOption(clientOptions));
    }

    /**
     * The BNDUPD for a delegable prefix not bound to a client (§7.4): a stand-alone
     * OPTION_IAPREFIX with lifetimes 0/0 (decision A16).
     */
    public static FailoverMessage forPrefix(int transactionId, long now, Binding prefix) {
        if (!prefix.lease().standsAlone()) {
            throw new IllegalArgumentException(prefix.lease() + " is neither a prefix nor an IPv4 address");
        }
        List<DhcpOption> options = new ArrayList<>();
        options.add(new AbsoluteTimeOption(OptionCode.LQ_BASE_TIME, now));
        options.add(new BindingStatusOption(prefix.status()));
        options.add(new AbsoluteTimeOption(OptionCode.F_START_TIME_OF_STATE, prefix.times().startTimeOfState()));
        if (hasTimeout(prefix)) {
            options.add(new AbsoluteTimeOption(OptionCode.F_STATE_EXPIRATION_TIME,
                    prefix.times().stateExpirationTime()));
            options.add(new AbsoluteTimeOption(OptionCode.F_PARTNER_LIFETIME, partnerLifetimeToSend(prefix)));
            options.add(new AbsoluteTimeOption(OptionCode.F_EXPIRATION_TIME, prefix.times().expirationTime()));
        }
        IaPrefixOption standalone = new IaPrefixOption(0, 0, prefix.lease().prefixLength(), prefix.lease().value(),
                options);
        return FailoverMessage.of(MessageType.BNDUPD, transactionId, now, standalone);
    }

    private static BindingClient clientOf(Binding binding) {
        return binding.client().orElseThrow(() -> new IllegalArgumentException(
                binding.lease() + " has no client; send it with forPrefix"));
    }

    /** The client-level echo options, each code taken from the first binding that has it. */
    private static List<DhcpOption> clientEcho(List<Binding> bindings) {
        Map<OptionCode, DhcpOption> first = new LinkedHashMap<>();
        for (Binding binding : bindings) {
            for (DhcpOption option : binding.echoed().clientOptions()) {
                first.putIfAbsent(option.code(), option);
            }
        }
        return List.copyOf(first.values());
    }

    private static DhcpOption ia(List<Binding> bindings, long now) {
        BindingClient client = clientOf(bindings.get(0));
        List<DhcpOption> leases = new ArrayList<>();
        for (Binding binding : bindings) {
            leases.add(lease(binding, now));
        }
        ClientLifetimes lifetimes = bindings.get(0).lifetimes();
        return switch (client.iaType()) {
            case IA_TA -> new IaTaOption(client.iaid(), leases);
            case IA_NA, IA_PD -> new IaOption(client.iaType().optionCode(), client.iaid(), lifetimes.t1(),
                    lifetimes.t2(), leases);
        };
    }

    private static DhcpOption lease(Binding binding, long now) {
        LeaseTimes times = binding.times();
        List<DhcpOption> options = new ArrayList<>();
        options.add(new BindingStatusOption(binding.status()));
        options.add(new AbsoluteTimeOption(OptionCode.F_START_TIME_OF_STATE, times.startTimeOfState()));
        boolean timeout = hasTimeout(binding);
        if (timeout) {
            options.add(new AbsoluteTimeOption(OptionCode.F_STATE_EXPIRATION_TIME, times.stateExpirationTime()));
        }
        if (times.clientLastTransactionTime() != AbsoluteTime.NEVER) {
            long before = AbsoluteTime.secondsBetween(times.clientLastTransactionTime(), now);
            options.add(new Uint32Option(OptionCode.CLT_TIME, Math.max(before, 0)));
        }
        if (timeout) {
            options.add(new AbsoluteTimeOption(OptionCode.F_PARTNER_LIFETIME, partnerLifetimeToSend(binding)));
        }
        if (times.partnerRawCltTime() != AbsoluteTime.NEVER) {
            options.add(new AbsoluteTimeOption(OptionCode.F_PARTNER_RAW_CLT_TIME, times.partnerRawCltTime()));
        }
        if (timeout) {
            options.add(new AbsoluteTimeOption(OptionCode.F_EXPIRATION_TIME, times.expirationTime()));
        }
        options.addAll(binding.echoed().leaseOptions());
        ClientLifetimes lifetimes = binding.lifetimes();
        Lease lease = binding.lease();
        if (lease.isPrefix()) {
            return new IaPrefixOption(lifetimes.preferredLifetime(), lifetimes.validLifetime(), lease.prefixLength(),
                    lease.value(), options);
        }
        return new IaAddressOption(lease.value(), lifetimes.preferredLifetime(), lifetimes.validLifetime(), options);
    }

    /** Whether the status carries a timeout (§7.2): then 134, 123 and 120 MUST be sent, else MUST NOT. */
    private static boolean hasTimeout(Binding binding) {
        return binding.times().stateExpirationTime() != AbsoluteTime.NEVER;
    }

    private static long partnerLifetimeToSend(Binding binding) {
        LeaseTimes times = binding.times();
        return times.partnerLifetime() != AbsoluteTime.NEVER ? times.partnerLifetime() : times.ackedPartnerLifetime();
    }
}
