package org.dhcpfailover.host.hooks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.dhcpfailover.hook.spi.ClientMessage;
import org.dhcpfailover.hook.spi.Hook;
import org.dhcpfailover.hook.spi.LeaseDecision;
import org.dhcpfailover.hook.spi.LeaseEvent;
import org.dhcpfailover.hook.spi.LeaseRequest;
import org.dhcpfailover.host.log.HostLog;
import org.dhcpfailover.host.log.HostMessage;

/**
 * The started hooks of a host, in configuration order, as one facade the host calls from any
 * thread. Each call runs with the hook's class loader as the thread's context class loader, and a
 * hook's exception never reaches the host: the client message is dropped (the failover partner
 * may answer it) and the failure logged, at most once a minute per hook and call.
 */
public final class LoadedHooks implements HostHooks, AutoCloseable {

    private static final HostLog LOG = HostLog.forClass(LoadedHooks.class);
    private static final long LOG_INTERVAL_NANOS = 60_000_000_000L;

    private final List<Started> hooks;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ConcurrentHashMap<String, Failures> failures = new ConcurrentHashMap<>();

    /** One started hook with its class loader. */
    record Started(String name, Hook hook, PluginClassLoader loader) {
        <T> T call(Callable<T> call) throws Exception {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                return call.call();
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
    }

    private static final class Failures {
        final AtomicLong count = new AtomicLong();
        volatile long lastLogged = System.nanoTime() - LOG_INTERVAL_NANOS;
    }

    LoadedHooks(List<Started> hooks) {
        this.hooks = List.copyOf(hooks);
    }

    /** No hooks: the host serves on its own. */
    public static LoadedHooks none() {
        return new LoadedHooks(List.of());
    }

    public boolean isEmpty() {
        return hooks.isEmpty();
    }

    /** The names of the hook libraries, in order. */
    public List<String> names() {
        return hooks.stream().map(Started::name).toList();
    }

    /** Whether to answer: every hook must agree; a hook that throws says no. */
    @Override
    public boolean answer(ClientMessage message) {
        for (Started hook : hooks) {
            try {
                if (!hook.call(() -> hook.hook().answer(message))) {
                    return false;
                }
            } catch (Exception | LinkageError e) {
                failed(hook, "answer", e);
                return false;
            }
        }
        return true;
    }

    /**
     * The first hook's decision that has one; empty when no hook decides for the request's pool
     * (the host allocates on its own). A hook that throws decides {@link LeaseDecision.Outcome#SILENT}.
     */
    @Override
    public Optional<LeaseDecision> allocate(LeaseRequest request) {
        for (Started hook : hooks) {
            try {
                Optional<LeaseDecision> decision = hook.call(() -> hook.hook().allocate(request));
                if (decision != null && decision.isPresent()) {
                    return decision;
                }
            } catch (Exception | LinkageError e) {
                failed(hook, "allocate", e);
                return Optional.of(new LeaseDecision(LeaseDecision.Outcome.SILENT, Optional.empty(),
                        CompletableFuture.completedFuture(null), "hook " + hook.name() + " failed"));
            }
        }
        return Optional.empty();
    }

    /** Tells every hook; a hook that throws is logged and the others still hear of it. */
    @Override
    public void leaseEvent(LeaseEvent event) {
        for (Started hook : hooks) {
            try {
                hook.call(() -> {
                    hook.hook().leaseEvent(event);
                    return null;
                });
            } catch (Exception | LinkageError e) {
                failed(hook, "leaseEvent", e);
            }
        }
    }

    private void failed(Started hook, String call, Throwable e) {
        Failures count = failures.computeIfAbsent(hook.name() + "/" + call, key -> new Failures());
        long total = count.count.incrementAndGet();
        long now = System.nanoTime();
        long last = count.lastLogged;
        if (now - last >= LOG_INTERVAL_NANOS) {
            count.lastLogged = now;
            LOG.log(HostMessage.HOST_HOOK_CALL_FAILED, hook.name(), call, HookLoader.describe(e), total);
            LOG.logger().debug("stack trace of the failure in hook {}", hook.name(), e);
        }
    }

    /** How many calls of {@code call} ("answer", "allocate", "leaseEvent") to {@code hook} failed. */
    public long failures(String hook, String call) {
        Failures count = failures.get(hook + "/" + call);
        return count == null ? 0 : count.count.get();
    }

    /** Stops the hooks in reverse order, then closes their class loaders. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<Started> reverse = new ArrayList<>(hooks);
        java.util.Collections.reverse(reverse);
        for (Started hook : reverse) {
            try {
                hook.call(() -> {
                    hook.hook().stop();
                    return null;
                });
                LOG.log(HostMessage.HOST_HOOK_STOPPED, hook.name());
            } catch (Exception | LinkageError e) {
                LOG.log(HostMessage.HOST_HOOK_STOP_FAILED, hook.name(), HookLoader.describe(e));
            }
        }
        for (Started hook : reverse) {
            try {
                hook.loader().close();
            } catch (IOException ignored) {
                // The jar's file handle stays open until exit; nothing else is lost.
            }
        }
    }
}
