package org.dhcpfailover.host.v6;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Relay-forward and Relay-reply messages (RFC 8415 §9, §19.3), which anarres 1.0.9 cannot decode
 * (its decoder copies the link address with the buffer's position as the array offset and throws):
 * the host unwraps the client's message from its relay frames, serves it, and wraps the reply in a
 * Relay-reply per frame with the same hop count, link and peer address and Interface-ID option.
 */
final class Relays {

    static final int RELAY_FORW = 12;
    static final int RELAY_REPL = 13;
    static final short OPTION_RELAY_MSG = 9;
    static final short OPTION_INTERFACE_ID = 18;
    /** RFC 8415 §7.6 HOP_COUNT_LIMIT: a relay does not forward a message that went through more. */
    static final int HOP_COUNT_LIMIT = 8;
    /** msg-type, hop-count, link-address, peer-address. */
    private static final int HEADER = 34;

    private Relays() {}

    /** One relay agent's frame around the client's message, outermost first in {@link Unwrapped#frames}. */
    record Frame(byte hopCount, byte[] linkAddress, byte[] peerAddress, Optional<byte[]> interfaceId) {}

    /** A datagram without its relay frames: the client's own message. */
    record Unwrapped(List<Frame> frames, byte[] message) {
        boolean relayed() {
            return !frames.isEmpty();
        }
    }

    /** The client's message inside {@code datagram}'s Relay-forward frames (none if not relayed). */
    static Unwrapped unwrap(byte[] datagram) throws MalformedMessageException {
        List<Frame> frames = new ArrayList<>();
        byte[] message = datagram;
        while (message.length > 0 && Byte.toUnsignedInt(message[0]) == RELAY_FORW) {
            if (frames.size() > HOP_COUNT_LIMIT) {
                throw new MalformedMessageException("Relay-forward nested more than " + (HOP_COUNT_LIMIT + 1) + " deep");
            }
            if (message.length < HEADER) {
                throw new MalformedMessageException("Relay-forward of " + message.length + " octets; its header has 34");
            }
            ByteBuffer in = ByteBuffer.wrap(message);
            in.position(HEADER);
            byte[] inner = null;
            byte[] interfaceId = null;
            while (in.hasRemaining()) {
                if (in.remaining() < 4) {
                    throw new MalformedMessageException("Relay-forward ends inside an option header");
                }
                int code = Short.toUnsignedInt(in.getShort());
                int length = Short.toUnsignedInt(in.getShort());
                if (length > in.remaining()) {
                    throw new MalformedMessageException("Relay-forward option " + code + " runs past the message");
                }
                byte[] data = new byte[length];
                in.get(data);
                if (code == OPTION_RELAY_MSG) {
                    inner = data;
                } else if (code == OPTION_INTERFACE_ID) {
                    interfaceId = data;
                }
            }
            if (inner == null) {
                throw new MalformedMessageException("Relay-forward without a Relay Message option (RFC 8415 §16.13)");
            }
            frames.add(new Frame(message[1], Arrays.copyOfRange(message, 2, 18), Arrays.copyOfRange(message, 18, 34),
                    Optional.ofNullable(interfaceId)));
            message = inner;
        }
        return new Unwrapped(List.copyOf(frames), message);
    }

    /** {@code reply} inside one Relay-reply per frame, the innermost frame's first (RFC 8415 §19.3). */
    static byte[] wrap(List<Frame> frames, byte[] reply) {
        byte[] message = reply;
        for (int i = frames.size() - 1; i >= 0; i--) {
            Frame frame = frames.get(i);
            ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER + 8 + message.length);
            out.write(RELAY_REPL);
            out.write(frame.hopCount());
            out.writeBytes(frame.linkAddress());
            out.writeBytes(frame.peerAddress());
            frame.interfaceId().ifPresent(id -> writeOption(out, OPTION_INTERFACE_ID, id));
            writeOption(out, OPTION_RELAY_MSG, message);
            message = out.toByteArray();
        }
        return message;
    }

    private static void writeOption(ByteArrayOutputStream out, short code, byte[] data) {
        out.writeBytes(ByteBuffer.allocate(4).putShort(code).putShort((short) data.length).array());
        out.writeBytes(data);
    }
}
