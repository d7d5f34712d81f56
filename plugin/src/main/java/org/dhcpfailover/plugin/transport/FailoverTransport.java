package org.dhcpfailover.plugin.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.dhcpfailover.plugin.config.TlsMaterial.TlsMaterialException;
import org.dhcpfailover.plugin.endpoint.PartnerConnectionHandler;
import org.dhcpfailover.plugin.endpoint.PartnerLink;
import org.dhcpfailover.plugin.log.CatalogLogger;
import org.dhcpfailover.plugin.log.RateLimiter;
import org.dhcpfailover.plugin.time.AbsoluteTime;
import org.dhcpfailover.plugin.transport.Connection.Phase;
import org.dhcpfailover.plugin.wire.FailoverMessage;

/**
 * The real-TCP transport of one server process: it carries every failover relationship of the
 * server (RFC 7031 R3, m-to-1) over non-blocking sockets driven by one I/O thread and one
 * {@link Selector}.
 *
 * <ul>
 *   <li>Secondary relationships: one listening socket per distinct listen address (RFC 8156
 *       §6.1: the secondary MUST listen). A peer that is the partner of no secondary
 *       relationship on that socket is dropped at once (§6.1). Otherwise the first message must
 *       be a CONNECT; its OPTION_F_RELATIONSHIP_NAME picks the relationship (§6.2); an unknown
 *       name is refused with ConfigurationConflict (SPEC-GAP A19), a relationship that is
 *       already connected with UnspecFail. A peer that sends no CONNECT within its relationships'
 *       {@code connect-wait} is dropped (RFC 7031 S8, connect-and-stall), and a partner address
 *       may hold only a few connections that await their CONNECT.
 *   <li>Primary relationships: the primary connects (§6.1) and, while its endpoint is not
 *       connected, retries forever with a growing, jittered pause ({@link ReconnectBackoff}).
 *   <li>Framing is the 16-bit message-size of RFC 8156 §5.1 (RFC 5460 §5.1), each message at
 *       most the relationship's {@code max-message-size}. Writes never block: each connection
 *       queues at most {@link TransportSettings#outboundLimit()} octets, beyond which the partner
 *       counts as no longer reading and the connection is dropped. Reads stop while the handler
 *       is not {@linkplain PartnerConnectionHandler#readyForMessages() ready} (back-pressure).
 *   <li>Every handler's {@code onTick} runs once per second (§6.5: the timers tick once per
 *       second).
 * </ul>
 *
 * <p>Every {@link PartnerConnectionHandler} method is called on the I/O thread only, never
 * re-entrantly from within a {@link PartnerLink} call: a connection closed while a handler is
 * sending is reported after that handler call returns. Each opened connection is reported
 * closed exactly once. Other threads reach the handlers through {@link #execute(Runnable)}.
 *
 * <p>This class owns the thread, the selector loop, the lifecycle and the tick schedule; the
 * secondary's accepting is {@link Acceptor}'s, the primary's connecting {@link Connector}'s, and
 * the reading, writing and closing of each connection {@link ConnectionIo}'s.
 */
public final class FailoverTransport implements Executor {

    private static final long TICK_NANOS = Duration.ofSeconds(1).toNanos();
    /** Ticks fired at once after the thread was held up; beyond that the schedule restarts. */
    private static final int MAX_CATCH_UP_TICKS = 5;
    private static final long LOG_INTERVAL_SECONDS = 60;
    private static final String STOPPED = "failover transport stopped";
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private enum Lifecycle { NEW, RUNNING, STOPPING, STOPPED }

    private final List<PartnerConnectionHandler> handlers;
    private final TransportSettings settings;
    private final Clock clock;
    private final Random random;
    private final CatalogLogger log;

    private final Object lifecycleLock = new Object();
    private Lifecycle lifecycle = Lifecycle.NEW;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private volatile Selector selector;
    private volatile Thread ioThread;
    private volatile List<Listener> listeners = List.of();

    // The fields below belong to the I/O thread; start() sets the first three before starting it.
    private ConnectionIo io;
    private Acceptor acceptor;
    private Connector connector;
    private final RateLimiter rateLimiter = new RateLimiter(LOG_INTERVAL_SECONDS);
    private long nextTickNanos;
    private boolean stopping;
    private long stopDeadlineNanos;

    /**
     * @param handlers one per relationship, primary or secondary
     * @param settings limits and pauses
     * @param clock    the source of RFC 8156 absolute time ({@code now}) for the handlers
     * @param random   the jitter of the reconnect pauses
     * @param log      where connection events are logged
     */
    public FailoverTransport(List<? extends PartnerConnectionHandler> handlers, TransportSettings settings,
            Clock clock, Random random, CatalogLogger log) {
        this.handlers = List.copyOf(handlers);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** A transport with the default settings, the system clock and its own logger. */
    public FailoverTransport(List<? extends PartnerConnectionHandler> handlers) {
        this(handlers, TransportSettings.defaults(), Clock.systemUTC(), new Random(),
                CatalogLogger.forClass(FailoverTransport.class));
    }

    // ------------------------------------------------------------ lifecycle (any thread)

    /**
     * Opens the listening sockets and starts the I/O thread; connecting and ticking begin there.
     * Nothing is left open when it fails.
     *
     * @throws IOException naming the address when a listening socket cannot be opened
     * @throws IllegalStateException when already started or stopped
     */
    public void start() throws IOException {
        synchronized (lifecycleLock) {
            if (lifecycle != Lifecycle.NEW) {
                throw new IllegalStateException("failover transport already " + lifecycle.name().toLowerCase());
            }
            Map<PartnerConnectionHandler, TlsPolicy> tlsPolicies = tlsPolicies();
            Selector opened = Selector.open();
            try {
                listeners = Listener.openAll(opened, handlers, log);
            } catch (IOException | RuntimeException e) {
                Sockets.close(opened);
                throw e;
            }
            long nowNanos = System.nanoTime();
            Thread thread = new Thread(this::run, "failover-io-" + INSTANCES.incrementAndGet());
            io = new ConnectionIo(thread, settings, log, rateLimiter, this::now, this::routeFirstMessage,
                    this::dialEnded, tlsPolicies, random);
            acceptor = new Acceptor(opened, io, log, rateLimiter, LOG_INTERVAL_SECONDS, this::now);
            connector = new Connector(opened, io, handlers, settings, random, log, rateLimiter, this::now, nowNanos);
            selector = opened;
            thread.setDaemon(true);
            ioThread = thread;
            lifecycle = Lifecycle.RUNNING;
            thread.start();
        }
    }

    /**
     * The TLS of each relationship that has it, its key material read now.
     *
     * @throws IOException naming the relationship whose files cannot be used
     */
    private Map<PartnerConnectionHandler, TlsPolicy> tlsPolicies() throws IOException {
        Map<PartnerConnectionHandler, TlsPolicy> policies = new LinkedHashMap<>();
        for (PartnerConnectionHandler handler : handlers) {
            if (handler.config().tls().isPresent()) {
                try {
                    policies.put(handler, TlsPolicy.create(handler.config().tls().get(), clock));
                } catch (TlsMaterialException e) {
                    throw new IOException("relationship \"" + handler.config().name() + "\": TLS "
                            + e.key() + ": " + e.getMessage(), e);
                }
            }
        }
        return policies;
    }

    /**
     * Shuts every relationship down (each handler's {@code shutdown}, which sends DISCONNECT),
     * waits at most {@link TransportSettings#stopFlushTimeout()} for the queued octets to be
     * written, closes every socket and ends the I/O thread. Idempotent; waits for the thread
     * unless called on it.
     */
    public void stop() {
        Thread thread;
        synchronized (lifecycleLock) {
            switch (lifecycle) {
                case NEW -> {
                    lifecycle = Lifecycle.STOPPED;
                    return;
                }
                case STOPPED -> {
                    return;
                }
                case RUNNING -> {
                    lifecycle = Lifecycle.STOPPING;
                    tasks.add(this::beginStop);
                    selector.wakeup();
                }
                case STOPPING -> {
                    // Another caller asked first; wait for the same thread.
                }
            }
            thread = ioThread;
        }
        if (Thread.currentThread() != thread) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Runs {@code task} on the I/O thread, where the handlers may be used (operator commands,
     * host callbacks). Tasks run in submission order; those accepted before {@link #stop()} run
     * before the handlers are shut down.
     *
     * @throws RejectedExecutionException once stopping has begun
     */
    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        synchronized (lifecycleLock) {
            if (lifecycle == Lifecycle.STOPPING || lifecycle == Lifecycle.STOPPED) {
                throw new RejectedExecutionException("failover transport is stopped");
            }
            tasks.add(task);
            if (selector != null) {
                selector.wakeup();
            }
        }
    }

    /**
     * The address the listening socket of secondary relationship {@code relationship} is bound
     * to (the port differs from the configured one when that is 0).
     *
     * @throws IllegalArgumentException if no listening socket serves that relationship
     */
    public InetSocketAddress boundAddress(String relationship) {
        for (Listener listener : listeners) {
            for (PartnerConnectionHandler handler : listener.handlers()) {
                if (handler.config().name().equals(relationship)) {
                    return listener.bound();
                }
            }
        }
        throw new IllegalArgumentException("no listening socket for relationship \"" + relationship + "\"");
    }

    /** The I/O thread, once started (for tests). */
    Thread ioThread() {
        return ioThread;
    }

    // ------------------------------------------------------------ the I/O thread

    private void run() {
        nextTickNanos = System.nanoTime() + TICK_NANOS;
        try {
            while (!stopping || !stopComplete()) {
                // What the handlers sent in the last turn leaves in one write per connection.
                io.flushSent();
                long timeout = millisUntilNextDeadline();
                if (timeout == 0) {
                    selector.selectNow();
                } else {
                    selector.select(timeout);
                }
                try {
                    runTasks();
                    // A task (a durable commit's continuation) or a tick may have made room.
                    io.resumePaused();
                    handleReadyKeys();
                    runDeadlines();
                } catch (RuntimeException e) {
                    // A handler or task broke its no-throw contract: report it, keep the other
                    // relationships running.
                    report(e);
                }
                io.drainClosedNotices();
            }
        } catch (IOException | RuntimeException e) {
            report(e);
        } finally {
            finishStop();
        }
    }

    private boolean stopComplete() {
        return io.isEmpty() || System.nanoTime() - stopDeadlineNanos >= 0;
    }

    private long millisUntilNextDeadline() {
        if (!tasks.isEmpty() || io.hasClosedNotices()) {
            return 0;
        }
        long nowNanos = System.nanoTime();
        long next = nowNanos + TICK_NANOS;
        if (!stopping) {
            next = earlier(next, nextTickNanos, nowNanos);
            for (Dialer dialer : connector.dialers()) {
                if (dialer.current == null) {
                    next = earlier(next, dialer.nextAttemptNanos, nowNanos);
                }
            }
        } else {
            next = earlier(next, stopDeadlineNanos, nowNanos);
        }
        for (Connection connection : io.connections()) {
            if (connection.phase != Phase.OPEN) {
                next = earlier(next, connection.deadlineNanos, nowNanos);
            }
        }
        long wait = next - nowNanos;
        return wait <= 0 ? 0 : Math.max(1, (wait + 999_999) / 1_000_000);
    }

    private static long earlier(long a, long b, long nowNanos) {
        return b - nowNanos < a - nowNanos ? b : a;
    }

    private void runTasks() {
        // Only those present now: a task that submits another does not starve the sockets.
        for (int pending = tasks.size(); pending > 0; pending--) {
            Runnable task = tasks.poll();
            if (task == null) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                report(e);
            }
            io.drainClosedNotices();
        }
    }

    private void handleReadyKeys() {
        Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
        while (ready.hasNext()) {
            SelectionKey key = ready.next();
            ready.remove();
            if (!key.isValid()) {
                continue;
            }
            if (key.attachment() instanceof Listener listener) {
                acceptor.acceptAll(listener);
            } else if (key.attachment() instanceof Connection connection) {
                handleReady(connection, key.readyOps());
            }
            io.drainClosedNotices();
        }
    }

    private void handleReady(Connection connection, int readyOps) {
        if (connection.phase == Phase.CONNECTING && (readyOps & SelectionKey.OP_CONNECT) != 0) {
            connector.finishConnect(connection);
        }
        if (connection.phase != Phase.CLOSED && (readyOps & SelectionKey.OP_WRITE) != 0) {
            io.writeQueued(connection);
        }
        if (connection.phase != Phase.CLOSED && (readyOps & SelectionKey.OP_READ) != 0) {
            io.read(connection);
        }
    }

    private void runDeadlines() {
        long nowNanos = System.nanoTime();
        if (!stopping) {
            tick(nowNanos);
        }
        for (Connection connection : io.snapshot()) {
            if (nowNanos - connection.deadlineNanos < 0) {
                continue;
            }
            switch (connection.phase) {
                case CONNECTING -> connector.timedOut(connection);
                case AWAITING_CONNECT -> acceptor.stalled(connection);
                case STARTTLS, TLS_HANDSHAKE -> io.tls().timedOut(connection);
                case CLOSING -> io.terminate(connection, connection.closeReason);
                case OPEN, CLOSED -> {
                }
            }
        }
        io.drainClosedNotices();
        if (!stopping) {
            connector.dialDue(nowNanos);
        }
    }

    /** RFC 8156 §6.5: FO_KEEPALIVE_TIMER and FO_SEND_TIMER tick once per second. */
    private void tick(long nowNanos) {
        if (nowNanos - nextTickNanos >= 0) {
            acceptor.onTick();
        }
        int fired = 0;
        while (nowNanos - nextTickNanos >= 0 && fired < MAX_CATCH_UP_TICKS) {
            long now = now();
            for (PartnerConnectionHandler handler : handlers) {
                handler.onTick(now);
                io.drainClosedNotices();
            }
            nextTickNanos += TICK_NANOS;
            fired++;
        }
        if (nowNanos - nextTickNanos >= 0) {
            nextTickNanos = nowNanos + TICK_NANOS;
        }
    }

    /** Secondary: the first message of an accepted connection picks its relationship (§6.1, §6.2). */
    private void routeFirstMessage(Connection connection, FailoverMessage first) {
        acceptor.route(connection, first);
    }

    /** Primary: a dialed connection is over; its dialer schedules the next attempt. */
    private void dialEnded(Connection connection, Phase was, String reason) {
        connector.ended(connection, was, reason);
    }

    // ------------------------------------------------------------ stopping

    private void beginStop() {
        stopping = true;
        stopDeadlineNanos = System.nanoTime() + settings.stopFlushTimeout().toNanos();
        io.stopBy(stopDeadlineNanos);
        connector.stop();
        for (Listener listener : listeners) {
            Sockets.close(listener.channel());
        }
        for (Connection connection : io.snapshot()) {
            if (connection.phase != Phase.OPEN && connection.phase != Phase.CLOSING) {
                io.terminate(connection, STOPPED);
            }
        }
        long now = now();
        for (PartnerConnectionHandler handler : handlers) {
            try {
                handler.shutdown(now); // DISCONNECT with ServerShuttingDown, then close (§5.3.10)
            } catch (RuntimeException e) {
                report(e);
            }
            io.drainClosedNotices();
        }
        for (Connection connection : io.snapshot()) {
            if (connection.phase == Phase.OPEN) {
                io.beginClose(connection, STOPPED);
            }
        }
    }

    private void finishStop() {
        for (Connection connection : io.snapshot()) {
            io.terminate(connection, STOPPED);
        }
        try {
            io.drainClosedNotices();
        } catch (RuntimeException e) {
            report(e);
        }
        for (Listener listener : listeners) {
            Sockets.close(listener.channel());
        }
        Sockets.close(selector);
        synchronized (lifecycleLock) {
            lifecycle = Lifecycle.STOPPED;
            tasks.clear();
        }
    }

    // ------------------------------------------------------------ helpers

    private long now() {
        return AbsoluteTime.fromInstant(clock.instant());
    }

    private static void report(Throwable e) {
        Thread current = Thread.currentThread();
        current.getUncaughtExceptionHandler().uncaughtException(current, e);
    }
}
