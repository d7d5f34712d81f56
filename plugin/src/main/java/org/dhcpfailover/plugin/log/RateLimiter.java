package org.dhcpfailover.plugin.log;

import java.util.HashMap;
import java.util.Map;

/**
 * Lets one log line per key through per interval and counts what it held back, so that a
 * flood of identical warnings (a scanner hitting the failover port, an unreachable partner)
 * cannot bury the log. Time is passed in, in seconds, so tests need no clock.
 *
 * <p>Not thread-safe: each user owns one (the transport's I/O thread, for instance).
 */
public final class RateLimiter {

    private static final int MAX_KEYS = 1024;

    private record Window(long opened, long suppressed) {
    }

    private final long intervalSeconds;
    private final Map<String, Window> windows = new HashMap<>();

    public RateLimiter(long intervalSeconds) {
        if (intervalSeconds <= 0) {
            throw new IllegalArgumentException("interval must be positive");
        }
        this.intervalSeconds = intervalSeconds;
    }

    /**
     * Whether a line for {@code key} may be logged at {@code now}. Returns -1 when it may not;
     * otherwise the number of lines for this key held back since the last one let through.
     */
    public long permit(String key, long now) {
        Window window = windows.get(key);
        // a clock set back ends the window rather than silence the key until the clock catches up
        if (window != null && within(window, now)) {
            windows.put(key, new Window(window.opened(), window.suppressed() + 1));
            return -1;
        }
        if (windows.size() >= MAX_KEYS) {
            // Bounded memory even if every key is new (e.g. many scanning addresses).
            windows.values().removeIf(w -> !within(w, now));
            if (windows.size() >= MAX_KEYS) {
                windows.clear();
            }
        }
        windows.put(key, new Window(now, 0));
        return window == null ? 0 : window.suppressed();
    }

    private boolean within(Window window, long now) {
        long elapsed = now - window.opened();
        return elapsed >= 0 && elapsed < intervalSeconds;
    }
}
