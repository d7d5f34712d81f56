package org.dhcpfailover.plugin.service;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.dhcpfailover.plugin.allocation.Allocator;
import org.dhcpfailover.plugin.allocation.PoolSet;
import org.dhcpfailover.plugin.bindingdb.BindingDatabase;
import org.dhcpfailover.plugin.bindingdb.BindingDecodeException;
import org.dhcpfailover.plugin.log.LogMessage;
import org.dhcpfailover.plugin.store.LoadReport;
import org.dhcpfailover.plugin.store.StoreSettings;
import org.dhcpfailover.plugin.store.TailCut;
import org.dhcpfailover.plugin.sync.EndpointThread;
import org.dhcpfailover.plugin.sync.LeaseLedger;
import org.dhcpfailover.plugin.sync.LeaseScope;
import org.dhcpfailover.plugin.sync.SyncStatus;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.dhcpfailover.plugin.config.FailoverParameters;
import org.dhcpfailover.plugin.config.RelationshipConfig;
import org.dhcpfailover.plugin.endpoint.EndpointStatus;
import org.dhcpfailover.plugin.endpoint.FailoverEndpoint;
import org.dhcpfailover.plugin.endpoint.FileEndpointStateStore;
import org.dhcpfailover.plugin.log.CatalogLogger;
import org.dhcpfailover.plugin.time.AbsoluteTime;
import org.dhcpfailover.plugin.transport.FailoverTransport;
import org.dhcpfailover.plugin.transport.TransportSettings;

/**
 * The failover side of one server process: an endpoint per configured relationship (RFC 7031
 * R3, m-to-1), each with its own state file and binding store in the store directory, all
 * carried by one {@link FailoverTransport}. The Java API operators, hosts and tests use today
 * (JMX and a command line come later): status and partner-down per relationship, and each
 * relationship's {@link LeaseLedger}, through which the host records lease changes.
 *
 * <p>Every call into an endpoint runs on the transport's I/O thread; the methods here wait for
 * it, bounded in time. Host changes wake the I/O thread to send their BNDUPDs (one wake-up for
 * any number of changes made while one is pending).
 */
public final class FailoverService implements AutoCloseable {

    private static final long CALL_TIMEOUT_SECONDS = 10;
    /** T1 as a fraction of the granted lifetime, RFC 8415 §21.4's recommendation. */
    static final double T1_FRACTION = 0.5;

    private final Map<String, Relationship> relationships;
    private final FailoverTransport transport;
    private final Clock clock;

    /** One relationship's parts. */
    private record Relationship(FailoverEndpoint endpoint, LeaseLedger ledger, Allocator allocator,
            BindingDatabase database) {
    }

    private FailoverService(Map<String, Relationship> relationships, FailoverTransport transport, Clock clock) {
        this.relationships = relationships;
        this.transport = transport;
        this.clock = clock;
    }

    /**
     * Work done on a started service before its partners can reach it: its leases and allocators
     * may be used, its status may not (nothing answers on the I/O thread yet).
     */
    @FunctionalInterface
    public interface BeforeConnecting {
        /** @throws IOException to abort the start; the service is closed again */
        void prepare(FailoverService service) throws IOException;
    }

    /**
     * Like {@link #start(FailoverParameters, Path, Clock, TransportSettings, StoreSettings, Map, CatalogLogger)}
     * with the default store settings and no pools: every lease is in scope, split by kind
     * ({@link LeaseScope#everyLeaseByKind()}), and the host grants leases it chose itself.
     */
    public static FailoverService start(FailoverParameters parameters, Path storeDirectory, Clock clock,
            TransportSettings settings, CatalogLogger log) throws IOException {
        return start(parameters, storeDirectory, clock, settings, StoreSettings.defaults(), Map.of(), log);
    }

    /**
     * Starts every relationship: loads its bindings and reads its stored state (STARTUP
     * procedure, RFC 8156 §8.3.2), then opens the listening sockets and starts connecting.
     * Nothing is left running or open when it fails.
     *
     * @param storeDirectory where each relationship keeps its state file and binding store;
     *                       created if missing
     * @param pools          each relationship's pools (RFC 8156 §4.1, the same on both
     *                       partners); a relationship not in the map has none and covers every
     *                       lease, split by kind
     * @throws IOException if the store directory, a state file or a binding store cannot be
     *     read (a damaged store refuses to start rather than lose a lease), or a listening
     *     socket cannot be opened; the message names the file or address
     */
    public static FailoverService start(FailoverParameters parameters, Path storeDirectory, Clock clock,
            TransportSettings settings, StoreSettings storeSettings, Map<String, PoolSet> pools,
            CatalogLogger log) throws IOException {
        return start(parameters, storeDirectory, clock, settings, storeSettings, pools, log, service -> {
        });
    }

    /**
     * Like {@link #start(FailoverParameters, Path, Clock, TransportSettings, StoreSettings, Map, CatalogLogger)},
     * running {@code beforeConnecting} once every relationship's bindings are loaded and before
     * any socket opens: what it records in the ledgers is there before a partner can send an
     * update or ask for the pools to be rebalanced (RFC 8156 §4.2.2), and it goes to the partner
     * like any host change once the connection is up.
     */
    public static FailoverService start(FailoverParameters parameters, Path storeDirectory, Clock clock,
            TransportSettings settings, StoreSettings storeSettings, Map<String, PoolSet> pools,
            CatalogLogger log, BeforeConnecting beforeConnecting) throws IOException {
        Files.createDirectories(storeDirectory);
        long now = AbsoluteTime.fromInstant(clock.instant());
        AtomicReference<FailoverTransport> carrier = new AtomicReference<>();
        EndpointThread thread = task -> carrier.get().execute(() -> task.accept(AbsoluteTime.fromInstant(clock.instant())));
        Map<String, Relationship> relationships = new LinkedHashMap<>();
        try {
            for (RelationshipConfig relationship : parameters.relationships()) {
                BindingDatabase database = openBindings(storeDirectory, storeSettings, relationship.name(), log);
                PoolSet poolSet = pools.getOrDefault(relationship.name(), new PoolSet(List.of()));
                LeaseScope scope = pools.containsKey(relationship.name()) ? poolSet.scope()
                        : LeaseScope.everyLeaseByKind();
                LeaseLedger ledger = new LeaseLedger(database, scope, relationship.mclt().toSeconds(), T1_FRACTION);
                Allocator allocator = new Allocator(ledger, poolSet, relationship.role(), relationship.name(), log);
                FailoverEndpoint endpoint = new FailoverEndpoint(relationship,
                        FileEndpointStateStore.forRelationship(storeDirectory, relationship.name()), ledger, thread, log);
                relationships.put(relationship.name(), new Relationship(endpoint, ledger, allocator, database));
                endpoint.start(now);
                wakeOnHostChanges(ledger, endpoint, carrier, clock);
            }
            List<FailoverEndpoint> endpoints = relationships.values().stream().map(Relationship::endpoint).toList();
            FailoverTransport transport = new FailoverTransport(endpoints, settings, clock, new SecureRandom(), log);
            carrier.set(transport);
            FailoverService service = new FailoverService(relationships, transport, clock);
            // Changes made here queue their endpoint wake-up; the transport runs it once started.
            beforeConnecting.prepare(service);
            transport.start();
            return service;
        } catch (IOException | RuntimeException e) {
            closeAll(relationships.values(), e);
            throw e;
        }
    }

    private static BindingDatabase openBindings(Path storeDirectory, StoreSettings storeSettings, String relationship,
            CatalogLogger log) throws IOException {
        BindingDatabase database;
        try {
            database = BindingDatabase.open(storeDirectory, storeSettings, relationship);
        } catch (BindingDecodeException e) {
            throw new IOException("binding store of relationship " + relationship + " under " + storeDirectory
                    + " holds a binding this version cannot read: " + e.getMessage(), e);
        }
        LoadReport report = database.loadReport();
        for (TailCut cut : report.tailCuts()) {
            log.log(LogMessage.FO_BINDING_STORE_TAIL_CUT, relationship, cut.file(), cut.bytesCut(), cut.offset(),
                    cut.reason());
        }
        log.log(LogMessage.FO_BINDING_STORE_LOADED, relationship, database.size(), report.replayedRecords(),
                report.removedFiles().size());
        return database;
    }

    /**
     * A host change posts one endpoint wake-up; later changes ride on it until it has run. Once
     * the transport is stopping there is nobody to wake: the change is in the store, marked for
     * the partner, and goes out after the next start (RFC 8156 §8.8), so a change made while
     * stopping (a rebalancing POOLREQ still being read, a host thread) must not fail for it.
     */
    private static void wakeOnHostChanges(LeaseLedger ledger, FailoverEndpoint endpoint,
            AtomicReference<FailoverTransport> carrier, Clock clock) {
        AtomicBoolean posted = new AtomicBoolean();
        ledger.onChange(() -> {
            FailoverTransport transport = carrier.get();
            if (transport != null && posted.compareAndSet(false, true)) {
                try {
                    transport.execute(() -> {
                        posted.set(false);
                        endpoint.onHostChanges(AbsoluteTime.fromInstant(clock.instant()));
                    });
                } catch (RejectedExecutionException stopping) {
                    posted.set(false);
                }
            }
        });
    }

    public Set<String> relationships() {
        return relationships.keySet();
    }

    /** The relationship's current status. */
    public EndpointStatus status(String relationship) {
        return onIoThread(relationship, FailoverEndpoint::status);
    }

    /** What the relationship's update exchange has waiting and has counted. */
    public SyncStatus syncStatus(String relationship) {
        return onIoThread(relationship, FailoverEndpoint::syncStatus);
    }

    /**
     * The relationship's leases, for the host: grants, renewals, releases and declines go
     * through it (any thread), and it reads the bindings.
     */
    public LeaseLedger leases(String relationship) {
        return relationship(relationship).ledger();
    }

    /**
     * The relationship's allocator, for the host: which lease a client gets from a pool (RFC
     * 8156 §4.2), by the failover state's rules; any thread.
     */
    public Allocator allocator(String relationship) {
        return relationship(relationship).allocator();
    }

    /**
     * The operator declares the partner of {@code relationship} down (RFC 8156 §8.8.2, §8.9.2,
     * §8.11.2). The operator must be sure the partner is not operating (§8.4).
     *
     * @throws IllegalStateException if the relationship's state does not allow it, with the reason
     */
    public void partnerDown(String relationship) {
        onIoThread(relationship, endpoint -> {
            endpoint.partnerDown(AbsoluteTime.fromInstant(clock.instant()));
            return null;
        });
    }

    /**
     * The operator's full resync of {@code relationship}: UPDREQALL to the partner (RFC 8156 §5.3.6).
     *
     * @throws IllegalStateException if communications are not OK or a request awaits its UPDDONE
     */
    public void resync(String relationship) {
        onIoThread(relationship, endpoint -> {
            endpoint.resync(AbsoluteTime.fromInstant(clock.instant()));
            return null;
        });
    }

    /**
     * The operator's clean DISCONNECT of {@code relationship} (RFC 8156 §5.3.10), then the normal
     * reconnect.
     *
     * @throws IllegalStateException if there is no connection
     */
    public void disconnect(String relationship, String reason) {
        onIoThread(relationship, endpoint -> {
            endpoint.disconnect(reason, AbsoluteTime.fromInstant(clock.instant()));
            return null;
        });
    }

    /**
     * The operator resets an ABANDONED lease of {@code relationship} (RFC 8156 §7.2: ABANDONED →
     * RESET), which goes to the partner as a BNDUPD.
     *
     * @throws IllegalArgumentException if the lease is not in the relationship's pools or has no binding
     * @throws IllegalStateException    if it is not ABANDONED
     */
    public void resetLease(String relationship, org.dhcpfailover.plugin.binding.Lease lease) {
        onIoThread(relationship, endpoint -> {
            endpoint.resetLease(lease, AbsoluteTime.fromInstant(clock.instant()));
            return null;
        });
    }

    /** The address a relationship listens on (its port, when the configuration said 0). */
    public InetSocketAddress boundAddress(String relationship) {
        return transport.boundAddress(relationship);
    }

    /**
     * Orderly stop: every endpoint sends DISCONNECT with ServerShuttingDown, sockets close, then
     * each binding store writes what is queued and closes.
     */
    @Override
    public void close() {
        transport.stop();
        closeAll(relationships.values(), null);
    }

    private static void closeAll(Collection<Relationship> relationships, Exception failure) {
        for (Relationship relationship : relationships) {
            try {
                relationship.database().close();
            } catch (IOException e) {
                if (failure != null) {
                    failure.addSuppressed(e);
                }
            }
        }
    }

    private Relationship relationship(String name) {
        Relationship relationship = relationships.get(Objects.requireNonNull(name, "relationship"));
        if (relationship == null) {
            throw new IllegalArgumentException("no relationship named \"" + name + "\"; this server has "
                    + List.copyOf(relationships.keySet()));
        }
        return relationship;
    }

    private <T> T onIoThread(String relationship, Function<FailoverEndpoint, T> call) {
        FailoverEndpoint endpoint = relationship(relationship).endpoint();
        CompletableFuture<T> result = new CompletableFuture<>();
        transport.execute(() -> {
            try {
                result.complete(call.apply(endpoint));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the failover I/O thread did not answer within "
                    + CALL_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the failover I/O thread", e);
        }
    }
}
