package org.dhcpfailover.plugin.transport;

import static org.dhcpfailover.plugin.transport.Relationships.LOCALHOST;
import static org.dhcpfailover.plugin.transport.Relationships.ephemeral;
import static org.dhcpfailover.plugin.transport.Relationships.secondary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import org.dhcpfailover.plugin.endpoint.FailoverMessages;
import org.dhcpfailover.plugin.endpoint.PartnerConnectionHandler;
import org.dhcpfailover.plugin.endpoint.PartnerLink;
import org.dhcpfailover.plugin.transport.ConnectRouter.Accept;
import org.dhcpfailover.plugin.transport.ConnectRouter.AlreadyConnected;
import org.dhcpfailover.plugin.transport.ConnectRouter.Route;
import org.dhcpfailover.plugin.transport.ConnectRouter.UnknownRelationship;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.MessageType;
import org.dhcpfailover.plugin.wire.RelationshipNameOption;
import org.dhcpfailover.plugin.wire.StatusCode;
import org.junit.jupiter.api.Test;

/** Which relationship a CONNECT selects (RFC 8156 §6.1, §6.2; SPEC-GAP A19 for unknown names). */
class ConnectRouterTest {

    private final RecordingHandler alpha = new RecordingHandler(secondary("alpha", LOCALHOST, ephemeral()));
    private final RecordingHandler beta = new RecordingHandler(secondary("beta", LOCALHOST, ephemeral()));

    private static FailoverMessage connect(String relationship) {
        return FailoverMessages.connect(1, 0, relationship, RecordingHandler.PARAMETERS);
    }

    /** A CONNECT without OPTION_F_RELATIONSHIP_NAME (§6.1.1 allows it for a single relationship). */
    private static FailoverMessage anonymousConnect() {
        FailoverMessage named = connect("x");
        return new FailoverMessage(MessageType.CONNECT, 1, 0, named.options().stream()
                .filter(option -> !(option instanceof RelationshipNameOption))
                .toList());
    }

    @Test
    void theNameSelectsTheRelationship() {
        Route route = ConnectRouter.route(List.of(alpha, beta), connect("beta"));

        assertEquals(new Accept(beta), route);
    }

    @Test
    void anUnknownNameIsAConfigurationConflict() {
        Route route = ConnectRouter.route(List.of(alpha, beta), connect("gamma"));

        UnknownRelationship refusal = assertInstanceOf(UnknownRelationship.class, route);
        assertEquals("gamma", refusal.requested());
        assertEquals(StatusCode.CONFIGURATION_CONFLICT, refusal.status());
        assertEquals("no relationship named \"gamma\" with this partner", refusal.reason());
    }

    @Test
    void namesAreComparedExactly() {
        Route route = ConnectRouter.route(List.of(alpha), connect("Alpha"));

        assertInstanceOf(UnknownRelationship.class, route);
    }

    @Test
    void withoutANameTheOnlyRelationshipWithThePartnerIsChosen() {
        assertEquals(new Accept(alpha), ConnectRouter.route(List.of(alpha), anonymousConnect()));
    }

    @Test
    void withoutANameSeveralRelationshipsAreAmbiguous() {
        Route route = ConnectRouter.route(List.of(alpha, beta), anonymousConnect());

        UnknownRelationship refusal = assertInstanceOf(UnknownRelationship.class, route);
        assertEquals("", refusal.requested());
        assertEquals("CONNECT names no relationship and this partner has 2: alpha,beta", refusal.reason());
    }

    @Test
    void aConnectedRelationshipRefusesASecondConnectionWithUnspecFail() {
        alpha.onConnectionOpened(new NullLink(), 0);

        Route route = ConnectRouter.route(List.of(alpha, beta), connect("alpha"));

        AlreadyConnected refusal = assertInstanceOf(AlreadyConnected.class, route);
        assertEquals(alpha, refusal.handler());
        assertEquals(StatusCode.UNSPEC_FAIL, refusal.status());
    }

    @Test
    void namesListsTheRelationshipsForLogLines() {
        List<PartnerConnectionHandler> both = List.of(alpha, beta);

        assertEquals("alpha,beta", ConnectRouter.names(both));
    }

    /** A link that goes nowhere, to make a handler connected without a socket. */
    private static final class NullLink implements PartnerLink {
        @Override
        public void send(FailoverMessage message) {
        }

        @Override
        public void close(String reason) {
        }

        @Override
        public String peer() {
            return "127.0.0.1:647";
        }
    }
}
