package org.dhcpfailover.host.v6;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.dhcpfailover.host.hooks.Durability;

/**
 * What the reply to one client message waits for before it leaves: the hooks' granted leases
 * becoming durable (the lease is on stable storage before the client hears of it, RFC 8156 §5.2),
 * and, once they are, the lifetimes of its IAs counted again from that moment, so that a client
 * never counts a lease longer than the server holds it however long the disk took.
 *
 * <p>{@link HostLeaseManager} runs inside anarres' synchronous service call, so the reply being
 * built is found through {@link #current()} (set by {@link #collect} on the worker's thread).
 * Outside {@link #collect} there is none and the manager waits for durability itself.
 */
final class PendingReply {

    private static final ThreadLocal<PendingReply> CURRENT = new ThreadLocal<>();

    /** One wait for a hook's lease, with what the log names when it fails. */
    private record Wait(CompletableFuture<Void> durable, String what, Object client) {}

    private final List<Wait> waits = new ArrayList<>();
    private final List<Consumer<Instant>> beforeSend = new ArrayList<>();

    /** Runs {@code work} with this as the {@link #current()} reply of the calling thread. */
    <T> T collect(Callable<T> work) throws Exception {
        PendingReply outer = CURRENT.get();
        CURRENT.set(this);
        try {
            return work.call();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /** The reply being built on this thread, if its sending can wait (see {@link #collect}). */
    static Optional<PendingReply> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** The reply leaves only once {@code durable} completes; {@code what} and {@code client} name it in the log. */
    void waitFor(CompletionStage<Void> durable, String what, Object client) {
        waits.add(new Wait(durable.toCompletableFuture(), what, client));
    }

    /** Runs {@code update} with the moment the reply is encoded, just before it is. */
    void beforeSend(Consumer<Instant> update) {
        beforeSend.add(update);
    }

    /** Whether a hook's lease is not durable yet. */
    boolean waits() {
        return waits.stream().anyMatch(w -> !w.durable().isDone() || w.durable().isCompletedExceptionally());
    }

    /** Completes when every lease waited for is durable; fails as the first failed one did. */
    CompletableFuture<Void> durable() {
        return CompletableFuture.allOf(waits.stream().map(Wait::durable).toArray(CompletableFuture[]::new));
    }

    /**
     * Blocks until {@link #durable()} completes, at most {@code wait}; false, logged as
     * {@link #logNotDurable} does, when it did not. For callers that have no thread to hand over to.
     */
    boolean await(Duration wait) {
        try {
            durable().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            logNotDurable(wait, e);
        } catch (ExecutionException e) {
            logNotDurable(wait, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            logNotDurable(wait, e);
        }
        return false;
    }

    /**
     * Logs why the reply is dropped ({@code HOST_DURABLE_TIMEOUT} or {@code HOST_DURABLE_FAILED}),
     * naming the first lease that is not durable.
     */
    void logNotDurable(Duration wait, Throwable failure) {
        Wait first = waits.stream().filter(w -> !w.durable().isDone() || w.durable().isCompletedExceptionally())
                .findFirst().orElse(waits.isEmpty() ? new Wait(null, "?", "?") : waits.get(0));
        Durability.logNotDurable(first.what(), first.client(), wait, failure);
    }

    /** Brings the reply's lifetimes to {@code now}; call just before encoding it. */
    void prepareToSend(Instant now) {
        beforeSend.forEach(update -> update.accept(now));
    }
}
