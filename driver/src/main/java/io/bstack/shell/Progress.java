package io.bstack.shell;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A progress line on standard error for work that takes a while: after {@value #DELAY_MILLIS} ms a
 * spinner with the elapsed time (and the rows so far, when the work counts them) redrawn in place
 * ten times a second, erased when the work ends. Shown only when standard error is a terminal, so
 * scripts and logs never see it. Thread-safe: {@link #rows} from the working thread, drawing on a
 * daemon thread of its own.
 */
final class Progress implements AutoCloseable {
    static final long DELAY_MILLIS = 1000;
    private static final String FRAMES = "|/-\\";

    private final PrintStream err;
    private final String label;
    private final long start = System.nanoTime();
    private final AtomicLong rows = new AtomicLong(-1);
    private final Thread drawer;
    private volatile boolean done;
    private boolean drawn;

    private Progress(PrintStream err, String label) {
        this.err = err;
        this.label = label;
        this.drawer = Thread.ofPlatform().daemon().name("bstack-progress").unstarted(this::draw);
    }

    /** Starts a progress line for {@code label} when {@code enabled} (stderr is a terminal); else one that shows nothing. */
    static Progress start(PrintStream err, String label, boolean enabled) {
        Progress p = new Progress(err, label);
        if (enabled) {
            p.drawer.start();
        }
        return p;
    }

    /** The rows done so far (shown beside the time). */
    void rows(long count) {
        rows.set(count);
    }

    private void draw() {
        try {
            Thread.sleep(DELAY_MILLIS);
            int frame = 0;
            while (!done) {
                double seconds = (System.nanoTime() - start) / 1e9;
                long r = rows.get();
                String text = String.format("\r%c %s %.1f s%s", FRAMES.charAt(frame++ % FRAMES.length()), label,
                        seconds, r < 0 ? "" : String.format(", %,d rows", r));
                synchronized (this) {
                    if (done) {
                        return;
                    }
                    err.print(text + "\u001b[K");
                    err.flush();
                    drawn = true;
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops drawing and erases the line, as {@link #stop} does. */
    @Override
    public void close() {
        stop();
    }

    /** Stops drawing and erases the line; later calls do nothing. */
    void stop() {
        synchronized (this) {
            done = true;
            if (drawn) {
                err.print("\r\u001b[K");
                err.flush();
                drawn = false;
            }
        }
        drawer.interrupt();
    }
}
