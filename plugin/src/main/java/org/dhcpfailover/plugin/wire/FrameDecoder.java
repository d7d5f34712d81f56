package org.dhcpfailover.plugin.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.dhcpfailover.plugin.wire.DecodeException.Kind;

/**
 * Reading side of the TCP framing (RFC 8156 §5.1 → RFC 5460 §5.1). Fed whatever chunks the
 * socket delivers, it returns each complete message (without its size prefix), however the
 * frames were split or coalesced.
 *
 * <p>A message-size below the 8-octet failover header is refused (RFC 8156 §5.2, digest
 * §13.10), except that STARTTLS and REPLY may be as short as their 4-octet RFC 7653 header
 * (digest A17): for sizes 4–7 the decision waits for the message's first octet. A size above
 * the configured maximum is refused too, so the buffer never holds more than 2 + maximum
 * octets; it grows with the octets actually received, not with the announced size. After an
 * error the stream cannot be resynchronised: every later call throws the same error, and the
 * caller sends DISCONNECT and closes. Not thread-safe: one instance per connection.
 */
public final class FrameDecoder {
    private static final int INITIAL_CAPACITY = 256;

    private int maxMessageSize;
    private final byte[] prefix = new byte[Frames.PREFIX_LENGTH];
    private int prefixFilled;
    private int messageSize = -1;
    private byte[] message = new byte[0];
    private int messageFilled;
    private DecodeException failure;

    /** A decoder accepting messages up to 65535 octets. */
    public FrameDecoder() {
        this(Frames.MAX_MESSAGE_SIZE);
    }

    /**
     * @param maxMessageSize largest accepted message, {@value HeaderFormat#FAILOVER_HEADER_LENGTH}
     *                       to 65535 octets
     */
    public FrameDecoder(int maxMessageSize) {
        if (maxMessageSize < HeaderFormat.FAILOVER_HEADER_LENGTH || maxMessageSize > Frames.MAX_MESSAGE_SIZE) {
            throw new IllegalArgumentException("maximum message size " + maxMessageSize + " is outside "
                    + HeaderFormat.FAILOVER_HEADER_LENGTH + ".." + Frames.MAX_MESSAGE_SIZE);
        }
        this.maxMessageSize = maxMessageSize;
    }

    /** The maximum message size in force. */
    public int maxMessageSize() {
        return maxMessageSize;
    }

    /**
     * Lowers the maximum for the messages whose size has not been read yet, once the connection's
     * relationship, and so its own limit, is known. A larger value leaves the maximum unchanged.
     */
    public void restrict(int maximum) {
        if (maximum < HeaderFormat.FAILOVER_HEADER_LENGTH) {
            throw new IllegalArgumentException("maximum message size " + maximum + " is below the header");
        }
        maxMessageSize = Math.min(maxMessageSize, maximum);
    }

    /**
     * Consumes {@code length} octets of {@code buffer} from {@code offset} and returns the
     * messages completed by them, in order (possibly none). When a bad message-size follows
     * complete messages in the same octets, those messages are returned and the error is kept:
     * {@link #failure()} reports it and every later call throws it, so that a receiver handles
     * what the partner sent before the damage (a BNDUPD, a DISCONNECT) and then drops the
     * connection.
     *
     * @throws DecodeException FRAME_TOO_SHORT or FRAME_TOO_LONG for a bad message-size, when no
     *     message completed before it
     */
    public List<byte[]> feed(byte[] buffer, int offset, int length) throws DecodeException {
        if (offset < 0 || length < 0 || length > buffer.length - offset) {
            throw new IndexOutOfBoundsException("window " + offset + "+" + length + " outside " + buffer.length);
        }
        if (failure != null) {
            throw failure;
        }
        List<byte[]> complete = new ArrayList<>();
        int position = offset;
        int end = offset + length;
        try {
            while (position < end) {
                if (messageSize < 0) {
                    prefix[prefixFilled++] = buffer[position++];
                    if (prefixFilled == Frames.PREFIX_LENGTH) {
                        startMessage((prefix[0] & 0xFF) << 8 | prefix[1] & 0xFF);
                    }
                } else {
                    int take = Math.min(end - position, messageSize - messageFilled);
                    ensureCapacity(messageFilled + take);
                    System.arraycopy(buffer, position, message, messageFilled, take);
                    messageFilled += take;
                    position += take;
                    checkShortMessage();
                }
                if (messageSize >= 0 && messageFilled == messageSize) {
                    complete.add(Arrays.copyOf(message, messageSize));
                    reset();
                }
            }
        } catch (DecodeException e) {
            failure = e;
            if (complete.isEmpty()) {
                throw e;
            }
        }
        return complete;
    }

    /** The framing error met so far, if any; once set the stream cannot be decoded further. */
    public Optional<DecodeException> failure() {
        return Optional.ofNullable(failure);
    }

    /** Whether part of a frame has been received and not yet completed. */
    public boolean hasPartialFrame() {
        return prefixFilled > 0;
    }

    private void startMessage(int size) throws DecodeException {
        if (size < HeaderFormat.DHCPV6_HEADER_LENGTH) {
            throw tooShort(size);
        }
        if (size > maxMessageSize) {
            throw new DecodeException(Kind.FRAME_TOO_LONG, 0, "frame.message-size",
                    "message-size " + size + " exceeds the maximum of " + maxMessageSize);
        }
        messageSize = size;
        messageFilled = 0;
    }

    private void checkShortMessage() throws DecodeException {
        if (messageFilled > 0 && messageSize < HeaderFormat.length(message[0])) {
            throw tooShort(messageSize);
        }
    }

    private static DecodeException tooShort(int size) {
        return new DecodeException(Kind.FRAME_TOO_SHORT, 0, "frame.message-size", "message-size " + size
                + " is shorter than the " + HeaderFormat.FAILOVER_HEADER_LENGTH + "-octet header (RFC 8156 §5.2)");
    }

    private void ensureCapacity(int needed) {
        if (needed > message.length) {
            int grown = Math.max(needed, Math.min(messageSize, Math.max(INITIAL_CAPACITY, message.length * 2)));
            message = Arrays.copyOf(message, grown);
        }
    }

    private void reset() {
        prefixFilled = 0;
        messageSize = -1;
        messageFilled = 0;
        if (message.length > INITIAL_CAPACITY) {
            message = new byte[0];
        }
    }
}
