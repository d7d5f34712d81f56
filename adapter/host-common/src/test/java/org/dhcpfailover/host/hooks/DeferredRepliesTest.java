package org.dhcpfailover.host.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Replies that wait for durability (RFC 8156 §5.2: stable storage before the client hears). */
class DeferredRepliesTest {

    private static DatagramPacket datagram(int port) {
        return new DatagramPacket(new byte[1], 1, InetAddress.getLoopbackAddress(), port);
    }

    private static void awaitNothingPending(DeferredReplies<?> replies) throws InterruptedException {
        awaitPending(replies, 0, "nothing pending");
    }

    /** Polls (bounded: 5 s) until at most {@code count} replies wait, then asserts exactly {@code count}. */
    private static void awaitPending(DeferredReplies<?> replies, int count, String why) throws InterruptedException {
        for (int i = 0; i < 500 && replies.pending() > count; i++) {
            Thread.sleep(10);
        }
        assertEquals(count, replies.pending(), why);
    }

    @Test
    void aReplyLeavesOnceDurableAndNotBefore() throws Exception {
        List<DatagramPacket> sent = new CopyOnWriteArrayList<>();
        try (DeferredReplies<DatagramPacket> replies = new DeferredReplies<>("test-deferred-replies")) {
            replies.attach(sent::add);
            CompletableFuture<Void> durable = new CompletableFuture<>();
            replies.whenDurable(durable, Duration.ofSeconds(5), "test", () -> datagram(68), e -> { });
            assertEquals(1, replies.pending());
            assertTrue(sent.isEmpty());
            durable.complete(null);
            awaitNothingPending(replies);
            assertEquals(1, sent.size());
            assertEquals(68, sent.get(0).getPort());
        }
    }

    @Test
    void aLeaseNotDurableInTimeGetsNoReplyAndTheHooksFutureIsLeftAlone() throws Exception {
        List<DatagramPacket> sent = new CopyOnWriteArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        try (DeferredReplies<DatagramPacket> replies = new DeferredReplies<>("test-deferred-replies")) {
            replies.attach(sent::add);
            CompletableFuture<Void> durable = new CompletableFuture<>();
            replies.whenDurable(durable, Duration.ofMillis(50), "test", () -> datagram(68), failures::add);
            awaitNothingPending(replies);
            assertTrue(sent.isEmpty());
            assertEquals(1, failures.size());
            assertTrue(failures.get(0) instanceof TimeoutException, String.valueOf(failures.get(0)));
            assertTrue(!durable.isDone(), "the timeout is the reply's, not the hook's");
        }
    }

    @Test
    void eachReplyWaitsForItsOwnTimeNotForAnEarlierLongerWait() throws Exception {
        List<DatagramPacket> sent = new CopyOnWriteArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        try (DeferredReplies<DatagramPacket> replies = new DeferredReplies<>("test-deferred-replies")) {
            replies.attach(sent::add);
            CompletableFuture<Void> slow = new CompletableFuture<>();
            replies.whenDurable(slow, Duration.ofSeconds(30), "test", () -> datagram(67), failures::add);
            replies.whenDurable(new CompletableFuture<>(), Duration.ofMillis(50), "test", () -> datagram(68),
                    failures::add);
            awaitPending(replies, 1, "the short wait ran out, the long one goes on");
            assertEquals(1, failures.size());
            assertTrue(failures.get(0) instanceof TimeoutException, String.valueOf(failures.get(0)));
            slow.complete(null);
            awaitNothingPending(replies);
            assertEquals(1, sent.size());
            assertEquals(67, sent.get(0).getPort());
        }
    }

    @Test
    void aSendFailureOrAFailingReplyStopsNothing() throws Exception {
        List<DatagramPacket> sent = new CopyOnWriteArrayList<>();
        try (DeferredReplies<DatagramPacket> replies = new DeferredReplies<>("test-deferred-replies")) {
            replies.attach(packet -> {
                if (packet.getPort() == 1) {
                    throw new IOException("network unreachable");
                }
                sent.add(packet);
            });
            replies.whenDurable(CompletableFuture.completedFuture(null), Duration.ofSeconds(1), "test",
                    () -> datagram(1), e -> { });
            replies.whenDurable(CompletableFuture.completedFuture(null), Duration.ofSeconds(1), "test",
                    () -> {
                        throw new IllegalStateException("a defect building the reply");
                    }, e -> { });
            replies.whenDurable(CompletableFuture.completedFuture(null), Duration.ofSeconds(1), "test",
                    () -> datagram(68), e -> { });
            awaitNothingPending(replies);
            assertEquals(1, sent.size(), "the next reply still leaves");
        }
    }

    @Test
    void afterCloseACompletionIsDroppedWithoutThrowingIntoTheStoreWriter() {
        DeferredReplies<DatagramPacket> replies = new DeferredReplies<>("test-deferred-replies");
        replies.attach(packet -> { });
        replies.close();
        CompletableFuture<Void> durable = new CompletableFuture<>();
        replies.whenDurable(durable, Duration.ofSeconds(5), "test", () -> datagram(68), e -> { });
        durable.complete(null); // the store writer's thread: must not see an exception
        assertEquals(0, replies.pending());
    }

    @Test
    void closeEndsTheWaitsOfLeasesThatNeverBecomeDurable() {
        DeferredReplies<DatagramPacket> replies = new DeferredReplies<>("test-deferred-replies");
        List<DatagramPacket> sent = new CopyOnWriteArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        replies.attach(sent::add);
        CompletableFuture<Void> neverDurable = new CompletableFuture<>();
        replies.whenDurable(neverDurable, Duration.ofMinutes(5), "test", () -> datagram(68), failures::add);
        assertEquals(1, replies.pending());
        replies.close();
        assertEquals(0, replies.pending(), "a stopped host has no reply waiting");
        assertEquals(List.of(), sent);
        assertEquals(List.of(), failures, "a stopping host logs no failure for these");
        assertTrue(!neverDurable.isDone(), "the hook's own future is left alone");
    }
}
