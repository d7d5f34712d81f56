package org.dhcpfailover.host.v6;

import static org.dhcpfailover.host.v6.V6Packets.ADVERTISE;
import static org.dhcpfailover.host.v6.V6Packets.IA_NA;
import static org.dhcpfailover.host.v6.V6Packets.REQUEST;
import static org.dhcpfailover.host.v6.V6Packets.SOLICIT;
import static org.dhcpfailover.host.v6.V6Packets.clientId;
import static org.dhcpfailover.host.v6.V6Packets.concat;
import static org.dhcpfailover.host.v6.V6Packets.iaAddr;
import static org.dhcpfailover.host.v6.V6Packets.iaNa;
import static org.dhcpfailover.host.v6.V6Packets.ip;
import static org.dhcpfailover.host.v6.V6Packets.message;
import static org.dhcpfailover.host.v6.V6Packets.option;
import static org.dhcpfailover.host.v6.V6Packets.serverId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.dhcpfailover.host.v6.V6Packets.Lease;
import org.dhcpfailover.host.v6.V6Packets.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad client input: what RFC 8415 §16 says to discard is dropped and counted (one
 * HOST_MALFORMED_DROPPED line per sweep, not one per message), what it says to ignore is ignored,
 * client-supplied lifetimes never become the server's (RFC 8415 §18.3.1: hints only), and the
 * host goes on serving after each of them.
 */
class MalformedInputTest {

    @TempDir
    Path store;

    private V6Fixture host;

    @BeforeEach
    void start() throws Exception {
        host = new V6Fixture(store);
    }

    @AfterEach
    void stop() {
        host.close();
    }

    private void droppedAndCounted(byte[] datagram, String why) {
        host.counters.malformed().drain();
        assertTrue(host.send(datagram).isEmpty(), "no reply: " + why);
        assertEquals(1, host.counters.malformed().drain(), "counted once: " + why);
        assertStillServing();
    }

    private void assertStillServing() {
        Reply advertise = host.reply(message(SOLICIT, 0x42, clientId(200), iaNa(1)));
        assertEquals(ADVERTISE, advertise.type());
        assertEquals(1, advertise.ias().get(0).leases().size());
    }

    @Test
    void datagramsThatAreNoDhcpv6MessageAreDroppedAndCounted() {
        droppedAndCounted(new byte[0], "empty");
        droppedAndCounted(new byte[] {1, 0, 0}, "shorter than the header (RFC 8415 §8)");
        droppedAndCounted(message(200, 1, clientId(1)), "an unknown message type");
    }

    @Test
    void anOptionRunningPastTheEndOfTheMessageIsDroppedAndCounted() {
        byte[] truncated = concat(message(SOLICIT, 1, clientId(1)), new byte[] {0, 3, 0, 100, 0, 0, 0, 1});
        droppedAndCounted(truncated, "IA_NA claims 100 octets, 4 follow");
        byte[] huge = concat(message(SOLICIT, 2, clientId(1)), new byte[] {0, 3, (byte) 0xff, (byte) 0xf0});
        droppedAndCounted(huge, "an option length above 32767 (anarres reads it as a negative number)");
    }

    @Test
    void messagesRfc8415Section16SaysToDiscardAreDroppedAndCounted() {
        droppedAndCounted(message(SOLICIT, 1, iaNa(1)), "SOLICIT without a Client Identifier (§16.2)");
        droppedAndCounted(message(SOLICIT, 2, clientId(1), serverId(V6Fixture.SERVER_DUID), iaNa(1)),
                "SOLICIT with a Server Identifier (§16.2)");
        droppedAndCounted(message(REQUEST, 3, clientId(1), iaNa(1)), "REQUEST without a Server Identifier (§16.4)");
        droppedAndCounted(message(SOLICIT, 4, option(V6Packets.CLIENTID, new byte[0]), iaNa(1)),
                "an empty DUID (§11.1)");
        droppedAndCounted(message(SOLICIT, 5, option(V6Packets.CLIENTID, new byte[131]), iaNa(1)),
                "a DUID of 131 octets (§11.1: at most 130)");
        droppedAndCounted(message(V6Packets.INFORMATION_REQUEST, 6, clientId(1), iaNa(1)),
                "INFORMATION-REQUEST with an IA (§16.12)");
    }

    @Test
    void identityAssociationsShorterThanTheirFixedFieldsAreDroppedAndCounted() {
        droppedAndCounted(message(SOLICIT, 1, clientId(1), option(IA_NA, new byte[8])), "IA_NA of 8 octets (§21.4: 12)");
        droppedAndCounted(message(SOLICIT, 2, clientId(1), option(V6Packets.IA_PD, new byte[3])), "IA_PD of 3 octets");
        byte[] shortAddress = option(IA_NA, concat(new byte[12], option(V6Packets.IAADDR, new byte[10])));
        droppedAndCounted(message(SOLICIT, 3, clientId(1), shortAddress), "IAADDR of 10 octets (§21.6: 24)");
        byte[] runsOver = option(IA_NA, concat(new byte[12], new byte[] {0, 5, 0, 24, 1, 2}));
        droppedAndCounted(message(SOLICIT, 4, clientId(1), runsOver), "an IAADDR running past its IA_NA");
        droppedAndCounted(message(SOLICIT, 5, clientId(1), iaNa(7), iaNa(7)), "the same IA twice");
    }

    @Test
    void unknownOptionsAndUnknownIaTypesAreIgnored_rfc8415_16() {
        byte[] unknownInside = option(IA_NA, concat(new byte[] {0, 0, 0, 1}, new byte[8], option(4242, new byte[] {9})));
        Reply reply = host.reply(message(SOLICIT, 1, clientId(1), option(4242, new byte[] {1, 2, 3}),
                option(35, new byte[12]), unknownInside));
        assertEquals(1, reply.ias().size(), "option 35 is no IA this server knows: ignored");
        assertEquals(1, reply.ias().get(0).leases().size());
        assertEquals(0, host.counters.malformed().drain());
    }

    @Test
    void absurdLifetimesAndTimersFromTheClientAreHintsTheServerDoesNotTake_rfc8415_18_3_1() {
        byte[] ia = option(IA_NA, concat(ByteBuffer.allocate(12).putInt(1).putInt(-1).putInt(5).array(),
                iaAddr("2001:db8:1::1010", 0xFFFF_FFFFL, 10)));
        Reply reply = host.reply(message(SOLICIT, 1, clientId(1), ia));
        V6Packets.IaReply answer = reply.ias().get(0);
        assertEquals(List.of(new Lease(ip("2001:db8:1::1010"), 128, 3600, 7200)), answer.leases(),
                "the hinted address with the pool's lifetimes, not preferred 0xFFFFFFFF > valid 10");
        assertEquals(1800, answer.t1());
        assertEquals(2880, answer.t2());
    }

    @Test
    void relayFramesThatDoNotHoldUpAreDroppedAndCounted_rfc8415_16_13() {
        droppedAndCounted(concat(new byte[] {12, 0}, new byte[20]), "a Relay-forward shorter than its 34-octet header");
        droppedAndCounted(concat(new byte[] {12, 0}, new byte[32], option(18, new byte[] {1})),
                "a Relay-forward without a Relay Message option");
        byte[] nested = message(SOLICIT, 1, clientId(1), iaNa(1));
        for (int i = 0; i < 10; i++) {
            nested = concat(new byte[] {12, (byte) i}, new byte[32], option(9, nested));
        }
        droppedAndCounted(nested, "relayed through more than HOP_COUNT_LIMIT (8) relays");
        droppedAndCounted(concat(new byte[] {13, 0}, new byte[32], option(9, message(SOLICIT, 1, clientId(1)))),
                "a Relay-reply sent to the server");
    }
}
