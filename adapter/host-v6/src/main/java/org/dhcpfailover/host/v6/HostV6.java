package org.dhcpfailover.host.v6;

import org.dhcpfailover.host.lease.HostCounters;
import com.google.common.net.InetAddresses;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import java.lang.reflect.Field;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.directory.server.dhcp.netty.Dhcp6Handler;
import org.apache.directory.server.dhcp.netty.Dhcp6Server;
import org.dhcpfailover.host.config.AddressPool;
import org.dhcpfailover.host.config.Duid;
import org.dhcpfailover.host.config.HostConfiguration;
import org.dhcpfailover.host.config.PrefixPool;
import org.dhcpfailover.host.hooks.DeferredReplies;
import org.dhcpfailover.host.hooks.HookLoadException;
import org.dhcpfailover.host.hooks.HookStarter;
import org.dhcpfailover.host.hooks.LoadedHooks;
import org.dhcpfailover.host.launch.HostLauncher;
import org.dhcpfailover.host.launch.HostLauncher.StartException;
import org.dhcpfailover.host.launch.HostRuntime;
import org.dhcpfailover.host.lease.LeaseJournal;
import org.dhcpfailover.host.log.HostLog;
import org.dhcpfailover.host.log.HostMessage;

/**
 * A running DHCPv6 host: lease journal and table, hooks, anarres' {@link Dhcp6Server} (which binds
 * the port on every address and joins ff02::1:2 on every interface) with the host's
 * {@link Dhcp6Receiver} in place of anarres' handler, a worker pool, and a periodic task that expires
 * leases and reports the counters. Started by {@link #start}, stopped by {@link #close}.
 */
final class HostV6 implements HostLauncher.RunningHost {

    /** The package prefixes the host shares with hook class loaders. */
    static final Set<String> HOST_PACKAGES = Set.of("org.anarres.dhcp.");
    /** The host's lease journal in the store directory. */
    static final LeaseJournal.Format JOURNAL = new LeaseJournal.Format("host-v6-leases",
            "# failover-host-v6 lease journal, format 1");
    /** How long a reply waits for a hook's lease to become durable before it is dropped. */
    static final Duration DURABLE_WAIT = Duration.ofSeconds(2);
    /**
     * Worker threads and messages waiting for one. No worker waits for a hook's disk (the reply
     * does, in {@link DeferredReplies}), so a few keep both cores busy; more only contend.
     */
    static final int WORKERS = 4;
    static final int QUEUE = 1024;

    private static final HostLog LOG = HostLog.forClass(HostV6.class);

    private final HostRuntime runtime;
    private final V6LeaseTable table;
    private final Dhcp6Server server;
    private final EventLoop eventLoop;
    private final ThreadPoolExecutor workers;
    private final DeferredReplies<DatagramPacket> deferred;
    private final int port;

    private HostV6(HostRuntime runtime, V6LeaseTable table, Dhcp6Server server, EventLoop eventLoop,
            ThreadPoolExecutor workers, DeferredReplies<DatagramPacket> deferred, int port) {
        this.runtime = runtime;
        this.table = table;
        this.server = server;
        this.eventLoop = eventLoop;
        this.workers = workers;
        this.deferred = deferred;
        this.port = port;
    }

    /**
     * Replays the lease journal, starts the hooks (which may apply their bindings to the table),
     * then starts serving.
     *
     * @throws HookLoadException if a hook library cannot be loaded or refuses its parameters
     * @throws StartException    for anything else that keeps the host from serving
     */
    static HostV6 start(HostConfiguration config, Clock clock, HookStarter hookStarter)
            throws HookLoadException, StartException {
        if (!(config.serverIdentity() instanceof Duid duid)) {
            throw new StartException("a DHCPv6 host needs a server DUID, not " + config.serverIdentity(), null);
        }
        InetSocketAddress listen = config.listen().address();
        Inet6Address listenAddress = checkListen(config.listen().interfaceName(), listen.getAddress());
        List<V6Pool> pools = new ArrayList<>();
        try {
            for (AddressPool pool : config.addressPools()) {
                pools.add(V6Pool.of(pool));
            }
            for (PrefixPool pool : config.prefixPools()) {
                pools.add(V6Pool.of(pool));
            }
        } catch (IllegalArgumentException e) {
            throw new StartException(e.getMessage(), e);
        }

        LeaseJournal.Loaded loaded = HostRuntime.openJournal(config.storeDirectory(), JOURNAL);
        LeaseJournal journal = loaded.journal();
        List<Inet6Address> reserved = listenAddress.isAnyLocalAddress() ? List.of() : List.of(listenAddress);
        V6LeaseTable table = new V6LeaseTable(journal, pools, reserved, HostLeaseManager.OFFER_HOLD);
        table.load(loaded.leases());

        LoadedHooks hooks;
        try {
            hooks = hookStarter.start(config, table, clock, HOST_PACKAGES);
        } catch (HookLoadException | RuntimeException e) {
            journal.close();
            throw e;
        }
        PdOptions.register();
        HostCounters counters = new HostCounters();
        byte[] serverDuid = duid.octets();
        HostLeaseManager manager = new HostLeaseManager(serverDuid, table, hooks, clock, DURABLE_WAIT, counters);
        Dhcp6Exchange exchange = new Dhcp6Exchange(serverDuid, manager, table, counters);
        ThreadPoolExecutor workers = workers(counters);
        DeferredReplies<DatagramPacket> deferred = new DeferredReplies<>("host-v6-deferred-replies");
        Dhcp6Server server = new Dhcp6Server(exchange, listen.getPort());
        Channel channel;
        try {
            probePort(listen.getPort());
            server.start();
            channel = channel(server);
            channel.pipeline().replace(Dhcp6Handler.class, "failover-host-v6",
                    new Dhcp6Receiver(exchange, workers, counters, deferred, DURABLE_WAIT, clock));
            deferred.attach(reply -> channel.writeAndFlush(reply));
        } catch (Exception e) { // the bind's exceptions reach here unchecked from netty's future
            stopQuietly(server);
            workers.shutdownNow();
            deferred.close();
            hooks.close();
            journal.close();
            throw new StartException("cannot serve on UDP port " + listen.getPort() + ": " + e, e);
        }
        HostRuntime runtime = new HostRuntime(journal, hooks, counters, "host-v6-sweep");
        HostV6 host = new HostV6(runtime, table, server, channel.eventLoop(), workers, deferred, listen.getPort());
        runtime.startSweeping(clock, manager::expireLeases);
        LOG.log(HostMessage.HOST_STARTED, pools, "[::]:" + listen.getPort() + " and ff02::1:2",
                config.listen().interfaceName(), duid, table.size(), hooks.isEmpty() ? "none" : hooks.names().toString());
        return host;
    }

    /**
     * The listen interface must exist, and have the listen address unless that is {@code ::}.
     * anarres binds the port on every address (a DHCPv6 server must receive multicast), so the
     * address names the server's own address, never handed out.
     */
    static Inet6Address checkListen(String interfaceName, InetAddress configured) throws StartException {
        if (!(configured instanceof Inet6Address address)) {
            throw new StartException("the listen address " + configured + " is not IPv6", null);
        }
        NetworkInterface nic;
        try {
            nic = NetworkInterface.getByName(interfaceName);
        } catch (SocketException e) {
            throw new StartException("cannot read interface " + interfaceName + ": " + e.getMessage(), e);
        }
        if (nic == null) {
            throw new StartException("the listen interface \"" + interfaceName + "\" does not exist", null);
        }
        if (!address.isAnyLocalAddress() && Collections.list(nic.getInetAddresses()).stream()
                .noneMatch(a -> a instanceof Inet6Address && java.util.Arrays.equals(a.getAddress(), address.getAddress()))) {
            throw new StartException("the listen interface \"" + interfaceName + "\" has no address "
                    + InetAddresses.toAddrString(address), null);
        }
        return address;
    }

    /**
     * Binds the port once and lets it go: anarres' {@code start()} creates its event loop before it
     * binds and, when the bind fails, leaves that (non-daemon) thread running with no way to stop
     * it, so a port in use is found here first.
     */
    private static void probePort(int port) throws java.io.IOException {
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(null)) {
            probe.bind(new InetSocketAddress(InetAddress.getByName("::"), port));
        }
    }

    /** The channel anarres' server opened (a private field of the pinned version). */
    private static Channel channel(Dhcp6Server server) {
        try {
            Field field = Dhcp6Server.class.getDeclaredField("channel");
            field.setAccessible(true);
            return (Channel) field.get(server);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("anarres dhcp-server-netty on the class path is not version 1.0.9, whose"
                    + " Dhcp6Server this host works with (no field channel): " + e, e);
        }
    }

    private static ThreadPoolExecutor workers(HostCounters counters) {
        AtomicInteger number = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), task -> {
                    Thread thread = new Thread(task, "host-v6-worker-" + number.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, (task, executor) -> counters.overload().increment());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    V6LeaseTable table() {
        return table;
    }

    int port() {
        return port;
    }

    @Override
    public void awaitStopped() throws InterruptedException {
        runtime.awaitStopped();
    }

    /**
     * Stops receiving (anarres' channel and its event loop), lets the workers finish, drops the
     * replies still waiting for a hook's disk (their clients retransmit), then the shared stop:
     * hooks, journal. Idempotent.
     */
    @Override
    public void close() {
        runtime.close(() -> {
            server.stop(); // closes the channel, then shuts its event loop down (netty's 2 s quiet period)
            workers.shutdown();
            boolean workersEnded = workers.awaitTermination(3, TimeUnit.SECONDS);
            if (!workersEnded) {
                workers.shutdownNow();
            }
            deferred.close(); // before the hooks stop: no reply waits on a closed store
            if (!workersEnded) {
                return "some worker threads did not end in time";
            }
            return eventLoop.terminationFuture().await(10, TimeUnit.SECONDS) ? null
                    : "netty's event loop did not end in time";
        }, table::size);
    }

    private static void stopQuietly(Dhcp6Server server) {
        try {
            server.stop();
        } catch (Exception | Error ignored) {
            // never started (the bind failed): there is no channel to close
        }
    }
}
