package org.dhcpfailover.pair;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A readable timeline of a run: the driver's steps, and a line whenever either server's state,
 * bindings or waiting updates change, sampled from JMX twice a second.
 */
public final class Timeline {

    private final PairRun run;
    private final PrintStream out;
    private final long started = System.nanoTime();
    private Thread sampler;
    private volatile boolean running;
    private String last = "";

    Timeline(PairRun run, PrintStream out) {
        this.run = run;
        this.out = out;
    }

    /** Seconds since the run started. */
    public double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    public synchronized void note(String text) {
        out.printf(Locale.ROOT, "[%7.1f s] %s%n", seconds(), text);
    }

    public synchronized void startSampling() {
        if (running) {
            return;
        }
        running = true;
        sampler = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "timeline");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        String line = "primary " + run.primaryStatus() + " | secondary " + run.secondaryStatus();
        synchronized (this) {
            if (!line.equals(last)) {
                last = line;
                note("  " + line);
            }
        }
    }

    public void stop() throws InterruptedException {
        running = false;
        if (sampler != null) {
            sampler.interrupt();
            sampler.join(5000);
        }
    }
}
