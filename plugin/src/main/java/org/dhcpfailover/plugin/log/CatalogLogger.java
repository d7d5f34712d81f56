package org.dhcpfailover.plugin.log;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only way plugin code logs: through a {@link LogMessage}, so that every line starts with
 * its stable ID and names the relationship it is about. Lines go to slf4j-api, i.e. into the
 * host's own log configuration; the plugin bundles no logging backend.
 */
public final class CatalogLogger {

    private final Logger logger;

    private CatalogLogger(Logger logger) {
        this.logger = Objects.requireNonNull(logger, "logger");
    }

    public static CatalogLogger forClass(Class<?> owner) {
        return new CatalogLogger(LoggerFactory.getLogger(owner));
    }

    /** For tests and for hosts that want the lines under a logger of their own. */
    public static CatalogLogger wrap(Logger logger) {
        return new CatalogLogger(logger);
    }

    /**
     * Logs {@code message} with its arguments; the first argument is the relationship or
     * partner name. A trailing {@link Throwable} beyond the template's placeholders is logged
     * as the line's cause, as slf4j does.
     *
     * @throws IllegalArgumentException if the arguments do not fill the template: a wrong
     *     count would print a misleading line, so it is a programming error caught by tests
     */
    public void log(LogMessage message, Object... arguments) {
        int expected = message.argumentCount();
        boolean withCause = arguments.length == expected + 1
                && arguments[arguments.length - 1] instanceof Throwable;
        if (arguments.length != expected && !withCause) {
            throw new IllegalArgumentException(message.id() + " takes " + expected
                    + " arguments, got " + arguments.length);
        }
        String format = message.id() + " " + message.template();
        switch (message.severity()) {
            case DEBUG -> logger.debug(format, arguments);
            case INFO -> logger.info(format, arguments);
            case WARN -> logger.warn(format, arguments);
            case ERROR -> logger.error(format, arguments);
        }
    }

    /** True when a line of this message would be written, to skip building costly arguments. */
    public boolean isEnabled(LogMessage message) {
        return switch (message.severity()) {
            case DEBUG -> logger.isDebugEnabled();
            case INFO -> logger.isInfoEnabled();
            case WARN -> logger.isWarnEnabled();
            case ERROR -> logger.isErrorEnabled();
        };
    }
}
