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
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.anarres.dhcp.v6.io.Dhcp6MessageDecoder;
import org.anarres.dhcp.v6.io.Dhcp6MessageEncoder;
import org.anarres.dhcp.v6.io.Dhcp6RequestContext;
import org.anarres.dhcp.v6.messages.Dhcp6Message;
import org.anarres.dhcp.v6.options.Dhcp6OptionsRegistry;
import org.anarres.dhcp.v6.service.Dhcp6Service;
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

    Dhcp6Receiver(Dhcp6Service service, Executor workers, HostCounters counters) {
        this.service = Objects.requireNonNull(service, "service");
        this.workers = Objects.requireNonNull(workers, "workers");
        this.counters = Objects.requireNonNull(counters, "counters");
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, DatagramPacket datagram) {
        ByteBuf content = datagram.content();
        byte[] bytes = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), bytes);
        InetSocketAddress sender = datagram.sender();
        Channel channel = context.channel();
        try {
            workers.execute(() -> {
                Optional<byte[]> reply = serve(bytes, sender);
                reply.ifPresent(r -> channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(r), sender)));
            });
        } catch (RejectedExecutionException e) {
            counters.overload().increment(); // the pool is stopping, or its rejection handler rethrew
        }
    }

    /**
     * Unwraps relay frames ({@link Relays}), decodes, serves and encodes one datagram, and wraps
     * the reply for the relays; empty when there is nothing to send. Never throws.
     */
    Optional<byte[]> serve(byte[] datagram, InetSocketAddress sender) {
        String source = sender == null ? "?" : sender.getAddress().getHostAddress() + "." + sender.getPort();
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
            com.google.common.base.Optional<Dhcp6Message> reply = service.getReplyFor(new Dhcp6RequestContext(client),
                    request);
            if (!reply.isPresent()) {
                return Optional.empty();
            }
            int length = reply.get().getLength();
            if (length > MAX_REPLY) {
                throw new IllegalStateException("a reply of " + length + " octets does not fit a UDP datagram");
            }
            ByteBuffer out = ByteBuffer.allocate(length);
            Dhcp6MessageEncoder.getInstance().encode(out, reply.get());
            out.flip();
            byte[] bytes = new byte[out.remaining()];
            out.get(bytes);
            return Optional.of(Relays.wrap(unwrapped.frames(), bytes));
        } catch (Exception e) {
            LOG.log(HostMessage.HOST_SERVE_FAILED, source, e);
            return Optional.empty();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        LOG.log(HostMessage.HOST_SERVE_FAILED, "the DHCPv6 socket", cause);
    }
}
