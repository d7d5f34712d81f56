package org.dhcpfailover.plugin.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FaultInjectingFileSystemTest {

    private final FaultInjectingFileSystem fs = new FaultInjectingFileSystem();

    private static ByteBuffer bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return ByteBuffer.wrap(b);
    }

    @Test
    void powerLossDropsWritesNotForced() throws IOException {
        StoreFile file = fs.open("a");
        fs.syncDirectory();
        file.write(bytes(1, 2), 0);
        file.force();
        file.write(bytes(3, 4), 2);
        assertArrayEquals(new byte[] {1, 2, 3, 4}, fs.contents("a"));
        fs.powerLoss(null);
        assertArrayEquals(new byte[] {1, 2}, fs.contents("a"));
    }

    @Test
    void powerLossDropsCreationsAndRenamesNotSynced() throws IOException {
        StoreFile a = fs.open("a");
        a.write(bytes(1), 0);
        a.force();
        fs.powerLoss(null);
        assertNull(fs.contents("a"), "a name is durable only after the directory sync");

        fs.open("b").force();
        fs.syncDirectory();
        fs.rename("b", "c");
        fs.powerLoss(null);
        assertEquals(List.of("b"), fs.names());
    }

    @Test
    void tearingKeepsAPrefixOfTheUnforcedWritesAtMost() throws IOException {
        for (int seed = 0; seed < 200; seed++) {
            FaultInjectingFileSystem disk = new FaultInjectingFileSystem();
            StoreFile file = disk.open("a");
            disk.syncDirectory();
            file.write(bytes(1, 1, 1, 1), 0);
            file.force();
            file.write(bytes(2, 2, 2, 2), 4);
            disk.powerLoss(new Random(seed));
            byte[] after = disk.contents("a");
            assertTrue(after.length >= 4 && after.length <= 8, "length " + after.length);
            assertArrayEquals(new byte[] {1, 1, 1, 1}, java.util.Arrays.copyOf(after, 4), "forced bytes survive");
        }
    }

    @Test
    void handlesFromBeforeAPowerLossStopWorking() throws IOException {
        StoreFile file = fs.open("a");
        fs.syncDirectory();
        fs.powerLoss(null);
        assertThrows(IOException.class, () -> file.write(bytes(1), 0));
    }

    @Test
    void eachOperationCanBeMadeToFailOnce() throws IOException {
        StoreFile file = fs.open("a");
        for (FaultInjectingFileSystem.Operation op : FaultInjectingFileSystem.Operation.values()) {
            fs.failNext(op);
            IOException e = assertThrows(IOException.class, () -> run(op, file));
            assertTrue(e.getMessage().contains(op.name()), e.getMessage());
            run(op, file);
        }
    }

    @Test
    void crashAtAnOperationCutsThePowerUntilThePowerLossIsApplied() throws IOException {
        StoreFile file = fs.open("a");
        fs.syncDirectory();
        fs.crashAtOperation(2);
        file.write(bytes(1), 0);
        assertThrows(IOException.class, file::force);
        assertTrue(fs.powerIsCut());
        assertThrows(IOException.class, fs::list);
        fs.powerLoss(null);
        assertArrayEquals(new byte[0], fs.contents("a"));
    }

    @Test
    void forcesAreCountedAndReported() throws IOException {
        int[] seen = {0};
        fs.onForce(() -> seen[0]++);
        StoreFile file = fs.open("a");
        file.force();
        file.force();
        assertEquals(2, fs.forceCount());
        assertEquals(2, seen[0]);
    }

    private void run(FaultInjectingFileSystem.Operation op, StoreFile file) throws IOException {
        switch (op) {
            case OPEN -> fs.open("b");
            case LIST -> fs.list();
            case SIZE -> file.size();
            case READ -> file.read(ByteBuffer.allocate(1), 0);
            case WRITE -> file.write(bytes(7), 0);
            case FORCE -> file.force();
            case TRUNCATE -> file.truncate(0);
            case RENAME -> {
                fs.open("r");
                fs.rename("r", "s");
            }
            case DELETE -> fs.delete("s");
            case SYNC_DIRECTORY -> fs.syncDirectory();
        }
    }
}
