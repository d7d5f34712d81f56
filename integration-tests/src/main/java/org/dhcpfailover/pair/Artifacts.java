package org.dhcpfailover.pair;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the built host and plugin jars are, from the repository root. */
public final class Artifacts {
    private Artifacts() {}

    /** The repository root: {@code -Dfailover.root}, else the parent of the working directory's module. */
    public static Path root() {
        String configured = System.getProperty("failover.root");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("pom.xml")) && Files.isDirectory(here.resolve("plugin")) ? here
                : here.getParent();
    }

    /** The runnable DHCPv4 host jar. */
    public static Path hostV4Jar() {
        return existing(root().resolve("adapter/host-v4/target/failover-host-v4.jar"));
    }

    /** The runnable DHCPv6 host jar. */
    public static Path hostV6Jar() {
        return existing(root().resolve("adapter/host-v6/target/failover-host-v6.jar"));
    }

    /** The shaded failover plugin jar, as an operator drops it into a plugin directory. */
    public static Path pluginJar() {
        return existing(root().resolve("plugin/target/dhcp-failover-plugin.jar"));
    }

    private static Path existing(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; build it first: mvn -B package -DskipTests");
        }
        return jar;
    }
}
