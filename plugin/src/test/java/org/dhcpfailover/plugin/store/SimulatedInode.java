package org.dhcpfailover.plugin.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The contents of one file of the {@link FaultInjectingFileSystem}: what reads see now, what a
 * power loss would leave ({@code durable}), and the changes in between, in order, so that a
 * power loss can keep a prefix of them and tear the next one.
 */
final class SimulatedInode {

    /** How a write cut by a power loss looks afterwards. */
    enum Tear { CUT, ZEROS, GARBAGE }

    private record Change(long position, byte[] bytes, long truncateTo) {
        boolean isTruncate() {
            return bytes == null;
        }
    }

    private byte[] current = new byte[0];
    private byte[] durable = new byte[0];
    private final List<Change> pending = new ArrayList<>();

    long size() {
        return current.length;
    }

    byte[] current() {
        return current.clone();
    }

    byte[] durable() {
        return durable.clone();
    }

    boolean hasUnforcedChanges() {
        return !pending.isEmpty();
    }

    int read(byte[] into, int offset, int length, long position) {
        if (position >= current.length) {
            return -1;
        }
        int n = (int) Math.min(length, current.length - position);
        System.arraycopy(current, (int) position, into, offset, n);
        return n;
    }

    void write(byte[] bytes, long position) {
        current = applyWrite(current, bytes, position);
        pending.add(new Change(position, bytes, -1));
    }

    void truncate(long size) {
        current = Arrays.copyOf(current, (int) Math.min(size, current.length));
        pending.add(new Change(0, null, size));
    }

    void force() {
        durable = current.clone();
        pending.clear();
    }

    /** Changes every copy of the byte at {@code offset}, as a failing medium would. */
    void flip(long offset) {
        current[(int) offset] ^= 0x5a;
        if (offset < durable.length) {
            durable[(int) offset] ^= 0x5a;
        }
    }

    /**
     * Leaves what a power loss leaves. Without {@code random}, every unforced change is gone;
     * with it, a random prefix of the unforced changes survived and the next write, if any, was
     * torn at a random byte and its rest is missing, zeros or garbage.
     */
    void powerLoss(Random random) {
        byte[] survived = durable;
        if (random != null && !pending.isEmpty()) {
            int kept = random.nextInt(pending.size() + 1);
            for (int i = 0; i < kept; i++) {
                survived = apply(survived, pending.get(i));
            }
            if (kept < pending.size() && !pending.get(kept).isTruncate()) {
                survived = tear(survived, pending.get(kept), random);
            }
        }
        current = survived.clone();
        durable = survived.clone();
        pending.clear();
    }

    private static byte[] tear(byte[] content, Change write, Random random) {
        byte[] bytes = write.bytes();
        if (bytes.length == 0) {
            return content;
        }
        byte[] torn = bytes.clone();
        int at = random.nextInt(bytes.length);
        Tear tear = Tear.values()[random.nextInt(Tear.values().length)];
        switch (tear) {
            case CUT -> torn = Arrays.copyOf(bytes, at);
            case ZEROS -> Arrays.fill(torn, at, torn.length, (byte) 0);
            case GARBAGE -> {
                for (int i = at; i < torn.length; i++) {
                    torn[i] = (byte) random.nextInt(256);
                }
            }
        }
        return applyWrite(content, torn, write.position());
    }

    private static byte[] apply(byte[] content, Change change) {
        if (change.isTruncate()) {
            return Arrays.copyOf(content, (int) Math.min(change.truncateTo(), content.length));
        }
        return applyWrite(content, change.bytes(), change.position());
    }

    private static byte[] applyWrite(byte[] content, byte[] bytes, long position) {
        int end = (int) position + bytes.length;
        byte[] result = end > content.length ? Arrays.copyOf(content, end) : content.clone();
        System.arraycopy(bytes, 0, result, (int) position, bytes.length);
        return result;
    }
}
