package io.bstack.sql.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.sql.Session;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** INFORMATION_SCHEMA.SESSIONS: which session holds the writer, since when, and what each ran. */
class SessionsViewTest extends SessionFixture {

    private static final String SESSIONS = "SELECT session_id, session_start, executing_statement,"
            + " executing_statement_start, last_statement, in_transaction, holds_writer, writer_since, session_state,"
            + " blocker_id"
            + " FROM information_schema.sessions ORDER BY session_id";

    private static List<List<Object>> rows(Session on, String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (QueryResult r = on.query(sql)) {
            while (r.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 0; i < r.labels().size(); i++) {
                    row.add(r.get(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    @Test
    void aSessionHoldingTheWriterInAnOpenTransactionIsShownToAnother() throws SQLException {
        s.execute("CREATE TABLE t (x INT)");
        OffsetDateTime before = OffsetDateTime.now();
        try (Session writer = new Session(db); Session watcher = new Session(db)) {
            writer.begin();
            writer.execute("INSERT INTO t VALUES (1)");
            OffsetDateTime after = OffsetDateTime.now();
            List<List<Object>> seen = rows(watcher, SESSIONS);
            assertThat(seen).extracting(r -> r.get(0)).containsExactly(1, 2, 3);

            List<Object> fixture = seen.get(0);
            assertThat(fixture.subList(2, 8)).containsExactly(null, null, "CREATE TABLE t (x INT)", false, false, null);

            List<Object> w = seen.get(1);
            assertThat(w.get(2)).as("idle").isNull();
            assertThat(w.get(3)).isNull();
            assertThat(w.get(4)).isEqualTo("INSERT INTO t VALUES (1)");
            assertThat(w.get(5)).as("in transaction").isEqualTo(true);
            assertThat(w.get(6)).as("holds the writer").isEqualTo(true);
            assertThat((OffsetDateTime) w.get(7)).isBetween(before, after);
            assertThat((OffsetDateTime) w.get(1)).isBefore((OffsetDateTime) w.get(7));

            List<Object> self = seen.get(2);
            assertThat(self.get(2)).as("the watcher runs the query now").isEqualTo(SESSIONS);
            assertThat(self.get(3)).isNotNull();
            assertThat(self.get(4)).isEqualTo(SESSIONS);
            assertThat(self.subList(5, 8)).containsExactly(false, false, null);

            writer.commit();
            List<Object> done = rows(watcher, SESSIONS).get(1);
            assertThat(done.subList(5, 8)).as("committed: no transaction, no writer").containsExactly(false, false,
                    null);
        }
        assertThat(rows(s, SESSIONS)).as("closed sessions leave").extracting(r -> r.get(0)).containsExactly(1);
    }

    @Test
    void aStatementWaitingForTheWriterIsSeenFromAnotherThread() throws Exception {
        s.execute("CREATE TABLE t (x INT)");
        try (Session holder = new Session(db); Session waiter = new Session(db)) {
            holder.begin();
            holder.execute("INSERT INTO t VALUES (1)");
            waiter.lockTimeout(java.time.Duration.ofSeconds(30));
            var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
            try {
                var insert = pool.submit(() -> waiter.execute("INSERT INTO t VALUES (2)"));
                List<Object> waiting = null;
                for (long end = System.nanoTime() + 10_000_000_000L; System.nanoTime() < end; Thread.sleep(10)) {
                    List<Object> r = rows(s, SESSIONS).get(2);
                    if (r.get(2) != null && "BLOCKED".equals(r.get(8))) { // its text shows a moment before it waits
                        waiting = r;
                        break;
                    }
                }
                assertThat(waiting).as("the waiter's statement shows while it waits").isNotNull();
                assertThat(waiting.get(2)).isEqualTo("INSERT INTO t VALUES (2)");
                assertThat(waiting.get(3)).isNotNull();
                assertThat(waiting.get(6)).as("it does not hold the writer yet").isEqualTo(false);
                assertThat(waiting.subList(8, 10)).as("blocked by the holder").containsExactly("BLOCKED", 2);
                List<List<Object>> all = rows(s, SESSIONS);
                assertThat(all.get(1).get(6)).as("the holder does").isEqualTo(true);
                assertThat(all.get(1).subList(8, 10)).as("the holder is idle").containsExactly("SLEEP", null);
                assertThat(all.get(0).subList(8, 10)).as("the watcher runs").containsExactly("RUNNING", null);
                holder.commit();
                assertThat(insert.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1);
                assertThat(rows(s, SESSIONS).get(2).subList(2, 10)).containsExactly(null, null,
                        "INSERT INTO t VALUES (2)", false, false, null, "SLEEP", null);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void anExplicitTransactionThatOnlyReadsIsInTransactionWithoutTheWriter() throws SQLException {
        try (Session reader = new Session(db)) {
            reader.begin();
            rows(reader, "SELECT 1");
            List<Object> r = rows(s, SESSIONS).get(1);
            assertThat(r.get(4)).isEqualTo("SELECT 1");
            assertThat(r.subList(5, 8)).containsExactly(true, false, null);
            reader.rollback();
            assertThat(rows(s, SESSIONS).get(1).get(5)).isEqualTo(false);
        }
    }

    @Test
    void autoCommitWritesLetTheWriterGo() throws SQLException {
        s.execute("CREATE TABLE t (x INT)");
        try (Session other = new Session(db)) {
            other.execute("INSERT INTO t VALUES (1)");
            assertThat(rows(s, SESSIONS).get(1).subList(4, 8)).containsExactly("INSERT INTO t VALUES (1)", false, false,
                    null);
        }
    }
}
