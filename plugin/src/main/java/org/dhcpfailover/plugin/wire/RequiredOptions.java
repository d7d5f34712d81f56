package org.dhcpfailover.plugin.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * Lists what a decoded message lacks of the options RFC 8156 requires (digest §2.1, §7.2,
 * §7.3, §8.2). Missing options are not decode errors: the protocol answers them, e.g. a BNDUPD
 * without binding information gets a BNDREPLY with MissingBindingInformation (§7.5.3), so the
 * state machine needs the message and this list. Conditional options whose condition needs
 * state the codec does not have (F_RELATIONSHIP_NAME, F_STATE_EXPIRATION_TIME and its
 * companions) are not checked here.
 */
public final class RequiredOptions {
    private RequiredOptions() {
    }

    /**
     * One unmet requirement.
     *
     * @param where   the place, e.g. {@code "BNDUPD/OPTION_CLIENT_DATA"}
     * @param anyOf   the options of which one was required
     * @param problem {@code "missing"}, or {@code "more than one"} where exactly one is required
     */
    public record Finding(String where, List<OptionCode> anyOf, String problem) {
        public Finding {
            anyOf = List.copyOf(anyOf);
        }
    }

    /** The unmet requirements of {@code message}; empty when it has everything. */
    public static List<Finding> check(FailoverMessage message) {
        List<Finding> findings = new ArrayList<>();
        MessageType type = message.type();
        String where = type.name();
        if (type.equals(MessageType.CONNECT) || type.equals(MessageType.CONNECTREPLY) && !isReject(message)) {
            // §6.1.1, §6.1.2: an accepting CONNECTREPLY carries the same set as CONNECT.
            require(findings, message, where, OptionCode.F_PROTOCOL_VERSION, OptionCode.F_MCLT,
                    OptionCode.F_KEEPALIVE_TIME, OptionCode.F_MAX_UNACKED_BNDUPD, OptionCode.F_CONNECT_FLAGS);
        } else if (type.equals(MessageType.STATE)) {
            stateRequirements(findings, message, where);
        } else if (type.equals(MessageType.BNDUPD) || type.equals(MessageType.BNDREPLY)) {
            bindingRequirements(findings, message, where, type.equals(MessageType.BNDUPD));
        }
        return findings;
    }

    /** Whether the message carries a top-level STATUS_CODE other than Success. */
    private static boolean isReject(OptionContainer message) {
        return message.first(OptionCode.STATUS_CODE, StatusCodeOption.class)
                .map(status -> !status.status().equals(StatusCode.SUCCESS)).orElse(false);
    }

    private static void stateRequirements(List<Finding> findings, FailoverMessage message, String where) {
        require(findings, message, where, OptionCode.F_SERVER_STATE, OptionCode.F_SERVER_FLAGS,
                OptionCode.F_START_TIME_OF_STATE);
        boolean partnerDown = message.first(OptionCode.F_SERVER_STATE, ServerStateOption.class)
                .map(state -> state.state().equals(ServerState.PARTNER_DOWN)).orElse(false);
        boolean startup = message.first(OptionCode.F_SERVER_FLAGS, FlagsOption.class)
                .map(flags -> flags.isSet(FlagsOption.SERVER_STARTUP)).orElse(false);
        if (partnerDown && !startup) {
            // §6.3: PARTNER_DOWN_TIME while the sender is in PARTNER-DOWN; in STARTUP the state
            // field holds the previously recorded state instead (§8.3.1).
            require(findings, message, where, OptionCode.F_PARTNER_DOWN_TIME);
        }
    }

    private static void bindingRequirements(List<Finding> findings, FailoverMessage message, String where,
            boolean update) {
        // §7.5.3: exactly one CLIENT_DATA or stand-alone IAPREFIX; a whole-message reject
        // (BNDREPLY with only a STATUS_CODE) is not checked further.
        int bindings = message.all(OptionCode.CLIENT_DATA).size() + message.all(OptionCode.IAPREFIX).size();
        List<OptionCode> either = List.of(OptionCode.CLIENT_DATA, OptionCode.IAPREFIX);
        if (bindings > 1) {
            findings.add(new Finding(where, either, "more than one"));
        } else if (bindings == 0 && (update || !isReject(message))) {
            findings.add(new Finding(where, either, "missing"));
        }
        for (DhcpOption option : message.options()) {
            if (option instanceof ClientDataOption) {
                clientData(findings, (ClientDataOption) option, where + "/OPTION_CLIENT_DATA", update);
            } else if (option instanceof IaPrefixOption && update) {
                require(findings, (IaPrefixOption) option, where + "/OPTION_IAPREFIX", OptionCode.LQ_BASE_TIME);
                require(findings, (IaPrefixOption) option, where + "/OPTION_IAPREFIX",
                        OptionCode.F_BINDING_STATUS, OptionCode.F_START_TIME_OF_STATE);
            }
        }
    }

    private static void clientData(List<Finding> findings, ClientDataOption data, String where, boolean update) {
        require(findings, data, where, OptionCode.CLIENTID);
        if (!update) {
            return;
        }
        require(findings, data, where, OptionCode.LQ_BASE_TIME);
        requireAny(findings, data, where, OptionCode.IA_NA, OptionCode.IA_TA, OptionCode.IA_PD);
        for (DhcpOption option : data.options()) {
            if (option instanceof OptionContainer && !(option instanceof DnsRemovalInfoOption)) {
                OptionContainer ia = (OptionContainer) option;
                String iaWhere = where + "/" + option.code().name();
                OptionCode lease = option.code().equals(OptionCode.IA_PD) ? OptionCode.IAPREFIX : OptionCode.IAADDR;
                requireAny(findings, ia, iaWhere, lease);
                for (DhcpOption inner : ia.options()) {
                    if (inner instanceof OptionContainer) {
                        require(findings, (OptionContainer) inner, iaWhere + "/" + inner.code().name(),
                                OptionCode.F_BINDING_STATUS, OptionCode.F_START_TIME_OF_STATE);
                    }
                }
            }
        }
    }

    /** Each of {@code codes} is required. */
    private static void require(List<Finding> findings, OptionContainer in, String where, OptionCode... codes) {
        for (OptionCode code : codes) {
            if (!in.contains(code)) {
                findings.add(new Finding(where, List.of(code), "missing"));
            }
        }
    }

    /** At least one of {@code codes} is required. */
    private static void requireAny(List<Finding> findings, OptionContainer in, String where, OptionCode... codes) {
        for (OptionCode code : codes) {
            if (in.contains(code)) {
                return;
            }
        }
        findings.add(new Finding(where, List.of(codes), "missing"));
    }
}
