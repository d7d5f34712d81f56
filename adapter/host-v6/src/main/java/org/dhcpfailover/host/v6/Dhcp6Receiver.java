package org.dhcpfailover.host.v6;

import org.dhcpfailover.host.lease.HostCounters;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.anarres.dhcp.v6.io.Dhcp6MessageDecoder;
import org.anarres.dhcp.v6.io.Dhcp6MessageEncoder;
import org.anarres.dhcp.v6.io.Dhcp6RequestContext;
import org.anarres.dhcp.v6.messages.Dhcp6Message;
import org.anarres.dhcp.v6.options.Dhcp6OptionsRegistry;
import org.anarres.dhcp.v6.service.Dhcp6Service;
import org.dhcpfailover.host.hooks.DeferredReplies;
import org.dhcpfailover.host.log.HostLog;
import org.dhcpfailover.host.log.HostMessage;

/**
 * The netty handler the host puts in place of anarres' {@code Dhcp6Handler} on the
 * {@code Dhcp6Server}'s channel. anarres 1.0.9's handler serves every datagram on the channel's one
 * event-loop thread (so one reply waiting for a hook's durable lease stops all receiving), logs a
 * stack trace at ERROR for every datagram its decoder cannot read (truncated options, a negative
 * option length, every Relay-forward) and a WARN for every message left unanswered, and encodes into a fixed 1,024-octet
 * buffer. This one copies the datagram, hands it to the host's worker pool (overflow is counted,
 * {@code HOST_OVERLOAD}), decodes it with anarres' decoder, counts what cannot be decoded
 * ({@code HOST_MALFORMED_DROPPED}), asks the {@link Dhcp6Service} and sends the reply to the
 * sender's address and port — for a relayed message, inside Relay-reply frames ({@link Relays}).
 */
final class Dhcp6Receiver extends SimpleChannelInboundHandler<DatagramPacket> {

    /** The largest reply: a UDP payload. */
    static final int MAX_REPLY = 65_507;

    private static final HostLog LOG = HostLog.forClass(Dhcp6Receiver.class);

    private final Dhcp6MessageDecoder decoder = new Dhcp6MessageDecoder(Dhcp6OptionsRegistry.getInstance());
    private final Dhcp6Service service;
    private final Executor workers;
    private final HostCounters counters;
    private final DeferredReplies<DatagramPacket> deferred;
    private final Duration durableWait;
    private final Clock clock;

    /**
     * @param deferred    sends the replies that wait for a hook's lease to become durable, so that
     *                    no worker waits for the disk
     * @param durableWait how long such a reply may wait; after that it is dropped (the client retransmits)
     */
    Dhcp6Receiver(Dhcp6Service service, Executor workers, HostCounters counters,
            DeferredReplies<DatagramPacket> deferred, Duration durableWait, Clock clock) {
        this.service = Objects.requireNonNull(service, "service");
        this.workers = Objects.requireNonNull(workers, "workers");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.deferred = Objects.requireNonNull(deferred, "deferred");
        this.durableWait = Objects.requireNonNull(durableWait, "durableWait");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, DatagramPacket datagram) {
        ByteBuf content = datagram.content();
        byte[] bytes = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), bytes);
        InetSocketAddress sender = datagram.sender();
        Channel channel = context.channel();
        try {
            workers.execute(() -> dispatch(bytes, sender, reply -> channel.writeAndFlush(reply)));
        } catch (RejectedExecutionException e) {
            counters.overload().increment(); // the pool is stopping, or its rejection handler rethrew
        }
    }

    /**
     * Serves one datagram on the calling worker and sends its reply through {@code now}, unless the
     * reply waits for a hook's lease to become durable: then {@link DeferredReplies} sends it when
     * it is (with lifetimes counted from then), and the worker goes on at once.
     */
    void dispatch(byte[] bytes, InetSocketAddress sender, Consumer<DatagramPacket> now) {
        PendingReply pending = new PendingReply();
        Optional<Supplier<byte[]>> reply = answer(bytes, sender, pending);
        if (reply.isEmpty()) {
            return;
        }
        if (!pending.waits()) {
            byte[] encoded = reply.get().get();
            if (encoded != null) {
                now.accept(new DatagramPacket(Unpooled.wrappedBuffer(encoded), sender));
            }
            return;
        }
        deferred.whenDurable(pending.durable(), durableWait, source(sender), () -> {
            byte[] late = reply.get().get();
            return late == null ? null : new DatagramPacket(Unpooled.wrappedBuffer(late), sender);
        }, failure -> pending.logNotDurable(durableWait, failure));
    }

    private static String source(InetSocketAddress sender) {
        return sender == null ? "?" : sender.getAddress().getHostAddress() + "." + sender.getPort();
    }

    /**
     * Unwraps relay frames ({@link Relays}), decodes, serves and encodes one datagram, and wraps
     * the reply for the relays; empty when there is nothing to send. A reply that waits for a
     * hook's lease to become durable is waited for here, on the calling thread (the receiving
     * path hands that wait to {@link DeferredReplies} instead). Never throws.
     */
    Optional<byte[]> serve(byte[] datagram, InetSocketAddress sender) {
        PendingReply pending = new PendingReply();
        Optional<Supplier<byte[]>> reply = answer(datagram, sender, pending);
        if (reply.isEmpty() || (pending.waits() && !pending.await(durableWait))) {
            return Optional.empty();
        }
        return Optional.ofNullable(reply.get().get());
    }

    /**
     * Unwraps, decodes and serves one datagram with {@code pending} collecting what its reply
     * waits for; the reply's encoder (lifetimes counted from when it runs, wrapped for the relays;
     * null if encoding fails, logged), or empty when there is nothing to send. Never throws.
     */
    private Optional<Supplier<byte[]>> answer(byte[] datagram, InetSocketAddress sender, PendingReply pending) {
        String source = source(sender);
        Relays.Unwrapped unwrapped;
        Dhcp6Message request;
        try {
            unwrapped = Relays.unwrap(datagram);
            request = decoder.decode(ByteBuffer.wrap(unwrapped.message()));
        } catch (Exception e) { // Dhcp6Exception, IOException, and the decoder's unchecked ones on short data
            String why = "not a DHCPv6 message (" + datagram.length + " octets): " + e;
            counters.malformed().increment(source + ": " + why);
            LOG.log(HostMessage.HOST_MESSAGE_IGNORED, source, why);
            return Optional.empty();
        }
        try {
            java.net.InetAddress client = unwrapped.relayed()
                    ? java.net.InetAddress.getByAddress(unwrapped.frames().get(unwrapped.frames().size() - 1).peerAddress())
                    : sender == null ? null : sender.getAddress();
            Dhcp6Message reply = pending.collect(
                    () -> service.getReplyFor(new Dhcp6RequestContext(client), request).orNull());
            if (reply == null) {
                return Optional.empty();
            }
            return Optional.of(() -> {
                try {
                    pending.prepareToSend(clock.instant());
                    return Relays.wrap(unwrapped.frames(), encode(reply));
                } catch (Exception e) {
                    LOG.log(HostMessage.HOST_SERVE_FAILED, source, e);
                    return null;
                }
            });
        } catch (Exception e) {
            LOG.log(HostMessage.HOST_SERVE_FAILED, source, e);
            return Optional.empty();
        }
    }

    private static byte[] encode(Dhcp6Message reply) throws java.io.IOException {
        int length = reply.getLength();
        if (length > MAX_REPLY) {
            throw new IllegalStateException("a reply of " + length + " octets does not fit a UDP datagram");
        }
        ByteBuffer out = ByteBuffer.allocate(length);
        Dhcp6MessageEncoder.getInstance().encode(out, reply);
        out.flip();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        LOG.log(HostMessage.HOST_SERVE_FAILED, "the DHCPv6 socket", cause);
    }
}
