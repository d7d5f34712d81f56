package org.dhcpfailover.plugin.log;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** An slf4j logger that keeps the lines it is given, rendered as a backend would. */
public final class RecordingLogger extends AbstractLogger {

    public record Line(Level level, String text, Throwable cause) {
    }

    public final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Level threshold;

    public RecordingLogger(Level threshold) {
        this.name = "recording";
        this.threshold = threshold;
    }

    /** The rendered lines logged with {@code message}'s ID. */
    public List<String> lines(LogMessage message) {
        return lines.stream().map(Line::text).filter(text -> text.startsWith(message.id() + " ")).toList();
    }

    public long count(LogMessage message) {
        return lines(message).size();
    }

    private boolean enabled(Level level) {
        return level.toInt() >= threshold.toInt();
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern,
            Object[] arguments, Throwable throwable) {
        lines.add(new Line(level, MessageFormatter.basicArrayFormat(pattern, arguments), throwable));
    }

    @Override public boolean isTraceEnabled() { return enabled(Level.TRACE); }
    @Override public boolean isTraceEnabled(Marker marker) { return isTraceEnabled(); }
    @Override public boolean isDebugEnabled() { return enabled(Level.DEBUG); }
    @Override public boolean isDebugEnabled(Marker marker) { return isDebugEnabled(); }
    @Override public boolean isInfoEnabled() { return enabled(Level.INFO); }
    @Override public boolean isInfoEnabled(Marker marker) { return isInfoEnabled(); }
    @Override public boolean isWarnEnabled() { return enabled(Level.WARN); }
    @Override public boolean isWarnEnabled(Marker marker) { return isWarnEnabled(); }
    @Override public boolean isErrorEnabled() { return enabled(Level.ERROR); }
    @Override public boolean isErrorEnabled(Marker marker) { return isErrorEnabled(); }
}
