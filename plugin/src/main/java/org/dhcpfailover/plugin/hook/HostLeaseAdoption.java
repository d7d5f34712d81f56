package org.dhcpfailover.plugin.hook;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.dhcpfailover.hook.spi.HostLease;
import org.dhcpfailover.hook.spi.HostLeases;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.log.CatalogLogger;
import org.dhcpfailover.plugin.log.LogMessage;
import org.dhcpfailover.plugin.service.FailoverService;
import org.dhcpfailover.plugin.sync.LeaseChange;
import org.dhcpfailover.plugin.sync.LeaseLedger;
import org.dhcpfailover.plugin.time.AbsoluteTime;
import org.dhcpfailover.plugin.wire.BindingStatus;

/**
 * At start, the leases a host granted without the hook: every ACTIVE lease of the host's table
 * in a relationship's pools that the relationship's binding store has no binding of at all (the
 * host ran before failover was enabled, or without the hook for a while) is adopted — recorded
 * for its client with the lifetimes it holds and sent to the partner ({@link LeaseLedger#adopt}),
 * so that neither server gives it to another client while it is in use.
 *
 * <p>A lease the store has a binding of, in any state, keeps the store's version: the store is
 * durable and in step with the partner, while a host's table may be stale (a host that keeps
 * leases in a file of its own, restarted after the partner took the lease over). The host's
 * table then shows the store's version, as for every binding. Expired host leases and leases
 * outside every relationship are left alone.
 */
final class HostLeaseAdoption {
    private static final long DURABLE_TIMEOUT_SECONDS = 30;

    private HostLeaseAdoption() {
    }

    /**
     * The host's active leases, read before the host's table is shown the store's bindings
     * (which overwrite the host's version of every lease the store has a binding of).
     */
    static List<HostLease> activeLeases(HostLeases host) {
        List<HostLease> active = new ArrayList<>();
        host.forEach(lease -> {
            if (lease.state() == HostLease.State.ACTIVE) {
                active.add(lease);
            }
        });
        return active;
    }

    /**
     * Adopts what there is to adopt among {@code active} and waits until it is durable.
     *
     * @throws IOException if the binding store could not make the adopted leases durable
     */
    static void adopt(FailoverService service, List<HostLease> active, Clock clock, CatalogLogger log)
            throws IOException {
        Instant nowInstant = clock.instant();
        long now = AbsoluteTime.fromInstant(nowInstant);
        List<CompletableFuture<Void>> durable = new ArrayList<>();
        for (String relationship : service.relationships()) {
            LeaseLedger ledger = service.leases(relationship);
            int adopted = 0;
            int differing = 0;
            for (HostLease held : active) {
                Optional<Lease> lease = coveredLease(held, ledger);
                if (lease.isEmpty() || !held.validUntil().isAfter(nowInstant)) {
                    continue;
                }
                BindingClient client = LeaseTranslation.client(held.client());
                Optional<LeaseChange> change = ledger.adopt(lease.get(), client,
                        LeaseTranslation.lifetimesLeft(held, now, nowInstant), now);
                if (change.isPresent()) {
                    adopted++;
                    durable.add(change.get().durable());
                } else if (!ledger.find(lease.get()).map(binding -> heldBy(binding, client)).orElse(false)) {
                    differing++;
                }
            }
            if (adopted + differing > 0) {
                log.log(LogMessage.FO_HOST_LEASES_ADOPTED, relationship, adopted, differing);
            }
        }
        awaitDurable(durable);
    }

    /** The lease a host's lease names, if it is one of the relationship's. */
    private static Optional<Lease> coveredLease(HostLease held, LeaseLedger ledger) {
        try {
            Lease lease = LeaseTranslation.lease(held);
            return ledger.scope().covers().test(lease) ? Optional.of(lease) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not a lease this plugin can name (a prefix length out of range)
        }
    }

    private static boolean heldBy(Binding binding, BindingClient client) {
        return binding.status().equals(BindingStatus.ACTIVE) && binding.isBoundTo(client);
    }

    private static void awaitDurable(List<CompletableFuture<Void>> durable) throws IOException {
        try {
            CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new))
                    .get(DURABLE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IOException("the binding store could not record the host's leases: " + e.getCause(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the binding store did not record the host's leases within "
                    + DURABLE_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while recording the host's leases", e);
        }
    }
}
