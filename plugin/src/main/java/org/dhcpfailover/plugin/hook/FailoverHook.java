package org.dhcpfailover.plugin.hook;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.dhcpfailover.hook.spi.ClientKey;
import org.dhcpfailover.hook.spi.ClientMessage;
import org.dhcpfailover.hook.spi.Hook;
import org.dhcpfailover.hook.spi.HookContext;
import org.dhcpfailover.hook.spi.HostLease;
import org.dhcpfailover.hook.spi.LeaseDecision;
import org.dhcpfailover.hook.spi.LeaseEvent;
import org.dhcpfailover.hook.spi.LeaseRequest;
import org.dhcpfailover.plugin.allocation.AllocationResult;
import org.dhcpfailover.plugin.allocation.Allocator;
import org.dhcpfailover.plugin.allocation.PoolSet;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.config.FailoverParameters;
import org.dhcpfailover.plugin.config.PoolAssignment;
import org.dhcpfailover.plugin.config.RelationshipConfig;
import org.dhcpfailover.plugin.log.CatalogLogger;
import org.dhcpfailover.plugin.service.FailoverService;
import org.dhcpfailover.plugin.store.StoreSettings;
import org.dhcpfailover.plugin.sync.LeaseChange;
import org.dhcpfailover.plugin.sync.LeaseLedger;
import org.dhcpfailover.plugin.time.AbsoluteTime;
import org.dhcpfailover.plugin.transport.TransportSettings;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.OctetString;

/**
 * The failover hook a host runs: one {@link FailoverService} with every configured relationship,
 * answering the host's questions per message by the failover state of the relationship that
 * covers the message's pool (pools no relationship covers are not the hook's business).
 *
 * <ul>
 * <li>{@link #answer}: the {@link QueryFilter} rules (docs/protocol.md "DHCP responsiveness").</li>
 * <li>{@link #allocate}: the relationship's {@link Allocator} (RFC 8156 §4.2); an offer commits
 * nothing ({@link Allocator#offer}): it shows the lease the client holds, or holds a new one for
 * the client for a while, with the lifetimes a request would get; the request commits it, and a
 * new client's first lease is MCLT-capped (§4.4). A committing request that names its lease (the host's candidate:
 * DHCPv4 option 50 or ciaddr, a DHCPv6 IAADDR / IAPREFIX) gets that lease renewed or given back
 * ({@link Allocator#renew}) or NO_LEASE, and nothing is committed: a host refuses a client any
 * other lease than the one it asked for, and a lease committed anyway would stay ACTIVE for
 * nobody. Offers and requests without a candidate get the allocator's choice (the client's own
 * lease first, then never-used resources, then the longest free).</li>
 * <li>{@link #leaseEvent}: {@link HostLeaseEvents}.</li>
 * </ul>
 *
 * <p>The host's lease table is kept current by a {@link HostLeaseMirror}, leases the host granted
 * without failover are adopted at start ({@link HostLeaseAdoption}), and each relationship's
 * status is published read-only over JMX ({@link RelationshipMBeans}).
 */
public final class FailoverHook implements Hook {
    /** The subfolder of the host's store directory this hook keeps its files in. */
    static final String STORE_FOLDER = "failover";
    /** DHCPv6's "infinity", 0xffffffff: the largest lifetime a host may ask for. */
    private static final long INFINITY = 0xFFFF_FFFFL;

    private final HookContext context;
    private final FailoverParameters parameters;
    private final Map<String, PoolSet> pools;
    private final CatalogLogger log;
    private final Clock clock;
    /** Which relationship covers each pool. */
    private final Map<String, String> relationshipOfPool = new HashMap<>();

    private volatile Running running;

    /** What a started hook holds. */
    private record Running(FailoverService service, HostLeaseMirror mirror, HostLeaseEvents events,
            RelationshipMBeans mbeans) {
    }

    FailoverHook(HookContext context, FailoverParameters parameters, Map<String, PoolSet> pools, CatalogLogger log) {
        this.context = context;
        this.parameters = parameters;
        this.pools = pools;
        this.log = log;
        this.clock = context.clock();
        for (RelationshipConfig relationship : parameters.relationships()) {
            for (PoolAssignment pool : relationship.pools()) {
                relationshipOfPool.put(pool.poolName(), relationship.name());
            }
        }
    }

    /**
     * Starts every relationship (the store under the host's store directory, in
     * {@value #STORE_FOLDER}), shows every binding in the host's table, adopts the host's own
     * active leases, and registers the JMX status.
     */
    @Override
    public synchronized void start() throws IOException {
        if (running != null) {
            throw new IllegalStateException("the failover hook is running already");
        }
        List<HostLease> hostsActiveLeases = HostLeaseAdoption.activeLeases(context.hostLeases());
        HostLeaseMirror mirror = new HostLeaseMirror(context.hostLeases(), clock, log);
        FailoverService service;
        try {
            // Before a partner can reach this server: the host's table shows the store, and the
            // adopted leases are in it before a POOLREQ could hand them to the partner.
            service = FailoverService.start(parameters, context.storeDirectory().resolve(STORE_FOLDER), clock,
                    TransportSettings.defaults(), StoreSettings.defaults(), pools, log, opened -> {
                        for (String relationship : opened.relationships()) {
                            mirror.follow(relationship, opened.leases(relationship));
                        }
                        HostLeaseAdoption.adopt(opened, hostsActiveLeases, clock, log);
                    });
        } catch (IOException | RuntimeException e) {
            mirror.close();
            throw e;
        }
        RelationshipMBeans mbeans = RelationshipMBeans.register(service, parameters, clock, log);
        running = new Running(service, mirror, new HostLeaseEvents(mirror, clock, log), mbeans);
    }

    /** Unregisters the JMX status, stops following the bindings and closes the service. Idempotent. */
    @Override
    public synchronized void stop() {
        Running stopping = running;
        if (stopping == null) {
            return;
        }
        running = null;
        stopping.mbeans().unregister();
        stopping.mirror().close();
        stopping.service().close();
    }

    @Override
    public boolean answer(ClientMessage message) {
        Optional<String> relationship = message.pool().map(relationshipOfPool::get);
        if (relationship.isEmpty()) {
            return true;
        }
        Running now = running;
        if (now == null) {
            return false;
        }
        LeaseLedger ledger = now.service().leases(relationship.get());
        return QueryFilter.answers(ledger.serving().responsiveness(), message,
                () -> holdsActiveLease(ledger, message.duid()));
    }

    private static boolean holdsActiveLease(LeaseLedger ledger, byte[] duid) {
        return ledger.byClient(OctetString.of(duid)).stream()
                .anyMatch(binding -> binding.status().equals(BindingStatus.ACTIVE));
    }

    @Override
    public Optional<LeaseDecision> allocate(LeaseRequest request) {
        String relationship = relationshipOfPool.get(request.pool());
        if (relationship == null) {
            return Optional.empty();
        }
        Running now = running;
        if (now == null) {
            return Optional.of(silent("the failover hook is not running"));
        }
        Allocator allocator = now.service().allocator(relationship);
        BindingClient client = LeaseTranslation.client(request.client());
        long at = AbsoluteTime.fromInstant(clock.instant());
        if (!request.commit()) {
            return Optional.of(decision(allocator.offer(request.pool(), client, seconds(request.desiredValid()),
                    seconds(request.desiredPreferred()), at), request.client()));
        }
        if (request.candidate().isPresent()) {
            return Optional.of(renewNamed(allocator, request, client, at));
        }
        return Optional.of(decision(allocator.allocate(request.pool(), client, seconds(request.desiredValid()),
                seconds(request.desiredPreferred()), at), request.client()));
    }

    /**
     * A committing request for the lease it names: that lease; never another lease. When it cannot
     * be renewed here, NO_LEASE (the host NAKs) only where this server knows the client must not
     * have it — outside the pool, ACTIVE for another client, or the client holds another lease of
     * the pool here; otherwise this server has no record binding it to the client, the partner may
     * have issued it (during a partition, or in an update not yet received), so it stays SILENT
     * (RFC 2131 §4.3.2: a server with no record of the client remains silent; RFC 8156 §4.2).
     */
    private LeaseDecision renewNamed(Allocator allocator, LeaseRequest request, BindingClient client, long at) {
        Lease named = allocator.leaseAt(request.pool(), LeaseTranslation.ipv6(request.candidate().orElseThrow()));
        AllocationResult result = allocator.renew(request.pool(), client, named, seconds(request.desiredValid()),
                seconds(request.desiredPreferred()), at);
        if (result.isGranted() || !result.serving() || knowsBetter(allocator, request.pool(), named, client, at)) {
            return decision(result, request.client());
        }
        return silent("no record binding " + named + " to this client; the partner may have issued it");
    }

    /** Whether this server knows the named lease is not the client's (see {@link #renewNamed}). */
    private boolean knowsBetter(Allocator allocator, String pool, Lease named, BindingClient client, long at) {
        Running now = running;
        if (now == null || !allocator.covers(pool, named) || allocator.held(pool, client, at).isPresent()) {
            return true;
        }
        String relationship = relationshipOfPool.get(pool);
        return now.service().leases(relationship).find(named)
                .map(b -> b.status().equals(BindingStatus.ACTIVE) && !b.isBoundTo(client))
                .orElse(false);
    }

    private LeaseDecision decision(AllocationResult result, ClientKey client) {
        if (result.isGranted()) {
            LeaseChange change = result.granted().get();
            return grant(change.binding(), client, change.durable().minimalCompletionStage());
        }
        if (!result.serving()) {
            return silent(result.reason());
        }
        return noLease(result.status().name() + ": " + result.reason());
    }

    private static LeaseDecision noLease(String reason) {
        return new LeaseDecision(LeaseDecision.Outcome.NO_LEASE, Optional.empty(),
                CompletableFuture.completedStage(null), reason);
    }

    private LeaseDecision grant(Binding binding, ClientKey client, CompletionStage<Void> durable) {
        return new LeaseDecision(LeaseDecision.Outcome.GRANT,
                Optional.of(LeaseTranslation.hostLease(binding, client, clock.instant())), durable, "");
    }

    private static LeaseDecision silent(String reason) {
        return new LeaseDecision(LeaseDecision.Outcome.SILENT, Optional.empty(), CompletableFuture.completedStage(null),
                reason);
    }

    /** A host's lifetime in whole seconds, within 0..0xffffffff (the allocator caps infinity). */
    private static long seconds(Duration lifetime) {
        return Math.max(0, Math.min(lifetime.getSeconds(), INFINITY));
    }

    @Override
    public void leaseEvent(LeaseEvent event) {
        Running now = running;
        if (now == null) {
            return;
        }
        Lease lease;
        try {
            lease = LeaseTranslation.lease(event.lease());
        } catch (IllegalArgumentException e) {
            return; // no lease this plugin can name (a prefix length beyond 128), so none of its relationships'
        }
        for (String relationship : now.service().relationships()) {
            LeaseLedger ledger = now.service().leases(relationship);
            if (ledger.scope().covers().test(lease)) {
                now.events().record(relationship, ledger, event);
                return;
            }
        }
    }

    /** The running service, for tests in this package (the secondary's listening port). */
    FailoverService service() {
        Running now = running;
        if (now == null) {
            throw new IllegalStateException("not running");
        }
        return now.service();
    }
}
