package io.bstack.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.sql.exec.GeneratedKeys;
import io.bstack.sql.exec.QueryResult;
import io.bstack.sql.exec.StatementControl;
import io.bstack.tx.Durability;
import io.bstack.tx.TxOptions;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cancel, deadlines and lock waits, prepared statements, CALL, SET SCHEMA, generated keys, SHUTDOWN. */
class StatementControlTest {
    @TempDir
    Path dir;
    Database db;
    Session s;

    @BeforeEach
    void open() throws SQLException {
        db = Database.open(dir.resolve("c.bstack"), TxOptions.defaults().withDurability(Durability.OFF));
        s = new Session(db);
        s.execute("CREATE TABLE t(x INT)");
        StringBuilder values = new StringBuilder("INSERT INTO t VALUES (0)");
        for (int i = 1; i < 400; i++) {
            values.append(",(").append(i).append(')');
        }
        s.execute(values.toString());
    }

    @AfterEach
    void close() throws SQLException {
        s.close();
        db.close();
    }

    private static final String SLOW = "SELECT COUNT(*) FROM t a, t b, t c WHERE a.x + b.x + c.x = -1";

    @Test
    void aDeadlineStopsALongQueryWithHyt00() throws SQLException {
        Session.Prepared p = s.prepare(SLOW);
        long start = System.nanoTime();
        assertThatThrownBy(() -> drain(s.run(p, List.of(), StatementControl.timeout(100, "query timeout 0.1 s"), null).rows()))
                .isInstanceOf(SQLTimeoutException.class)
                .hasMessageContaining("query timeout 0.1 s")
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("HYT00");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
        assertThat(s.query("SELECT COUNT(*) FROM t").next()).as("the session stays usable").isTrue();
    }

    @Test
    void cancelFromAnotherThreadStopsTheQueryWithHy008() throws Exception {
        StatementControl control = StatementControl.create();
        Session.Prepared p = s.prepare(SLOW);
        CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
            try {
                drain(s.run(p, List.of(), control, null).rows());
            } catch (SQLException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(100);
        s.cancel(control);
        assertThatThrownBy(() -> running.get(10, TimeUnit.SECONDS)).satisfies(e -> assertThat(sqlState(e))
                .isEqualTo("HY008"));
    }

    @Test
    void aCancelledUpdateLeavesTheTableAsItWas() throws SQLException {
        StatementControl control = StatementControl.create();
        control.cancel();
        assertThatThrownBy(() -> s.run(s.prepare("DELETE FROM t"), List.of(), control, null))
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("HY008");
        QueryResult r = s.query("SELECT COUNT(*) FROM t");
        r.next();
        assertThat(r.get(0)).isEqualTo(400L);
        r.close();
    }

    @Test
    void theDeadlineBoundsTheWaitForTheWriteLockAndCancelEndsItAtOnce() throws Exception {
        try (Session holder = new Session(db)) {
            holder.begin();
            holder.execute("INSERT INTO t VALUES (-5)");
            s.lockTimeout(Duration.ofSeconds(30));
            long start = System.nanoTime();
            assertThatThrownBy(() -> s.run(s.prepare("INSERT INTO t VALUES (1)"), List.of(),
                    StatementControl.timeout(150, "network timeout"), null))
                    .isInstanceOf(SQLTimeoutException.class).hasMessageContaining("network timeout");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(100L, 5_000L);

            StatementControl control = StatementControl.create();
            CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
                try {
                    s.run(s.prepare("INSERT INTO t VALUES (2)"), List.of(), control, null);
                } catch (SQLException e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(150);
            s.cancel(control);
            assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).satisfies(e -> assertThat(sqlState(e))
                    .isEqualTo("HY008"));
            holder.rollback();
        }
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        s.execute("INSERT INTO t VALUES (3)"); // nothing left behind: the lock is free, the session usable
    }

    @Test
    void preparedStatementsCountTheirParametersAndRunRepeatedly() throws SQLException {
        Session.Prepared p = s.prepare("SELECT x FROM t WHERE x = ? OR x = ?");
        assertThat(p.parameterCount()).isEqualTo(2);
        assertThat(p.returnsRows()).isTrue();
        for (int i = 0; i < 3; i++) {
            assertThat(rows(s.run(p, List.of(i, i + 10), StatementControl.NONE, null).rows())).hasSize(2);
        }
        Session.Prepared u = s.prepare("UPDATE t SET x = x WHERE x < ?");
        assertThat(u.returnsRows()).isFalse();
        assertThat(s.run(u, List.of(5), StatementControl.NONE, null).updateCount()).isEqualTo(5);
        assertThatThrownBy(() -> s.prepare("SELEC 1")).extracting(e -> ((SQLException) e).getSQLState())
                .isEqualTo("42000");
    }

    @Test
    void aStatementIsParsedOnceForEverySessionOfTheDatabase() throws SQLException {
        try (Session other = new Session(db)) {
            Session.Prepared p = s.prepare("SELECT x FROM t WHERE x = ?");
            assertThat(other.prepare("SELECT x FROM t WHERE x = ?")).isSameAs(p);
            assertThat(other.prepare("SELECT x FROM t WHERE x = ? ")).isNotSameAs(p);
            s.execute("ALTER TABLE t ADD COLUMN y INT"); // a parse stays valid across DDL: names are bound per run
            assertThat(rows(other.run(p, List.of(3), StatementControl.NONE, null).rows())).containsExactly(List.of(3));
        }
    }

    @Test
    void callGivesOneRowWithTheValue() throws SQLException {
        Session.Prepared p = s.prepare("CALL 1 + CAST(? AS INT)");
        assertThat(p.returnsRows()).isTrue();
        assertThat(rows(s.run(p, List.of(41), StatementControl.NONE, null).rows())).containsExactly(List.of(42));
    }

    @Test
    void setSchemaChangesWhereNamesResolveAndRefusesAMissingOne() throws SQLException {
        s.execute("CREATE SCHEMA other");
        s.execute("SET SCHEMA other");
        assertThat(s.schema()).isEqualTo("OTHER");
        s.execute("CREATE TABLE u(y INT)");
        assertThat(rows(s.query("SELECT COUNT(*) FROM other.u"))).containsExactly(List.of(0L));
        assertThatThrownBy(() -> s.execute("SET SCHEMA nowhere")).extracting(e -> ((SQLException) e).getSQLState())
                .isEqualTo("3F000");
        assertThat(s.schema()).isEqualTo("OTHER");
    }

    @Test
    void anInsertGivesItsGeneratedKeys() throws SQLException {
        s.execute("CREATE TABLE g(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name VARCHAR(10),"
                + " made INT DEFAULT 7)");
        Session.Prepared p = s.prepare("INSERT INTO g(name) VALUES ('a'), ('b')");
        Session.Outcome o = s.run(p, List.of(), StatementControl.NONE, GeneratedKeys.DEFAULT);
        assertThat(o.updateCount()).isEqualTo(2);
        assertThat(o.generatedKeys().labels()).containsExactly("ID");
        assertThat(rows(o.generatedKeys())).containsExactly(List.of(1L), List.of(2L));
        o = s.run(p, List.of(), StatementControl.NONE, GeneratedKeys.named(List.of("made", "ID")));
        assertThat(rows(o.generatedKeys())).containsExactly(List.of(7, 3L), List.of(7, 4L));
        o = s.run(p, List.of(), StatementControl.NONE, GeneratedKeys.at(List.of(2)));
        assertThat(rows(o.generatedKeys())).containsExactly(List.of("a"), List.of("b"));
        assertThatThrownBy(() -> s.run(p, List.of(), StatementControl.NONE, GeneratedKeys.named(List.of("nope"))))
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("42S22");
        assertThatThrownBy(() -> s.run(p, List.of(), StatementControl.NONE, GeneratedKeys.at(List.of(9))))
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("07009");
        assertThat(rows(s.query("SELECT COUNT(*) FROM g"))).as("failed key requests undo the insert")
                .containsExactly(List.of(6L));
        s.execute("CREATE TABLE k(a INT, b INT, PRIMARY KEY (b, a))");
        o = s.run(s.prepare("INSERT INTO k VALUES (1, 2)"), List.of(), StatementControl.NONE, GeneratedKeys.DEFAULT);
        assertThat(rows(o.generatedKeys())).as("no identity: the primary key").containsExactly(List.of(2, 1));
    }

    @Test
    void aReadOnlySessionReadsButRefusesWrites() throws SQLException {
        s.readOnly(true);
        assertThatThrownBy(() -> s.execute("INSERT INTO t VALUES (1)")).extracting(e -> ((SQLException) e).getSQLState())
                .isEqualTo("25006");
        assertThatThrownBy(() -> s.execute("CREATE TABLE z(a INT)")).extracting(e -> ((SQLException) e).getSQLState())
                .isEqualTo("25006");
        assertThat(rows(s.query("SELECT COUNT(*) FROM t"))).containsExactly(List.of(400L));
        s.readOnly(false);
        s.begin();
        s.execute("INSERT INTO t VALUES (1)");
        assertThatThrownBy(() -> s.readOnly(true)).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("25001");
        s.rollback();
    }

    @Test
    void shutdownRunsTheHookOrClosesTheDatabase() throws SQLException {
        List<Database> shut = new ArrayList<>();
        db.onShutdown(shut::add);
        s.execute("SHUTDOWN");
        assertThat(shut).containsExactly(db);
        db.onShutdown(null);
        s.execute("SHUTDOWN");
        assertThatThrownBy(() -> s.execute("INSERT INTO t VALUES (1)")).isInstanceOf(SQLException.class);
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException q) {
                return q.getSQLState();
            }
        }
        return null;
    }

    private static void drain(QueryResult r) throws SQLException {
        try (r) {
            while (r.next()) {
                r.get(0);
            }
        }
    }

    private static List<List<Object>> rows(QueryResult r) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (r) {
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
}
