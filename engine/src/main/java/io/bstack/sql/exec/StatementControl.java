package io.bstack.sql.exec;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;

/**
 * How a running statement is stopped from outside: {@link #cancel} (from any thread) and a
 * deadline. The executor calls {@link #check} as it reads rows, so a cancelled or overdue statement
 * stops at its next row with SQLState {@code HY008} (cancelled) or {@code HYT00} (timed out), and the
 * session undoes it like any failed statement. A result that streams keeps its control: closing
 * the statement that made it, or its timeout, stops it too.
 *
 * <p>Thread-safety: {@link #cancel} from any thread; the rest on the statement's thread.
 */
public final class StatementControl {
    /** Never cancelled, no deadline. */
    public static final StatementControl NONE = new StatementControl(0, "");
    private static final ThreadLocal<StatementControl> CURRENT = new ThreadLocal<>();
    private static final int CLOCK_EVERY = 64;

    private final long deadlineNanos;
    private final String timeoutReason;
    private volatile boolean cancelled;
    private int sinceClock;

    private StatementControl(long deadlineNanos, String timeoutReason) {
        this.deadlineNanos = deadlineNanos;
        this.timeoutReason = timeoutReason;
    }

    /** A control whose statement may run for {@code timeoutMillis} (0: no limit); {@code reason} names the limit. */
    public static StatementControl timeout(long timeoutMillis, String reason) {
        if (timeoutMillis < 0) {
            throw new IllegalArgumentException("timeout " + timeoutMillis);
        }
        long deadline = timeoutMillis == 0 ? 0 : System.nanoTime() + timeoutMillis * 1_000_000L;
        return new StatementControl(deadline == 0 && timeoutMillis != 0 ? 1 : deadline, reason);
    }

    /** Stops the statement at its next row (and a wait for the write lock, which the session interrupts). */
    public void cancel() {
        if (this != NONE) {
            cancelled = true;
        }
    }

    public boolean cancelled() {
        return cancelled;
    }

    /** Nanoseconds left before the deadline (Long.MAX_VALUE without one, 0 when past). */
    public long remainingNanos() {
        if (deadlineNanos == 0) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, deadlineNanos - System.nanoTime());
    }

    /** Throws when the statement was cancelled or is past its deadline. */
    public void check() throws SQLException {
        if (cancelled) {
            throw new SQLException("the statement was cancelled", "HY008");
        }
        if (deadlineNanos != 0 && ++sinceClock >= CLOCK_EVERY) {
            sinceClock = 0;
            checkDeadline();
        }
    }

    /** Throws when the deadline has passed, reading the clock now. */
    public void checkDeadline() throws SQLException {
        if (deadlineNanos != 0 && System.nanoTime() - deadlineNanos > 0) {
            throw new SQLTimeoutException("the statement ran past its time limit (" + timeoutReason + ")", "HYT00");
        }
    }

    /** The control of the statement this thread is starting ({@link #NONE} outside one). */
    static StatementControl current() {
        StatementControl c = CURRENT.get();
        return c == null ? NONE : c;
    }

    /** Makes {@code control} the current one of this thread until the returned scope is closed. */
    public static Scope enter(StatementControl control) {
        StatementControl previous = CURRENT.get();
        CURRENT.set(control);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** Ends what {@link #enter} began. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
