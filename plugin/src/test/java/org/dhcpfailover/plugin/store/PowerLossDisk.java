package org.dhcpfailover.plugin.store;

import java.util.Random;

/**
 * The {@link FaultInjectingFileSystem} for tests outside this package (the binding database):
 * a disk that loses unforced writes on a simulated power loss and fails operations on request.
 */
public final class PowerLossDisk {
    private final FaultInjectingFileSystem disk = new FaultInjectingFileSystem();

    /** The file system to open stores on. */
    public StoreFileSystem fileSystem() {
        return disk;
    }

    /** The n-th operation from now (1 = the next) cuts the power; it and all later ones throw. */
    public void crashAtOperation(long n) {
        disk.crashAtOperation(n);
    }

    /** Cuts the power now: every operation throws until {@link #powerLoss(Random)}. */
    public void cutPower() {
        disk.cutPower();
    }

    /** Drops what was not forced (with {@code tearing}, keeps a random prefix and tears), then reboots. */
    public void powerLoss(Random tearing) {
        disk.powerLoss(tearing);
    }

    /** Runs {@code listener} at the start of every force, before anything is made durable (it may block). */
    public void beforeForce(Runnable listener) {
        disk.beforeForce(listener);
    }

    /** The next write throws and writes nothing. */
    public void failNextWrite() {
        disk.failNext(FaultInjectingFileSystem.Operation.WRITE);
    }

    /** The next force throws; the written bytes stay volatile. */
    public void failNextForce() {
        disk.failNext(FaultInjectingFileSystem.Operation.FORCE);
    }

    /** The next open throws. */
    public void failNextOpen() {
        disk.failNext(FaultInjectingFileSystem.Operation.OPEN);
    }
}
