package org.dhcpfailover.host.v4;

import static org.dhcp4java.DHCPConstants.BOOTREQUEST;
import static org.dhcp4java.DHCPConstants.DHCPDECLINE;
import static org.dhcp4java.DHCPConstants.DHCPDISCOVER;
import static org.dhcp4java.DHCPConstants.DHCPINFORM;
import static org.dhcp4java.DHCPConstants.DHCPRELEASE;
import static org.dhcp4java.DHCPConstants.DHCPREQUEST;
import static org.dhcp4java.DHCPConstants.DHO_DHCP_REBINDING_TIME;
import static org.dhcp4java.DHCPConstants.DHO_DHCP_RENEWAL_TIME;
import static org.dhcp4java.DHCPConstants.DHO_DHCP_REQUESTED_ADDRESS;
import static org.dhcp4java.DHCPConstants.DHO_DHCP_SERVER_IDENTIFIER;

import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.dhcp4java.DHCPOption;
import org.dhcp4java.DHCPPacket;
import org.dhcp4java.DHCPResponseFactory;
import org.dhcp4java.DHCPServlet;
import org.dhcpfailover.hook.spi.ClientKey;
import org.dhcpfailover.hook.spi.ClientMessage.MessageType;
import org.dhcpfailover.hook.spi.ClientMessage;
import org.dhcpfailover.hook.spi.HostLease;
import org.dhcpfailover.hook.spi.LeaseDecision;
import org.dhcpfailover.hook.spi.LeaseEvent;
import org.dhcpfailover.hook.spi.LeaseRequest;
import org.dhcpfailover.host.hooks.DeferredReplies;
import org.dhcpfailover.host.hooks.Durability;
import org.dhcpfailover.host.hooks.HostHooks;
import org.dhcpfailover.host.lease.HostCounters;
import org.dhcpfailover.host.log.HostLog;
import org.dhcpfailover.host.log.HostMessage;

/**
 * The DHCPv4 server logic on dhcp4java (RFC 2131): DISCOVER → OFFER; REQUEST in SELECTING,
 * INIT-REBOOT, RENEWING and REBINDING → ACK or NAK; RELEASE; DECLINE; INFORM → ACK without a lease.
 *
 * <p>Per message: the hooks are asked first whether this server answers at all; then the hooks'
 * allocation decides (GRANT answered only once the lease is durable, NO_LEASE as no OFFER / a NAK,
 * SILENT as no reply) or, when no hook decides, the host's own allocator in {@link HostLeaseTable}.
 *
 * <p>Replies go where RFC 2131 §4.1 says (dhcp4java's {@link DHCPResponseFactory}), except that a
 * relay that sent from a port other than 67 gets its reply on that port (RFC 8357), see
 * {@link #postProcess}. Which socket a message came in on tells RENEWING (unicast to us) from
 * REBINDING (broadcast): {@link #serviceDatagram} serves the unicast socket,
 * {@link #serviceBroadcast} the broadcast one.
 */
final class LeaseServlet extends DHCPServlet {

    /** How long an offered address stays reserved for the client it was offered to. */
    static final Duration OFFER_HOLD = Duration.ofSeconds(30);
    /** How long a declined address stays ABANDONED (Kea's decline-probation-period default). */
    static final Duration DECLINE_PROBATION = Duration.ofHours(24);
    /** The DHCPv4 server port, where relays normally send from (RFC 2131 §4.1). */
    static final int SERVER_PORT = 67;
    /** The giaddr field's offset in a BOOTP message. */
    private static final int GIADDR_OFFSET = 24;
    private static final short BROADCAST_FLAG = (short) 0x8000;

    private static final HostLog LOG = HostLog.forClass(LeaseServlet.class);

    /** How a message reached the server. */
    enum Arrival {
        /** On the socket bound to the listen address: relayed, or unicast by the client. */
        UNICAST,
        /** On the socket bound to 255.255.255.255: broadcast by a client on the link. */
        BROADCAST
    }


    private final Inet4Address serverIdentifier;
    private final PoolSelector selector;
    private final HostLeaseTable table;
    private final HostHooks hooks;
    private final Clock clock;
    private final Duration durableWait;
    private final HostCounters counters;
    private final DeferredReplies<DatagramPacket> deferred;
    /** The message a worker is serving, and how it came in. */
    private final ThreadLocal<Received> received = new ThreadLocal<>();

    private record Received(DatagramPacket datagram, Arrival arrival) {
    }

    /**
     * @param serverIdentifier option 54 of every reply, and what tells "addressed to us"
     * @param durableWait      how long a reply waits for a hook's lease to become durable
     * @param deferred         sends the replies that wait, so that no worker does
     */
    LeaseServlet(Inet4Address serverIdentifier, PoolSelector selector, HostLeaseTable table, HostHooks hooks,
            Clock clock, Duration durableWait, HostCounters counters, DeferredReplies<DatagramPacket> deferred) {
        this.serverIdentifier = Objects.requireNonNull(serverIdentifier, "serverIdentifier");
        this.selector = Objects.requireNonNull(selector, "selector");
        this.table = Objects.requireNonNull(table, "table");
        this.hooks = Objects.requireNonNull(hooks, "hooks");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.durableWait = Objects.requireNonNull(durableWait, "durableWait");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.deferred = Objects.requireNonNull(deferred, "deferred");
    }

    // ---- entry points ----

    /** A datagram received on the unicast socket (relayed, or unicast by a client). */
    @Override
    public DatagramPacket serviceDatagram(DatagramPacket datagram) {
        return serve(datagram, Arrival.UNICAST);
    }

    /** A datagram received on the broadcast socket. */
    DatagramPacket serviceBroadcast(DatagramPacket datagram) {
        return serve(datagram, Arrival.BROADCAST);
    }

    /**
     * Replaces dhcp4java's version, which logs a stack trace for every malformed datagram (a
     * flood on a busy link) and cannot tell which socket a datagram came in on.
     */
    private DatagramPacket serve(DatagramPacket datagram, Arrival how) {
        if (datagram == null) {
            return null;
        }
        String source = source(datagram);
        DHCPPacket request;
        try {
            request = DHCPPacket.getPacket(datagram);
        } catch (IllegalArgumentException e) { // DHCPBadPacketException included
            LOG.log(HostMessage.HOST_MESSAGE_IGNORED, source, "not a DHCP message: " + e.getMessage());
            return null;
        }
        received.set(new Received(datagram, how));
        try {
            DHCPPacket reply = service(request);
            return reply == null ? null : datagramOf(datagram, reply);
        } catch (UncheckedIOException e) {
            counters.journalFailures().increment(String.valueOf(e.getCause()));
            return null;
        } catch (RuntimeException e) {
            LOG.log(HostMessage.HOST_SERVE_FAILED, source, e);
            return null;
        } finally {
            received.remove();
        }
    }

    /** {@code reply} to the message {@code datagram} brought, addressed as RFC 2131 §4.1 says. */
    private DatagramPacket datagramOf(DatagramPacket datagram, DHCPPacket reply) {
        byte[] bytes = reply.serialize();
        DatagramPacket response = new DatagramPacket(bytes, bytes.length, reply.getAddress(), reply.getPort());
        postProcess(datagram, response);
        return response;
    }

    @Override
    protected DHCPPacket service(DHCPPacket request) {
        String source = request.getAddress() == null ? "?" : request.getAddress().getHostAddress() + ":" + request.getPort();
        if (request.getOp() != BOOTREQUEST) {
            LOG.log(HostMessage.HOST_MESSAGE_IGNORED, source, "not a BOOTREQUEST (op " + request.getOp() + ")");
            return null;
        }
        Byte type = request.isDhcp() ? request.getDHCPMessageType() : null;
        if (type == null) {
            LOG.log(HostMessage.HOST_MESSAGE_IGNORED, source, "BOOTP message without a DHCP message type");
            return null;
        }
        return switch (type) {
            case DHCPDISCOVER -> doDiscover(request);
            case DHCPREQUEST -> doRequest(request);
            case DHCPINFORM -> doInform(request);
            case DHCPDECLINE -> doDecline(request);
            case DHCPRELEASE -> doRelease(request);
            default -> {
                LOG.log(HostMessage.HOST_MESSAGE_IGNORED, source, "message type " + type + " is not a client request");
                yield null;
            }
        };
    }

    @Override
    protected DHCPPacket doDiscover(DHCPPacket request) {
        return guarded(request, this::discover);
    }

    @Override
    protected DHCPPacket doRequest(DHCPPacket request) {
        return guarded(request, this::request);
    }

    @Override
    protected DHCPPacket doInform(DHCPPacket request) {
        return guarded(request, this::inform);
    }

    @Override
    protected DHCPPacket doDecline(DHCPPacket request) {
        return guarded(request, this::decline);
    }

    @Override
    protected DHCPPacket doRelease(DHCPPacket request) {
        return guarded(request, this::release);
    }

    /**
     * A relayed reply goes to giaddr:67 in dhcp4java; a relay that sent from another port (RFC 8357
     * relay source port) gets it on that port.
     */
    @Override
    protected void postProcess(DatagramPacket requestDatagram, DatagramPacket responseDatagram) {
        if (requestDatagram.getLength() < GIADDR_OFFSET + 4 || requestDatagram.getPort() == SERVER_PORT) {
            return;
        }
        byte[] data = requestDatagram.getData();
        int at = requestDatagram.getOffset() + GIADDR_OFFSET;
        int giaddr = (data[at] & 0xFF) << 24 | (data[at + 1] & 0xFF) << 16 | (data[at + 2] & 0xFF) << 8 | (data[at + 3] & 0xFF);
        if (giaddr != 0 && responseDatagram.getAddress() != null
                && Ipv4.toInt(responseDatagram.getAddress()) == giaddr) {
            responseDatagram.setPort(requestDatagram.getPort());
        }
    }

    /**
     * Ends the leases past their valid lifetime (the host's periodic sweep) and tells the hooks
     * ({@link LeaseEvent.Type#EXPIRED}, the lease as it ended, FREE).
     */
    void expireLeases(Instant now) {
        try {
            for (HostLease ended : table.expire(now)) {
                report(LeaseEvent.Type.EXPIRED, ended);
            }
        } catch (UncheckedIOException e) {
            counters.journalFailures().increment(String.valueOf(e.getCause()));
        } catch (RuntimeException e) {
            LOG.log(HostMessage.HOST_SERVE_FAILED, "the expiry sweep", e);
        }
    }

    // ---- the messages ----

    private DHCPPacket discover(DHCPPacket request) throws MalformedRequestException {
        ClientKey client = ClientIdentity.of(request);
        Optional<Inet4Address> requested = optionAddress(request, DHO_DHCP_REQUESTED_ADDRESS);
        Optional<Inet4Address> named = optionAddress(request, DHO_DHCP_SERVER_IDENTIFIER);
        List<V4Pool> pools = selector.poolsFor(request.getGiaddr());
        Optional<Inet4Address> candidate = table.activeLease(client)
                .map(lease -> (Inet4Address) lease.address()).or(() -> requested);
        List<V4Pool> order = candidateFirst(pools, candidate);
        ClientMessage message = new ClientMessage(MessageType.DISCOVER, order.stream().findFirst().map(V4Pool::name),
                client.duid(), isUs(named), isOther(named));
        if (!hooks.answer(message)) {
            return noReply(request, client, "a hook declines to answer");
        }
        Instant now = clock.instant();
        List<String> refusals = new ArrayList<>();
        boolean hostFull = false;
        for (V4Pool pool : order) {
            Optional<InetAddress> poolCandidate = candidate.filter(a -> pool.contains(Ipv4.toInt(a))).map(a -> a);
            Optional<LeaseDecision> decision = hooks.allocate(new LeaseRequest(client, pool.name(), poolCandidate,
                    pool.validLifetime(), pool.validLifetime(), false));
            if (decision.isPresent()) {
                LeaseDecision d = decision.get();
                switch (d.outcome()) {
                    case GRANT -> {
                        HostLease lease = d.lease().orElseThrow();
                        // lease times counted from after the wait: the client counts from when the reply arrives
                        return whenDurable(d, "DISCOVER", client, () -> offer(request, lease, clock.instant(), "hook grant"));
                    }
                    case SILENT -> {
                        return noReply(request, client, "a hook says silent: " + d.reason());
                    }
                    case NO_LEASE -> refusals.add(pool.name() + ": " + d.reason());
                }
            } else {
                Optional<HostLeaseTable.Pick> pick = table.offer(client, List.of(pool), requested, now);
                if (pick.isPresent()) {
                    return offer(request, HostLeaseTable.leaseFor(client, pick.get().address(), pool.validLifetime(), now),
                            now, "host allocator");
                }
                hostFull = true;
            }
        }
        if (hostFull) {
            counters.poolExhausted().increment(order.stream().map(V4Pool::name).toList().toString());
        }
        return noReply(request, client, pools.isEmpty() ? "no pool configured"
                : "no lease to offer" + (refusals.isEmpty() ? "" : " (" + String.join("; ", refusals) + ")"));
    }

    /** The four REQUEST situations of RFC 2131 §4.3.2. */
    private enum RequestState { SELECTING, INIT_REBOOT, RENEWING, REBINDING }

    private DHCPPacket request(DHCPPacket request) throws MalformedRequestException {
        ClientKey client = ClientIdentity.of(request);
        Optional<Inet4Address> named = optionAddress(request, DHO_DHCP_SERVER_IDENTIFIER);
        Optional<Inet4Address> requestedOption = optionAddress(request, DHO_DHCP_REQUESTED_ADDRESS);
        InetAddress ciaddr = request.getCiaddr();
        RequestState state;
        Inet4Address requested;
        if (named.isPresent()) {
            state = RequestState.SELECTING;
            requested = requestedOption.orElseThrow(() -> new MalformedRequestException(
                    "REQUEST with a server identifier (SELECTING) but no requested address (option 50)"));
        } else if (requestedOption.isPresent() && Ipv4.isZero(ciaddr)) {
            state = RequestState.INIT_REBOOT;
            requested = requestedOption.get();
        } else if (!Ipv4.isZero(ciaddr)) {
            state = Ipv4.isZero(request.getGiaddr()) && received.get().arrival() != Arrival.BROADCAST
                    ? RequestState.RENEWING : RequestState.REBINDING;
            requested = (Inet4Address) ciaddr;
        } else {
            throw new MalformedRequestException("REQUEST with no server identifier, no requested address and no ciaddr");
        }
        MessageType type = switch (state) {
            case SELECTING, INIT_REBOOT -> MessageType.REQUEST;
            case RENEWING -> MessageType.RENEW;
            case REBINDING -> MessageType.REBIND;
        };
        Instant now = clock.instant();
        List<V4Pool> pools = selector.poolsFor(request.getGiaddr());
        Optional<V4Pool> pool = pools.stream().filter(p -> p.contains(Ipv4.toInt(requested))).findFirst()
                .or(() -> pools.stream().findFirst());
        ClientMessage message = new ClientMessage(type, pool.map(V4Pool::name), client.duid(),
                isUs(named) || state == RequestState.RENEWING, isOther(named));
        if (!hooks.answer(message)) {
            return noReply(request, client, "a hook declines to answer");
        }
        if (isOther(named)) {
            table.withdrawOffer(client);
            return noReply(request, client, "the client chose server " + named.get().getHostAddress());
        }
        if (pool.isEmpty()) {
            return noReply(request, client, "no pool configured");
        }
        Optional<LeaseDecision> decision = hooks.allocate(new LeaseRequest(client, pool.get().name(),
                Optional.<InetAddress>of(requested), pool.get().validLifetime(), pool.get().validLifetime(), true));
        if (decision.isPresent()) {
            LeaseDecision d = decision.get();
            return switch (d.outcome()) {
                case GRANT -> {
                    HostLease lease = d.lease().orElseThrow();
                    if (!lease.address().equals(requested)) {
                        yield nak(request, client, "the hook grants " + lease.address().getHostAddress()
                                + ", not the requested " + requested.getHostAddress());
                    }
                    yield whenDurable(d, state.name() + " REQUEST", client, () -> {
                        table.commitGranted(lease);
                        return ack(request, lease, clock.instant(), "hook grant, " + state);
                    });
                }
                case NO_LEASE -> nak(request, client, d.reason());
                case SILENT -> noReply(request, client, "a hook says silent: " + d.reason());
            };
        }
        HostLeaseTable.Outcome outcome = table.request(client, pools, requested,
                state != RequestState.INIT_REBOOT, now);
        if (outcome instanceof HostLeaseTable.Outcome.Ack ack) {
            return ack(request, ack.lease(), now, state.toString());
        }
        if (outcome instanceof HostLeaseTable.Outcome.Nak nak) {
            return nak(request, client, nak.reason());
        }
        return noReply(request, client, ((HostLeaseTable.Outcome.Silent) outcome).reason() + " (" + state + ")");
    }

    private DHCPPacket release(DHCPPacket request) throws MalformedRequestException {
        ClientKey client = ClientIdentity.of(request);
        Optional<Inet4Address> named = optionAddress(request, DHO_DHCP_SERVER_IDENTIFIER);
        InetAddress ciaddr = request.getCiaddr();
        if (Ipv4.isZero(ciaddr)) {
            throw new MalformedRequestException("RELEASE without the released address in ciaddr");
        }
        if (!answers(MessageType.RELEASE, ciaddr, client, named)) {
            return null;
        }
        Optional<HostLease> ended = table.release(client, (Inet4Address) ciaddr, clock.instant());
        ended.ifPresentOrElse(lease -> report(LeaseEvent.Type.RELEASED, lease),
                () -> noReply(request, client, "RELEASE of " + ciaddr.getHostAddress() + ", which the client does not hold"));
        return null;
    }

    private DHCPPacket decline(DHCPPacket request) throws MalformedRequestException {
        ClientKey client = ClientIdentity.of(request);
        Optional<Inet4Address> named = optionAddress(request, DHO_DHCP_SERVER_IDENTIFIER);
        Inet4Address address = optionAddress(request, DHO_DHCP_REQUESTED_ADDRESS).orElseThrow(() ->
                new MalformedRequestException("DECLINE without the declined address (option 50)"));
        if (!answers(MessageType.DECLINE, address, client, named)) {
            return null;
        }
        Optional<HostLease> abandoned = table.decline(client, address, clock.instant(), DECLINE_PROBATION);
        abandoned.ifPresentOrElse(lease -> report(LeaseEvent.Type.DECLINED, lease),
                () -> noReply(request, client, "DECLINE of " + address.getHostAddress() + ", which the client does not hold"));
        return null;
    }

    private DHCPPacket inform(DHCPPacket request) throws MalformedRequestException {
        ClientKey client = ClientIdentity.of(request);
        Optional<Inet4Address> named = optionAddress(request, DHO_DHCP_SERVER_IDENTIFIER);
        InetAddress ciaddr = request.getCiaddr();
        if (!answers(MessageType.INFORM, ciaddr, client, named)) {
            return null;
        }
        // RFC 2131 §4.3.5: no lease, no lease time; sent to ciaddr (dhcp4java's default address).
        // (makeDHCPAck leaves yiaddr and option 51 out of an ACK to an INFORM)
        DHCPPacket reply = DHCPResponseFactory.makeDHCPAck(request, ciaddr, 0, serverIdentifier, null, null);
        log("ACK", ciaddr, client, "INFORM, no lease");
        return reply;
    }

    // ---- helpers ----

    /** Asks the hooks (and RFC 2131's server-identifier rule) whether to act on a message without a reply. */
    private boolean answers(MessageType type, InetAddress address, ClientKey client, Optional<Inet4Address> named) {
        Optional<String> pool = Ipv4.isZero(address) ? Optional.empty()
                : selector.poolOf(Ipv4.toInt(address)).map(V4Pool::name);
        if (!hooks.answer(new ClientMessage(type, pool, client.duid(), isUs(named), isOther(named)))) {
            LOG.log(HostMessage.HOST_NO_REPLY, type, client, "a hook declines to answer");
            return false;
        }
        if (isOther(named)) {
            LOG.log(HostMessage.HOST_NO_REPLY, type, client, "addressed to server " + named.get().getHostAddress());
            return false;
        }
        return true;
    }

    /** Tells the hooks, then logs: once the line is there, the hooks have the event. */
    private void report(LeaseEvent.Type type, HostLease lease) {
        hooks.leaseEvent(new LeaseEvent(type, lease));
        LOG.log(HostMessage.HOST_LEASE_ENDED, lease.address().getHostAddress(), lease.client(),
                type.name().toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * {@code reply} once the hook's lease is durable: at once when it already is (an offer the
     * hook committed nothing for), otherwise built and sent by {@link DeferredReplies} when the
     * hook's store confirms it, within {@link #durableWait}; no reply if it does not (logged).
     */
    private DHCPPacket whenDurable(LeaseDecision decision, String what, ClientKey client, Supplier<DHCPPacket> reply) {
        CompletableFuture<Void> durable = decision.durable().toCompletableFuture();
        if (durable.isDone()) {
            try {
                durable.join();
            } catch (CompletionException | CancellationException e) {
                notDurable(what, client, e.getCause() != null ? e.getCause() : e);
                return null;
            }
            return reply.get();
        }
        DatagramPacket datagram = received.get().datagram();
        deferred.whenDurable(durable, durableWait, source(datagram), () -> {
            try {
                DHCPPacket late = reply.get();
                return late == null ? null : datagramOf(datagram, late);
            } catch (UncheckedIOException e) {
                counters.journalFailures().increment(String.valueOf(e.getCause()));
                return null;
            }
        }, failure -> notDurable(what, client, failure));
        return null;
    }

    private void notDurable(String what, ClientKey client, Throwable failure) {
        Durability.logNotDurable(what, client, durableWait, failure);
    }

    private DHCPPacket offer(DHCPPacket request, HostLease lease, Instant now, String why) {
        DHCPPacket reply = DHCPResponseFactory.makeDHCPOffer(request, lease.address(),
                secondsUntil(lease.validUntil(), now), serverIdentifier, null, timers(lease, now));
        log("OFFER", lease.address(), lease.client(), why);
        return reply;
    }

    private DHCPPacket ack(DHCPPacket request, HostLease lease, Instant now, String why) {
        DHCPPacket reply = DHCPResponseFactory.makeDHCPAck(request, lease.address(),
                secondsUntil(lease.validUntil(), now), serverIdentifier, null, timers(lease, now));
        log("ACK", lease.address(), lease.client(), why);
        return reply;
    }

    private DHCPPacket nak(DHCPPacket request, ClientKey client, String why) {
        DHCPPacket reply = DHCPResponseFactory.makeDHCPNak(request, serverIdentifier, why);
        if (!Ipv4.isZero(request.getGiaddr())) {
            reply.setFlags((short) (reply.getFlags() | BROADCAST_FLAG)); // RFC 2131 §4.3.2: relay broadcasts the NAK
        }
        LOG.log(HostMessage.HOST_REPLY, "NAK", "-", client, why);
        return reply;
    }

    private static DHCPOption[] timers(HostLease lease, Instant now) {
        return new DHCPOption[] {
            DHCPOption.newOptionAsInt(DHO_DHCP_RENEWAL_TIME, secondsUntil(lease.renewAt(), now)),
            DHCPOption.newOptionAsInt(DHO_DHCP_REBINDING_TIME, secondsUntil(lease.rebindAt(), now)),
        };
    }

    /**
     * Whole seconds from {@code now} (the time the message is served, the start of a lease the
     * host creates for it), as the unsigned 32-bit value DHCP carries (0xFFFFFFFF: infinity).
     */
    private static int secondsUntil(Instant instant, Instant now) {
        long seconds = Duration.between(now, instant).getSeconds();
        return (int) Math.max(0, Math.min(seconds, 0xFFFF_FFFFL));
    }

    private void log(String type, InetAddress address, ClientKey client, String why) {
        LOG.log(HostMessage.HOST_REPLY, type, address.getHostAddress(), client, why);
    }

    private DHCPPacket noReply(DHCPPacket request, ClientKey client, String why) {
        LOG.log(HostMessage.HOST_NO_REPLY, messageName(request), client, why);
        return null;
    }

    private static String messageName(DHCPPacket request) {
        Byte type = request.getDHCPMessageType();
        return type == null ? "message" : switch (type) {
            case DHCPDISCOVER -> "DISCOVER";
            case DHCPREQUEST -> "REQUEST";
            case DHCPINFORM -> "INFORM";
            case DHCPDECLINE -> "DECLINE";
            case DHCPRELEASE -> "RELEASE";
            default -> "message type " + type;
        };
    }

    private boolean isUs(Optional<Inet4Address> named) {
        return named.isPresent() && named.get().equals(serverIdentifier);
    }

    private boolean isOther(Optional<Inet4Address> named) {
        return named.isPresent() && !named.get().equals(serverIdentifier);
    }

    /** The pools with the one holding {@code candidate} first. */
    private static List<V4Pool> candidateFirst(List<V4Pool> pools, Optional<Inet4Address> candidate) {
        if (candidate.isEmpty()) {
            return pools;
        }
        int address = Ipv4.toInt(candidate.get());
        List<V4Pool> order = new ArrayList<>(pools.size());
        pools.stream().filter(p -> p.contains(address)).forEach(order::add);
        pools.stream().filter(p -> !p.contains(address)).forEach(order::add);
        return order;
    }

    private static Optional<Inet4Address> optionAddress(DHCPPacket request, byte code) throws MalformedRequestException {
        byte[] raw = request.getOptionRaw(code);
        if (raw == null) {
            return Optional.empty();
        }
        if (raw.length != 4) {
            throw new MalformedRequestException("option " + (code & 0xFF) + " has " + raw.length + " octets, not 4");
        }
        return Optional.of(Ipv4.toAddress((raw[0] & 0xFF) << 24 | (raw[1] & 0xFF) << 16 | (raw[2] & 0xFF) << 8 | (raw[3] & 0xFF)));
    }

    private interface Handler {
        DHCPPacket handle(DHCPPacket request) throws MalformedRequestException;
    }

    private static DHCPPacket guarded(DHCPPacket request, Handler handler) {
        try {
            return handler.handle(request);
        } catch (MalformedRequestException e) {
            String source = request.getAddress() == null ? "?" : request.getAddress().getHostAddress() + ":" + request.getPort();
            LOG.log(HostMessage.HOST_MESSAGE_IGNORED, source, e.getMessage());
            return null;
        }
    }

    private static String source(DatagramPacket datagram) {
        return datagram.getAddress() == null ? "?" : datagram.getAddress().getHostAddress() + ":" + datagram.getPort();
    }
}
