package org.dhcpfailover.host.v4;

import java.io.PrintStream;
import java.time.Clock;
import org.dhcpfailover.host.config.DhcpVersion;
import org.dhcpfailover.host.hooks.HookLoader;
import org.dhcpfailover.host.hooks.HookStarter;
import org.dhcpfailover.host.launch.HostLauncher;

/**
 * The DHCPv4 host launcher: {@code failover-host-v4 --config FILE}, the shared
 * {@link HostLauncher} with {@link HostV4}; its exit statuses are the launcher's.
 */
public final class FailoverHostV4 {

    static final String USAGE = String.join("\n",
            "Usage: failover-host-v4 --config FILE",
            "       failover-host-v4 --help",
            "",
            "Runs a DHCPv4 server (dhcp4java) with its own lease table and the hook libraries",
            "named in FILE, a Kea-shaped JSON configuration with a \"Dhcp4\" object",
            "(see config-samples/dhcp4-primary.json and docs/configuration.md).",
            "",
            "Exit status: 0 on --help or after a clean stop (SIGTERM), 2 for a usage error, an",
            "invalid configuration or a hook library that cannot be loaded, 1 if the server",
            "cannot start otherwise. Logging: log4j2 (override with -Dlog4j.configurationFile=...).");

    static final HostLauncher<HostV4> LAUNCHER = new HostLauncher<>("failover-host-v4", DhcpVersion.DHCPV4, USAGE);

    private FailoverHostV4() {}

    public static void main(String[] args) {
        Clock clock = Clock.systemUTC();
        // log4j2.xml disables log4j's own shutdown hook so that the last lines of a stop get out
        LAUNCHER.run(args, config -> HostV4.start(config, clock, HookLoader::start),
                org.apache.logging.log4j.LogManager::shutdown);
    }

    /**
     * Parses the arguments, loads and checks the configuration, starts the host. Problems go to
     * {@code err}; nothing is left running unless a host is returned.
     */
    static HostLauncher.Launch<HostV4> launch(String[] args, PrintStream out, PrintStream err, Clock clock,
            HookStarter hooks) {
        return LAUNCHER.launch(args, out, err, config -> HostV4.start(config, clock, hooks));
    }
}
