package org.dhcpfailover.pair;

import java.util.ArrayList;
import java.util.List;

/**
 * Three network namespaces this process creates and deletes: the primary server's, the
 * secondary's, and a client LAN. The client namespace holds a bridge that both servers' client
 * interfaces hang off (IPv4: 10.99.0.0/24, primary .1, secondary .2, the clients' relay .254;
 * IPv6: fd00:99::/64, primary ::1, secondary ::2, relay ::fe — {@link HostKind}), so a client
 * broadcast or multicast reaches both servers as on a real LAN; the two servers talk failover
 * over their own link (10.98.0.0/30 or fd00:98::/64), which {@link #cutFailoverLink()} takes down
 * to partition them while clients still reach both. In IPv6 duplicate address detection is off in
 * every namespace, so addresses (link-local ones too) are usable at once, and addresses stay on a
 * link that is taken down (Linux's default removes them, and the healed link would have none).
 */
public final class PairTopology implements AutoCloseable {

    public static final String PRIMARY_ADDRESS = HostKind.V4.primary();
    public static final String SECONDARY_ADDRESS = HostKind.V4.secondary();
    public static final String RELAY_ADDRESS = HostKind.V4.relay();
    /** The load generator's relay address (perfdhcp binds port 67 on it, beside the named clients' relay). */
    public static final String LOAD_RELAY_ADDRESS = HostKind.V4.loadRelay();
    public static final String PRIMARY_FAILOVER_ADDRESS = HostKind.V4.primaryLink();
    public static final String SECONDARY_FAILOVER_ADDRESS = HostKind.V4.secondaryLink();

    private final HostKind kind;

    private final String primary;
    private final String secondary;
    private final String clients;
    private final List<String> created = new ArrayList<>();

    private PairTopology(String prefix, HostKind kind) {
        this.kind = kind;
        this.primary = prefix + "-p";
        this.secondary = prefix + "-s";
        this.clients = prefix + "-c";
    }

    /** Creates the namespaces and links; on failure deletes what it made. */
    public static PairTopology create(String prefix) {
        return create(prefix, HostKind.V4);
    }

    /** Creates the namespaces and links for {@code kind}'s addresses; on failure deletes what it made. */
    public static PairTopology create(String prefix, HostKind kind) {
        PairTopology topology = new PairTopology(prefix, kind);
        try {
            topology.build();
            return topology;
        } catch (RuntimeException e) {
            topology.close();
            throw e;
        }
    }

    private void build() {
        for (String ns : List.of(primary, secondary, clients)) {
            Commands.run(List.of("ip", "netns", "del", ns), false);
            Commands.run("ip", "netns", "add", ns);
            created.add(ns);
            Commands.run("ip", "-n", ns, "link", "set", "lo", "up");
            if (kind.isV6()) {
                // no duplicate address detection; and keep IPv6 addresses on a link taken down
                // (Linux removes them by default), so that a healed failover link has them again
                for (String scope : List.of("all", "default")) {
                    Commands.run("ip", "netns", "exec", ns, "sysctl", "-q", "-w",
                            "net.ipv6.conf." + scope + ".accept_dad=0", "net.ipv6.conf." + scope + ".keep_addr_on_down=1");
                }
            }
        }
        Commands.run("ip", "-n", clients, "link", "add", "br0", "type", "bridge");
        Commands.run("ip", "-n", clients, "addr", "add", kind.relay() + "/" + kind.lanBits(), "dev", "br0");
        Commands.run("ip", "-n", clients, "addr", "add", kind.loadRelay() + "/" + kind.lanBits(), "dev", "br0");
        Commands.run("ip", "-n", clients, "link", "set", "br0", "up");
        lan(primary, "cp0", kind.primary());
        lan(secondary, "cs0", kind.secondary());
        Commands.run("ip", "link", "add", "fo-ps0", "netns", primary, "type", "veth", "peer", "name", "fo-sp0", "netns",
                secondary);
        Commands.run("ip", "-n", primary, "link", "set", "fo-ps0", "name", "ps0");
        Commands.run("ip", "-n", secondary, "link", "set", "fo-sp0", "name", "sp0");
        Commands.run("ip", "-n", primary, "addr", "add", kind.primaryLink() + "/" + kind.linkBits(), "dev", "ps0");
        Commands.run("ip", "-n", secondary, "addr", "add", kind.secondaryLink() + "/" + kind.linkBits(), "dev", "sp0");
        healFailoverLink();
    }

    /** A veth from a server namespace to the client bridge; broadcast replies leave by it. */
    private void lan(String server, String bridgePort, String address) {
        Commands.run("ip", "link", "add", "fo-" + bridgePort, "netns", clients, "type", "veth", "peer", "name",
                "fo-lan-" + bridgePort, "netns", server);
        Commands.run("ip", "-n", clients, "link", "set", "fo-" + bridgePort, "name", bridgePort);
        Commands.run("ip", "-n", clients, "link", "set", bridgePort, "master", "br0", "up");
        Commands.run("ip", "-n", server, "link", "set", "fo-lan-" + bridgePort, "name", "lan0");
        Commands.run("ip", "-n", server, "addr", "add", address + "/" + kind.lanBits(), "dev", "lan0");
        Commands.run("ip", "-n", server, "link", "set", "lan0", "up");
        if (!kind.isV6()) {
            Commands.run("ip", "-n", server, "route", "add", "255.255.255.255/32", "dev", "lan0");
        }
    }

    /** Partition: the failover link goes down on both ends; clients still reach both servers. */
    public void cutFailoverLink() {
        Commands.run("ip", "-n", primary, "link", "set", "ps0", "down");
        Commands.run("ip", "-n", secondary, "link", "set", "sp0", "down");
    }

    public void healFailoverLink() {
        Commands.run("ip", "-n", primary, "link", "set", "ps0", "up");
        Commands.run("ip", "-n", secondary, "link", "set", "sp0", "up");
    }

    public HostKind kind() {
        return kind;
    }

    /**
     * Waits (at most 20 s) until the client bridge has its IPv6 link-local address, which perfdhcp
     * -6 binds; the kernel adds it only once the bridge has a port up.
     */
    public void awaitLinkLocal() throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!Commands.run("ip", "-n", clients, "-6", "addr", "show", "dev", "br0", "scope", "link")
                .contains("fe80::")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("br0 in " + clients + " got no IPv6 link-local address within 20 s");
            }
            Thread.sleep(100);
        }
    }

    public String primaryNamespace() {
        return primary;
    }

    public String secondaryNamespace() {
        return secondary;
    }

    public String clientNamespace() {
        return clients;
    }

    /** Deletes the namespaces (their veths go with them). */
    @Override
    public void close() {
        for (String ns : created) {
            Commands.run(List.of("ip", "netns", "del", ns), false);
        }
        created.clear();
    }
}
