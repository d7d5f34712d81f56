package org.dhcpfailover.plugin.wire;

import java.util.Collection;

/**
 * Failover message type (the 8-bit msg-type of the header, RFC 8156 §5.2, §5.3, §11), plus the
 * two RFC 7653 messages that can share the failover connection when TLS is negotiated
 * (STARTTLS, REPLY; RFC 7653 §8.2, §9.1). Open enum: unknown types are kept.
 */
public final class MessageType extends OpenCode {
    private static final CodeTable<MessageType> TABLE =
            new CodeTable<>("message type", 0xFF, code -> new MessageType(code, null));

    /** RFC 7653 §9.1: answer to STARTTLS; no STATUS_CODE means "go ahead with TLS". */
    public static final MessageType REPLY = TABLE.register(new MessageType(7, "REPLY"));
    /** RFC 7653 §8.2: primary asks for TLS before CONNECT. */
    public static final MessageType STARTTLS = TABLE.register(new MessageType(23, "STARTTLS"));
    /** RFC 8156 §5.3.1. */
    public static final MessageType BNDUPD = TABLE.register(new MessageType(24, "BNDUPD"));
    /** RFC 8156 §5.3.2. */
    public static final MessageType BNDREPLY = TABLE.register(new MessageType(25, "BNDREPLY"));
    /** RFC 8156 §5.3.3. */
    public static final MessageType POOLREQ = TABLE.register(new MessageType(26, "POOLREQ"));
    /** RFC 8156 §5.3.4. */
    public static final MessageType POOLRESP = TABLE.register(new MessageType(27, "POOLRESP"));
    /** RFC 8156 §5.3.5. */
    public static final MessageType UPDREQ = TABLE.register(new MessageType(28, "UPDREQ"));
    /** RFC 8156 §5.3.6. */
    public static final MessageType UPDREQALL = TABLE.register(new MessageType(29, "UPDREQALL"));
    /** RFC 8156 §5.3.7. */
    public static final MessageType UPDDONE = TABLE.register(new MessageType(30, "UPDDONE"));
    /** RFC 8156 §5.3.8. */
    public static final MessageType CONNECT = TABLE.register(new MessageType(31, "CONNECT"));
    /** RFC 8156 §5.3.9. */
    public static final MessageType CONNECTREPLY = TABLE.register(new MessageType(32, "CONNECTREPLY"));
    /** RFC 8156 §5.3.10. */
    public static final MessageType DISCONNECT = TABLE.register(new MessageType(33, "DISCONNECT"));
    /** RFC 8156 §5.3.11. */
    public static final MessageType STATE = TABLE.register(new MessageType(34, "STATE"));
    /** RFC 8156 §5.3.12. */
    public static final MessageType CONTACT = TABLE.register(new MessageType(35, "CONTACT"));

    private MessageType(int code, String name) {
        super(code, name);
    }

    /** The type for an 8-bit code; unknown codes give an unknown (but usable) value. */
    public static MessageType valueOf(int code) {
        return TABLE.valueOf(code);
    }

    /** The known types, by code. */
    public static Collection<MessageType> knownValues() {
        return TABLE.values();
    }
}
