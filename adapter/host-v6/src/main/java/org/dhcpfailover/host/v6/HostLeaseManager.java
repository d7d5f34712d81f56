package org.dhcpfailover.host.v6;

import org.dhcpfailover.host.lease.HostCounters;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.anarres.dhcp.v6.Dhcp6Exception;
import org.anarres.dhcp.v6.io.Dhcp6RequestContext;
import org.anarres.dhcp.v6.messages.Dhcp6Message;
import org.anarres.dhcp.v6.messages.Dhcp6MessageType;
import org.anarres.dhcp.v6.options.ClientIdOption;
import org.anarres.dhcp.v6.options.ServerIdOption;
import org.anarres.dhcp.v6.service.Dhcp6LeaseManager;
import org.dhcpfailover.hook.spi.ClientKey;
import org.dhcpfailover.hook.spi.ClientMessage;
import org.dhcpfailover.hook.spi.ClientMessage.MessageType;
import org.dhcpfailover.hook.spi.HostLease;
import org.dhcpfailover.hook.spi.LeaseDecision;
import org.dhcpfailover.hook.spi.LeaseEvent;
import org.dhcpfailover.hook.spi.LeaseRequest;
import org.dhcpfailover.hook.spi.ResourceKind;
import org.dhcpfailover.host.hooks.Durability;
import org.dhcpfailover.host.hooks.HostHooks;
import org.dhcpfailover.host.log.HostLog;
import org.dhcpfailover.host.log.HostMessage;
import org.dhcpfailover.host.v6.IaCodec.Granted;
import org.dhcpfailover.host.v6.IaCodec.Hint;
import org.dhcpfailover.host.v6.IaCodec.Ia;
import org.dhcpfailover.host.v6.IaCodec.Status;

/**
 * The host's anarres {@link Dhcp6LeaseManager}: the DHCPv6 server logic of RFC 8415 §18.3 for
 * IA_NA, IA_TA and IA_PD. {@link Dhcp6Exchange} has checked the message (RFC 8415 §16) and built
 * the reply's skeleton (type, transaction ID, Client and Server Identifier); each method adds what
 * the message gets, or returns null for no reply.
 *
 * <p>Per message, the hooks are asked first whether this server answers at all
 * ({@code Hook.answer}, with the message type, the pool, the client's DUID and whether the
 * message names this server or another one). Then, per IA and pool, the hooks' allocation decides
 * (GRANT answered only once the lease is durable, NO_LEASE as NoAddrsAvail / NoPrefixAvail /
 * lifetimes 0, SILENT as no reply at all) or, when no hook decides for the pool, the host's own
 * allocator in {@link V6LeaseTable}. SOLICIT is an offer ({@code commit=false}); REQUEST, RENEW
 * and REBIND commit.
 */
final class HostLeaseManager implements Dhcp6LeaseManager {

    /** How long an advertised resource stays reserved for the IA it was advertised to. */
    static final Duration OFFER_HOLD = Duration.ofSeconds(30);
    /** How long a declined address stays ABANDONED (Kea's decline-probation-period default). */
    static final Duration DECLINE_PROBATION = Duration.ofHours(24);

    private static final HostLog LOG = HostLog.forClass(HostLeaseManager.class);

    private final byte[] serverDuid;
    private final V6LeaseTable table;
    private final HostHooks hooks;
    private final Clock clock;
    private final Duration durableWait;
    private final HostCounters counters;

    HostLeaseManager(byte[] serverDuid, V6LeaseTable table, HostHooks hooks, Clock clock, Duration durableWait,
            HostCounters counters) {
        this.serverDuid = serverDuid.clone();
        this.table = Objects.requireNonNull(table, "table");
        this.hooks = Objects.requireNonNull(hooks, "hooks");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.durableWait = Objects.requireNonNull(durableWait, "durableWait");
        this.counters = Objects.requireNonNull(counters, "counters");
    }

    /** Thrown inside an exchange when a hook says SILENT or a grant is not durable: no reply at all. */
    private static final class NoReply extends Exception {
        private static final long serialVersionUID = 1L;

        NoReply(String reason) {
            super(reason, null, false, false);
        }
    }

    /** A client message's DUID and IAs, once the hooks agreed to answer it. */
    private record Exchange(MessageType type, byte[] duid, List<Ia> ias) {}

    /** Reads the client and its IAs and asks the hooks; empty when this server does not answer. */
    private Optional<Exchange> begin(MessageType type, Dhcp6Message request) throws MalformedMessageException {
        byte[] duid = clientDuid(request);
        List<Ia> ias = IaCodec.ias(request);
        return answer(type, request, duid, ias) ? Optional.of(new Exchange(type, duid, ias)) : Optional.empty();
    }

    /** The per-IA part of an exchange, which may decide that nothing is sent. */
    @FunctionalInterface
    private interface PerIa {
        org.anarres.dhcp.v6.options.Dhcp6Option answer(ClientKey client, Ia ia) throws NoReply;
    }

    /** Adds each IA's answer to the reply; null (no reply) when one of them says so. */
    private Dhcp6Message eachIa(Exchange exchange, Dhcp6Message reply, PerIa perIa) {
        try {
            for (Ia ia : exchange.ias()) {
                reply.getOptions().add(perIa.answer(new ClientKey(exchange.duid(), ia.kind(), ia.iaid()), ia));
            }
        } catch (NoReply e) {
            return noReply(exchange.type(), exchange.duid(), e.getMessage());
        }
        return reply;
    }

    // ---- SOLICIT and REQUEST (RFC 8415 §18.3.1, §18.3.2) ----

    @Override
    public Dhcp6Message lease(Dhcp6RequestContext context, Dhcp6Message request, Dhcp6Message reply)
            throws Dhcp6Exception {
        boolean commit = request.getMessageType() == Dhcp6MessageType.DHCP_REQUEST;
        Optional<Exchange> exchange = begin(commit ? MessageType.REQUEST : MessageType.DISCOVER, request);
        return exchange.isEmpty() ? null
                : eachIa(exchange.get(), reply, (client, ia) -> allocate(client, ia, commit));
    }

    private org.anarres.dhcp.v6.options.Dhcp6Option allocate(ClientKey client, Ia ia, boolean commit) throws NoReply {
        List<V6Pool> pools = poolsFor(ia.kind());
        Optional<Hint> candidate = table.heldOrOffered(client, clock.instant())
                .or(() -> ia.hints().stream().filter(h -> pools.stream().anyMatch(p -> p.contains(h.address(), h.prefixLength()))).findFirst());
        List<V6Pool> order = candidateFirst(pools, candidate);
        List<String> refusals = new ArrayList<>();
        boolean hostFull = false;
        String what = commit ? "REQUEST" : "SOLICIT";
        for (V6Pool pool : order) {
            Optional<InetAddress> poolCandidate = candidate.filter(h -> pool.contains(h.address(), h.prefixLength()))
                    .map(Hint::address);
            Optional<LeaseDecision> decision = hooks.allocate(new LeaseRequest(client, pool.name(), poolCandidate,
                    pool.validLifetime(), pool.preferredLifetime(), commit));
            if (decision.isPresent()) {
                LeaseDecision d = decision.get();
                switch (d.outcome()) {
                    case GRANT -> {
                        HostLease lease = d.lease().orElseThrow();
                        if (!durable(d, what, client)) {
                            throw new NoReply("the hook's lease is not durable");
                        }
                        if (commit) {
                            onceDurable(() -> table.commitGranted(lease));
                        }
                        // lifetimes counted from after the wait: the client counts from the reply's arrival
                        return granted(ia, lease, clock.instant(), "hook grant");
                    }
                    case SILENT -> throw new NoReply("a hook says silent: " + d.reason());
                    case NO_LEASE -> refusals.add(pool.name() + ": " + d.reason());
                }
            } else {
                Instant now = clock.instant();
                if (commit) {
                    V6LeaseTable.Outcome outcome = table.request(client, List.of(pool), ia.hints(), now);
                    if (outcome instanceof V6LeaseTable.Outcome.Granted granted) {
                        return granted(ia, granted.lease(), now, "host allocator");
                    }
                } else {
                    Optional<V6LeaseTable.Pick> pick = table.offer(client, List.of(pool), ia.hints(), now);
                    if (pick.isPresent()) {
                        return granted(ia, V6LeaseTable.leaseFor(client, pick.get().pool(), pick.get().address(), now),
                                now, "host allocator, advertised");
                    }
                }
                hostFull = true;
            }
        }
        if (hostFull) {
            counters.poolExhausted().increment(order.stream().map(V6Pool::name).toList().toString());
        }
        String why = pools.isEmpty() ? "no pool serves " + IaCodec.name(ia.kind())
                : "nothing to assign" + (refusals.isEmpty() ? "" : " (" + String.join("; ", refusals) + ")");
        LOG.log(HostMessage.HOST_REPLY, unavailable(ia.kind()) + " in " + IaCodec.name(ia.kind()), "-", client, why);
        return IaCodec.ia(ia.kind(), ia.iaid(), 0, 0, List.of(),
                Optional.of(new Status(unavailableCode(ia.kind()), why)));
    }

    // ---- RENEW and REBIND (RFC 8415 §18.3.4, §18.3.5) ----

    @Override
    public Dhcp6Message renew(Dhcp6RequestContext context, Dhcp6Message request, Dhcp6Message reply)
            throws Dhcp6Exception {
        return extend(request, reply, MessageType.RENEW);
    }

    @Override
    public Dhcp6Message rebind(Dhcp6RequestContext context, Dhcp6Message request, Dhcp6Message reply)
            throws Dhcp6Exception {
        return extend(request, reply, MessageType.REBIND);
    }

    private Dhcp6Message extend(Dhcp6Message request, Dhcp6Message reply, MessageType type) throws Dhcp6Exception {
        Optional<Exchange> exchange = begin(type, request);
        return exchange.isEmpty() ? null : eachIa(exchange.get(), reply, (client, ia) -> extend(client, ia, type));
    }

    private org.anarres.dhcp.v6.options.Dhcp6Option extend(ClientKey client, Ia ia, MessageType type) throws NoReply {
        List<Hint> named = ia.hints();
        if (named.isEmpty()) {
            // an IA without addresses: what the server holds for it (RFC 8415 §18.3.4)
            named = table.activeLease(client).map(l -> List.of(new Hint(IaCodec.toAddress(l.address().getAddress()),
                    l.prefixLength()))).orElse(List.of());
            if (named.isEmpty()) {
                String why = "no binding for " + IaCodec.name(ia.kind()) + " " + ia.iaid();
                LOG.log(HostMessage.HOST_REPLY, "NoBinding", "-", client, why + " (" + type + ")");
                return IaCodec.ia(ia.kind(), ia.iaid(), 0, 0, List.of(),
                        Optional.of(new Status(IaCodec.NO_BINDING, why)));
            }
        }
        List<V6Pool> pools = poolsFor(ia.kind());
        List<InReply> leases = new ArrayList<>();
        Optional<HostLease> shortest = Optional.empty();
        Optional<Status> status = Optional.empty();
        for (Hint hint : named) {
            Optional<V6Pool> pool = pools.stream().filter(p -> p.contains(hint.address(), hint.prefixLength())).findFirst();
            Optional<LeaseDecision> decision = pool.isEmpty() ? Optional.empty()
                    : hooks.allocate(new LeaseRequest(client, pool.get().name(), Optional.of(hint.address()),
                            pool.get().validLifetime(), pool.get().preferredLifetime(), true));
            Optional<HostLease> lease = Optional.empty();
            String refusal;
            if (decision.isPresent()) {
                LeaseDecision d = decision.get();
                switch (d.outcome()) {
                    case GRANT -> {
                        HostLease granted = d.lease().orElseThrow();
                        if (!durable(d, type.name(), client)) {
                            throw new NoReply("the hook's lease is not durable");
                        }
                        onceDurable(() -> table.commitGranted(granted));
                        lease = Optional.of(granted);
                        refusal = "";
                    }
                    case SILENT -> throw new NoReply("a hook says silent: " + d.reason());
                    default -> {
                        // docs/protocol.md: a named lease the hook will not confirm is NoBinding for the IA
                        status = Optional.of(new Status(IaCodec.NO_BINDING, d.reason()));
                        LOG.log(HostMessage.HOST_REPLY, "NoBinding", text(hint), client, d.reason() + " (" + type + ", hook)");
                        continue;
                    }
                }
            } else {
                V6LeaseTable.Outcome outcome = table.extend(client, pools, hint, type == MessageType.REBIND, clock.instant());
                if (outcome instanceof V6LeaseTable.Outcome.Granted granted) {
                    lease = Optional.of(granted.lease());
                    refusal = "";
                } else if (outcome instanceof V6LeaseTable.Outcome.NoBinding noBinding) {
                    status = Optional.of(new Status(IaCodec.NO_BINDING, noBinding.reason()));
                    LOG.log(HostMessage.HOST_REPLY, "NoBinding", text(hint), client, noBinding.reason() + " (" + type + ")");
                    continue;
                } else {
                    refusal = ((V6LeaseTable.Outcome.NotAppropriate) outcome).reason();
                }
            }
            Instant now = clock.instant();
            if (lease.isPresent()) {
                HostLease l = lease.get();
                leases.add(new InReply(l.address(), l.prefixLength(), Optional.of(l)));
                if (!l.address().equals(hint.address()) || l.prefixLength() != hint.prefixLength()) {
                    leases.add(InReply.ended(hint)); // RFC 8415 §18.3.4: not extended
                }
                if (shortest.isEmpty() || l.renewAt().isBefore(shortest.get().renewAt())) {
                    shortest = lease;
                }
                LOG.log(HostMessage.HOST_REPLY, "REPLY", text(l), client, type + (decision.isPresent() ? ", hook grant" : ""));
            } else {
                // RFC 8415 §18.3.4 / §18.3.5: a lease the client may not keep goes back with lifetimes 0
                leases.add(InReply.ended(hint));
                LOG.log(HostMessage.HOST_REPLY, "lifetimes 0", text(hint), client, refusal + " (" + type + ")");
            }
        }
        Optional<HostLease> timers = shortest;
        Optional<Status> iaStatus = leases.isEmpty() ? status : Optional.empty();
        return timed(at -> IaCodec.ia(ia.kind(), ia.iaid(), timers.map(l -> secondsUntil(l.renewAt(), at)).orElse(0L),
                timers.map(l -> secondsUntil(l.rebindAt(), at)).orElse(0L),
                leases.stream().map(l -> l.at(at)).toList(), iaStatus), clock.instant());
    }

    /** A lease named in a reply: with the lease's lifetimes, or with lifetimes 0 (RFC 8415 §18.3.4). */
    private record InReply(InetAddress address, int prefixLength, Optional<HostLease> lease) {
        static InReply ended(Hint hint) {
            return new InReply(hint.address(), hint.prefixLength(), Optional.empty());
        }

        Granted at(Instant now) {
            return new Granted(address, prefixLength, lease.map(l -> secondsUntil(l.preferredUntil(), now)).orElse(0L),
                    lease.map(l -> secondsUntil(l.validUntil(), now)).orElse(0L));
        }
    }

    /**
     * The IA option {@code at} builds for {@code now}; when the reply waits for a hook's lease to
     * become durable ({@link PendingReply}), built again for the moment it leaves.
     */
    private static org.anarres.dhcp.v6.options.Dhcp6Option timed(
            Function<Instant, org.anarres.dhcp.v6.options.Dhcp6Option> at, Instant now) {
        org.anarres.dhcp.v6.options.Dhcp6Option option = at.apply(now);
        PendingReply.current().ifPresent(reply -> reply.beforeSend(later -> option.setData(at.apply(later).getData())));
        return option;
    }

    /** Runs {@code step} once the hooks' leases of the reply are durable: now, or just before the reply leaves. */
    private static void onceDurable(Runnable step) {
        Optional<PendingReply> reply = PendingReply.current();
        if (reply.isPresent()) {
            reply.get().beforeSend(now -> step.run());
        } else {
            step.run();
        }
    }

    /**
     * Whether the reply may go on with the hook's granted lease: at once when the reply's sending
     * waits for durability ({@link PendingReply}), otherwise after this thread waited for it.
     */
    private boolean durable(LeaseDecision decision, String what, ClientKey client) {
        Optional<PendingReply> reply = PendingReply.current();
        if (reply.isPresent()) {
            reply.get().waitFor(decision.durable(), what, client);
            return true;
        }
        return Durability.await(decision, durableWait, what, client);
    }

    // ---- RELEASE and DECLINE (RFC 8415 §18.3.7, §18.3.8) ----

    @Override
    public Dhcp6Message release(Dhcp6RequestContext context, Dhcp6Message request, Dhcp6Message reply)
            throws Dhcp6Exception {
        return end(request, reply, MessageType.RELEASE);
    }

    @Override
    public Dhcp6Message decline(Dhcp6RequestContext context, Dhcp6Message request, Dhcp6Message reply)
            throws Dhcp6Exception {
        return end(request, reply, MessageType.DECLINE);
    }

    private Dhcp6Message end(Dhcp6Message request, Dhcp6Message reply, MessageType type) throws Dhcp6Exception {
        Optional<Exchange> exchange = begin(type, request);
        if (exchange.isEmpty()) {
            return null;
        }
        Instant now = clock.instant();
        for (Ia ia : exchange.get().ias()) {
            ClientKey client = new ClientKey(exchange.get().duid(), ia.kind(), ia.iaid());
            boolean known = false;
            for (Hint hint : ia.hints()) {
                Optional<HostLease> ended = type == MessageType.RELEASE ? table.release(client, hint, now)
                        : table.decline(client, hint, now, DECLINE_PROBATION);
                if (ended.isPresent()) {
                    known = true;
                    report(type == MessageType.RELEASE ? LeaseEvent.Type.RELEASED : LeaseEvent.Type.DECLINED, ended.get());
                }
            }
            if (!known) {
                // RFC 8415 §18.3.7 / §18.3.8: an IA the server has no binding for is returned with NoBinding
                String why = "no binding for " + IaCodec.name(ia.kind()) + " " + ia.iaid();
                LOG.log(HostMessage.HOST_REPLY, "NoBinding", "-", client, why + " (" + type + ")");
                reply.getOptions().add(IaCodec.ia(ia.kind(), ia.iaid(), 0, 0, List.of(),
                        Optional.of(new Status(IaCodec.NO_BINDING, why))));
            }
        }
        reply.getOptions().add(IaCodec.status(IaCodec.SUCCESS, type == MessageType.RELEASE ? "released" : "declined"));
        return reply;
    }

    // ---- CONFIRM, INFORMATION-REQUEST (RFC 8415 §18.3.3, §18.3.6) ----

    @Override
    public Dhcp6Message confirm(Dhcp6RequestContext context, Dhcp6Message request, Dhcp6Message reply)
            throws Dhcp6Exception {
        Optional<Exchange> exchange = begin(MessageType.CONFIRM, request);
        if (exchange.isEmpty()) {
            return null;
        }
        byte[] duid = exchange.get().duid();
        List<Hint> addresses = exchange.get().ias().stream().filter(ia -> ia.kind() != ResourceKind.IPV6_PREFIX)
                .flatMap(ia -> ia.hints().stream()).toList();
        if (addresses.isEmpty()) {
            return noReply(MessageType.CONFIRM, duid, "no addresses to confirm (RFC 8415 §18.3.3)");
        }
        List<V6Pool> pools = poolsFor(ResourceKind.IPV6_ADDRESS);
        Optional<Hint> offLink = addresses.stream()
                .filter(h -> pools.stream().noneMatch(p -> p.contains(h.address(), h.prefixLength()))).findFirst();
        if (offLink.isPresent()) {
            reply.getOptions().add(IaCodec.status(IaCodec.NOT_ON_LINK, text(offLink.get()) + " is not on this link"));
            LOG.log(HostMessage.HOST_REPLY, "NotOnLink", text(offLink.get()), hex(duid), "CONFIRM");
        } else {
            reply.getOptions().add(IaCodec.status(IaCodec.SUCCESS, "all addresses are on this link"));
            LOG.log(HostMessage.HOST_REPLY, "Success", addresses.size() + " addresses", hex(duid), "CONFIRM");
        }
        return reply;
    }

    @Override
    public Dhcp6Message requestInformation(Dhcp6RequestContext context, Dhcp6Message request, Dhcp6Message reply)
            throws Dhcp6Exception {
        ClientIdOption id = request.getOptions().get(ClientIdOption.class);
        byte[] duid = id == null || id.getData() == null ? new byte[0] : id.getData();
        boolean us = addressedToUs(request);
        // RFC 8415 §18.2.6: a client need not identify itself here; the hook sees an empty DUID then
        if (!hooks.answer(new ClientMessage(MessageType.INFORM, Optional.empty(), duid, us, addressedToOther(request)))) {
            return noReply(MessageType.INFORM, duid, "a hook declines to answer");
        }
        LOG.log(HostMessage.HOST_REPLY, "REPLY", "-", hex(duid), "INFORMATION-REQUEST, no lease");
        return reply;
    }

    @Override
    public Dhcp6Message handle(Dhcp6RequestContext context, Dhcp6Message request) {
        return null; // Dhcp6Exchange dispatches every type itself
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
        } catch (java.io.UncheckedIOException e) {
            counters.journalFailures().increment(String.valueOf(e.getCause()));
        } catch (RuntimeException e) {
            LOG.log(HostMessage.HOST_SERVE_FAILED, "the expiry sweep", e);
        }
    }

    // ---- helpers ----

    /** Asks the hooks whether this server answers; the pool is the first IA's candidate's, else the first pool serving it. */
    private boolean answer(MessageType type, Dhcp6Message request, byte[] duid, List<Ia> ias) {
        Optional<String> pool = Optional.empty();
        if (!ias.isEmpty()) {
            Ia first = ias.get(0);
            List<V6Pool> pools = poolsFor(first.kind());
            ClientKey client = new ClientKey(duid, first.kind(), first.iaid());
            Optional<Hint> candidate = table.heldOrOffered(client, clock.instant())
                    .or(() -> first.hints().stream().findFirst());
            pool = candidateFirst(pools, candidate).stream().findFirst().map(V6Pool::name);
        }
        if (!hooks.answer(new ClientMessage(type, pool, duid, addressedToUs(request), addressedToOther(request)))) {
            LOG.log(HostMessage.HOST_NO_REPLY, type, hex(duid), "a hook declines to answer");
            return false;
        }
        return true;
    }

    private boolean addressedToUs(Dhcp6Message request) {
        ServerIdOption named = request.getOptions().get(ServerIdOption.class);
        return named != null && Arrays.equals(named.getData(), serverDuid);
    }

    private boolean addressedToOther(Dhcp6Message request) {
        ServerIdOption named = request.getOptions().get(ServerIdOption.class);
        return named != null && !Arrays.equals(named.getData(), serverDuid);
    }

    private List<V6Pool> poolsFor(ResourceKind kind) {
        return table.pools().stream().filter(p -> p.serves(kind)).toList();
    }

    private static List<V6Pool> candidateFirst(List<V6Pool> pools, Optional<Hint> candidate) {
        if (candidate.isEmpty()) {
            return pools;
        }
        Hint hint = candidate.get();
        List<V6Pool> order = new ArrayList<>(pools.size());
        pools.stream().filter(p -> p.contains(hint.address(), hint.prefixLength())).forEach(order::add);
        pools.stream().filter(p -> !p.contains(hint.address(), hint.prefixLength())).forEach(order::add);
        return order;
    }

    private org.anarres.dhcp.v6.options.Dhcp6Option granted(Ia ia, HostLease lease, Instant now, String why) {
        LOG.log(HostMessage.HOST_REPLY, IaCodec.name(ia.kind()), text(lease), lease.client(), why);
        InReply inReply = new InReply(lease.address(), lease.prefixLength(), Optional.of(lease));
        return timed(at -> IaCodec.ia(ia.kind(), ia.iaid(), secondsUntil(lease.renewAt(), at),
                secondsUntil(lease.rebindAt(), at), List.of(inReply.at(at)), Optional.empty()), now);
    }

    private void report(LeaseEvent.Type type, HostLease lease) {
        hooks.leaseEvent(new LeaseEvent(type, lease));
        LOG.log(HostMessage.HOST_LEASE_ENDED, text(lease), lease.client(), type.name().toLowerCase(Locale.ROOT));
    }

    private Dhcp6Message noReply(MessageType type, byte[] duid, String why) {
        LOG.log(HostMessage.HOST_NO_REPLY, type, hex(duid), why);
        return null;
    }

    /** The client's DUID (RFC 8415 §11: 1 to 130 octets); {@link Dhcp6Exchange} made sure the option is there. */
    static byte[] clientDuid(Dhcp6Message request) throws MalformedMessageException {
        ClientIdOption id = request.getOptions().get(ClientIdOption.class);
        byte[] duid = id == null ? null : id.getData();
        if (duid == null || duid.length == 0 || duid.length > 130) {
            throw new MalformedMessageException("Client Identifier of " + (duid == null ? "no" : duid.length)
                    + " octets; a DUID has 1 to 130 (RFC 8415 §11.1)");
        }
        return duid;
    }

    private static String unavailable(ResourceKind kind) {
        return kind == ResourceKind.IPV6_PREFIX ? "NoPrefixAvail" : "NoAddrsAvail";
    }

    private static short unavailableCode(ResourceKind kind) {
        return kind == ResourceKind.IPV6_PREFIX ? IaCodec.NO_PREFIX_AVAIL : IaCodec.NO_ADDRS_AVAIL;
    }

    /**
     * Whole seconds from {@code now}, as the unsigned 32-bit value DHCPv6 carries (0xFFFFFFFF is
     * infinity, RFC 8415 §7.7).
     */
    static long secondsUntil(Instant instant, Instant now) {
        long seconds = Duration.between(now, instant).getSeconds();
        return Math.max(0, Math.min(seconds, IaCodec.INFINITY));
    }

    private static String text(HostLease lease) {
        return lease.address().getHostAddress() + (lease.prefixLength() == 128 ? "" : "/" + lease.prefixLength());
    }

    private static String text(Hint hint) {
        return hint.address().getHostAddress() + (hint.prefixLength() == 128 ? "" : "/" + hint.prefixLength());
    }

    private static String hex(byte[] duid) {
        return java.util.HexFormat.ofDelimiter(":").formatHex(duid);
    }
}
