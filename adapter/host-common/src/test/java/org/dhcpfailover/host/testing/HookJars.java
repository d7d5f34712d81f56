package org.dhcpfailover.host.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds real hook jars at test time for the hosts' tests (shared through host-common's test jar):
 * one Java source file compiled against the test class path (the hook SPI), packed with or without
 * its {@code META-INF/services} entry.
 */
public final class HookJars {

    private HookJars() {}

    /**
     * Compiles {@code source} (the public class {@code factoryClass}, fully qualified) into
     * {@code jar}, under {@code work}.
     *
     * @param withServiceEntry whether the jar names the class as its {@code HookFactory}
     */
    public static Path compile(Path work, Path jar, String factoryClass, String source, boolean withServiceEntry)
            throws IOException {
        String simpleName = factoryClass.substring(factoryClass.lastIndexOf('.') + 1);
        String name = jar.getFileName().toString();
        Path sources = Files.createDirectories(work.resolve("src-" + name));
        Path classes = Files.createDirectories(work.resolve("classes-" + name));
        Path file = sources.resolve(simpleName + ".java");
        Files.writeString(file, source);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        int status = compiler.run(null, null, null, "-d", classes.toString(), "-classpath",
                System.getProperty("java.class.path"), file.toString());
        if (status != 0) {
            throw new IllegalStateException("the test hook " + factoryClass + " did not compile");
        }
        Files.createDirectories(jar.toAbsolutePath().getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            for (Path entry : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(entry).toString().replace('\\', '/')));
                Files.copy(entry, out);
                out.closeEntry();
            }
            if (withServiceEntry) {
                out.putNextEntry(new JarEntry("META-INF/services/org.dhcpfailover.hook.spi.HookFactory"));
                out.write((factoryClass + "\n").getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }
}
