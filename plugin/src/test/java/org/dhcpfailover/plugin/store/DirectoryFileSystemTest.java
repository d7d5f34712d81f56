package org.dhcpfailover.plugin.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryFileSystemTest {

    @TempDir
    Path dir;

    @Test
    void writesReadsForcesTruncatesRenamesAndDeletes() throws IOException {
        DirectoryFileSystem fs = new DirectoryFileSystem(dir.resolve("store"));
        try (StoreFile file = fs.open("a")) {
            file.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), 0);
            file.write(ByteBuffer.wrap(new byte[] {4}), 3);
            file.force();
            assertEquals(4, file.size());
            ByteBuffer read = ByteBuffer.allocate(2);
            assertEquals(2, file.read(read, 2));
            assertEquals(3, read.get(0));
            assertEquals(-1, file.read(ByteBuffer.allocate(1), 4));
            file.truncate(1);
            assertEquals(1, file.size());
        }
        fs.syncDirectory();
        fs.rename("a", "b");
        fs.syncDirectory();
        assertEquals(List.of("b"), fs.list());
        fs.delete("b");
        fs.delete("b");
        assertEquals(List.of(), fs.list());
        assertTrue(fs.describe("x").endsWith("x"));
    }

    @Test
    void refusesNamesOutsideTheDirectory() throws IOException {
        DirectoryFileSystem fs = new DirectoryFileSystem(dir);
        assertThrows(IOException.class, () -> fs.open("../escape"));
        assertThrows(IOException.class, () -> fs.open("sub/file"));
    }

    @Test
    void failuresOfTheRealDiskSurfaceAsIOExceptions() throws IOException {
        DirectoryFileSystem fs = new DirectoryFileSystem(dir);
        assertThrows(IOException.class, () -> fs.rename("missing", "other"), "rename of a missing file");
        Files.createDirectory(dir.resolve("adir"));
        assertThrows(IOException.class, () -> fs.open("adir"), "open of a directory");
        StoreFile closed = fs.open("c");
        closed.close();
        assertThrows(IOException.class, closed::force, "force of a closed file");
        assertThrows(IOException.class, () -> closed.write(ByteBuffer.allocate(1), 0));
        assertThrows(IOException.class, () -> closed.truncate(0));
        assertThrows(IOException.class, closed::size);
        assertThrows(IOException.class, () -> closed.read(ByteBuffer.allocate(1), 0));
        DirectoryFileSystem gone = new DirectoryFileSystem(dir.resolve("gone"));
        Files.delete(dir.resolve("gone"));
        assertThrows(IOException.class, gone::syncDirectory, "sync of a deleted directory");
        assertThrows(IOException.class, gone::list);
        Files.writeString(dir.resolve("file"), "x");
        assertThrows(IOException.class, () -> new DirectoryFileSystem(dir.resolve("file")));
    }
}
