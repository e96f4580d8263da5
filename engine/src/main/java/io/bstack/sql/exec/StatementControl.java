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

    private long limitNanos;
    private String timeoutReason;
    private long deadlineNanos; // 0: none
    private volatile boolean cancelled;
    private int sinceClock;

    private StatementControl(long limitMillis, String timeoutReason) {
        limit(limitMillis, timeoutReason);
        restart();
    }

    /** A control without limit: a statement stops only when cancelled. */
    public static StatementControl create() {
        return new StatementControl(0, "");
    }

    /** A control whose statement may run for {@code timeoutMillis} (0: no limit); {@code reason} names the limit. */
    public static StatementControl timeout(long timeoutMillis, String reason) {
        return new StatementControl(timeoutMillis, reason);
    }

    /**
     * How long one call into the engine under this control may run from its {@link #restart} (0: no
     * limit); {@code reason} names the limit in the timeout's message.
     */
    public void limit(long timeoutMillis, String reason) {
        if (timeoutMillis < 0) {
            throw new IllegalArgumentException("timeout " + timeoutMillis);
        }
        if (this == NONE && timeoutMillis != 0) {
            throw new IllegalStateException("NONE has no limit");
        }
        this.limitNanos = timeoutMillis * 1_000_000L;
        this.timeoutReason = reason;
    }

    /** Starts the limit anew (a new statement, or the next call on its result). */
    public void restart() {
        if (limitNanos == 0) {
            deadlineNanos = 0;
        } else {
            long d = System.nanoTime() + limitNanos;
            deadlineNanos = d == 0 ? 1 : d;
        }
        sinceClock = 0;
    }

    /** Forgets an earlier cancel: a new statement begins under this control. */
    public void reset() {
        if (this != NONE) {
            cancelled = false;
        }
        restart();
    }

    /** Whether the deadline has passed. */
    public boolean expired() {
        return deadlineNanos != 0 && System.nanoTime() - deadlineNanos > 0;
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
        if (expired()) {
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
