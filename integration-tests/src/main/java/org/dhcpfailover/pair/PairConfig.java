package org.dhcpfailover.pair;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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

    private PairConfig() {}

    /**
     * Writes {@code dir/<role>/server.json} with {@code plugins/} holding the plugin jar (unless
     * {@code withHook} is false) and returns the file.
     */
    public static Path write(Path dir, boolean primary, boolean withHook, Timers timers, String firstAddress,
            String lastAddress) throws IOException {
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
                    "mclt": %d, "keepalive-time": %d, "startup-time": %d,%s
                    "pools": [ { "name": "lan", "secondary-share": 50 } ]
                  } ] }
                }""".formatted(RELATIONSHIP, primary ? "server1" : "server2", role, primary ? "server2" : "server1",
                partnerFailover, selfFailover, timers.mclt(), timers.keepalive(), timers.startup(),
                timers.autoPartnerDown() == null ? "" : " \"auto-partner-down-delay\": " + timers.autoPartnerDown() + ",");
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
