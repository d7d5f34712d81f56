package org.dhcpfailover.plugin.transport;

import java.util.Optional;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.MessageType;
import org.dhcpfailover.plugin.wire.OptionCode;
import org.dhcpfailover.plugin.wire.StatusCode;
import org.dhcpfailover.plugin.wire.StatusCodeOption;

/**
 * The STARTTLS exchange that opens a TLS-protected failover connection (RFC 8156 §6.1 and §10,
 * which point to RFC 7653 §8.2 for the requestor and §9.1 for the server; the primary is the
 * requestor). Messages use the RFC 7653 4-octet header inside the 2-octet failover framing
 * (decision A17, {@link org.dhcpfailover.plugin.wire.HeaderFormat}).
 *
 * <ul>
 *   <li>The primary sends STARTTLS as its first message and waits for the REPLY.
 *   <li>The secondary answers a REPLY without status code: the TLS handshake follows; or a
 *       REPLY with TLSConnectionRefused when it does not do TLS with this partner.
 *   <li>Anything but a REPLY without status, with the same transaction-id, is a refusal: the
 *       primary closes (RFC 7653 §8.2), also when the connection closes or stays silent.
 * </ul>
 */
final class StartTls {

    /** What the primary makes of the secondary's answer. */
    sealed interface Answer permits Proceed, Refused {
    }

    /** A REPLY without status: start the handshake. */
    record Proceed() implements Answer {
    }

    /** Anything else: close, saying why. */
    record Refused(String reason) implements Answer {
    }

    private StartTls() {
    }

    /** The primary's first message on a TLS relationship (RFC 7653 §8.2): no options. */
    static FailoverMessage request(int transactionId) {
        return FailoverMessage.of(MessageType.STARTTLS, transactionId, 0);
    }

    /** Whether {@code first}, the first message of an accepted connection, asks for TLS. */
    static boolean isRequest(FailoverMessage first) {
        return MessageType.STARTTLS.equals(first.type());
    }

    /** The secondary's go-ahead (RFC 7653 §9.1): a REPLY without status code. */
    static FailoverMessage proceed(FailoverMessage request) {
        return FailoverMessage.of(MessageType.REPLY, request.transactionId(), 0);
    }

    /** The secondary's refusal (RFC 7653 §9.1): REPLY with TLSConnectionRefused. */
    static FailoverMessage refuse(FailoverMessage request, String why) {
        return FailoverMessage.of(MessageType.REPLY, request.transactionId(), 0,
                new StatusCodeOption(StatusCode.TLS_CONNECTION_REFUSED, why));
    }

    /** The primary's reading of the secondary's first message. */
    static Answer judge(FailoverMessage answer, int transactionId) {
        if (!MessageType.REPLY.equals(answer.type())) {
            return new Refused("partner answered STARTTLS with " + answer.type().name() + ", not REPLY");
        }
        if (answer.transactionId() != transactionId) {
            return new Refused("REPLY transaction-id " + answer.transactionId() + " is not the STARTTLS's "
                    + transactionId);
        }
        Optional<StatusCodeOption> status = answer.first(OptionCode.STATUS_CODE, StatusCodeOption.class);
        if (status.isPresent()) {
            String text = status.get().message().isEmpty() ? "" : ": " + status.get().message();
            return new Refused("partner answered " + status.get().status().name() + text);
        }
        return new Proceed();
    }
}
