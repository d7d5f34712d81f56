package org.dhcpfailover.plugin.hook;

import java.time.Clock;
import org.dhcpfailover.hook.spi.LeaseEvent;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.binding.LeaseTransitionException;
import org.dhcpfailover.plugin.log.CatalogLogger;
import org.dhcpfailover.plugin.log.LogMessage;
import org.dhcpfailover.plugin.log.RateLimiter;
import org.dhcpfailover.plugin.sync.LeaseLedger;
import org.dhcpfailover.plugin.time.AbsoluteTime;

/**
 * What the host did with a lease outside allocation, recorded in the relationship's ledger so
 * that the partner hears of it (RFC 8156 §4.3, §7.2): a RELEASE makes the lease RELEASED, a
 * DECLINE makes it ABANDONED, the host's expiry makes it EXPIRED — the last only if the
 * ledger's binding is really due, since the plugin runs its own expiry and the host's table may
 * lag behind a renewal the partner sent.
 *
 * <p>An event the ledger cannot take (no binding, another client, not active) is never thrown
 * back at the host: it is logged, at most once a minute per relationship, and the host's table
 * is shown the ledger's binding again.
 */
final class HostLeaseEvents {
    private static final long IGNORED_LOG_INTERVAL_SECONDS = 60;

    private final HostLeaseMirror mirror;
    private final Clock clock;
    private final CatalogLogger log;
    private final RateLimiter ignored = new RateLimiter(IGNORED_LOG_INTERVAL_SECONDS);

    HostLeaseEvents(HostLeaseMirror mirror, Clock clock, CatalogLogger log) {
        this.mirror = mirror;
        this.clock = clock;
        this.log = log;
    }

    /** Records {@code event} for a lease of {@code relationship}, whose ledger is {@code ledger}. */
    void record(String relationship, LeaseLedger ledger, LeaseEvent event) {
        Lease lease = LeaseTranslation.lease(event.lease());
        BindingClient client = LeaseTranslation.client(event.lease().client());
        long now = AbsoluteTime.fromInstant(clock.instant());
        try {
            switch (event.type()) {
                case RELEASED -> ledger.release(lease, client, now);
                case DECLINED -> ledger.decline(lease, client, now);
                case EXPIRED -> {
                    if (ledger.find(lease).isEmpty()) {
                        throw new IllegalArgumentException(lease + " has no binding");
                    }
                    ledger.expireIfDue(lease, now);
                }
            }
        } catch (IllegalArgumentException | LeaseTransitionException e) {
            // A failed store (BindingDatabaseFailedException) is not the host's mistake: it goes
            // to the host, which logs it, after FO_BINDING_STORE_FAILED.
            ignore(relationship, event, lease, client, e.getMessage(), now);
            mirror.refresh(relationship, ledger, lease);
        }
    }

    private void ignore(String relationship, LeaseEvent event, Lease lease, BindingClient client, String why,
            long now) {
        long heldBack;
        synchronized (ignored) {
            heldBack = ignored.permit(relationship, now);
        }
        if (heldBack >= 0) {
            log.log(LogMessage.FO_HOST_LEASE_EVENT_IGNORED, relationship, event.type(), lease,
                    client.duid() + "/" + client.iaType() + "/" + client.iaid(), why, heldBack);
        }
    }
}
