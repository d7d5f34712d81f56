package org.dhcpfailover.host.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes {@link HostMessage} lines: the ID first, then the template. */
public final class HostLog {
    private final Logger logger;

    private HostLog(Logger logger) {
        this.logger = logger;
    }

    public static HostLog forClass(Class<?> owner) {
        return new HostLog(LoggerFactory.getLogger(owner));
    }

    public void log(HostMessage message, Object... arguments) {
        String format = message.name() + " " + message.template();
        switch (message.level()) {
            case ERROR -> logger.error(format, arguments);
            case WARN -> logger.warn(format, arguments);
            case INFO -> logger.info(format, arguments);
            case DEBUG -> logger.debug(format, arguments);
        }
    }

    /** The underlying logger, for a stack trace at DEBUG beside a catalogue line. */
    public Logger logger() {
        return logger;
    }
}
