package org.dhcpfailover.host.v4;

import java.net.DatagramPacket;
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
import org.dhcp4java.DHCPCoreServer;
import org.dhcp4java.DHCPServerInitException;
import org.dhcpfailover.host.config.AddressPool;
import org.dhcpfailover.host.config.HostConfiguration;
import org.dhcpfailover.host.config.ServerAddress;
import org.dhcpfailover.host.hooks.DeferredReplies;
import org.dhcpfailover.host.hooks.HookLoadException;
import org.dhcpfailover.host.hooks.HookStarter;
import org.dhcpfailover.host.hooks.LoadedHooks;
import org.dhcpfailover.host.launch.HostLauncher.StartException;
import org.dhcpfailover.host.launch.HostLauncher;
import org.dhcpfailover.host.launch.HostRuntime;
import org.dhcpfailover.host.lease.HostCounters;
import org.dhcpfailover.host.lease.LeaseJournal;
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
    /** How long a reply waits for a hook's lease to become durable before it is dropped. */
    static final Duration DURABLE_WAIT = Duration.ofSeconds(2);
    /**
     * dhcp4java's worker pool: core and maximum threads (its queue holds 20 more messages). No
     * worker waits for a hook's disk ({@link DeferredReplies}), so a few are enough; more only
     * contend for the same locks on a small machine. The pool does not grow: when its queue is
     * full the receiving thread waits for room and the socket buffers the rest
     * ({@link CoreServerControl#waitForRoom}) instead of starting up to 16 threads and then
     * dropping (docs/benchmarks.md: most of the loss below saturation came from there).
     */
    static final int WORKERS = 4;
    static final int MAX_WORKERS = WORKERS;

    private static final HostLog LOG = HostLog.forClass(HostV4.class);

    /** The host's lease journal in the store directory. */
    static final LeaseJournal.Format JOURNAL = new LeaseJournal.Format("host-v4-leases",
            "# failover-host-v4 lease journal, format 1");

    private final HostRuntime runtime;
    private final HostLeaseTable table;
    private final CoreServerControl server;
    private final DeferredReplies<DatagramPacket> deferred;
    private final Optional<BroadcastReceiver> broadcast;
    private final InetSocketAddress listen;

    private HostV4(HostRuntime runtime, HostLeaseTable table, CoreServerControl server, DeferredReplies<DatagramPacket> deferred,
            Optional<BroadcastReceiver> broadcast, InetSocketAddress listen) {
        this.runtime = runtime;
        this.table = table;
        this.server = server;
        this.deferred = deferred;
        this.broadcast = broadcast;
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

        LeaseJournal.Loaded loaded = HostRuntime.openJournal(config.storeDirectory(), JOURNAL);
        LeaseJournal journal = loaded.journal();
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
        HostCounters counters = new HostCounters();
        DeferredReplies<DatagramPacket> deferred = new DeferredReplies<>("host-v4-deferred-replies");
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
            CoreServerControl server = CoreServerControl.of(core, counters.overload());
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
            HostRuntime runtime = new HostRuntime(journal, hooks, counters, "host-v4-sweep");
            host = new HostV4(runtime, table, server, deferred, broadcast, listen);
            runtime.startSweeping(clock, servlet::expireLeases);
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

    HostLeaseTable table() {
        return table;
    }

    InetSocketAddress listenAddress() {
        return listen;
    }

    /** Blocks until {@link #close} finished. */
    @Override
    public void awaitStopped() throws InterruptedException {
        runtime.awaitStopped();
    }

    /**
     * Stops receiving (broadcast socket, then dhcp4java's), lets the workers finish, sends the
     * deferred replies that are ready, then the shared stop: hooks (no worker calls them any more),
     * journal. Idempotent.
     */
    @Override
    public void close() {
        runtime.close(() -> {
            if (broadcast.isPresent()) {
                broadcast.get().close();
            }
            try {
                return server.stop(3000) ? null : "some worker threads did not end in time";
            } finally {
                deferred.close();
            }
        }, table::size);
    }
}
