package org.dhcpfailover.host.v4;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dhcp4java.DHCPCoreServer;
import org.dhcp4java.DHCPServerInitException;
import org.dhcpfailover.host.config.AddressPool;
import org.dhcpfailover.host.config.HostConfiguration;
import org.dhcpfailover.host.config.ServerAddress;
import org.dhcpfailover.host.hooks.HookLoadException;
import org.dhcpfailover.host.hooks.HookStarter;
import org.dhcpfailover.host.hooks.LoadedHooks;
import org.dhcpfailover.host.launch.HostLauncher;
import org.dhcpfailover.host.launch.HostLauncher.StartException;
import org.dhcpfailover.host.lease.LeaseJournal;
import org.dhcpfailover.host.lease.WindowCounter;
import org.dhcpfailover.host.log.HostLog;
import org.dhcpfailover.host.log.HostMessage;

/**
 * A running DHCPv4 host: lease journal and table, hooks, the dhcp4java server with the
 * workarounds of {@link CoreServerControl}, the broadcast receiver, and a periodic task that
 * expires leases and reports the counters. Started by {@link #start}, stopped by {@link #close}.
 */
final class HostV4 implements HostLauncher.RunningHost {

    /** The package prefixes the host shares with hook class loaders. */
    static final Set<String> HOST_PACKAGES = Set.of("org.dhcp4java.");
    /** How often leases are expired and the counters reported. */
    static final Duration SWEEP_PERIOD = Duration.ofSeconds(10);
    /** How long a reply waits for a hook's lease to become durable before it is dropped. */
    static final Duration DURABLE_WAIT = Duration.ofSeconds(2);
    /**
     * dhcp4java's worker pool: core and maximum threads (its queue holds 20 more messages). No
     * worker waits for a hook's disk ({@link DeferredReplies}), so a few are enough; more only
     * contend for the same locks on a small machine.
     */
    static final int WORKERS = 4;
    static final int MAX_WORKERS = 16;

    private static final HostLog LOG = HostLog.forClass(HostV4.class);

    /** The host's lease journal in the store directory. */
    static final LeaseJournal.Format JOURNAL = new LeaseJournal.Format("host-v4-leases",
            "# failover-host-v4 lease journal, format 1");

    private final LeaseJournal journal;
    private final HostLeaseTable table;
    private final LoadedHooks hooks;
    private final CoreServerControl server;
    private final DeferredReplies deferred;
    private final Optional<BroadcastReceiver> broadcast;
    private final ScheduledExecutorService sweeper;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final InetSocketAddress listen;

    private HostV4(LeaseJournal journal, HostLeaseTable table, LoadedHooks hooks, CoreServerControl server,
            DeferredReplies deferred, Optional<BroadcastReceiver> broadcast, ScheduledExecutorService sweeper,
            InetSocketAddress listen) {
        this.journal = journal;
        this.table = table;
        this.hooks = hooks;
        this.server = server;
        this.deferred = deferred;
        this.broadcast = broadcast;
        this.sweeper = sweeper;
        this.listen = listen;
    }

    /**
     * Replays the lease journal, starts the hooks (which may apply their bindings to the table),
     * then starts serving.
     *
     * @throws HookLoadException if a hook library cannot be loaded or refuses its parameters
     * @throws StartException    for anything else that keeps the host from serving
     */
    static HostV4 start(HostConfiguration config, Clock clock, HookStarter hookStarter)
            throws HookLoadException, StartException {
        if (!(config.serverIdentity() instanceof ServerAddress serverAddress)) {
            throw new StartException("a DHCPv4 host needs a server address, not " + config.serverIdentity(), null);
        }
        Inet4Address serverIdentifier = serverAddress.address();
        InetSocketAddress configured = config.listen().address();
        if (!(configured.getAddress() instanceof Inet4Address configuredAddress)) {
            throw new StartException("the listen address " + configured + " is not IPv4", null);
        }
        Bound bound = bind(config.listen().interfaceName(), configuredAddress, serverIdentifier);
        Inet4Address listenAddress = bound.address();
        InetSocketAddress listen = new InetSocketAddress(listenAddress, configured.getPort());
        List<V4Pool> pools = new ArrayList<>();
        for (AddressPool pool : config.addressPools()) {
            try {
                pools.add(V4Pool.of(pool));
            } catch (IllegalArgumentException e) {
                throw new StartException(e.getMessage(), null);
            }
        }
        PoolSelector selector = new PoolSelector(pools, Optional.of(bound.subnet()));

        LeaseJournal.Loaded loaded;
        try {
            loaded = LeaseJournal.open(config.storeDirectory(), JOURNAL);
        } catch (LeaseJournal.JournalException e) {
            throw new StartException(e.getMessage(), e);
        }
        LeaseJournal journal = loaded.journal();
        LOG.log(HostMessage.HOST_JOURNAL_LOADED, journal.file(), loaded.leases().size(), loaded.replay().lines());
        if (loaded.replay().tornTail()) {
            LOG.log(HostMessage.HOST_JOURNAL_TORN_TAIL, journal.file());
        }
        for (String skipped : loaded.replay().skipped()) {
            LOG.log(HostMessage.HOST_JOURNAL_LINE_SKIPPED, journal.file(), skipped);
        }
        Set<Inet4Address> reserved = new LinkedHashSet<>(List.of(serverIdentifier, listenAddress));
        HostLeaseTable table = new HostLeaseTable(journal, pools, reserved, LeaseServlet.OFFER_HOLD);
        table.load(loaded.leases());

        LoadedHooks hooks;
        try {
            hooks = hookStarter.start(config, table, clock, HOST_PACKAGES);
        } catch (HookLoadException | RuntimeException e) {
            journal.close();
            throw e;
        }
        LeaseServlet.Counters counters = new LeaseServlet.Counters();
        DeferredReplies deferred = new DeferredReplies();
        LeaseServlet servlet = new LeaseServlet(serverIdentifier, selector, table, hooks, clock,
                DURABLE_WAIT, counters, deferred);
        DHCPCoreServer core;
        try {
            core = DHCPCoreServer.initServer(servlet, properties(listen));
        } catch (DHCPServerInitException | RuntimeException e) {
            deferred.close();
            hooks.close();
            journal.close();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new StartException("cannot serve on " + listenAddress.getHostAddress() + ":" + listen.getPort()
                    + ": " + cause.getMessage(), e);
        }
        HostV4 host;
        try {
            CoreServerControl server = CoreServerControl.of(core, new WindowCounter());
            deferred.attach(server::send);
            server.startReceiving();
            Optional<BroadcastReceiver> broadcast = Optional.empty();
            if (!listenAddress.isLoopbackAddress()) {
                try {
                    broadcast = Optional.of(BroadcastReceiver.start(listen.getPort(), servlet, server));
                } catch (SocketException e) {
                    LOG.log(HostMessage.HOST_BROADCAST_UNAVAILABLE, listen.getPort(), e.getMessage());
                }
            }
            ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "host-v4-sweep");
                thread.setDaemon(true);
                return thread;
            });
            host = new HostV4(journal, table, hooks, server, deferred, broadcast, sweeper, listen);
            long period = SWEEP_PERIOD.toMillis();
            sweeper.scheduleAtFixedRate(() -> host.sweep(clock, servlet, counters), period, period, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            core.stopServer();
            deferred.close();
            hooks.close();
            journal.close();
            throw new StartException(e.getMessage(), e);
        }
        LOG.log(HostMessage.HOST_STARTED, pools, listenAddress.getHostAddress() + ":" + listen.getPort(),
                config.listen().interfaceName(), serverIdentifier.getHostAddress(), table.size(),
                hooks.isEmpty() ? "none" : hooks.names().toString());
        return host;
    }

    /**
     * Every key dhcp4java reads, so that a {@code /DHCPd.properties} elsewhere on the class path
     * (dhcp4java's own jar has one) changes nothing.
     */
    static Properties properties(InetSocketAddress listen) {
        Properties properties = new Properties();
        properties.setProperty(DHCPCoreServer.SERVER_ADDRESS, listen.getAddress().getHostAddress() + ":" + listen.getPort());
        properties.setProperty(DHCPCoreServer.SERVER_THREADS, Integer.toString(WORKERS));
        properties.setProperty(DHCPCoreServer.SERVER_THREADS_MAX, Integer.toString(MAX_WORKERS));
        properties.setProperty(DHCPCoreServer.SERVER_THREADS_KEEPALIVE, "10000");
        return properties;
    }

    /** The address the host binds on the listen interface, and the interface's subnet there. */
    record Bound(Inet4Address address, PoolSelector.Subnet subnet) {}

    /**
     * Where to bind on the listen interface: the configured address, which the interface must
     * have; for 0.0.0.0, the interface's own address equal to the server identifier if it has it,
     * else its first IPv4 address. Binding one address (not the wildcard) is what makes broadcast
     * replies leave by this interface without a route (see {@link CoreServerControl}).
     */
    static Bound bind(String interfaceName, Inet4Address configured, Inet4Address serverIdentifier)
            throws StartException {
        NetworkInterface nic;
        try {
            nic = NetworkInterface.getByName(interfaceName);
        } catch (SocketException e) {
            throw new StartException("cannot read interface " + interfaceName + ": " + e.getMessage(), e);
        }
        if (nic == null) {
            throw new StartException("the listen interface \"" + interfaceName + "\" does not exist", null);
        }
        List<InterfaceAddress> ipv4 = nic.getInterfaceAddresses().stream()
                .filter(a -> a.getAddress() instanceof Inet4Address).toList();
        boolean wildcard = Ipv4.isZero(configured);
        Optional<InterfaceAddress> chosen = ipv4.stream()
                .filter(a -> a.getAddress().equals(wildcard ? serverIdentifier : configured)).findFirst();
        if (chosen.isEmpty() && wildcard) {
            chosen = ipv4.stream().findFirst();
        }
        if (chosen.isEmpty()) {
            throw new StartException("the listen interface \"" + interfaceName + "\" has "
                    + (wildcard ? "no IPv4 address" : "no address " + configured.getHostAddress()), null);
        }
        Inet4Address address = (Inet4Address) chosen.get().getAddress();
        return new Bound(address, new PoolSelector.Subnet(Ipv4.toInt(address), chosen.get().getNetworkPrefixLength()));
    }

    private void sweep(Clock clock, LeaseServlet servlet, LeaseServlet.Counters counters) {
        servlet.expireLeases(clock.instant());
        long seconds = SWEEP_PERIOD.toSeconds();
        long dropped = server.dropped().drain();
        if (dropped > 0) {
            LOG.log(HostMessage.HOST_OVERLOAD, dropped, seconds);
        }
        long exhausted = counters.poolExhausted().drain();
        if (exhausted > 0) {
            LOG.log(HostMessage.HOST_POOL_EXHAUSTED, exhausted, seconds, counters.poolExhausted().lastDetail());
        }
        long unwritten = counters.journalFailures().drain();
        if (unwritten > 0) {
            LOG.log(HostMessage.HOST_JOURNAL_WRITE_FAILED, journal.file(), unwritten, seconds,
                    counters.journalFailures().lastDetail());
        }
    }

    HostLeaseTable table() {
        return table;
    }

    InetSocketAddress listenAddress() {
        return listen;
    }

    /** Blocks until {@link #close} finished. */
    @Override
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /**
     * Stops receiving (broadcast socket, then dhcp4java's), lets the workers finish, sends the
     * deferred replies that are ready, stops the hooks (no worker calls them any more), closes the
     * journal. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        String how = "clean shutdown";
        try {
            sweeper.shutdownNow();
            sweeper.awaitTermination(2, TimeUnit.SECONDS);
            if (broadcast.isPresent()) {
                broadcast.get().close();
            }
            if (!server.stop(3000)) {
                how = "clean shutdown, some worker threads did not end in time";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            how = "shutdown interrupted";
        } finally {
            deferred.close();
            try {
                hooks.close();
            } finally {
                journal.close();
                LOG.log(HostMessage.HOST_STOPPED, how, table.size());
                stopped.countDown();
            }
        }
    }
}
