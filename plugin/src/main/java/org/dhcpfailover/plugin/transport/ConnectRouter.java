package org.dhcpfailover.plugin.transport;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.dhcpfailover.plugin.endpoint.PartnerConnectionHandler;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.OptionCode;
import org.dhcpfailover.plugin.wire.RelationshipNameOption;
import org.dhcpfailover.plugin.wire.StatusCode;

/**
 * Picks the relationship a secondary's accepted connection belongs to from its first CONNECT
 * (RFC 8156 §6.1, §6.2: the endpoint is found by partner address, relationship name and role).
 * The candidates are the secondary relationships on the listening socket whose partner has the
 * connection's peer address. Pure: it asks the handlers only {@code config()} and
 * {@code isConnected()}.
 */
final class ConnectRouter {

    /** The outcome for one CONNECT. */
    sealed interface Route permits Accept, Refusal {
    }

    /** Hand the connection to {@code handler}. */
    record Accept(PartnerConnectionHandler handler) implements Route {
    }

    /** Answer with a refusing CONNECTREPLY holding {@code status} and {@code reason}, then close. */
    sealed interface Refusal extends Route permits UnknownRelationship, AlreadyConnected {
        StatusCode status();

        String reason();
    }

    /**
     * No relationship with this partner has the requested name (SPEC-GAP A19: ConfigurationConflict).
     *
     * @param requested the name the CONNECT carried, or empty when it carried none
     */
    record UnknownRelationship(String requested, String reason) implements Refusal {
        @Override
        public StatusCode status() {
            return StatusCode.CONFIGURATION_CONFLICT;
        }
    }

    /** The relationship already has an open connection, which is kept. */
    record AlreadyConnected(PartnerConnectionHandler handler, String reason) implements Refusal {
        @Override
        public StatusCode status() {
            return StatusCode.UNSPEC_FAIL;
        }
    }

    private ConnectRouter() {
    }

    /**
     * Routes {@code connect} among {@code candidates}. Without OPTION_F_RELATIONSHIP_NAME the
     * CONNECT is accepted only if the partner has exactly one relationship (§6.1.1).
     */
    static Route route(List<PartnerConnectionHandler> candidates, FailoverMessage connect) {
        Optional<String> name = connect.first(OptionCode.F_RELATIONSHIP_NAME, RelationshipNameOption.class)
                .map(RelationshipNameOption::name);
        List<PartnerConnectionHandler> matching = name
                .map(n -> candidates.stream().filter(c -> c.config().name().equals(n)).toList())
                .orElse(candidates);
        if (matching.size() != 1) {
            String reason = name.map(n -> "no relationship named \"" + n + "\" with this partner")
                    .orElseGet(() -> "CONNECT names no relationship and this partner has " + candidates.size()
                            + ": " + names(candidates));
            return new UnknownRelationship(name.orElse(""), reason);
        }
        PartnerConnectionHandler handler = matching.get(0);
        if (handler.isConnected()) {
            return new AlreadyConnected(handler, "relationship \"" + handler.config().name()
                    + "\" already has an open connection with this partner");
        }
        return new Accept(handler);
    }

    /** The relationship names of {@code handlers}, comma-separated, for log lines. */
    static String names(List<PartnerConnectionHandler> handlers) {
        return handlers.stream().map(h -> h.config().name()).collect(Collectors.joining(","));
    }
}
