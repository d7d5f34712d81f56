package org.dhcpfailover.plugin.transport;

import java.time.Duration;

/** How the transport writes durations and failures in log lines and close reasons. */
final class LogText {

    private LogText() {
    }

    /** {@code 5} for whole seconds, otherwise tenths: {@code 0.3}. */
    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : Double.toString(Math.round(millis / 100.0) / 10.0);
    }

    /** The failure's message, or its class when it carries none. */
    static String reason(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
