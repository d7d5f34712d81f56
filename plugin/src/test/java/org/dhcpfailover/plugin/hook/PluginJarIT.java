package org.dhcpfailover.plugin.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import javax.management.ObjectName;
import org.dhcpfailover.hook.spi.ClientMessage;
import org.dhcpfailover.hook.spi.Hook;
import org.dhcpfailover.hook.spi.HookConfigurationException;
import org.dhcpfailover.hook.spi.HookFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded plugin jar ({@code target/dhcp-failover-plugin.jar}, built in the package phase) as
 * a host loads it (HOSTS.md §4): in a child-first class loader of its own whose parent holds
 * only what a host shares — the hook SPI and slf4j-api — with the thread context class loader
 * left at the host's, which has no Hibernate Validator, Jackson or Guava.
 */
@Timeout(60)
class PluginJarIT {
    private static final Path JAR = Path.of(System.getProperty("plugin.jar", "target/dhcp-failover-plugin.jar"));
    private static final List<String> SHARED = List.of("org.dhcpfailover.hook.spi.", "org.slf4j.");

    @TempDir
    Path store;

    /** The host's class loader: the JDK, the hook SPI and slf4j-api, nothing else. */
    private static final class HostLoader extends ClassLoader {
        HostLoader() {
            super("host", ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (SHARED.stream().anyMatch(name::startsWith)) {
                return PluginJarIT.class.getClassLoader().loadClass(name);
            }
            return super.loadClass(name, resolve);
        }
    }

    /** The plugin's class loader: its own jar first, the host's loader for the shared packages only. */
    private static final class PluginLoader extends URLClassLoader {
        PluginLoader(URL jar, ClassLoader host) {
            super("plugin", new URL[] {jar}, host);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (SHARED.stream().anyMatch(name::startsWith)) {
                return getParent().loadClass(name);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    try {
                        loaded = findClass(name);
                    } catch (ClassNotFoundException notInTheJar) {
                        loaded = getParent().loadClass(name);
                    }
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }
    }

    @Test
    void theJarBundlesItsLibrariesRelocatedAndNothingTheHostSupplies() throws IOException {
        List<String> entries;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            entries = jar.stream().map(ZipEntry::getName).toList();
        }
        List<String> classesOutside = entries.stream()
                .filter(name -> name.endsWith(".class") && !name.startsWith("org/dhcpfailover/")).toList();
        assertEquals(List.of(), classesOutside, "every class relocated below org/dhcpfailover/");
        for (String absent : List.of("org/dhcpfailover/hook/spi/", "org/slf4j/", "com/google/common/",
                "org/apache/logging/", "ch/qos/logback/")) {
            assertFalse(entries.stream().anyMatch(name -> name.startsWith(absent)), absent);
        }
        for (String present : List.of("org/dhcpfailover/plugin/hook/FailoverHookFactory.class",
                "org/dhcpfailover/config/ConfigurationBinder.class",
                "org/dhcpfailover/shaded/guava/net/InetAddresses.class",
                "org/dhcpfailover/shaded/jackson/databind/ObjectMapper.class",
                "org/dhcpfailover/shaded/hibernate/validator/HibernateValidator.class",
                "org/dhcpfailover/shaded/jakarta/validation/Validation.class",
                "META-INF/services/org.dhcpfailover.hook.spi.HookFactory",
                "META-INF/services/org.dhcpfailover.shaded.jakarta.validation.spi.ValidationProvider")) {
            assertTrue(entries.contains(present), present);
        }
    }

    @Test
    void aHostLoadsValidatesStartsAndStopsTheHookFromTheJarAlone() throws Exception {
        ClassLoader host = new HostLoader();
        assertThrows(ClassNotFoundException.class, () -> host.loadClass("org.hibernate.validator.HibernateValidator"));
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(host); // a host that does not set it for the plugin
        try (PluginLoader plugin = new PluginLoader(JAR.toUri().toURL(), host)) {
            HookFactory factory = ServiceLoader.load(HookFactory.class, plugin).findFirst().orElseThrow();
            assertEquals(plugin, factory.getClass().getClassLoader());
            assertNotSame(FailoverHookFactory.class, factory.getClass(), "not the test's copy");
            assertEquals(HookFactory.SPI_VERSION, factory.spiVersion());

            String valid = HookPair.parameters("server2", "secondary", "server1", "127.0.0.2", 647, "127.0.0.1",
                    freePort());
            HookConfigurationException invalid = assertThrows(HookConfigurationException.class,
                    () -> factory.create(host(valid.replace("\"mclt\": 30", "\"mclt\": 10"))));
            assertEquals(List.of(TestHost.PARAMETERS_PATH + ".failover[0].mclt: must be at least 30 seconds (and at "
                    + "most 4294967295): a first lease lasts one MCLT, and RFC 8156 §1 forbids new leases shorter "
                    + "than 30 s under failover"), invalid.problems(), "Hibernate Validator's message, relocated");

            Hook hook = factory.create(host(valid));
            hook.start();
            try {
                assertTrue(Files.isDirectory(store.resolve("failover")));
                assertFalse(hook.answer(new ClientMessage(ClientMessage.MessageType.DISCOVER, Optional.of("lan"),
                        new byte[] {0, 3, 0, 1, 1}, false, false)), "STARTUP answers nobody (RFC 8156 §8.3)");
                assertTrue(ManagementFactory.getPlatformMBeanServer().isRegistered(new ObjectName(
                        "org.dhcpfailover:type=FailoverRelationship,server=server2,name=failover-1")));
            } finally {
                hook.stop();
            }
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    private TestHost host(String parameters) {
        return new TestHost(parameters, store, TestHost.POOLS, new HostLeaseTable(), Clock.systemUTC());
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }
}
