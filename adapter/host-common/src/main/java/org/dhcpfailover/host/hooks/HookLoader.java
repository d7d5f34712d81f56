package org.dhcpfailover.host.hooks;

import java.io.IOException;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.jar.JarFile;
import org.dhcpfailover.hook.spi.Hook;
import org.dhcpfailover.hook.spi.HookConfigurationException;
import org.dhcpfailover.hook.spi.HookFactory;
import org.dhcpfailover.hook.spi.HostLeases;
import org.dhcpfailover.host.config.HookLibrary;
import org.dhcpfailover.host.config.HostConfiguration;
import org.dhcpfailover.host.log.HostLog;
import org.dhcpfailover.host.log.HostMessage;

/**
 * Loads a host's hook libraries (HOSTS.md §4): each jar named in {@code "hooks-libraries"} from
 * the plugin directory in its own {@link PluginClassLoader}, its one {@link HookFactory} found
 * with {@link ServiceLoader}, its SPI version checked, its {@code "parameters"} validated by the
 * factory; then every hook started in order. All libraries are checked before any starts, so one
 * run reports every problem; nothing is left started or open when loading fails.
 */
public final class HookLoader {

    /** Packages every hook shares with the host, whatever the host's DHCP library. */
    static final List<String> ALWAYS_SHARED = List.of("org.dhcpfailover.hook.spi.", "org.slf4j.");

    private static final HostLog LOG = HostLog.forClass(HookLoader.class);

    private HookLoader() {}

    /**
     * @param hostPackages the host DHCP library's package prefixes, shared with hooks (e.g.
     *                     {@code "org.dhcp4java."})
     * @throws HookLoadException every problem found: a missing or unreadable jar, a jar without a
     *     hook factory or with several, an SPI version mismatch, invalid parameters, a hook that
     *     failed to start
     */
    public static LoadedHooks start(HostConfiguration config, HostLeases hostLeases, Clock clock,
            Set<String> hostPackages) throws HookLoadException {
        List<String> shared = new ArrayList<>(ALWAYS_SHARED);
        shared.addAll(hostPackages);
        List<String> problems = new ArrayList<>();
        List<LoadedHooks.Started> created = new ArrayList<>();
        List<PluginClassLoader> loaders = new ArrayList<>();
        for (HookLibrary library : config.hookLibraries()) {
            String where = library.parametersPath().replaceFirst("\\.parameters$", "") + ".library";
            try {
                PluginClassLoader loader = classLoader(library, where, shared);
                loaders.add(loader);
                HookFactory factory = factory(loader, library, where);
                Hook hook = create(factory, loader, HostHookContext.of(config, library, hostLeases, clock), library);
                created.add(new LoadedHooks.Started(library.library(), hook, loader));
                LOG.log(HostMessage.HOST_HOOK_LOADED, library.library(), factory.name(), factory.spiVersion());
            } catch (HookLoadException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            closeQuietly(loaders);
            throw new HookLoadException(problems);
        }
        List<LoadedHooks.Started> started = new ArrayList<>();
        for (LoadedHooks.Started hook : created) {
            try {
                hook.call(() -> {
                    hook.hook().start();
                    return null;
                });
                started.add(hook);
            } catch (Exception | LinkageError e) {
                String reason = describe(e);
                LOG.log(HostMessage.HOST_HOOK_START_FAILED, hook.name(), reason);
                new LoadedHooks(started).close();
                closeQuietly(loaders);
                throw new HookLoadException(List.of("hook library " + hook.name() + " failed to start: " + reason));
            }
        }
        return new LoadedHooks(started);
    }

    private static PluginClassLoader classLoader(HookLibrary library, String where, List<String> shared)
            throws HookLoadException {
        Path jar = library.jar();
        if (!Files.isRegularFile(jar)) {
            throw new HookLoadException(List.of(where + ": no hook library \"" + library.library() + "\": "
                    + jar + (Files.exists(jar) ? " is not a file" : " does not exist")
                    + "; put the jar into the plugin directory or correct the name"));
        }
        try (JarFile check = new JarFile(jar.toFile())) {
            check.size();
        } catch (IOException e) {
            throw new HookLoadException(List.of(where + ": " + jar + " is not a readable jar: " + describe(e)));
        }
        try {
            return new PluginClassLoader(jar.toUri().toURL(), HookLoader.class.getClassLoader(), shared);
        } catch (MalformedURLException e) {
            throw new HookLoadException(List.of(where + ": " + jar + ": " + e.getMessage()));
        }
    }

    private static HookFactory factory(PluginClassLoader loader, HookLibrary library, String where)
            throws HookLoadException {
        List<HookFactory> factories = new ArrayList<>();
        try {
            for (HookFactory factory : ServiceLoader.load(HookFactory.class, loader)) {
                if (factory.getClass().getClassLoader() == loader) {
                    factories.add(factory);
                }
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            throw new HookLoadException(List.of(where + ": " + library.jar() + " declares a hook factory that cannot be"
                    + " loaded: " + describe(e)));
        }
        if (factories.isEmpty()) {
            throw new HookLoadException(List.of(where + ": " + library.jar() + " is not a hook library: it holds no"
                    + " META-INF/services/" + HookFactory.class.getName() + " entry"));
        }
        if (factories.size() > 1) {
            throw new HookLoadException(List.of(where + ": " + library.jar() + " holds " + factories.size()
                    + " hook factories (" + factories.stream().map(f -> f.getClass().getName()).toList()
                    + "); a hook library has exactly one"));
        }
        HookFactory factory = factories.get(0);
        int version;
        try {
            version = factory.spiVersion();
        } catch (RuntimeException | LinkageError e) {
            throw new HookLoadException(List.of(where + ": " + library.jar() + ": the hook factory failed to report"
                    + " its SPI version: " + describe(e)));
        }
        if (version != HookFactory.SPI_VERSION) {
            throw new HookLoadException(List.of(where + ": " + library.jar() + " was built for hook SPI version "
                    + version + ", but this host speaks version " + HookFactory.SPI_VERSION
                    + "; use a build of the library for this host version"));
        }
        return factory;
    }

    private static Hook create(HookFactory factory, PluginClassLoader loader, HostHookContext context,
            HookLibrary library) throws HookLoadException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            Hook hook = factory.create(context);
            if (hook == null) {
                throw new HookLoadException(List.of(library.parametersPath() + ": hook library " + library.library()
                        + " created no hook"));
            }
            return hook;
        } catch (HookConfigurationException e) {
            return rethrow(e.problems());
        } catch (RuntimeException | LinkageError e) {
            throw new HookLoadException(List.of(library.parametersPath() + ": hook library " + library.library()
                    + " failed to read its parameters: " + describe(e)));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static Hook rethrow(List<String> problems) throws HookLoadException {
        throw new HookLoadException(problems);
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static void closeQuietly(List<PluginClassLoader> loaders) {
        for (PluginClassLoader loader : loaders) {
            try {
                loader.close();
            } catch (IOException ignored) {
                // A jar that cannot be closed holds a file handle until exit; nothing else is lost.
            }
        }
    }
}
