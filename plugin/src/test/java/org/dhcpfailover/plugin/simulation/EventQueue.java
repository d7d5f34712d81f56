package org.dhcpfailover.plugin.simulation;

import java.util.PriorityQueue;

/**
 * Pending simulation events in virtual-time order; events due at the same millisecond run in
 * the order they were scheduled, so a run is a pure function of its seed.
 */
final class EventQueue {

    private record Event(long atMillis, long sequence, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event other) {
            int byTime = Long.compare(atMillis, other.atMillis);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private long nextSequence;

    void schedule(long atMillis, Runnable action) {
        events.add(new Event(atMillis, nextSequence++, action));
    }

    /** Whether an event is due at or before {@code millis}. */
    boolean hasEventBy(long millis) {
        return !events.isEmpty() && events.peek().atMillis() <= millis;
    }

    long nextTime() {
        return events.peek().atMillis();
    }

    Runnable poll() {
        return events.poll().action();
    }
}
