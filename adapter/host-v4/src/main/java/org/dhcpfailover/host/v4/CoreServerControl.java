package org.dhcpfailover.host.v4;

import java.lang.reflect.Field;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dhcp4java.DHCPCoreServer;
import org.dhcpfailover.host.lease.WindowCounter;

/**
 * Works around dhcp4java 1.1.0's {@link DHCPCoreServer} from outside (its constructor is private,
 * so it cannot be subclassed): the worker pool and the socket are protected / private fields,
 * reached by reflection once at start, checked against the pinned version.
 * <ul>
 * <li>Overload: the pool (queue of 20, AbortPolicy) throws on every dropped datagram and the
 *     receive loop logs a WARN with a stack trace for each. The rejection handler is replaced: the
 *     receiving thread waits up to {@link #ROOM_WAIT} for a place in the queue — meanwhile the
 *     socket's receive buffer holds what arrives, so a pause of the workers (a GC, the JIT) costs
 *     no messages and needs no extra threads — and only then drops the message and counts it
 *     ({@code HOST_OVERLOAD}, once per period).</li>
 * <li>Shutdown: {@code stopServer()} closes the socket but leaves the non-daemon worker threads
 *     running, so the JVM never exits. {@link #stop} also shuts the pool down and waits for it;
 *     threads the pool creates later are daemon threads.</li>
 * <li>Broadcast: the socket bound to the listen address sends replies (Linux then sends a
 *     limited broadcast out of the interface owning that address, no route needed) and the
 *     broadcast receiver's replies go out through it too, see {@link #send}.</li>
 * </ul>
 */
final class CoreServerControl {

    /** How long a receiving thread waits for room in the workers' queue before it drops a message. */
    static final Duration ROOM_WAIT = Duration.ofMillis(200);

    private final DHCPCoreServer server;
    private final ThreadPoolExecutor workers;
    private final DatagramSocket socket;
    private final WindowCounter dropped;
    private final Thread receiver;

    private CoreServerControl(DHCPCoreServer server, ThreadPoolExecutor workers, DatagramSocket socket,
            WindowCounter dropped) {
        this.server = server;
        this.workers = workers;
        this.socket = socket;
        this.dropped = dropped;
        this.receiver = new Thread(server, "dhcp4java-receive");
        this.receiver.setDaemon(true);
    }

    /**
     * Takes control of an initialized server: counts instead of throwing on overload, makes new
     * workers daemon threads.
     *
     * @throws IllegalStateException if dhcp4java is not the version this host was built against
     */
    static CoreServerControl of(DHCPCoreServer server, WindowCounter dropped) {
        ThreadPoolExecutor workers = field(server, "m_aThreadPool", ThreadPoolExecutor.class);
        DatagramSocket socket = field(server, "m_aServerSocket", DatagramSocket.class);
        workers.setRejectedExecutionHandler(waitForRoom(dropped));
        ThreadFactory daemons = new ThreadFactory() {
            private final AtomicInteger number = new AtomicInteger();

            @Override
            public Thread newThread(Runnable task) {
                Thread thread = new Thread(task, "dhcp4java-worker-extra-" + number.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            }
        };
        workers.setThreadFactory(daemons);
        return new CoreServerControl(server, workers, socket, dropped);
    }

    /**
     * The pool's rejection handler: runs on the receiving thread when every worker is busy and the
     * queue is full, waits up to {@link #ROOM_WAIT} for room, and counts the message as dropped
     * if none comes (or the pool is shut down).
     */
    static RejectedExecutionHandler waitForRoom(WindowCounter dropped) {
        return waitForRoom(dropped, ROOM_WAIT);
    }

    static RejectedExecutionHandler waitForRoom(WindowCounter dropped, Duration wait) {
        return (task, pool) -> {
            if (!pool.isShutdown()) {
                try {
                    if (pool.getQueue().offer(task, wait.toNanos(), TimeUnit.NANOSECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            dropped.increment();
        };
    }

    /** Starts dhcp4java's receive loop on a daemon thread. */
    void startReceiving() {
        receiver.start();
    }

    /** The worker pool, which the broadcast receiver shares. */
    ThreadPoolExecutor workers() {
        return workers;
    }

    int maximumWorkers() {
        return workers.getMaximumPoolSize();
    }

    WindowCounter dropped() {
        return dropped;
    }

    /** Sends a reply from the listen address and port. */
    void send(DatagramPacket reply) throws java.io.IOException {
        socket.send(reply);
    }

    /**
     * Stops receiving, lets the workers finish the messages they hold (up to {@code waitMillis}),
     * then interrupts whatever is left; afterwards no dhcp4java thread keeps the JVM alive.
     *
     * @return whether everything ended within the wait
     */
    boolean stop(long waitMillis) throws InterruptedException {
        server.stopServer();
        workers.shutdown();
        boolean drained = workers.awaitTermination(waitMillis, TimeUnit.MILLISECONDS);
        if (!drained) {
            workers.shutdownNow();
            drained = workers.awaitTermination(waitMillis, TimeUnit.MILLISECONDS);
        }
        receiver.join(waitMillis);
        return drained && !receiver.isAlive();
    }

    private static <T> T field(DHCPCoreServer server, String name, Class<T> type) {
        try {
            Field field = DHCPCoreServer.class.getDeclaredField(name);
            field.setAccessible(true);
            return type.cast(field.get(server));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("dhcp4java on the class path is not version 1.1.0, which this host"
                    + " works around (no field " + name + " of type " + type.getSimpleName() + "): " + e, e);
        }
    }
}
