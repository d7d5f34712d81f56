package org.dhcpfailover.plugin.sync;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.dhcpfailover.plugin.binding.Binding;

/**
 * A lease the host changed: the binding as it now stands, and when it is durable. The host
 * answers its client only after {@code durable} completes (DESIGN.md: a lease told to a client
 * survives a crash); if it fails, the binding store has failed and the host must not answer.
 *
 * @param binding the new binding (for a grant, its lifetimes are what the client may be told)
 * @param durable completes once the binding is on disk
 */
public record LeaseChange(Binding binding, CompletableFuture<Void> durable) {
    public LeaseChange {
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(durable, "durable");
    }
}
