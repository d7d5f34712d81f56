package org.dhcpfailover.plugin.wire;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One failover message (RFC 8156 §5.2): msg-type, 24-bit transaction-id, uint32 sent-time and
 * the options. The constructor refuses anything that could not be encoded and decoded back: a
 * transaction-id over 24 bits, a known option in a place {@link Containment} does not allow, or
 * a message over 65535 octets (the 16-bit message-size of RFC 5460 §5.1).
 *
 * @param type          the message type (unknown types are kept)
 * @param transactionId 0 to 0xFFFFFF; initiators set it, replies echo it (§5.4, digest A9)
 * @param sentTime      absolute time of sending (§5.2, §7.1); 0 for STARTTLS and REPLY, whose
 *                      header has no sent-time ({@link HeaderFormat}, digest A17)
 * @param options       the top-level options in wire order
 */
public record FailoverMessage(MessageType type, int transactionId, long sentTime, List<DhcpOption> options)
        implements OptionContainer {
    /** Largest transaction-id (24 bits, §5.2). */
    public static final int MAX_TRANSACTION_ID = 0xFF_FFFF;
    /** Largest message, the 16-bit message-size of the framing (RFC 5460 §5.1). */
    public static final int MAX_MESSAGE_SIZE = 0xFFFF;

    public FailoverMessage {
        Objects.requireNonNull(type, "type");
        if (transactionId < 0 || transactionId > MAX_TRANSACTION_ID) {
            throw new IllegalArgumentException("transaction-id " + transactionId + " does not fit 24 bits");
        }
        Checks.uint32("sent-time", sentTime);
        if (!HeaderFormat.hasSentTime(type) && sentTime != 0) {
            throw new IllegalArgumentException(type.name() + " has no sent-time field; use 0");
        }
        options = List.copyOf(options);
        Containment.check(type, options);
        int size = HeaderFormat.length(type) + WireWriter.encodedLength(options);
        if (size > MAX_MESSAGE_SIZE) {
            throw new IllegalArgumentException("message of " + size + " octets exceeds " + MAX_MESSAGE_SIZE);
        }
    }

    /** A message with the given options. */
    public static FailoverMessage of(MessageType type, int transactionId, long sentTime, DhcpOption... options) {
        return new FailoverMessage(type, transactionId, sentTime, Arrays.asList(options));
    }

    /** Octets of the encoded message, without the 2-octet size prefix. */
    public int encodedLength() {
        return HeaderFormat.length(type) + WireWriter.encodedLength(options);
    }
}
