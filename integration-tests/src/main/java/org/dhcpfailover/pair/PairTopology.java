package org.dhcpfailover.pair;

import java.util.ArrayList;
import java.util.List;

/**
 * Three network namespaces this process creates and deletes: the primary server's, the
 * secondary's, and a client LAN. The client namespace holds a bridge that both servers' client
 * interfaces hang off (10.99.0.0/24: primary .1, secondary .2, the clients' relay .254), so a
 * client broadcast reaches both servers as on a real LAN; the two servers talk failover over
 * their own link (10.98.0.0/30), which {@link #cutFailoverLink()} takes down to partition them
 * while clients still reach both.
 */
public final class PairTopology implements AutoCloseable {

    public static final String PRIMARY_ADDRESS = "10.99.0.1";
    public static final String SECONDARY_ADDRESS = "10.99.0.2";
    public static final String RELAY_ADDRESS = "10.99.0.254";
    /** The load generator's relay address (perfdhcp binds port 67 on it, beside the named clients' relay). */
    public static final String LOAD_RELAY_ADDRESS = "10.99.0.253";
    public static final String PRIMARY_FAILOVER_ADDRESS = "10.98.0.1";
    public static final String SECONDARY_FAILOVER_ADDRESS = "10.98.0.2";

    private final String primary;
    private final String secondary;
    private final String clients;
    private final List<String> created = new ArrayList<>();

    private PairTopology(String prefix) {
        this.primary = prefix + "-p";
        this.secondary = prefix + "-s";
        this.clients = prefix + "-c";
    }

    /** Creates the namespaces and links; on failure deletes what it made. */
    public static PairTopology create(String prefix) {
        PairTopology topology = new PairTopology(prefix);
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
        }
        Commands.run("ip", "-n", clients, "link", "add", "br0", "type", "bridge");
        Commands.run("ip", "-n", clients, "addr", "add", RELAY_ADDRESS + "/24", "dev", "br0");
        Commands.run("ip", "-n", clients, "addr", "add", LOAD_RELAY_ADDRESS + "/24", "dev", "br0");
        Commands.run("ip", "-n", clients, "link", "set", "br0", "up");
        lan(primary, "cp0", PRIMARY_ADDRESS);
        lan(secondary, "cs0", SECONDARY_ADDRESS);
        Commands.run("ip", "link", "add", "fo-ps0", "netns", primary, "type", "veth", "peer", "name", "fo-sp0", "netns",
                secondary);
        Commands.run("ip", "-n", primary, "link", "set", "fo-ps0", "name", "ps0");
        Commands.run("ip", "-n", secondary, "link", "set", "fo-sp0", "name", "sp0");
        Commands.run("ip", "-n", primary, "addr", "add", PRIMARY_FAILOVER_ADDRESS + "/30", "dev", "ps0");
        Commands.run("ip", "-n", secondary, "addr", "add", SECONDARY_FAILOVER_ADDRESS + "/30", "dev", "sp0");
        healFailoverLink();
    }

    /** A veth from a server namespace to the client bridge; broadcast replies leave by it. */
    private void lan(String server, String bridgePort, String address) {
        Commands.run("ip", "link", "add", "fo-" + bridgePort, "netns", clients, "type", "veth", "peer", "name",
                "fo-lan-" + bridgePort, "netns", server);
        Commands.run("ip", "-n", clients, "link", "set", "fo-" + bridgePort, "name", bridgePort);
        Commands.run("ip", "-n", clients, "link", "set", bridgePort, "master", "br0", "up");
        Commands.run("ip", "-n", server, "link", "set", "fo-lan-" + bridgePort, "name", "lan0");
        Commands.run("ip", "-n", server, "addr", "add", address + "/24", "dev", "lan0");
        Commands.run("ip", "-n", server, "link", "set", "lan0", "up");
        Commands.run("ip", "-n", server, "route", "add", "255.255.255.255/32", "dev", "lan0");
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
