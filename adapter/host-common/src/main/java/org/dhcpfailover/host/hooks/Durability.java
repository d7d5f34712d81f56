package org.dhcpfailover.host.hooks;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.dhcpfailover.hook.spi.LeaseDecision;
import org.dhcpfailover.host.log.HostLog;
import org.dhcpfailover.host.log.HostMessage;

/** How a host waits for a hook's granted lease to become durable before it answers with it. */
public final class Durability {

    private static final HostLog LOG = HostLog.forClass(Durability.class);

    private Durability() {}

    /**
     * Waits (at most {@code wait}) until {@code decision}'s lease is durable, as the SPI requires
     * before a host answers with it. A timeout or a failed store is logged
     * ({@code HOST_DURABLE_TIMEOUT}, {@code HOST_DURABLE_FAILED}) and answered false: the host then
     * sends no reply (the client retransmits).
     *
     * @param what   the client message, for the log ("SOLICIT", "SELECTING REQUEST")
     * @param client who asked, for the log
     */
    public static boolean await(LeaseDecision decision, Duration wait, String what, Object client) {
        try {
            decision.durable().toCompletableFuture().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            logNotDurable(what, client, wait, e);
        } catch (ExecutionException e) {
            logNotDurable(what, client, wait, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.log(HostMessage.HOST_DURABLE_FAILED, what, client, "interrupted while waiting");
        }
        return false;
    }

    /**
     * Logs why a reply is dropped: {@code HOST_DURABLE_TIMEOUT} when {@code failure} is a
     * {@link TimeoutException} ({@code wait} ran out), otherwise {@code HOST_DURABLE_FAILED} (the
     * hook's store failed).
     */
    public static void logNotDurable(String what, Object client, Duration wait, Throwable failure) {
        if (failure instanceof TimeoutException) {
            LOG.log(HostMessage.HOST_DURABLE_TIMEOUT, what, client, wait.toMillis());
        } else {
            LOG.log(HostMessage.HOST_DURABLE_FAILED, what, client, String.valueOf(failure));
        }
    }
}
