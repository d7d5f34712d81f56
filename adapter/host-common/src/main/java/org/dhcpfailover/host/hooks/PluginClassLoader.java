package org.dhcpfailover.host.hooks;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;

/**
 * The class loader of one hook jar (the shape of Trino's {@code PluginClassLoader}): classes of
 * the shared packages — the hook SPI, the logging API and the host's DHCP library — come from the
 * host, so that both sides see the same types; everything else comes from the jar first and then
 * from the JDK, never from the host's class path. Two hooks, or a hook and the host, can
 * therefore carry different versions of the same library (Guava, Jackson) without meeting.
 */
final class PluginClassLoader extends URLClassLoader {

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private final ClassLoader host;
    private final List<String> sharedPrefixes;

    /**
     * @param jar            the hook jar
     * @param host           the host's class loader, which holds the shared packages
     * @param sharedPrefixes package prefixes taken from the host, e.g. {@code "org.slf4j."}
     */
    PluginClassLoader(URL jar, ClassLoader host, List<String> sharedPrefixes) {
        super("hook:" + jar.getPath(), new URL[] {jar}, ClassLoader.getPlatformClassLoader());
        this.host = Objects.requireNonNull(host, "host");
        this.sharedPrefixes = List.copyOf(sharedPrefixes);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (isShared(name)) {
            return host.loadClass(name);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                try {
                    loaded = findClass(name);
                } catch (ClassNotFoundException notInJar) {
                    loaded = getParent().loadClass(name);
                }
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    /** Resources of the jar first (its own service files), then the JDK's; never the host's. */
    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> all = new java.util.ArrayList<>(java.util.Collections.list(findResources(name)));
        all.addAll(java.util.Collections.list(getParent().getResources(name)));
        return java.util.Collections.enumeration(all);
    }

    boolean isShared(String className) {
        for (String prefix : sharedPrefixes) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
