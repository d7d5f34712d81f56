package org.dhcpfailover.host.launch;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.dhcpfailover.host.hooks.LoadedHooks;
import org.dhcpfailover.host.launch.HostLauncher.StartException;
import org.dhcpfailover.host.lease.HostCounters;
import org.dhcpfailover.host.lease.LeaseJournal;
import org.dhcpfailover.host.log.HostLog;
import org.dhcpfailover.host.log.HostMessage;

/**
 * What every running host has around its DHCP library: the lease journal, the hooks, the counters,
 * a periodic sweep (expiry, then the counters' report) and the stop order — stop sweeping, stop
 * serving (the host's own part: sockets, workers), stop the hooks (no worker calls them any
 * more), close the journal, log {@code HOST_STOPPED}.
 */
public final class HostRuntime {

    /** How often leases are expired and the counters reported. */
    public static final Duration SWEEP_PERIOD = Duration.ofSeconds(10);

    private static final HostLog LOG = HostLog.forClass(HostRuntime.class);

    /** The host's own part of a stop; returns what went wrong, or null for a clean stop. */
    @FunctionalInterface
    public interface StopServing {
        String stop() throws Exception;
    }

    private final LeaseJournal journal;
    private final LoadedHooks hooks;
    private final HostCounters counters;
    private final ScheduledExecutorService sweeper;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** @param threadName the sweep thread's name, e.g. {@code host-v6-sweep} */
    public HostRuntime(LeaseJournal journal, LoadedHooks hooks, HostCounters counters, String threadName) {
        this.journal = Objects.requireNonNull(journal, "journal");
        this.hooks = Objects.requireNonNull(hooks, "hooks");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Replays and compacts the journal, logging what it found ({@code HOST_JOURNAL_LOADED}, a torn
     * tail, damaged lines).
     *
     * @throws StartException if the journal cannot be used
     */
    public static LeaseJournal.Loaded openJournal(Path storeDirectory, LeaseJournal.Format format) throws StartException {
        LeaseJournal.Loaded loaded;
        try {
            loaded = LeaseJournal.open(storeDirectory, format);
        } catch (LeaseJournal.JournalException e) {
            throw new StartException(e.getMessage(), e);
        }
        Path file = loaded.journal().file();
        LOG.log(HostMessage.HOST_JOURNAL_LOADED, file, loaded.leases().size(), loaded.replay().lines());
        if (loaded.replay().tornTail()) {
            LOG.log(HostMessage.HOST_JOURNAL_TORN_TAIL, file);
        }
        for (String skipped : loaded.replay().skipped()) {
            LOG.log(HostMessage.HOST_JOURNAL_LINE_SKIPPED, file, skipped);
        }
        return loaded;
    }

    /** Every {@link #SWEEP_PERIOD}: {@code expire} with the clock's time, then the counters' report. */
    public void startSweeping(Clock clock, Consumer<Instant> expire) {
        long period = SWEEP_PERIOD.toMillis();
        sweeper.scheduleAtFixedRate(() -> {
            expire.accept(clock.instant());
            counters.report(journal.file(), SWEEP_PERIOD.toSeconds());
        }, period, period, TimeUnit.MILLISECONDS);
    }

    public HostCounters counters() {
        return counters;
    }

    public LeaseJournal journal() {
        return journal;
    }

    /** Blocks until {@link #close} finished. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /** Stops in the order the class comment gives; idempotent. */
    public void close(StopServing stopServing, IntSupplier leases) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        String how = "clean shutdown";
        try {
            sweeper.shutdownNow();
            sweeper.awaitTermination(2, TimeUnit.SECONDS);
            String trouble = stopServing.stop();
            if (trouble != null) {
                how = "clean shutdown, " + trouble;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            how = "shutdown interrupted";
        } catch (Exception e) {
            how = "shutdown with a failure: " + e;
        } finally {
            try {
                hooks.close();
            } finally {
                journal.close();
                LOG.log(HostMessage.HOST_STOPPED, how, leases.getAsInt());
                stopped.countDown();
            }
        }
    }
}
