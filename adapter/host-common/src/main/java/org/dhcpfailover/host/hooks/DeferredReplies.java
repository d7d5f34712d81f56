package org.dhcpfailover.host.hooks;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
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

    private final ExecutorService thread;
    private final AtomicInteger pending = new AtomicInteger();
    /**
     * Hands a completion to {@link #thread}; after {@link #close} drops it instead of throwing
     * into whoever completed the hook's future (the hook's store writer).
     */
    private final Executor onThread = this::handOver;
    private volatile Sender<R> sender;

    /** @param threadName the name of the thread that sends the replies, e.g. {@code host-v4-deferred-replies} */
    public DeferredReplies(String threadName) {
        thread = Executors.newSingleThreadExecutor(run -> {
            Thread t = new Thread(run, threadName);
            t.setDaemon(true);
            return t;
        });
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
        durable.toCompletableFuture().copy().orTimeout(wait.toMillis(), TimeUnit.MILLISECONDS)
                .whenCompleteAsync((ok, failure) -> {
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

    /** Replies still waiting for their lease to become durable. */
    public int pending() {
        return pending.get();
    }

    /** Sends what is ready within a second, then drops the rest (their clients retransmit). */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(1, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
