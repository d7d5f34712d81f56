package org.dhcpfailover.plugin.wire;

/**
 * Length of the message header, which depends on the message type.
 *
 * <p>Failover messages have an 8-octet header: msg-type, 24-bit transaction-id, 32-bit
 * sent-time (RFC 8156 §5.2). STARTTLS and REPLY are RFC 7653 messages (§8.2, §9.1) with the
 * plain 4-octet DHCPv6 header (msg-type, transaction-id; RFC 3315 §6). RFC 8156 does not say
 * which header they use on a failover connection; the project follows digest decision A17
 * (RFC 7653 format inside the same 2-octet framing), so their sent-time is absent and carried
 * as 0 in {@link FailoverMessage}.
 */
public final class HeaderFormat {
    /** Header of the failover messages 24–35 and of unknown types (RFC 8156 §5.2). */
    public static final int FAILOVER_HEADER_LENGTH = 8;
    /** Header of STARTTLS and REPLY (RFC 7653, RFC 3315 §6; digest A17). */
    public static final int DHCPV6_HEADER_LENGTH = 4;

    private HeaderFormat() {
    }

    /** Header length for a message of {@code type}. */
    public static int length(MessageType type) {
        return hasSentTime(type) ? FAILOVER_HEADER_LENGTH : DHCPV6_HEADER_LENGTH;
    }

    /** Whether the header of {@code type} carries sent-time. */
    public static boolean hasSentTime(MessageType type) {
        return !type.equals(MessageType.STARTTLS) && !type.equals(MessageType.REPLY);
    }

    /** Header length for a message whose first octet is {@code msgTypeOctet}. */
    static int length(int msgTypeOctet) {
        return length(MessageType.valueOf(msgTypeOctet & 0xFF));
    }
}
