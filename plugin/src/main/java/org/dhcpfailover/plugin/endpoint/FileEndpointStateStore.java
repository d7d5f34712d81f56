package org.dhcpfailover.plugin.endpoint;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * Keeps one relationship's {@link PersistedEndpointState} in a small text file in the store
 * directory. A save writes a temporary file, forces it to disk, renames it over the old one
 * atomically and forces the directory, so that a crash at any point leaves either the old or
 * the new state on disk, never a torn mix (RFC 8156 §8.1 "stable storage").
 *
 * <p>A file that exists but cannot be read back is reported as an {@link IOException} naming
 * the file and the problem: a server must not silently forget which state it was in.
 */
public final class FileEndpointStateStore implements EndpointStateStore {

    private static final String FORMAT = "rfc8156-endpoint-state/1";

    private final Path file;
    private final Path temporary;

    public FileEndpointStateStore(Path file) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
        this.temporary = this.file.resolveSibling(this.file.getFileName() + ".tmp");
    }

    /** The file for {@code relationship} in {@code storeDirectory}; any name maps to a safe file name. */
    public static FileEndpointStateStore forRelationship(Path storeDirectory, String relationship) {
        return new FileEndpointStateStore(storeDirectory.resolve("endpoint-" + fileNameSafe(relationship) + ".state"));
    }

    /**
     * Letters, digits, '-', '_' and '.' stay; every other octet becomes %XX. With the
     * "endpoint-" prefix the result is always a plain file name inside the store directory.
     */
    static String fileNameSafe(String name) {
        StringBuilder safe = new StringBuilder();
        byte[] octets = name.getBytes(StandardCharsets.UTF_8);
        for (byte octet : octets) {
            int b = octet & 0xff;
            boolean plain = b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
                    || b == '-' || b == '_' || b == '.';
            safe.append(plain ? String.valueOf((char) b) : String.format("%%%02X", b));
        }
        return safe.toString();
    }

    public Path file() {
        return file;
    }

    @Override
    public Optional<PersistedEndpointState> load() throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        }
        Properties p = new Properties();
        p.load(new StringReader(text));
        if (!FORMAT.equals(p.getProperty("format"))) {
            throw unreadable("unknown format '" + p.getProperty("format") + "', expected " + FORMAT);
        }
        return Optional.of(new PersistedEndpointState(
                state(p, "state", false), number(p, "start-time"), state(p, "partner-state", true),
                number(p, "partner-start-time"), number(p, "last-operating-time"),
                Boolean.parseBoolean(required(p, "communicated"))));
    }

    @Override
    public void save(PersistedEndpointState state) throws IOException {
        StringBuilder text = new StringBuilder()
                .append("format=").append(FORMAT).append('\n')
                .append("state=").append(state.state().name()).append('\n')
                .append("start-time=").append(state.startTime()).append('\n')
                .append("partner-state=").append(state.partnerState() == null ? "" : state.partnerState().name()).append('\n')
                .append("partner-start-time=").append(state.partnerStartTime()).append('\n')
                .append("last-operating-time=").append(state.lastOperatingTime()).append('\n')
                .append("communicated=").append(state.communicated()).append('\n');
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the store directory of " + file + " does not support atomic rename", e);
        }
        forceDirectory(file.getParent());
    }

    /** Makes the rename itself durable (POSIX: the directory entry lives in the directory). */
    private static void forceDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private static String required(Properties p, String key) throws IOException {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IOException("missing key '" + key + "'");
        }
        return value;
    }

    private long number(Properties p, String key) throws IOException {
        String value = required(p, key);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw unreadable("'" + key + "' is not a number: " + value);
        }
    }

    private EndpointState state(Properties p, String key, boolean optional) throws IOException {
        String value = required(p, key);
        if (optional && value.isEmpty()) {
            return null;
        }
        try {
            EndpointState state = EndpointState.valueOf(value);
            if (state == EndpointState.STARTUP && !optional) {
                throw unreadable("'" + key + "' is STARTUP, which is never stored");
            }
            return state;
        } catch (IllegalArgumentException e) {
            throw unreadable("'" + key + "' is not an endpoint state: " + value);
        }
    }

    private IOException unreadable(String reason) {
        return new IOException("cannot read endpoint state file " + file + ": " + reason);
    }
}
