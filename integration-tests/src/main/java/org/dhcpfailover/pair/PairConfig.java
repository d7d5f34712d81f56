package org.dhcpfailover.pair;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Writes the two servers' configurations for a pair on {@link PairTopology}: the shipped
 * samples' shape, one IPv4 pool shared proportionally, short timers so that a run takes
 * minutes, and the built plugin jar dropped into each server's plugin directory.
 */
public final class PairConfig {

    /** Relationship name used by the pair. */
    public static final String RELATIONSHIP = "failover-v4";

    /** Timer settings of a run. */
    public record Timers(int validLifetime, int mclt, int keepalive, int startup, Integer autoPartnerDown) {
        public static Timers demo() {
            return new Timers(300, 30, 4, 2, null);
        }
    }

    /** Relationship name of the DHCPv6 pair. */
    public static final String RELATIONSHIP_V6 = HostKind.V6.relationship();

    /**
     * What a DHCPv6 pair serves: an address range (independent allocation, the only choice for
     * addresses, RFC 8156 §4.2.1) and a delegable prefix pool shared proportionally (§4.2.2).
     */
    public record V6Pools(String firstAddress, String lastAddress, String prefix, int prefixLength, int delegatedLength,
            int secondaryShare, int rebalanceThreshold) {
        /** 2001:db8:1::1000-1fff, and 2001:db8:100::/48 delegated as 256 /56s, half the free ones the secondary's. */
        public static V6Pools standard() {
            return new V6Pools("2001:db8:1::1000", "2001:db8:1::1fff", "2001:db8:100::", 48, 56, 50, 5);
        }

        /** How many prefixes the pool delegates. */
        public int prefixes() {
            return 1 << (delegatedLength - prefixLength);
        }
    }

    /**
     * TLS key material of a pair made by {@code bin/gen-failover-certs} in {@link #dir}: a CA and one
     * certificate per server (server1 = primary, server2 = secondary), each checking the other by
     * name (RFC 8156 §10, docs/protocol.md §11).
     */
    public record Tls(Path dir) {
        /** Runs {@code bin/gen-failover-certs} into {@code dir} and returns its material. */
        public static Tls generate(Path dir) throws IOException {
            Files.createDirectories(dir);
            Commands.run(Artifacts.root().resolve("bin/gen-failover-certs").toString(), dir.toString(), "server1",
                    "server2");
            return new Tls(dir);
        }

        /** The relationship's {@code "tls"} member for one server, with a trailing comma. */
        String section(boolean primary) {
            String self = primary ? "server1" : "server2";
            return " \"tls\": { \"key-store\": \"" + dir.resolve(self + ".p12") + "\", \"key-store-password-file\": \""
                    + dir.resolve(self + ".password") + "\", \"trust-store\": \"" + dir.resolve("ca.pem")
                    + "\", \"expected-name\": \"" + (primary ? "server2" : "server1") + "\" },";
        }
    }

    private static String tls(Optional<Tls> tls, boolean primary) {
        return tls.map(t -> t.section(primary)).orElse("");
    }

    private PairConfig() {}

    /**
     * Writes {@code dir/<role>/server.json} for the DHCPv6 host: the sample dhcp6-*.json's shape
     * on {@link HostKind#V6}'s addresses, the plugin jar in {@code plugins/} (unless {@code withHook}
     * is false), and returns the file.
     */
    public static Path writeV6(Path dir, boolean primary, boolean withHook, Timers timers, V6Pools pools)
            throws IOException {
        return writeV6(dir, primary, withHook, timers, pools, Optional.empty());
    }

    /** Like {@link #writeV6(Path, boolean, boolean, Timers, V6Pools)}, the failover connection with {@code tls} if given. */
    public static Path writeV6(Path dir, boolean primary, boolean withHook, Timers timers, V6Pools pools,
            Optional<Tls> tls) throws IOException {
        HostKind kind = HostKind.V6;
        String role = primary ? "primary" : "secondary";
        Path home = Files.createDirectories(dir.resolve(role));
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        if (withHook) {
            Files.copy(Artifacts.pluginJar(), plugins.resolve("dhcp-failover-plugin.jar"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        String hook = !withHook ? "" : """
                {
                  "library": "dhcp-failover-plugin.jar",
                  "parameters": { "failover": [ {
                    "name": "%s", "this-server-name": "%s", "role": "%s",
                    "partner": { "name": "%s", "address": "%s", "port": 647 },
                    "listen": { "address": "%s", "port": 647 },
                    "mclt": %d, "keepalive-time": %d, "startup-time": %d,%s%s
                    "pools": [ { "name": "lan" },
                               { "name": "lan-pd", "secondary-share": %d, "rebalance-threshold": %d } ]
                  } ] }
                }""".formatted(kind.relationship(), primary ? "server1" : "server2", role,
                primary ? "server2" : "server1", primary ? kind.secondaryLink() : kind.primaryLink(),
                primary ? kind.primaryLink() : kind.secondaryLink(), timers.mclt(), timers.keepalive(),
                timers.startup(), timers.autoPartnerDown() == null ? ""
                        : " \"auto-partner-down-delay\": " + timers.autoPartnerDown() + ",",
                tls(tls, primary), pools.secondaryShare(), pools.rebalanceThreshold());
        String config = """
                { "Dhcp6": {
                    "server-duid": "%s",
                    "listen": { "interface": "lan0", "address": "%s", "port": 547 },
                    "plugin-directory": "plugins",
                    "store-directory": "state",
                    "valid-lifetime": %d,
                    "preferred-lifetime": %d,
                    "pools": [ { "name": "lan", "pool": "%s - %s" } ],
                    "pd-pools": [ { "name": "lan-pd", "prefix": "%s", "prefix-len": %d, "delegated-len": %d } ],
                    "hooks-libraries": [ %s ]
                } }
                """.formatted(serverDuid(primary), primary ? kind.primary() : kind.secondary(),
                timers.validLifetime(), timers.validLifetime() / 2, pools.firstAddress(), pools.lastAddress(),
                pools.prefix(), pools.prefixLength(), pools.delegatedLength(), hook);
        Path file = home.resolve("server.json");
        Files.writeString(file, config);
        return file;
    }

    /** The DHCPv6 server's DUID (DUID-LLT), as clients see it in OPTION_SERVERID: {@code ...:00:01} or {@code :02}. */
    public static String serverDuid(boolean primary) {
        return "00:01:00:01:2d:24:bd:00:00:50:56:00:00:0" + (primary ? "1" : "2");
    }

    /**
     * Writes {@code dir/<role>/server.json} with {@code plugins/} holding the plugin jar (unless
     * {@code withHook} is false) and returns the file.
     */
    public static Path write(Path dir, boolean primary, boolean withHook, Timers timers, String firstAddress,
            String lastAddress) throws IOException {
        return write(dir, primary, withHook, timers, firstAddress, lastAddress, Optional.empty());
    }

    /** Like {@link #write(Path, boolean, boolean, Timers, String, String)}, the failover connection with {@code tls} if given. */
    public static Path write(Path dir, boolean primary, boolean withHook, Timers timers, String firstAddress,
            String lastAddress, Optional<Tls> tls) throws IOException {
        String role = primary ? "primary" : "secondary";
        Path home = Files.createDirectories(dir.resolve(role));
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        if (withHook) {
            Files.copy(Artifacts.pluginJar(), plugins.resolve("dhcp-failover-plugin.jar"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        String self = primary ? PairTopology.PRIMARY_ADDRESS : PairTopology.SECONDARY_ADDRESS;
        String selfFailover = primary ? PairTopology.PRIMARY_FAILOVER_ADDRESS : PairTopology.SECONDARY_FAILOVER_ADDRESS;
        String partnerFailover = primary ? PairTopology.SECONDARY_FAILOVER_ADDRESS : PairTopology.PRIMARY_FAILOVER_ADDRESS;
        String hook = !withHook ? "" : """
                {
                  "library": "dhcp-failover-plugin.jar",
                  "parameters": { "failover": [ {
                    "name": "%s", "this-server-name": "%s", "role": "%s",
                    "partner": { "name": "%s", "address": "%s", "port": 647 },
                    "listen": { "address": "%s", "port": 647 },
                    "mclt": %d, "keepalive-time": %d, "startup-time": %d,%s%s
                    "pools": [ { "name": "lan", "secondary-share": 50 } ]
                  } ] }
                }""".formatted(RELATIONSHIP, primary ? "server1" : "server2", role, primary ? "server2" : "server1",
                partnerFailover, selfFailover, timers.mclt(), timers.keepalive(), timers.startup(),
                timers.autoPartnerDown() == null ? "" : " \"auto-partner-down-delay\": " + timers.autoPartnerDown() + ",",
                tls(tls, primary));
        String config = """
                { "Dhcp4": {
                    "server-address": "%s",
                    "listen": { "interface": "lan0", "address": "0.0.0.0", "port": 67 },
                    "plugin-directory": "plugins",
                    "store-directory": "state",
                    "valid-lifetime": %d,
                    "pools": [ { "name": "lan", "pool": "%s - %s" } ],
                    "hooks-libraries": [ %s ]
                } }
                """.formatted(self, timers.validLifetime(), firstAddress, lastAddress, hook);
        Path file = home.resolve("server.json");
        Files.writeString(file, config);
        return file;
    }
}
