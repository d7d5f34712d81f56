package org.dhcpfailover.host.v4;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.dhcpfailover.config.ConfigurationError;
import org.dhcpfailover.config.ConfigurationResult;
import org.dhcpfailover.host.config.DhcpVersion;
import org.dhcpfailover.host.config.HostConfiguration;
import org.dhcpfailover.host.config.HostConfigurationLoader;
import org.dhcpfailover.host.hooks.HookLoadException;
import org.dhcpfailover.host.hooks.HookLoader;
import org.dhcpfailover.host.log.HostLog;
import org.dhcpfailover.host.log.HostMessage;

/**
 * The DHCPv4 host launcher: {@code failover-host-v4 --config FILE}.
 *
 * <p>Exit status: 0 after {@code --help} or a clean stop (SIGTERM / SIGINT), 2 for a usage error,
 * an invalid configuration or a hook library that cannot be loaded (each problem printed to
 * standard error with its JSON path; nothing is started), 1 if the host cannot start for another
 * reason (port in use, unusable store directory).
 */
public final class FailoverHostV4 {

    static final int EXIT_OK = 0;
    static final int EXIT_START_FAILED = 1;
    static final int EXIT_BAD_INPUT = 2;

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

    private static final HostLog LOG = HostLog.forClass(FailoverHostV4.class);

    private FailoverHostV4() {}

    public static void main(String[] args) {
        Launch launch = launch(args, System.out, System.err, Clock.systemUTC(), HookLoader::start);
        if (launch.host().isEmpty()) {
            System.exit(launch.exitStatus());
        }
        HostV4 host = launch.host().get();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            host.close();
            shutDownLogging();
        }, "host-v4-shutdown"));
        try {
            host.awaitStopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Returning lets the JVM finish: every thread the host leaves is a daemon thread.
    }

    /** What {@link #launch} did: an exit status, or a running host. */
    record Launch(int exitStatus, Optional<HostV4> host) {}

    /**
     * Parses the arguments, loads and checks the configuration, starts the host. Problems go to
     * {@code err}; nothing is left running unless a host is returned.
     */
    static Launch launch(String[] args, PrintStream out, PrintStream err, Clock clock, HostV4.HookStarter hooks) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println(USAGE);
            return new Launch(EXIT_OK, Optional.empty());
        }
        if (args.length != 2 || !args[0].equals("--config")) {
            err.println("failover-host-v4: expected --config FILE, got " + (args.length == 0 ? "no arguments" : String.join(" ", args)));
            err.println(USAGE);
            return new Launch(EXIT_BAD_INPUT, Optional.empty());
        }
        Path file = Path.of(args[1]);
        if (!Files.isRegularFile(file)) {
            err.println("failover-host-v4: configuration file " + file + " does not exist or is not a file");
            return new Launch(EXIT_BAD_INPUT, Optional.empty());
        }
        ConfigurationResult<HostConfiguration> result = HostConfigurationLoader.load(file);
        if (!result.isValid()) {
            err.println("failover-host-v4: " + file + " has " + result.errors().size()
                    + " problem(s); nothing was started:");
            for (ConfigurationError error : result.errors()) {
                err.println("  " + error);
                LOG.log(HostMessage.HOST_CONFIG_REJECTED, file, error);
            }
            return new Launch(EXIT_BAD_INPUT, Optional.empty());
        }
        HostConfiguration config = result.orElseThrow();
        if (config.version() != DhcpVersion.DHCPV4) {
            err.println("failover-host-v4: " + file + " configures a " + config.version().key()
                    + " server; this launcher serves \"" + DhcpVersion.DHCPV4.key() + "\"");
            return new Launch(EXIT_BAD_INPUT, Optional.empty());
        }
        try {
            return new Launch(EXIT_OK, Optional.of(HostV4.start(config, clock, hooks)));
        } catch (HookLoadException e) {
            err.println("failover-host-v4: the hook libraries of " + file + " cannot be loaded; nothing was started:");
            for (String problem : e.problems()) {
                err.println("  " + problem);
            }
            return new Launch(EXIT_BAD_INPUT, Optional.empty());
        } catch (HostV4.StartException e) {
            LOG.log(HostMessage.HOST_START_FAILED, e.getMessage());
            err.println("failover-host-v4: cannot start: " + e.getMessage());
            return new Launch(EXIT_START_FAILED, Optional.empty());
        }
    }

    /** log4j2.xml disables log4j's own shutdown hook so that the last lines of a stop get out. */
    private static void shutDownLogging() {
        org.apache.logging.log4j.LogManager.shutdown();
    }
}
