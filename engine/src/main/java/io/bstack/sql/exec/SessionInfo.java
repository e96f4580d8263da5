package io.bstack.sql.exec;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * What one open session is doing, as {@code INFORMATION_SCHEMA.SESSIONS} shows it: a snapshot taken
 * when the view is read. Immutable.
 *
 * @param id the session's number in its database, from 1, stable while it is open
 * @param start when the session was opened
 * @param executingStatement the SQL it is running now, or null when idle
 * @param executingSince when that statement started, or null
 * @param lastStatement the SQL it ran last (or runs now), or null before its first statement
 * @param inTransaction whether a transaction is open
 * @param holdsWriter whether it holds the database's single write lock
 * @param writerSince when it took the write lock, or null when it does not hold it
 * @param state {@code RUNNING} (running a statement), {@code BLOCKED} (waiting for the write lock) or
 *     {@code SLEEP} (idle), as H2's SESSION_STATE
 * @param blockerId while {@code BLOCKED}: the id of the session holding the write lock (null when no
 *     session of this database holds it); otherwise null
 */
public record SessionInfo(int id, OffsetDateTime start, String executingStatement, OffsetDateTime executingSince,
        String lastStatement, boolean inTransaction, boolean holdsWriter, OffsetDateTime writerSince, String state,
        Integer blockerId) {
    public SessionInfo {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(state, "state");
    }
}
