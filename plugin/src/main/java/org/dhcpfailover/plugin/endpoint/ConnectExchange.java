package org.dhcpfailover.plugin.endpoint;

import java.util.List;
import java.util.Optional;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.FlagsOption;
import org.dhcpfailover.plugin.wire.OptionCode;
import org.dhcpfailover.plugin.wire.ProtocolVersionOption;
import org.dhcpfailover.plugin.wire.RelationshipNameOption;
import org.dhcpfailover.plugin.wire.RequiredOptions;
import org.dhcpfailover.plugin.wire.StatusCode;
import org.dhcpfailover.plugin.wire.StatusCodeOption;
import org.dhcpfailover.plugin.wire.Uint32Option;

/**
 * The checks of RFC 8156 §6.1.2 (a secondary receiving CONNECT) and §6.1.3 (a primary
 * receiving CONNECTREPLY). Pure: the endpoint acts on the result.
 */
final class ConnectExchange {

    /** The lowest MCLT a partner may impose: a first lease lasts one MCLT, and §1 forbids leases under 30 s. */
    static final long MINIMUM_MCLT = 30;

    /**
     * The most BNDUPDs a partner may ask to have in flight: the largest value this
     * implementation lets an operator configure. RFC 8156 §5.5.5 sets no ceiling, but sending
     * more at once than this would only fill the outbound buffer (and lose the connection to the
     * stall guard) during a full resynchronisation; a larger value is a broken or hostile peer.
     */
    static final long MAX_PARTNER_UNACKED_BNDUPD = 1000;

    /** What the partner advertised, once acceptable. */
    record Offer(long mcltSeconds, long keepaliveSeconds, long maxUnackedBndupd) {
    }

    /** Why the exchange fails, with the status to send and a text for the partner's operator. */
    record Refusal(StatusCode status, String reason) {
    }

    private ConnectExchange() {
    }

    /**
     * §6.1.2: may this secondary accept the primary's CONNECT for {@code relationship}? Empty
     * refusal means accept, and the offer holds the primary's parameters (its MCLT is adopted).
     */
    static Optional<Refusal> checkConnect(FailoverMessage connect, String relationship) {
        Optional<Refusal> common = checkCommon(connect, "CONNECT");
        if (common.isPresent()) {
            return common;
        }
        Optional<String> name = connect.first(OptionCode.F_RELATIONSHIP_NAME, RelationshipNameOption.class)
                .map(RelationshipNameOption::name);
        if (name.isPresent() && !name.get().equals(relationship)) {
            return refuse(StatusCode.CONFIGURATION_CONFLICT,
                    "no relationship named \"" + name.get() + "\" with this partner");
        }
        long mclt = offer(connect).mcltSeconds();
        if (mclt < MINIMUM_MCLT) {
            return refuse(StatusCode.CONFIGURATION_CONFLICT,
                    "MCLT " + mclt + " s is below the 30 s minimum for new leases (RFC 8156 §1)");
        }
        return Optional.empty();
    }

    /** §6.1.3: may this primary use the secondary's accepting CONNECTREPLY? */
    static Optional<Refusal> checkConnectReply(FailoverMessage reply, long configuredMclt) {
        Optional<Refusal> common = checkCommon(reply, "CONNECTREPLY");
        if (common.isPresent()) {
            return common;
        }
        long mclt = offer(reply).mcltSeconds();
        if (mclt != configuredMclt) {
            return refuse(StatusCode.CONFIGURATION_CONFLICT, "the CONNECTREPLY's MCLT (" + mclt
                    + " s) differs from this primary's (" + configuredMclt + " s), RFC 8156 §6.1.3");
        }
        return Optional.empty();
    }

    /** A refusing CONNECTREPLY's status, if it is one (§6.1.2: a reject carries only a status). */
    static Optional<Refusal> refusalIn(FailoverMessage reply) {
        return reply.first(OptionCode.STATUS_CODE, StatusCodeOption.class)
                .filter(status -> !status.status().equals(StatusCode.SUCCESS))
                .map(status -> new Refusal(status.status(), status.message()));
    }

    /** The parameters of an accepting CONNECT or CONNECTREPLY already checked complete. */
    static Offer offer(FailoverMessage message) {
        return new Offer(uint32(message, OptionCode.F_MCLT), uint32(message, OptionCode.F_KEEPALIVE_TIME),
                uint32(message, OptionCode.F_MAX_UNACKED_BNDUPD));
    }

    private static Optional<Refusal> checkCommon(FailoverMessage message, String what) {
        List<RequiredOptions.Finding> missing = RequiredOptions.check(message);
        if (!missing.isEmpty()) {
            RequiredOptions.Finding first = missing.get(0);
            return refuse(StatusCode.UNSPEC_FAIL, what + " lacks " + first.anyOf().get(0).name());
        }
        ProtocolVersionOption version = message.first(OptionCode.F_PROTOCOL_VERSION, ProtocolVersionOption.class)
                .orElseThrow();
        if (version.major() != ProtocolVersionOption.RFC_8156.major()) {
            return refuse(StatusCode.NOT_SUPPORTED, "protocol version " + version.major() + "." + version.minor()
                    + " is not supported; this server speaks 1.0 (RFC 8156 §5.5.11)");
        }
        boolean fixedLength = message.first(OptionCode.F_CONNECT_FLAGS, FlagsOption.class)
                .map(flags -> flags.isSet(FlagsOption.CONNECT_FIXED_PD_LENGTH)).orElse(false);
        if (!fixedLength) {
            return refuse(StatusCode.NOT_SUPPORTED, "this server delegates one fixed prefix length per "
                    + "delegable prefix and needs FIXED_PD_LENGTH (RFC 8156 §5.5.2)");
        }
        Offer offer = offer(message);
        if (offer.keepaliveSeconds() == 0 || offer.maxUnackedBndupd() == 0) {
            return refuse(StatusCode.UNSPEC_FAIL, what + " advertises a keepalive time or max-unacked-bndupd of 0");
        }
        if (offer.maxUnackedBndupd() > MAX_PARTNER_UNACKED_BNDUPD) {
            return refuse(StatusCode.CONFIGURATION_CONFLICT, what + " advertises max-unacked-bndupd "
                    + offer.maxUnackedBndupd() + "; this server keeps at most " + MAX_PARTNER_UNACKED_BNDUPD
                    + " binding updates in flight (RFC 8156 §5.5.5)");
        }
        return Optional.empty();
    }

    private static long uint32(FailoverMessage message, OptionCode code) {
        return message.first(code, Uint32Option.class).orElseThrow().value();
    }

    private static Optional<Refusal> refuse(StatusCode status, String reason) {
        return Optional.of(new Refusal(status, reason));
    }
}
