package org.dhcpfailover.plugin.transport;

import com.google.common.net.HostAndPort;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.dhcpfailover.plugin.config.RelationshipConfig;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.endpoint.FailoverMessages;
import org.dhcpfailover.plugin.endpoint.PartnerConnectionHandler;
import org.dhcpfailover.plugin.endpoint.PartnerLink;
import org.dhcpfailover.plugin.log.CatalogLogger;
import org.dhcpfailover.plugin.log.LogMessage;
import org.dhcpfailover.plugin.log.RateLimiter;
import org.dhcpfailover.plugin.time.AbsoluteTime;
import org.dhcpfailover.plugin.transport.Connection.Phase;
import org.dhcpfailover.plugin.transport.ConnectRouter.Accept;
import org.dhcpfailover.plugin.transport.ConnectRouter.AlreadyConnected;
import org.dhcpfailover.plugin.transport.ConnectRouter.Refusal;
import org.dhcpfailover.plugin.transport.ConnectRouter.Route;
import org.dhcpfailover.plugin.transport.ConnectRouter.UnknownRelationship;
import org.dhcpfailover.plugin.wire.DecodeException;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.FailoverMessageDecoder;
import org.dhcpfailover.plugin.wire.Frames;
import org.dhcpfailover.plugin.wire.MessageType;

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
 *       already connected with UnspecFail. A peer that sends no CONNECT in time is dropped
 *       (RFC 7031 S8, connect-and-stall).
 *   <li>Primary relationships: the primary connects (§6.1) and, while its endpoint is not
 *       connected, retries forever with a growing, jittered pause ({@link ReconnectBackoff}).
 *   <li>Framing is the 16-bit message-size of RFC 8156 §5.1 (RFC 5460 §5.1). Writes never
 *       block: each connection queues at most {@link TransportSettings#outboundLimit()} octets,
 *       beyond which the partner counts as no longer reading and the connection is dropped.
 *   <li>Every handler's {@code onTick} runs once per second (§6.5: the timers tick once per
 *       second).
 * </ul>
 *
 * <p>Every {@link PartnerConnectionHandler} method is called on the I/O thread only, never
 * re-entrantly from within a {@link PartnerLink} call: a connection closed while a handler is
 * sending is reported after that handler call returns. Each opened connection is reported
 * closed exactly once. Other threads reach the handlers through {@link #execute(Runnable)}.
 */
public final class FailoverTransport implements Executor {

    private static final long TICK_NANOS = Duration.ofSeconds(1).toNanos();
    /** Ticks fired at once after the thread was held up; beyond that the schedule restarts. */
    private static final int MAX_CATCH_UP_TICKS = 5;
    private static final long LOG_INTERVAL_SECONDS = 60;
    private static final int READ_BUFFER_SIZE = 64 * 1024;
    /** Reads of discarded input before a graceful close, so that unread octets do not turn the FIN into a RST. */
    private static final int MAX_DISCARD_READS = 16;
    private static final String STOPPED = "failover transport stopped";
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private enum Lifecycle { NEW, RUNNING, STOPPING, STOPPED }

    /** A closed connection the owner has yet to hear of. */
    private record ClosedNotice(PartnerConnectionHandler handler, String reason) {
    }

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

    // The fields below belong to the I/O thread.
    private final List<Dialer> dialers = new ArrayList<>();
    private final Set<Connection> connections = new LinkedHashSet<>();
    private final ArrayDeque<ClosedNotice> closedNotices = new ArrayDeque<>();
    private final List<Listener> pausedListeners = new ArrayList<>();
    private final RateLimiter rateLimiter = new RateLimiter(LOG_INTERVAL_SECONDS);
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_SIZE);
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
            Selector opened = Selector.open();
            try {
                listeners = openListeners(opened);
            } catch (IOException | RuntimeException e) {
                close(opened);
                throw e;
            }
            long nowNanos = System.nanoTime();
            for (PartnerConnectionHandler handler : handlers) {
                if (handler.config().role() == Role.PRIMARY) {
                    dialers.add(new Dialer(handler, new ReconnectBackoff(settings.reconnectInitial(),
                            settings.reconnectMax(), settings.reconnectJitter(), random), nowNanos));
                }
            }
            selector = opened;
            Thread thread = new Thread(this::run, "failover-io-" + INSTANCES.incrementAndGet());
            thread.setDaemon(true);
            ioThread = thread;
            lifecycle = Lifecycle.RUNNING;
            thread.start();
        }
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

    private List<Listener> openListeners(Selector opened) throws IOException {
        Map<InetSocketAddress, List<PartnerConnectionHandler>> byAddress = new LinkedHashMap<>();
        for (PartnerConnectionHandler handler : handlers) {
            RelationshipConfig config = handler.config();
            if (config.role() == Role.SECONDARY) {
                byAddress.computeIfAbsent(config.listenAddress(), a -> new ArrayList<>()).add(handler);
            }
        }
        List<Listener> result = new ArrayList<>();
        try {
            for (Map.Entry<InetSocketAddress, List<PartnerConnectionHandler>> entry : byAddress.entrySet()) {
                result.add(Listener.open(opened, entry.getKey(), entry.getValue(), log));
            }
        } catch (IOException | RuntimeException e) {
            result.forEach(listener -> close(listener.channel()));
            throw e;
        }
        return List.copyOf(result);
    }

    // ------------------------------------------------------------ the I/O thread

    private void run() {
        nextTickNanos = System.nanoTime() + TICK_NANOS;
        try {
            while (!stopping || !stopComplete()) {
                long timeout = millisUntilNextDeadline();
                if (timeout == 0) {
                    selector.selectNow();
                } else {
                    selector.select(timeout);
                }
                try {
                    runTasks();
                    handleReadyKeys();
                    runDeadlines();
                } catch (RuntimeException e) {
                    // A handler or task broke its no-throw contract: report it, keep the other
                    // relationships running.
                    report(e);
                }
                drainClosedNotices();
            }
        } catch (IOException | RuntimeException e) {
            report(e);
        } finally {
            finishStop();
        }
    }

    private boolean stopComplete() {
        return connections.isEmpty() || System.nanoTime() - stopDeadlineNanos >= 0;
    }

    private long millisUntilNextDeadline() {
        if (!tasks.isEmpty() || !closedNotices.isEmpty()) {
            return 0;
        }
        long nowNanos = System.nanoTime();
        long next = nowNanos + TICK_NANOS;
        if (!stopping) {
            next = earlier(next, nextTickNanos, nowNanos);
            for (Dialer dialer : dialers) {
                if (dialer.current == null) {
                    next = earlier(next, dialer.nextAttemptNanos, nowNanos);
                }
            }
        } else {
            next = earlier(next, stopDeadlineNanos, nowNanos);
        }
        for (Connection connection : connections) {
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
            drainClosedNotices();
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
                acceptAll(listener);
            } else if (key.attachment() instanceof Connection connection) {
                handleReady(connection, key.readyOps());
            }
            drainClosedNotices();
        }
    }

    private void handleReady(Connection connection, int readyOps) {
        if (connection.phase == Phase.CONNECTING && (readyOps & SelectionKey.OP_CONNECT) != 0) {
            finishConnect(connection);
        }
        if (connection.phase != Phase.CLOSED && (readyOps & SelectionKey.OP_WRITE) != 0) {
            writeQueued(connection);
        }
        if (connection.phase != Phase.CLOSED && (readyOps & SelectionKey.OP_READ) != 0) {
            read(connection);
        }
    }

    private void runDeadlines() {
        long nowNanos = System.nanoTime();
        if (!stopping) {
            tick(nowNanos);
        }
        for (Connection connection : new ArrayList<>(connections)) {
            if (nowNanos - connection.deadlineNanos < 0) {
                continue;
            }
            switch (connection.phase) {
                case CONNECTING -> terminate(connection,
                        "no answer within " + seconds(settings.connectTimeout()) + " s");
                case AWAITING_CONNECT -> {
                    String reason = "no CONNECT within " + seconds(connectWait(connection.candidates)) + " s";
                    logProtocolError(connection, reason);
                    terminate(connection, reason);
                }
                case CLOSING -> terminate(connection, connection.closeReason);
                case OPEN, CLOSED -> {
                }
            }
        }
        drainClosedNotices();
        if (!stopping) {
            for (Dialer dialer : dialers) {
                if (dialer.current == null && nowNanos - dialer.nextAttemptNanos >= 0) {
                    if (dialer.handler.isConnected()) {
                        // RFC 8156 §6.1: open a new connection only while the endpoint has none.
                        dialer.nextAttemptNanos = nowNanos + TICK_NANOS;
                    } else {
                        dial(dialer);
                    }
                    drainClosedNotices();
                }
            }
        }
    }

    /** RFC 8156 §6.5: FO_KEEPALIVE_TIMER and FO_SEND_TIMER tick once per second. */
    private void tick(long nowNanos) {
        if (nowNanos - nextTickNanos >= 0) {
            resumeAccepting();
        }
        int fired = 0;
        while (nowNanos - nextTickNanos >= 0 && fired < MAX_CATCH_UP_TICKS) {
            long now = now();
            for (PartnerConnectionHandler handler : handlers) {
                handler.onTick(now);
                drainClosedNotices();
            }
            nextTickNanos += TICK_NANOS;
            fired++;
        }
        if (nowNanos - nextTickNanos >= 0) {
            nextTickNanos = nowNanos + TICK_NANOS;
        }
    }

    // ------------------------------------------------------------ secondary: accepting

    private void acceptAll(Listener listener) {
        while (true) {
            SocketChannel channel;
            try {
                channel = listener.channel().accept();
            } catch (IOException e) {
                // E.g. out of descriptors: the selector would report the socket again at once, so
                // stop accepting on it until the next tick rather than spin.
                pauseAccepting(listener, e);
                return;
            }
            if (channel == null) {
                return;
            }
            accepted(listener, channel);
        }
    }

    private void pauseAccepting(Listener listener, IOException cause) {
        SelectionKey key = listener.channel().keyFor(selector);
        if (key != null && key.isValid()) {
            key.interestOps(0);
            pausedListeners.add(listener);
        }
        if (rateLimiter.permit("accept " + listener.bound(), now()) >= 0) {
            log.log(LogMessage.FO_ACCEPT_FAILED, ConnectRouter.names(listener.handlers()),
                    PeerAddress.describe(listener.bound()), String.valueOf(cause.getMessage()));
        }
    }

    private void resumeAccepting() {
        for (Listener listener : pausedListeners) {
            SelectionKey key = listener.channel().keyFor(selector);
            if (key != null && key.isValid()) {
                key.interestOps(SelectionKey.OP_ACCEPT);
            }
        }
        pausedListeners.clear();
    }

    private void accepted(Listener listener, SocketChannel channel) {
        InetSocketAddress remote;
        try {
            remote = (InetSocketAddress) channel.getRemoteAddress();
        } catch (IOException e) {
            close(channel);
            return;
        }
        List<PartnerConnectionHandler> candidates =
                remote == null ? List.of() : listener.relationshipsWith(remote.getAddress());
        if (candidates.isEmpty()) {
            // RFC 8156 §6.1: not the partner of any secondary relationship here; drop at once.
            close(channel);
            String address = remote == null ? "?" : PeerAddress.describe(remote.getAddress());
            if (rateLimiter.permit("unknown-peer " + address, now()) >= 0) {
                log.log(LogMessage.FO_UNKNOWN_PEER, address, PeerAddress.describe(listener.bound()));
            }
            return;
        }
        SelectionKey key;
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            key = channel.register(selector, SelectionKey.OP_READ);
        } catch (IOException e) {
            close(channel);
            return;
        }
        Connection connection = new Connection(channel, key, Phase.AWAITING_CONNECT, PeerAddress.describe(remote),
                candidates, null);
        connection.link = new Link(connection);
        connection.deadlineNanos = System.nanoTime() + connectWait(candidates).toNanos();
        connections.add(connection);
    }

    /** RFC 7031 S8: a peer gets the shortest keepalive time of its relationships, at most the configured wait. */
    private Duration connectWait(List<PartnerConnectionHandler> candidates) {
        Duration wait = settings.connectWait();
        for (PartnerConnectionHandler handler : candidates) {
            Duration keepalive = handler.config().keepaliveTime();
            if (!keepalive.isNegative() && !keepalive.isZero() && keepalive.compareTo(wait) < 0) {
                wait = keepalive;
            }
        }
        return wait;
    }

    /** The first message of an accepted connection: a CONNECT that names the relationship (§6.1, §6.2). */
    private void route(Connection connection, FailoverMessage first) {
        if (!MessageType.CONNECT.equals(first.type())) {
            String reason = "first message is " + first.type().name() + ", not CONNECT";
            logProtocolError(connection, reason);
            terminate(connection, reason);
            return;
        }
        Route route = ConnectRouter.route(connection.candidates, first);
        if (route instanceof Accept accept) {
            PartnerConnectionHandler handler = accept.handler();
            connection.owner = handler;
            connection.phase = Phase.OPEN;
            connection.openedNanos = System.nanoTime();
            connection.updateInterest();
            handler.onConnectionOpened(connection.link, now());
            deliver(connection, first);
        } else if (route instanceof Refusal refusal) {
            if (refusal instanceof UnknownRelationship unknown) {
                // SPEC-GAP A19: refuse with ConfigurationConflict.
                String requested = unknown.requested().isEmpty() ? "(none given)" : "\"" + unknown.requested() + "\"";
                if (rateLimiter.permit("unknown-relationship " + host(connection) + " " + requested, now()) >= 0) {
                    log.log(LogMessage.FO_UNKNOWN_RELATIONSHIP, connection.peer, requested);
                }
            } else if (refusal instanceof AlreadyConnected duplicate) {
                log.log(LogMessage.FO_DUPLICATE_CONNECTION, duplicate.handler().config().name(), connection.peer);
            }
            connection.enqueue(Frames.frame(
                    FailoverMessages.connectRefusal(first, refusal.status(), refusal.reason(), now())));
            beginClose(connection, "CONNECT refused: " + refusal.reason());
        }
    }

    // ------------------------------------------------------------ primary: connecting

    private void dial(Dialer dialer) {
        RelationshipConfig config = dialer.handler.config();
        log.log(LogMessage.FO_CONNECTING, config.name(), PeerAddress.describe(config.partnerAddress()));
        SocketChannel channel = null;
        Connection connection;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            InetAddress local = config.listenAddress().getAddress();
            if (local != null && !local.isAnyLocalAddress()) {
                // Leave from the failover address the secondary knows us by (§6.1 matches on it).
                channel.bind(new InetSocketAddress(local, 0));
            }
            SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT);
            connection = new Connection(channel, key, Phase.CONNECTING,
                    PeerAddress.describe(config.partnerAddress()), List.of(dialer.handler), dialer);
        } catch (IOException | UnsupportedAddressTypeException e) {
            close(channel);
            Duration delay = dialer.backoff.nextDelay();
            dialer.nextAttemptNanos = System.nanoTime() + delay.toNanos();
            logConnectFailed(dialer, reason(e), delay);
            return;
        }
        connection.link = new Link(connection);
        connection.deadlineNanos = System.nanoTime() + settings.connectTimeout().toNanos();
        connections.add(connection);
        dialer.current = connection;
        try {
            if (channel.connect(config.partnerAddress())) {
                connected(connection);
            }
        } catch (IOException | UnresolvedAddressException | UnsupportedAddressTypeException e) {
            terminate(connection, reason(e));
        }
    }

    private void finishConnect(Connection connection) {
        try {
            if (connection.channel.finishConnect()) {
                connected(connection);
            }
        } catch (IOException e) {
            terminate(connection, reason(e));
        }
    }

    private void connected(Connection connection) {
        connection.phase = Phase.OPEN;
        connection.owner = connection.dialer.handler;
        connection.openedNanos = System.nanoTime();
        connection.updateInterest();
        // The endpoint sends CONNECT itself (§6.1.1).
        connection.owner.onConnectionOpened(connection.link, now());
    }

    private void logConnectFailed(Dialer dialer, String reason, Duration delay) {
        RelationshipConfig config = dialer.handler.config();
        if (rateLimiter.permit("connect-failed " + config.name(), now()) >= 0) {
            log.log(LogMessage.FO_CONNECT_FAILED, config.name(), PeerAddress.describe(config.partnerAddress()),
                    reason, seconds(delay));
        }
    }

    // ------------------------------------------------------------ reading and writing

    private void read(Connection connection) {
        readBuffer.clear();
        int count;
        try {
            count = connection.channel.read(readBuffer);
        } catch (IOException e) {
            terminate(connection, "connection lost: " + reason(e));
            return;
        }
        if (count < 0) {
            terminate(connection, connection.phase == Phase.CLOSING ? connection.closeReason
                    : "connection closed by the partner");
            return;
        }
        if (count == 0 || connection.phase == Phase.CLOSING || connection.undecodable) {
            return;
        }
        List<byte[]> messages;
        try {
            messages = connection.decoder.feed(readBuffer.array(), 0, count);
        } catch (DecodeException e) {
            undecodable(connection, e);
            return;
        }
        for (byte[] octets : messages) {
            if (connection.phase != Phase.OPEN && connection.phase != Phase.AWAITING_CONNECT) {
                return;
            }
            FailoverMessage message;
            try {
                message = FailoverMessageDecoder.decode(octets);
            } catch (DecodeException e) {
                undecodable(connection, e);
                return;
            }
            if (connection.phase == Phase.AWAITING_CONNECT) {
                route(connection, message);
            } else {
                deliver(connection, message);
            }
        }
    }

    private void deliver(Connection connection, FailoverMessage message) {
        if (connection.phase != Phase.OPEN) {
            return;
        }
        if (connection.owner.isConnected()) {
            connection.answeredMessages++;
        }
        connection.owner.onMessage(message, now());
    }

    /**
     * The stream cannot be decoded and, the framing being lost, cannot be resynchronised. The
     * owner answers with DISCONNECT and closes (RFC 8156 §5.3.10); a connection nobody owns yet
     * is simply dropped.
     */
    private void undecodable(Connection connection, DecodeException error) {
        connection.undecodable = true;
        if (connection.phase == Phase.OPEN) {
            connection.owner.onMalformedMessage(error, now());
        } else {
            String reason = "undecodable data before CONNECT: " + error.getMessage();
            logProtocolError(connection, reason);
            terminate(connection, reason);
        }
    }

    private void writeQueued(Connection connection) {
        try {
            connection.flush();
        } catch (IOException e) {
            terminate(connection, "write failed: " + reason(e));
            return;
        }
        if (connection.phase == Phase.CLOSING && connection.queuedBytes() == 0) {
            terminate(connection, connection.closeReason);
        }
    }

    /** Sends what is queued, within the close-flush time, then closes. */
    private void beginClose(Connection connection, String reason) {
        if (connection.phase == Phase.CLOSING || connection.phase == Phase.CLOSED) {
            return;
        }
        if (connection.phase == Phase.CONNECTING) {
            terminate(connection, reason);
            return;
        }
        connection.phase = Phase.CLOSING;
        connection.closeReason = reason;
        long nowNanos = System.nanoTime();
        long flushDeadline = nowNanos + settings.closeFlushTimeout().toNanos();
        connection.deadlineNanos = stopping && stopDeadlineNanos - flushDeadline < 0 ? stopDeadlineNanos
                : flushDeadline;
        writeQueued(connection);
    }

    /**
     * Closes the socket now and queues the owner's {@code onConnectionClosed}, which
     * {@link #drainClosedNotices()} delivers outside any handler call. Idempotent.
     */
    private void terminate(Connection connection, String reason) {
        if (connection.phase == Phase.CLOSED) {
            return;
        }
        Phase was = connection.phase;
        if (was == Phase.CLOSING) {
            discardInput(connection);
        }
        connection.closeChannel();
        connections.remove(connection);
        if (connection.owner != null) {
            closedNotices.add(new ClosedNotice(connection.owner, reason));
        }
        if (connection.dialer != null) {
            Duration delay = connection.dialer.ended(connection, System.nanoTime());
            if (was == Phase.CONNECTING && !stopping) {
                logConnectFailed(connection.dialer, reason, delay);
            }
        }
    }

    private void discardInput(Connection connection) {
        try {
            for (int reads = 0; reads < MAX_DISCARD_READS; reads++) {
                readBuffer.clear();
                if (connection.channel.read(readBuffer) <= 0) {
                    return;
                }
            }
        } catch (IOException e) {
            // The socket is being closed anyway.
        }
    }

    private void drainClosedNotices() {
        ClosedNotice notice;
        while ((notice = closedNotices.poll()) != null) {
            notice.handler().onConnectionClosed(notice.reason(), now());
        }
    }

    // ------------------------------------------------------------ stopping

    private void beginStop() {
        stopping = true;
        stopDeadlineNanos = System.nanoTime() + settings.stopFlushTimeout().toNanos();
        for (Listener listener : listeners) {
            close(listener.channel());
        }
        for (Connection connection : new ArrayList<>(connections)) {
            if (connection.phase == Phase.CONNECTING || connection.phase == Phase.AWAITING_CONNECT) {
                terminate(connection, STOPPED);
            }
        }
        long now = now();
        for (PartnerConnectionHandler handler : handlers) {
            try {
                handler.shutdown(now); // DISCONNECT with ServerShuttingDown, then close (§5.3.10)
            } catch (RuntimeException e) {
                report(e);
            }
            drainClosedNotices();
        }
        for (Connection connection : new ArrayList<>(connections)) {
            if (connection.phase == Phase.OPEN) {
                beginClose(connection, STOPPED);
            }
        }
    }

    private void finishStop() {
        for (Connection connection : new ArrayList<>(connections)) {
            terminate(connection, STOPPED);
        }
        try {
            drainClosedNotices();
        } catch (RuntimeException e) {
            report(e);
        }
        for (Listener listener : listeners) {
            close(listener.channel());
        }
        close(selector);
        synchronized (lifecycleLock) {
            lifecycle = Lifecycle.STOPPED;
            tasks.clear();
        }
    }

    // ------------------------------------------------------------ helpers

    /** The endpoint's view of one connection. */
    private final class Link implements PartnerLink {
        private final Connection connection;
        private final String peer;

        Link(Connection connection) {
            this.connection = connection;
            this.peer = connection.peer;
        }

        @Override
        public void send(FailoverMessage message) {
            requireIoThread();
            if (connection.phase != Phase.OPEN) {
                return; // a link outlives its connection; what is sent on it goes nowhere
            }
            connection.enqueue(Frames.frame(message));
            try {
                connection.flush();
            } catch (IOException e) {
                terminate(connection, "write failed: " + reason(e));
                return;
            }
            if (connection.queuedBytes() > settings.outboundLimit()) {
                log.log(LogMessage.FO_PARTNER_STALLED, connection.owner.config().name(), peer,
                        connection.queuedBytes());
                terminate(connection, "partner stopped reading (" + connection.queuedBytes() + " octets waiting)");
            }
        }

        @Override
        public void close(String reason) {
            requireIoThread();
            if (connection.phase == Phase.OPEN) {
                beginClose(connection, reason);
            }
        }

        @Override
        public String peer() {
            return peer;
        }

        @Override
        public String toString() {
            return "PartnerLink[" + peer + "]";
        }
    }

    private void requireIoThread() {
        if (Thread.currentThread() != ioThread) {
            throw new IllegalStateException("a PartnerLink is used only on the failover I/O thread; use execute()");
        }
    }

    private void logProtocolError(Connection connection, String reason) {
        if (rateLimiter.permit("protocol-error " + host(connection), now()) >= 0) {
            log.log(LogMessage.FO_DROPPED_BEFORE_CONNECT, ConnectRouter.names(connection.candidates), connection.peer,
                    reason);
        }
    }

    /** The peer's address without the port: rate limits are per host, whatever port it comes from. */
    private static String host(Connection connection) {
        return HostAndPort.fromString(connection.peer).getHost();
    }

    private long now() {
        return AbsoluteTime.fromInstant(clock.instant());
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : Double.toString(Math.round(millis / 100.0) / 10.0);
    }

    private static String reason(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static void report(Throwable e) {
        Thread current = Thread.currentThread();
        current.getUncaughtExceptionHandler().uncaughtException(current, e);
    }

    private static void close(java.io.Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException e) {
            // Releasing; nothing else to do.
        }
    }
}
