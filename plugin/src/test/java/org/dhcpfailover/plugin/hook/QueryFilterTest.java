package org.dhcpfailover.plugin.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dhcpfailover.hook.spi.ClientMessage;
import org.dhcpfailover.hook.spi.ClientMessage.MessageType;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.endpoint.EndpointState;
import org.dhcpfailover.plugin.sync.Responsiveness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which client messages a server answers, per failover state and role (RFC 8156 §3, §8.1,
 * §8.3–§8.12; digest §6.1; docs/protocol.md "DHCP responsiveness").
 */
class QueryFilterTest {

    /** A client message as the host describes it, and whether its client holds a lease here. */
    private record Sample(ClientMessage message, boolean known) {
    }

    private static final Map<String, Sample> SAMPLES = new LinkedHashMap<>();

    static {
        sample("discover", MessageType.DISCOVER, false, false, false);
        sample("request-us", MessageType.REQUEST, true, false, true);
        sample("request-other", MessageType.REQUEST, false, true, true);
        sample("renew-us", MessageType.RENEW, true, false, true);
        sample("renew-us-unknown", MessageType.RENEW, true, false, false);
        sample("renew-other", MessageType.RENEW, false, true, true);
        sample("rebind", MessageType.REBIND, false, false, true);
        sample("release-us", MessageType.RELEASE, true, false, true);
        sample("decline-us", MessageType.DECLINE, true, false, true);
        sample("inform", MessageType.INFORM, false, false, false);
        sample("inform-us", MessageType.INFORM, true, false, false);
        sample("confirm", MessageType.CONFIRM, false, false, true);
    }

    private static void sample(String name, MessageType type, boolean toUs, boolean toOther, boolean known) {
        SAMPLES.put(name, new Sample(new ClientMessage(type, Optional.of("lan"), new byte[] {0, 3, 0, 1, 1},
                toUs, toOther), known));
    }

    private static final String ALL_BUT_OTHERS = "discover request-us renew-us renew-us-unknown rebind release-us "
            + "decline-us inform inform-us confirm";
    private static final String OWN_CLIENTS = "request-us renew-us release-us decline-us inform-us";

    private static String answered(Responsiveness responsiveness) {
        List<String> answered = new ArrayList<>();
        SAMPLES.forEach((name, sample) -> {
            if (QueryFilter.answers(responsiveness, sample.message(), sample::known)) {
                answered.add(name);
            }
        });
        return answered.isEmpty() ? "none" : String.join(" ", answered);
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            STARTUP                    | PRIMARY   | none
            STARTUP                    | SECONDARY | none
            NORMAL                     | PRIMARY   | all but others'
            NORMAL                     | SECONDARY | own clients
            COMMUNICATIONS_INTERRUPTED | PRIMARY   | all but others'
            COMMUNICATIONS_INTERRUPTED | SECONDARY | all but others'
            PARTNER_DOWN               | PRIMARY   | all but others'
            PARTNER_DOWN               | SECONDARY | all but others'
            POTENTIAL_CONFLICT         | PRIMARY   | none
            POTENTIAL_CONFLICT         | SECONDARY | none
            RECOVER                    | PRIMARY   | none
            RECOVER                    | SECONDARY | none
            RECOVER_WAIT               | PRIMARY   | none
            RECOVER_WAIT               | SECONDARY | none
            RECOVER_DONE               | PRIMARY   | own clients
            RECOVER_DONE               | SECONDARY | own clients
            RESOLUTION_INTERRUPTED     | PRIMARY   | all but others'
            RESOLUTION_INTERRUPTED     | SECONDARY | all but others'
            CONFLICT_DONE              | PRIMARY   | all but others'
            """)
    void messagesAnsweredByStateAndRole_rfc8156_8_1_digest6_1(EndpointState state, Role role, String expected) {
        String messages = switch (expected) {
            case "all but others'" -> ALL_BUT_OTHERS;
            case "own clients" -> OWN_CLIENTS;
            default -> expected;
        };
        assertEquals(messages, answered(state.responsiveness(role)));
    }

    @Test
    void whetherTheClientIsKnownIsAskedOnlyWhenItMatters_rfc8156_8_7_1() {
        ClientMessage discover = SAMPLES.get("discover").message();
        assertFalse(QueryFilter.answers(Responsiveness.RENEW_RESPONSIVE, discover, () -> {
            throw new AssertionError("a DISCOVER is never a renewal: no lookup");
        }));
        assertEquals(true, QueryFilter.answers(Responsiveness.RESPONSIVE, discover, () -> {
            throw new AssertionError("a responsive server answers whoever asks: no lookup");
        }));
    }
}
