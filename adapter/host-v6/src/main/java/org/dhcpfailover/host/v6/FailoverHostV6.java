package org.dhcpfailover.host.v6;

import java.io.PrintStream;
import java.time.Clock;
import org.dhcpfailover.host.config.DhcpVersion;
import org.dhcpfailover.host.hooks.HookLoader;
import org.dhcpfailover.host.hooks.HookStarter;
import org.dhcpfailover.host.launch.HostLauncher;

/**
 * The DHCPv6 host launcher: {@code failover-host-v6 --config FILE}, the shared
 * {@link HostLauncher} with {@link HostV6}; its exit statuses are the launcher's.
 */
public final class FailoverHostV6 {

    static final String USAGE = String.join("\n",
            "Usage: failover-host-v6 --config FILE",
            "       failover-host-v6 --help",
            "",
            "Runs a DHCPv6 server (anarres dhcp4j) serving addresses (IA_NA, IA_TA) and delegated",
            "prefixes (IA_PD) with its own lease table and the hook libraries named in FILE, a",
            "Kea-shaped JSON configuration with a \"Dhcp6\" object (see config-samples/dhcp6-primary.json",
            "and docs/configuration.md).",
            "",
            "Exit status: 0 on --help or after a clean stop (SIGTERM), 2 for a usage error, an",
            "invalid configuration or a hook library that cannot be loaded, 1 if the server",
            "cannot start otherwise. Logging: log4j2 (override with -Dlog4j.configurationFile=...).");

    static final HostLauncher<HostV6> LAUNCHER = new HostLauncher<>("failover-host-v6", DhcpVersion.DHCPV6, USAGE);

    private FailoverHostV6() {}

    public static void main(String[] args) {
        Clock clock = Clock.systemUTC();
        // log4j2.xml disables log4j's own shutdown hook so that the last lines of a stop get out
        LAUNCHER.run(args, config -> HostV6.start(config, clock, HookLoader::start),
                org.apache.logging.log4j.LogManager::shutdown);
    }

    /** What {@link #main} does up to a running host, with the clock and the hooks of a test. */
    static HostLauncher.Launch<HostV6> launch(String[] args, PrintStream out, PrintStream err, Clock clock,
            HookStarter hooks) {
        return LAUNCHER.launch(args, out, err, config -> HostV6.start(config, clock, hooks));
    }
}
