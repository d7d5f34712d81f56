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
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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
 * R3, m-to-1), each with its own state file in the store directory, all carried by one
 * {@link FailoverTransport}. The Java API operators and tests use today (JMX and a command line
 * come later): status and partner-down per relationship.
 *
 * <p>Every call into an endpoint runs on the transport's I/O thread; the methods here wait for
 * it, bounded in time.
 */
public final class FailoverService implements AutoCloseable {

    private static final long CALL_TIMEOUT_SECONDS = 10;

    private final Map<String, FailoverEndpoint> endpoints;
    private final FailoverTransport transport;
    private final Clock clock;

    private FailoverService(Map<String, FailoverEndpoint> endpoints, FailoverTransport transport, Clock clock) {
        this.endpoints = endpoints;
        this.transport = transport;
        this.clock = clock;
    }

    /**
     * Starts every relationship: reads its stored state (STARTUP procedure, RFC 8156 §8.3.2),
     * then opens the listening sockets and starts connecting. Nothing is left running when it
     * fails.
     *
     * @param storeDirectory where each relationship keeps its state file; created if missing
     * @throws IOException if the store directory or a state file cannot be read, or a listening
     *     socket cannot be opened; the message names the file or address
     */
    public static FailoverService start(FailoverParameters parameters, Path storeDirectory, Clock clock,
            TransportSettings settings, CatalogLogger log) throws IOException {
        Files.createDirectories(storeDirectory);
        long now = AbsoluteTime.fromInstant(clock.instant());
        Map<String, FailoverEndpoint> endpoints = new LinkedHashMap<>();
        for (RelationshipConfig relationship : parameters.relationships()) {
            FailoverEndpoint endpoint = new FailoverEndpoint(relationship,
                    FileEndpointStateStore.forRelationship(storeDirectory, relationship.name()), log);
            endpoint.start(now);
            endpoints.put(relationship.name(), endpoint);
        }
        FailoverTransport transport = new FailoverTransport(new ArrayList<>(endpoints.values()), settings, clock,
                new SecureRandom(), log);
        transport.start();
        return new FailoverService(endpoints, transport, clock);
    }

    public Set<String> relationships() {
        return endpoints.keySet();
    }

    /** The relationship's current status. */
    public EndpointStatus status(String relationship) {
        return onIoThread(relationship, FailoverEndpoint::status);
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

    /** The address a relationship listens on (its port, when the configuration said 0). */
    public InetSocketAddress boundAddress(String relationship) {
        return transport.boundAddress(relationship);
    }

    /** Orderly stop: every endpoint sends DISCONNECT with ServerShuttingDown, then sockets close. */
    @Override
    public void close() {
        transport.stop();
    }

    private <T> T onIoThread(String relationship, Function<FailoverEndpoint, T> call) {
        FailoverEndpoint endpoint = endpoints.get(Objects.requireNonNull(relationship, "relationship"));
        if (endpoint == null) {
            throw new IllegalArgumentException("no relationship named \"" + relationship + "\"; this server has "
                    + List.copyOf(endpoints.keySet()));
        }
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
