package org.dhcpfailover.plugin.wire;

import java.util.List;

/**
 * Decodes one failover message, without its 2-octet size prefix (see {@link FrameDecoder}),
 * into a {@link FailoverMessage}. Pure function of its input. Bad input only ever produces a
 * {@link DecodeException} naming the kind, the offset within the message and the field; the
 * caller answers it with DISCONNECT (RFC 8156 §5.3.10). Required options are not checked here
 * (a BNDUPD without CLIENT_DATA decodes and is answered with MissingBindingInformation, §7.5.3):
 * see {@link RequiredOptions}.
 */
public final class FailoverMessageDecoder {
    private FailoverMessageDecoder() {
    }

    /** Decodes {@code message}, which holds exactly one message. */
    public static FailoverMessage decode(byte[] message) throws DecodeException {
        return decode(message, 0, message.length);
    }

    /** Decodes the {@code length} octets of {@code buffer} from {@code offset}. */
    public static FailoverMessage decode(byte[] buffer, int offset, int length) throws DecodeException {
        if (offset < 0 || length < 0 || length > buffer.length - offset) {
            throw new IndexOutOfBoundsException("window " + offset + "+" + length + " outside " + buffer.length);
        }
        if (length > FailoverMessage.MAX_MESSAGE_SIZE) {
            throw new DecodeException(DecodeException.Kind.FRAME_TOO_LONG, 0, "message",
                    length + " octets exceed the 16-bit message-size (RFC 5460 §5.1)");
        }
        WireReader in = new WireReader(buffer, offset, offset, offset + length);
        MessageType type = MessageType.valueOf(in.u8("header.msg-type"));
        int transactionId = in.u24("header.transaction-id");
        long sentTime = HeaderFormat.hasSentTime(type) ? in.u32("header.sent-time") : 0;
        List<DhcpOption> options = OptionDecoder.options(in, Containment.topLevel(type));
        return new FailoverMessage(type, transactionId, sentTime, options);
    }
}
