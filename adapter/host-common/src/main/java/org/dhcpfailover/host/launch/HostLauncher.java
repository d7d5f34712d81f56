package org.dhcpfailover.host.launch;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.dhcpfailover.config.ConfigurationError;
import org.dhcpfailover.config.ConfigurationResult;
import org.dhcpfailover.host.config.DhcpVersion;
import org.dhcpfailover.host.control.ControlServer;
import org.dhcpfailover.host.config.HostConfiguration;
import org.dhcpfailover.host.config.HostConfigurationLoader;
import org.dhcpfailover.host.hooks.HookLoadException;
import org.dhcpfailover.host.log.HostLog;
import org.dhcpfailover.host.log.HostMessage;

/**
 * The launcher both hosts share ({@code failover-host-v4 --config FILE},
 * {@code failover-host-v6 --config FILE}): arguments, the configuration loaded and checked, the
 * host started by the host's own {@link Starter}, and in {@link #run} the shutdown order — on
 * SIGTERM / SIGINT the host is closed (it stops receiving, stops its hooks, closes its journal),
 * then the logging backend, then the JVM exits.
 *
 * <p>Exit status: 0 after {@code --help} or a clean stop, 2 for a usage error, an invalid
 * configuration or a hook library that cannot be loaded (each problem printed to standard error with
 * its JSON path; nothing is started), 1 if the host cannot start for another reason (port in use,
 * unusable store directory).
 *
 * @param <H> the running host
 */
public final class HostLauncher<H extends HostLauncher.RunningHost> {

    public static final int EXIT_OK = 0;
    public static final int EXIT_START_FAILED = 1;
    public static final int EXIT_BAD_INPUT = 2;

    private static final HostLog LOG = HostLog.forClass(HostLauncher.class);

    /** A host that {@link Starter#start} left running. */
    public interface RunningHost extends AutoCloseable {
        /** Blocks until {@link #close} finished. */
        void awaitStopped() throws InterruptedException;

        /** Stops serving, stops the hooks, closes the journal; idempotent. */
        @Override
        void close();
    }

    /** Starts a host from a valid configuration of the launcher's version. */
    @FunctionalInterface
    public interface Starter<H> {
        /**
         * @throws HookLoadException if a hook library cannot be loaded or refuses its parameters
         * @throws StartException    for anything else that keeps the host from serving; nothing it
         *     opened is left open
         */
        H start(HostConfiguration config) throws HookLoadException, StartException;
    }

    /** The host could not start; nothing it opened is left open. */
    public static final class StartException extends Exception {
        private static final long serialVersionUID = 1L;

        public StartException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * What {@link #launch} did: an exit status, or a running host with its JMX control connector
     * when the configuration has a {@code control} section.
     */
    public record Launch<H>(int exitStatus, Optional<H> host, Optional<ControlServer> control) {
        public Launch(int exitStatus, Optional<H> host) {
            this(exitStatus, host, Optional.empty());
        }
    }

    private final String command;
    private final DhcpVersion version;
    private final String usage;

    /**
     * @param command the command's name in messages, e.g. {@code failover-host-v6}
     * @param version the configuration's top-level key this host serves
     * @param usage   the text of {@code --help}
     */
    public HostLauncher(String command, DhcpVersion version, String usage) {
        this.command = Objects.requireNonNull(command, "command");
        this.version = Objects.requireNonNull(version, "version");
        this.usage = Objects.requireNonNull(usage, "usage");
    }

    /**
     * The process: {@link #launch}, then serving until SIGTERM / SIGINT; exits the JVM with the
     * launch's status when nothing was started.
     *
     * @param afterStop runs after the host closed, in the shutdown hook (the logging backend's
     *                  shutdown, so that the last lines of a stop get out)
     */
    public void run(String[] args, Starter<H> starter, Runnable afterStop) {
        Launch<H> launch = launch(args, System.out, System.err, starter);
        if (launch.host().isEmpty()) {
            afterStop.run();
            System.exit(launch.exitStatus());
        }
        H host = launch.host().get();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            host.close();
            launch.control().ifPresent(ControlServer::close);
            afterStop.run();
        }, command + "-shutdown"));
        try {
            host.awaitStopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Returning lets the JVM finish: every thread a host leaves is a daemon thread.
    }

    /**
     * Parses the arguments, loads and checks the configuration, starts the host. Problems go to
     * {@code err}; nothing is left running unless a host is returned.
     */
    public Launch<H> launch(String[] args, PrintStream out, PrintStream err, Starter<H> starter) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println(usage);
            return new Launch<>(EXIT_OK, Optional.empty());
        }
        if (args.length != 2 || !args[0].equals("--config")) {
            err.println(command + ": expected --config FILE, got " + (args.length == 0 ? "no arguments" : String.join(" ", args)));
            err.println(usage);
            return new Launch<>(EXIT_BAD_INPUT, Optional.empty());
        }
        Path file = Path.of(args[1]);
        if (!Files.isRegularFile(file)) {
            err.println(command + ": configuration file " + file + " does not exist or is not a file");
            return new Launch<>(EXIT_BAD_INPUT, Optional.empty());
        }
        ConfigurationResult<HostConfiguration> result = HostConfigurationLoader.load(file);
        if (!result.isValid()) {
            err.println(command + ": " + file + " has " + result.errors().size()
                    + " problem(s); nothing was started:");
            for (ConfigurationError error : result.errors()) {
                err.println("  " + error);
                LOG.log(HostMessage.HOST_CONFIG_REJECTED, file, error);
            }
            return new Launch<>(EXIT_BAD_INPUT, Optional.empty());
        }
        HostConfiguration config = result.orElseThrow();
        if (config.version() != version) {
            err.println(command + ": " + file + " configures a " + config.version().key()
                    + " server; this launcher serves \"" + version.key() + "\"");
            return new Launch<>(EXIT_BAD_INPUT, Optional.empty());
        }
        Optional<ControlServer> control = Optional.empty();
        try {
            if (config.control().isPresent()) {
                control = Optional.of(ControlServer.start(config.control().get()));
            }
            return new Launch<>(EXIT_OK, Optional.of(starter.start(config)), control);
        } catch (HookLoadException e) {
            control.ifPresent(ControlServer::close);
            err.println(command + ": the hook libraries of " + file + " cannot be loaded; nothing was started:");
            for (String problem : e.problems()) {
                err.println("  " + problem);
            }
            return new Launch<>(EXIT_BAD_INPUT, Optional.empty());
        } catch (StartException e) {
            control.ifPresent(ControlServer::close);
            LOG.log(HostMessage.HOST_START_FAILED, e.getMessage());
            err.println(command + ": cannot start: " + e.getMessage());
            return new Launch<>(EXIT_START_FAILED, Optional.empty());
        } catch (RuntimeException e) {
            control.ifPresent(ControlServer::close); // its RMI threads would keep the JVM alive
            throw e;
        }
    }
}
