package org.dhcpfailover.plugin.store;

import java.util.concurrent.CompletableFuture;

/** An update waiting for the writer, and the future its caller waits on. */
record PendingUpdate(LogRecord record, CompletableFuture<Void> durable) {
}
