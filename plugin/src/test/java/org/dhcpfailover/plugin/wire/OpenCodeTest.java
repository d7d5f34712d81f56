package org.dhcpfailover.plugin.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The open enums keep unknown codes and carry the RFC names. */
class OpenCodeTest {

    @Test
    @DisplayName("RFC 8156 §5.3, §11: message types 24–35 plus STARTTLS 23 and REPLY 7")
    void messageTypes() {
        assertEquals(14, MessageType.knownValues().size());
        assertEquals("BNDUPD", MessageType.valueOf(24).name());
        assertEquals("CONTACT", MessageType.valueOf(35).name());
        assertEquals("STARTTLS", MessageType.valueOf(23).name());
        assertEquals("REPLY", MessageType.valueOf(7).name());
        assertSame(MessageType.CONNECT, MessageType.valueOf(31));
        assertThrows(IllegalArgumentException.class, () -> MessageType.valueOf(256));
    }

    @Test
    @DisplayName("RFC 8156 §5.5, §11: option codes 1–100 reused and 114–134 new")
    void optionCodes() {
        assertEquals(13 + 21, OptionCode.knownValues().size());
        assertEquals("OPTION_IAPREFIX", OptionCode.valueOf(26).name());
        assertEquals("OPTION_F_STATE_EXPIRATION_TIME", OptionCode.valueOf(134).name());
        assertEquals("OPTION_LQ_BASE_TIME", OptionCode.valueOf(100).name());
        assertFalse(OptionCode.valueOf(2).isKnown(), "SERVERID is not used by failover");
    }

    @Test
    @DisplayName("RFC 8156 §5.6: status codes 0–22")
    void statusCodes() {
        assertEquals(23, StatusCode.knownValues().size());
        assertEquals("MissingBindingInformation", StatusCode.valueOf(18).name());
        assertEquals("ExcessiveTimeSkew", StatusCode.valueOf(22).name());
        assertEquals("Unknown(23)", StatusCode.valueOf(23).name());
    }

    @Test
    @DisplayName("RFC 8156 §5.5.1, §5.5.16: binding-status 1–8 and server states 1–10")
    void bindingStatusAndServerState() {
        assertEquals(8, BindingStatus.knownValues().size());
        assertEquals("FREE-BACKUP", BindingStatus.valueOf(6).name());
        assertFalse(BindingStatus.valueOf(0).isKnown(), "0 is reserved");
        assertEquals(10, ServerState.knownValues().size());
        assertEquals("COMMUNICATIONS-INTERRUPTED", ServerState.valueOf(3).name());
        assertEquals("CONFLICT-DONE", ServerState.valueOf(10).name());
    }

    @Test
    @DisplayName("RFC 7031 R10: unknown codes are values, equal by class and code")
    void unknownCodes() {
        MessageType unknown = MessageType.valueOf(99);
        assertFalse(unknown.isKnown());
        assertEquals(99, unknown.code());
        assertEquals("Unknown(99)", unknown.name());
        assertEquals(unknown, MessageType.valueOf(99));
        assertEquals(unknown.hashCode(), MessageType.valueOf(99).hashCode());
        assertNotEquals(MessageType.valueOf(24), BindingStatus.valueOf(24));
        assertTrue(MessageType.BNDUPD.isKnown());
        assertEquals("BNDUPD(24)", MessageType.BNDUPD.toString());
    }
}
