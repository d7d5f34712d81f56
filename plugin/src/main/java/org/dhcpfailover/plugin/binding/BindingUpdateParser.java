package org.dhcpfailover.plugin.binding;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
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
import org.dhcpfailover.plugin.wire.OptionCode;
import org.dhcpfailover.plugin.wire.OptionContainer;
import org.dhcpfailover.plugin.wire.RequiredOptions;
import org.dhcpfailover.plugin.wire.StatusCode;
import org.dhcpfailover.plugin.wire.Uint32Option;
import org.dhcpfailover.plugin.wire.VssOption;

/**
 * Reads a received BNDUPD into {@link ReceivedLease}s (RFC 8156 §7.4, §7.5.3; digest §8.2,
 * §8.3 steps 1–2). What {@link RequiredOptions} finds missing, including a message with no or
 * several CLIENT_DATA / stand-alone IAPREFIX options, refuses the whole update with
 * MissingBindingInformation (18); an OPTION_VSS for a VPN other than the default refuses it with
 * ConfigurationConflict (17). CLT_TIME is turned into an absolute time with the sender's
 * LQ_BASE_TIME and not corrected for skew (decision A15); the lifetimes sent to the client are
 * taken as granted at that time.
 */
public final class BindingUpdateParser {
    /** Options kept at CLIENT_DATA level and echoed later (docs/protocol.md §3, decision A14). */
    private static final Set<OptionCode> CLIENT_ECHO = Set.of(OptionCode.F_RECONFIGURE_DATA,
            OptionCode.LQ_RELAY_DATA, OptionCode.F_DNS_REMOVAL_INFO);
    /** Options kept per lease and echoed later (§7.4, §9). */
    private static final Set<OptionCode> LEASE_ECHO = Set.of(OptionCode.CLIENT_FQDN, OptionCode.F_DNS_REMOVAL_INFO);

    private BindingUpdateParser() {
    }

    /** The leases of {@code message}, or the reason it is refused as a whole. */
    public static ParsedUpdate parse(FailoverMessage message) {
        if (!message.type().equals(MessageType.BNDUPD)) {
            throw new IllegalArgumentException("not a BNDUPD: " + message.type());
        }
        List<RequiredOptions.Finding> findings = RequiredOptions.check(message);
        if (!findings.isEmpty()) {
            return ParsedUpdate.refused(UpdateVerdict.reject(StatusCode.MISSING_BINDING_INFORMATION,
                    findings.stream().map(f -> f.where() + ": " + f.problem() + " " + f.anyOf())
                            .collect(Collectors.joining("; "))));
        }
        Optional<ClientDataOption> clientData = message.first(OptionCode.CLIENT_DATA, ClientDataOption.class);
        OptionContainer scope = clientData.isPresent() ? clientData.get()
                : message.first(OptionCode.IAPREFIX, IaPrefixOption.class).orElseThrow();
        Optional<UpdateVerdict> vpn = UpdateAcceptance.checkVpn(scope.first(OptionCode.VSS, VssOption.class));
        if (vpn.isPresent()) {
            return ParsedUpdate.refused(vpn.get());
        }
        long base = time(scope, OptionCode.LQ_BASE_TIME).orElseThrow();
        if (clientData.isEmpty()) {
            IaPrefixOption prefix = (IaPrefixOption) scope;
            // A16: a stand-alone prefix's lifetimes mean nothing; it has no client and no T1/T2.
            return new ParsedUpdate(Optional.empty(),
                    List.of(lease(Lease.of(prefix), prefix, Optional.empty(), base, 0, 0, 0, 0, List.of())));
        }
        return new ParsedUpdate(Optional.empty(), clientLeases(clientData.get(), base));
    }

    private static List<ReceivedLease> clientLeases(ClientDataOption data, long base) {
        ClientIdOption clientId = data.first(OptionCode.CLIENTID, ClientIdOption.class).orElseThrow();
        List<DhcpOption> clientEcho = echo(data, CLIENT_ECHO);
        List<ReceivedLease> leases = new ArrayList<>();
        for (DhcpOption option : data.options()) {
            if (option instanceof IaOption ia) {
                addLeases(leases, ia, new BindingClient(clientId.duid(), IaType.of(ia.code()), ia.iaid()), ia.t1(),
                        ia.t2(), base, clientEcho);
            } else if (option instanceof IaTaOption ta) {
                addLeases(leases, ta, new BindingClient(clientId.duid(), IaType.IA_TA, ta.iaid()), 0, 0, base,
                        clientEcho);
            }
        }
        return leases;
    }

    private static void addLeases(List<ReceivedLease> leases, OptionContainer ia, BindingClient client, long t1,
            long t2, long base, List<DhcpOption> clientEcho) {
        for (DhcpOption option : ia.options()) {
            if (option instanceof IaAddressOption address) {
                leases.add(lease(Lease.of(address), address, Optional.of(client), base,
                        address.preferredLifetime(), address.validLifetime(), t1, t2, clientEcho));
            } else if (option instanceof IaPrefixOption prefix) {
                leases.add(lease(Lease.of(prefix), prefix, Optional.of(client),
                        base, prefix.preferredLifetime(), prefix.validLifetime(), t1, t2, clientEcho));
            }
        }
    }

    private static ReceivedLease lease(Lease lease, OptionContainer options, Optional<BindingClient> client, long base,
            long preferred, long valid, long t1, long t2, List<DhcpOption> clientEcho) {
        OptionalLong clt = options.first(OptionCode.CLT_TIME, Uint32Option.class)
                .map(option -> OptionalLong.of(ReceivedLease.absoluteClt(base, option.value())))
                .orElse(OptionalLong.empty());
        OptionalLong partnerRawClt = time(options, OptionCode.F_PARTNER_RAW_CLT_TIME);
        // The lifetimes "as sent to the client" (§7.4) date from its last transaction with either
        // server: the sender's (CLT_TIME) or this server's as the sender last heard of it
        // (F_PARTNER_RAW_CLT_TIME), whichever is later. A binding the sender only learned from this
        // server (the secondary's copy, sent back after UPDREQALL) has no CLT_TIME at all.
        long grantedAt = UpdateStore.ifLater(clt.orElse(AbsoluteTime.NEVER), partnerRawClt);
        ClientLifetimes lifetimes = new ClientLifetimes(grantedAt, preferred, valid, t1, t2);
        return new ReceivedLease(lease, client,
                options.first(OptionCode.F_BINDING_STATUS, BindingStatusOption.class).orElseThrow().status(),
                time(options, OptionCode.F_START_TIME_OF_STATE).orElseThrow(),
                time(options, OptionCode.F_STATE_EXPIRATION_TIME), clt,
                time(options, OptionCode.F_PARTNER_LIFETIME), partnerRawClt,
                time(options, OptionCode.F_EXPIRATION_TIME), lifetimes,
                new EchoedData(clientEcho, echo(options, LEASE_ECHO)));
    }

    private static OptionalLong time(OptionContainer in, OptionCode code) {
        return in.first(code, AbsoluteTimeOption.class).map(option -> OptionalLong.of(option.time()))
                .orElse(OptionalLong.empty());
    }

    private static List<DhcpOption> echo(OptionContainer in, Set<OptionCode> codes) {
        return in.options().stream().filter(option -> codes.contains(option.code())).toList();
    }
}
