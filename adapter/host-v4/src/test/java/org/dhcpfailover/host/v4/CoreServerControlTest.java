package org.dhcpfailover.host.v4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.dhcpfailover.host.lease.WindowCounter;
import org.junit.jupiter.api.Test;

/**
 * The worker pool's overload handling (docs/host-v4.md, dhcp4java defects): a message that finds
 * every worker busy and the queue full waits for room, and is dropped and counted
 * ({@code HOST_OVERLOAD}) only when none comes within the wait. RFC 2131 §4.1: a client
 * retransmits what got no answer, so a drop is recoverable, a lost burst needlessly so.
 */
class CoreServerControlTest {

    /** One worker, one queue slot: the third message finds no room. */
    private static ThreadPoolExecutor pool(WindowCounter dropped, Duration wait) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1));
        pool.setRejectedExecutionHandler(CoreServerControl.waitForRoom(dropped, wait));
        return pool;
    }

    private static Runnable blockUntil(CountDownLatch release) {
        return () -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    @Test
    void aMessageThatFindsTheQueueFullWaitsForRoomInsteadOfBeingDropped_rfc2131_4_1() throws Exception {
        WindowCounter dropped = new WindowCounter();
        ThreadPoolExecutor pool = pool(dropped, Duration.ofSeconds(10));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch third = new CountDownLatch(1);
        try {
            pool.execute(blockUntil(release)); // the worker
            pool.execute(() -> { });            // the queue's one slot
            Thread receiver = new Thread(() -> pool.execute(third::countDown));
            receiver.start();
            // the receiver is waiting for room (bounded: 10 s) before the worker is freed
            for (int i = 0; i < 1000 && receiver.getState() != Thread.State.TIMED_WAITING; i++) {
                Thread.sleep(10);
            }
            assertEquals(Thread.State.TIMED_WAITING, receiver.getState(), "waiting for room, not dropped");
            release.countDown();
            receiver.join(10_000);
            assertTrue(third.await(10, TimeUnit.SECONDS), "served once the worker was free");
            assertEquals(0, dropped.drain());
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aMessageIsDroppedAndCountedWhenNoRoomComesWithinTheWait_rfc2131_4_1() {
        WindowCounter dropped = new WindowCounter();
        ThreadPoolExecutor pool = pool(dropped, Duration.ofMillis(1));
        CountDownLatch release = new CountDownLatch(1);
        try {
            pool.execute(blockUntil(release));
            pool.execute(() -> { });
            pool.execute(() -> { }); // no room: the worker stays blocked past the wait
            assertEquals(1, dropped.drain());
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aStoppedPoolDropsAtOnce() {
        WindowCounter dropped = new WindowCounter();
        ThreadPoolExecutor pool = pool(dropped, Duration.ofSeconds(10));
        pool.shutdown();
        pool.execute(() -> { });
        assertEquals(1, dropped.drain());
    }
}
