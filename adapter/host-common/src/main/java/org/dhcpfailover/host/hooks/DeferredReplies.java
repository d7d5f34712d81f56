package org.dhcpfailover.host.hooks;

import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.dhcpfailover.host.log.HostLog;
import org.dhcpfailover.host.log.HostMessage;

/**
 * Replies that wait until a hook's lease is durable (the lease is on stable storage before the
 * client hears of it, RFC 8156 §5.2 / RFC 2131 §4.3.1), sent from a thread of their own so that
 * no dhcp4java worker waits for an fsync: a worker hands the wait over and takes the next
 * message, and every reply whose lease one fsync covered leaves as soon as that fsync ends. The
 * host's rate is then bounded by its CPU, not by its worker count divided by the fsync time.
 *
 * <p>A lease not durable within the wait, or whose store failed, gets no reply (the client
 * retransmits); the caller's {@code failed} callback logs why.
 */
public final class DeferredReplies<R> implements AutoCloseable {
    /** Sends a reply (dhcp4java's socket in the DHCPv4 host, netty's channel in the DHCPv6 host). */
    @FunctionalInterface
    public interface Sender<R> {
        void send(R reply) throws IOException;
    }

    private static final HostLog LOG = HostLog.forClass(DeferredReplies.class);

    /** How often waits that ran out are looked for: a reply's wait ends up to this much late. */
    static final long SWEEP_MILLIS = 50;

    /** A reply's wait: the copy of the hook's future that the sweep may fail, and by when. */
    private record Waiting(CompletableFuture<Void> durable, long deadlineNanos) {
    }

    private final ScheduledThreadPoolExecutor thread;
    private final AtomicInteger pending = new AtomicInteger();
    /**
     * The replies still waiting, swept every {@link #SWEEP_MILLIS} on {@link #thread}: one timer
     * for all of them rather than one {@code orTimeout} timer each, which cost a hand-over to the
     * JDK's delay scheduler (and its futex calls) per reply.
     */
    private final Queue<Waiting> waiting = new ConcurrentLinkedQueue<>();
    /**
     * Hands a completion to {@link #thread}; after {@link #close} drops it instead of throwing
     * into whoever completed the hook's future (the hook's store writer).
     */
    private final Executor onThread = this::handOver;
    private volatile Sender<R> sender;

    /** @param threadName the name of the thread that sends the replies, e.g. {@code host-v4-deferred-replies} */
    public DeferredReplies(String threadName) {
        thread = new ScheduledThreadPoolExecutor(1, run -> {
            Thread t = new Thread(run, threadName);
            t.setDaemon(true);
            return t;
        });
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        thread.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Fails the waits that ran out (their replies then report a {@link TimeoutException}) and forgets the ended ones. */
    private void sweep() {
        long now = System.nanoTime();
        for (Iterator<Waiting> each = waiting.iterator(); each.hasNext();) {
            Waiting wait = each.next();
            if (wait.durable().isDone()) {
                each.remove();
            } else if (now - wait.deadlineNanos() >= 0) {
                each.remove();
                wait.durable().completeExceptionally(new TimeoutException());
            }
        }
    }

    private void handOver(Runnable run) {
        try {
            thread.execute(run);
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet();
        }
    }

    /** Where replies go; until attached, a reply that is ready is dropped (the host is not serving yet). */
    public void attach(Sender<R> replies) {
        this.sender = replies;
    }

    /**
     * Once {@code durable} completes within {@code wait}, builds the reply ({@code reply} may
     * return null: nothing to send) and sends it; otherwise tells {@code failed} (a
     * {@link TimeoutException} when the wait ran out). {@code source} names the message's sender
     * in the log line of an unexpected failure.
     */
    public void whenDurable(CompletionStage<Void> durable, Duration wait, String source, Supplier<R> reply,
            Consumer<Throwable> failed) {
        pending.incrementAndGet();
        // copy(): the timeout must not complete the hook's own future
        CompletableFuture<Void> copy = durable.toCompletableFuture().copy();
        if (!copy.isDone()) {
            waiting.add(new Waiting(copy, System.nanoTime() + wait.toNanos()));
            if (thread.isShutdown()) {
                copy.cancel(false); // closed: no sweep will end this wait (close ends the ones before)
            }
        }
        copy.whenCompleteAsync((ok, failure) -> {
            try {
                if (failure != null) {
                    failed.accept(unwrap(failure));
                } else {
                    send(reply.get());
                }
            } catch (RuntimeException e) {
                LOG.log(HostMessage.HOST_SERVE_FAILED, source, e);
            } finally {
                pending.decrementAndGet();
            }
        }, onThread);
    }

    private void send(R datagram) {
        Sender<R> to = sender;
        if (datagram == null || to == null) {
            return;
        }
        try {
            to.send(datagram);
        } catch (IOException e) {
            // as the hosts do for their own replies: the client retransmits
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
    }

    /** Ends the thread; completions it had not run yet end without their reply. */
    private void dropHandedOver() {
        pending.addAndGet(-thread.shutdownNow().size());
    }

    /** Replies still waiting for their lease to become durable. */
    public int pending() {
        return pending.get();
    }

    /**
     * Sends what is ready within a second, then drops the rest (their clients retransmit): the
     * replies still waiting for their lease end without a reply and without a {@code failed} call,
     * as the sweep that would have timed them out has stopped, so {@link #pending()} comes to 0.
     */
    @Override
    public void close() {
        thread.shutdown(); // the periodic sweep leaves the queue here, so shutdownNow lists hand-overs only
        try {
            if (!thread.awaitTermination(1, TimeUnit.SECONDS)) {
                dropHandedOver();
            }
        } catch (InterruptedException e) {
            dropHandedOver();
            Thread.currentThread().interrupt();
        }
        // the thread no longer takes completions: each one below is dropped by handOver
        for (Waiting wait; (wait = waiting.poll()) != null;) {
            wait.durable().cancel(false);
        }
    }
}
