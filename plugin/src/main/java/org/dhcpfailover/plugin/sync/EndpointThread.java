package org.dhcpfailover.plugin.sync;

import java.util.function.LongConsumer;

/**
 * Runs work on the thread that owns an endpoint, with the absolute time it runs at: how a
 * continuation that completes elsewhere (a disk sync finishing on the store's writer thread)
 * gets back to the single-threaded protocol core. The transport runs it on its I/O thread; the
 * simulation as an event at the current virtual time.
 */
@FunctionalInterface
public interface EndpointThread {
    /** Runs {@code task} soon on the endpoint's thread, passing the current absolute time. */
    void later(LongConsumer task);
}
