package io.bstack.sql;

import io.bstack.sql.exec.SessionInfo;
import java.time.OffsetDateTime;

/**
 * What one session is doing, kept for {@code INFORMATION_SCHEMA.SESSIONS}: the session's thread
 * records statements and the write lock; any thread reads a {@link #snapshot}. Thread-safe (every
 * method holds the object's lock, briefly).
 */
final class SessionActivity {
    private final int id;
    private final OffsetDateTime start = OffsetDateTime.now();
    private String executing;
    private OffsetDateTime executingSince;
    private String last;
    private boolean inTransaction;
    private OffsetDateTime writerSince;
    private boolean waitingForWriter;

    SessionActivity(int id) {
        this.id = id;
    }

    int id() {
        return id;
    }

    /** A statement starts running. */
    synchronized void started(String sql) {
        executing = sql;
        executingSince = OffsetDateTime.now();
        last = sql;
    }

    /** The running statement ended; {@code transaction}: whether a transaction is still open. */
    synchronized void finished(boolean transaction) {
        executing = null;
        executingSince = null;
        inTransaction = transaction;
    }

    /** A transaction began or ended (BEGIN, COMMIT, ROLLBACK called directly). */
    synchronized void inTransaction(boolean transaction) {
        inTransaction = transaction;
    }

    /** The session took ({@code true}) or let go of the database's write lock. */
    synchronized void writer(boolean holds) {
        writerSince = holds ? OffsetDateTime.now() : null;
        if (holds) {
            inTransaction = true;
        }
    }

    /** The session starts ({@code true}) or stops waiting for the write lock. */
    synchronized void waitingForWriter(boolean waiting) {
        waitingForWriter = waiting;
    }

    /** What the session is doing now; {@code writer}: the id of the session holding the write lock, or 0. */
    synchronized SessionInfo snapshot(int writer) {
        String state = waitingForWriter ? "BLOCKED" : executing != null ? "RUNNING" : "SLEEP";
        Integer blocker = waitingForWriter && writer != 0 && writer != id ? writer : null;
        return new SessionInfo(id, start, executing, executingSince, last, inTransaction, writerSince != null,
                writerSince, state, blocker);
    }

    /** Whether the session holds the write lock. */
    synchronized boolean holdsWriter() {
        return writerSince != null;
    }
}
