package org.dhcpfailover.plugin.transport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dhcpfailover.plugin.log.CatalogLogger;
import org.dhcpfailover.plugin.log.LogMessage;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** An slf4j logger, written by the I/O thread and read by the test, that keeps every rendered line. */
final class TestLog extends AbstractLogger {
    private static final long serialVersionUID = 1L;

    private final transient List<String> lines = new CopyOnWriteArrayList<>();

    TestLog() {
        this.name = "transport-test";
    }

    CatalogLogger catalogLogger() {
        return CatalogLogger.wrap(this);
    }

    /** Lines logged with {@code message}'s ID. */
    List<String> lines(LogMessage message) {
        return lines.stream().filter(line -> line.startsWith(message.id() + " ")).toList();
    }

    long count(LogMessage message) {
        return lines(message).size();
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
            Throwable throwable) {
        lines.add(MessageFormatter.basicArrayFormat(pattern, arguments));
    }

    @Override public boolean isTraceEnabled() { return true; }
    @Override public boolean isTraceEnabled(Marker marker) { return true; }
    @Override public boolean isDebugEnabled() { return true; }
    @Override public boolean isDebugEnabled(Marker marker) { return true; }
    @Override public boolean isInfoEnabled() { return true; }
    @Override public boolean isInfoEnabled(Marker marker) { return true; }
    @Override public boolean isWarnEnabled() { return true; }
    @Override public boolean isWarnEnabled(Marker marker) { return true; }
    @Override public boolean isErrorEnabled() { return true; }
    @Override public boolean isErrorEnabled(Marker marker) { return true; }
}
