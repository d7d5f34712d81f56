package org.dhcpfailover.plugin.allocation;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.sync.LeaseChange;
import org.dhcpfailover.plugin.wire.StatusCode;

/**
 * The answer to a host's request for a lease: granted, or the protocol's answer to the client
 * — never an exception into the host.
 *
 * @param granted the lease, its lifetimes and its durability, when granted
 * @param status  {@link StatusCode#SUCCESS} when granted or not serving; NoAddrsAvail (2) or
 *                NoPrefixAvail (6) when the pool has nothing this server may hand out (a DHCPv4
 *                host sends no offer); NoBinding (3) when the lease a request named is not the
 *                client's to renew (a DHCPv4 host sends a NAK)
 * @param serving whether this server's failover state lets it answer this request at all
 * @param reason  why not, for the host's log
 */
public record AllocationResult(Optional<LeaseChange> granted, StatusCode status, boolean serving, String reason) {
    public AllocationResult {
        Objects.requireNonNull(granted, "granted");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }

    static AllocationResult granted(LeaseChange change) {
        return new AllocationResult(Optional.of(change), StatusCode.SUCCESS, true, "");
    }

    /**
     * An offer: the binding a request would commit now ({@code preview}), or the client's own
     * binding as it is; nothing was committed, so its durability is complete.
     */
    static AllocationResult offered(Binding preview) {
        return granted(new LeaseChange(preview, CompletableFuture.completedFuture(null)));
    }

    static AllocationResult exhausted(StatusCode status, String reason) {
        return new AllocationResult(Optional.empty(), status, true, reason);
    }

    /** The lease the request named is not the client's, or may not be renewed now. */
    static AllocationResult noBinding(String reason) {
        return new AllocationResult(Optional.empty(), StatusCode.NO_BINDING, true, reason);
    }

    /** The failover state forbids answering (e.g. RECOVER, POTENTIAL-CONFLICT): stay silent. */
    static AllocationResult notServing(String reason) {
        return new AllocationResult(Optional.empty(), StatusCode.SUCCESS, false, reason);
    }

    public boolean isGranted() {
        return granted.isPresent();
    }
}
