package org.dhcpfailover.plugin.endpoint;

import java.util.ArrayList;
import java.util.List;
import org.dhcpfailover.plugin.wire.AbsoluteTimeOption;
import org.dhcpfailover.plugin.wire.DhcpOption;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.FlagsOption;
import org.dhcpfailover.plugin.wire.MessageType;
import org.dhcpfailover.plugin.wire.OptionCode;
import org.dhcpfailover.plugin.wire.ProtocolVersionOption;
import org.dhcpfailover.plugin.wire.RelationshipNameOption;
import org.dhcpfailover.plugin.wire.ServerState;
import org.dhcpfailover.plugin.wire.ServerStateOption;
import org.dhcpfailover.plugin.wire.StatusCode;
import org.dhcpfailover.plugin.wire.StatusCodeOption;
import org.dhcpfailover.plugin.wire.Uint32Option;

/**
 * Builds the connection-management and state messages of RFC 8156 §5.3 with the contents §6
 * prescribes (digest §2.1, §7.2, §7.3). Pure: the caller supplies transaction-ids and times.
 */
public final class FailoverMessages {

    private FailoverMessages() {
    }

    /** What this server advertises in CONNECT or an accepting CONNECTREPLY (§6.1.1, §6.1.2). */
    public record ConnectParameters(long mcltSeconds, long keepaliveSeconds, long maxUnackedBndupd) {
    }

    /**
     * CONNECT (§6.1.1): protocol version 1.0, MCLT, keepalive, max-unacked, the relationship name
     * (always sent, so the secondary never has to guess) and FIXED_PD_LENGTH: every delegable
     * prefix pool of this project delegates one configured length (§5.5.2).
     */
    public static FailoverMessage connect(int transactionId, long now, String relationship, ConnectParameters p) {
        List<DhcpOption> options = new ArrayList<>(connectOptions(p));
        options.add(4, new RelationshipNameOption(relationship));
        return new FailoverMessage(MessageType.CONNECT, transactionId, now, options);
    }

    /** An accepting CONNECTREPLY (§6.1.2); its MCLT must be the one the CONNECT carried. */
    public static FailoverMessage connectReply(int transactionId, long now, ConnectParameters p) {
        return new FailoverMessage(MessageType.CONNECTREPLY, transactionId, now, connectOptions(p));
    }

    /**
     * A refusing CONNECTREPLY (§6.1.2): only a status code with a message for the partner's
     * operator. The transaction-id echoes the CONNECT's (decision A9).
     */
    public static FailoverMessage connectRefusal(FailoverMessage connect, StatusCode status, String reason, long now) {
        return FailoverMessage.of(MessageType.CONNECTREPLY, connect.transactionId(), now,
                new StatusCodeOption(status, reason));
    }

    private static List<DhcpOption> connectOptions(ConnectParameters p) {
        return List.of(ProtocolVersionOption.RFC_8156,
                new Uint32Option(OptionCode.F_MCLT, p.mcltSeconds()),
                new Uint32Option(OptionCode.F_KEEPALIVE_TIME, p.keepaliveSeconds()),
                new Uint32Option(OptionCode.F_MAX_UNACKED_BNDUPD, p.maxUnackedBndupd()),
                new FlagsOption(OptionCode.F_CONNECT_FLAGS, FlagsOption.CONNECT_FIXED_PD_LENGTH));
    }

    /**
     * STATE (§6.3, §5.5.15, §5.5.16): in STARTUP the previous state with the STARTUP flag;
     * ACK_STARTUP when the partner's last STATE had STARTUP set; COMMUNICATED once this server has
     * ever talked to the partner; PARTNER_DOWN_TIME only in PARTNER-DOWN (decision A5: the time it
     * entered PARTNER-DOWN, which is its start time of state).
     */
    public static FailoverMessage state(int transactionId, long now, EndpointState announced, boolean startup,
            boolean ackStartup, boolean communicated, long startTimeOfState) {
        int flags = (startup ? FlagsOption.SERVER_STARTUP : 0)
                | (ackStartup ? FlagsOption.SERVER_ACK_STARTUP : 0)
                | (communicated ? FlagsOption.SERVER_COMMUNICATED : 0);
        List<DhcpOption> options = new ArrayList<>(List.of(
                new ServerStateOption(ServerState.valueOf(announced.code())),
                new FlagsOption(OptionCode.F_SERVER_FLAGS, flags),
                new AbsoluteTimeOption(OptionCode.F_START_TIME_OF_STATE, startTimeOfState)));
        if (announced == EndpointState.PARTNER_DOWN && !startup) {
            options.add(new AbsoluteTimeOption(OptionCode.F_PARTNER_DOWN_TIME, startTimeOfState));
        }
        return new FailoverMessage(MessageType.STATE, transactionId, now, options);
    }

    /** DISCONNECT (§5.3.10) with a status and a reason a human can act on. */
    public static FailoverMessage disconnect(int transactionId, long now, StatusCode status, String reason) {
        return FailoverMessage.of(MessageType.DISCONNECT, transactionId, now, new StatusCodeOption(status, reason));
    }

    /** A message of a type that carries no options: CONTACT, UPDREQ, UPDREQALL, UPDDONE, POOLREQ, POOLRESP. */
    public static FailoverMessage bare(MessageType type, int transactionId, long now) {
        return FailoverMessage.of(type, transactionId, now);
    }
}
