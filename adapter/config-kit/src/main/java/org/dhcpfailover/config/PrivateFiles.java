package org.dhcpfailover.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The check a file holding a secret (a password file) must pass, as the JDK's JMX agent demands of
 * its own: no access at all for the group or others ({@code chmod 600}).
 */
public final class PrivateFiles {

    private static final Set<PosixFilePermission> NOT_FOR_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PrivateFiles() {}

    /**
     * Why {@code file} is not private to its owner, e.g. {@code "must be accessible by its owner only
     * (it is rw-r--r--); run chmod 600 FILE"}; empty when it is, or on a file system without POSIX
     * permissions (nothing to compare with; the JDK's agent skips it too).
     *
     * @throws IOException if the permissions cannot be read ({@link java.nio.file.NoSuchFileException}
     *     when the file does not exist)
     */
    public static Optional<String> notPrivate(Path file) throws IOException {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return Optional.empty();
        }
        if (permissions.stream().noneMatch(NOT_FOR_OTHERS::contains)) {
            return Optional.empty();
        }
        return Optional.of("must be accessible by its owner only (it is " + PosixFilePermissions.toString(permissions)
                + "); run chmod 600 " + file);
    }
}
