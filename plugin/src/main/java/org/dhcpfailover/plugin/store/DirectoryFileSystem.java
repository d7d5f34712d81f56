package org.dhcpfailover.plugin.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** The real {@link StoreFileSystem}: one directory on the local disk, through NIO. */
public final class DirectoryFileSystem implements StoreFileSystem {

    private final Path directory;

    /** Uses {@code directory}, creating it (and its parents) if it does not exist. */
    public DirectoryFileSystem(Path directory) throws IOException {
        this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath();
        Files.createDirectories(this.directory);
    }

    public Path directory() {
        return directory;
    }

    @Override
    public StoreFile open(String name) throws IOException {
        return new ChannelStoreFile(FileChannel.open(resolve(name), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE));
    }

    @Override
    public List<String> list() throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            entries.filter(Files::isRegularFile).forEach(p -> names.add(p.getFileName().toString()));
        }
        return names;
    }

    @Override
    public void rename(String from, String to) throws IOException {
        try {
            Files.move(resolve(from), resolve(to), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the store directory " + directory + " does not support atomic rename", e);
        }
    }

    @Override
    public void delete(String name) throws IOException {
        Files.deleteIfExists(resolve(name));
    }

    /** POSIX keeps a file's name in its directory: a new or renamed name needs this fsync. */
    @Override
    public void syncDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    @Override
    public String describe(String name) {
        return directory.resolve(name).toString();
    }

    /** Only plain names: the store never reaches outside its directory. */
    private Path resolve(String name) throws IOException {
        Path resolved = directory.resolve(name).normalize();
        if (!resolved.getParent().equals(directory) || name.isEmpty()) {
            throw new IOException("not a plain file name in " + directory + ": '" + name + "'");
        }
        return resolved;
    }
}
