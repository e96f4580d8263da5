package io.bstack.conformance;

import static io.bstack.conformance.Jdbc.exec;
import static io.bstack.conformance.Jdbc.fails;
import static io.bstack.conformance.Jdbc.mem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** java.sql.Statement: scripts, result navigation, batches, keys, limits, timeouts, cancel, closing. */
class StatementConformanceTest {
    static final String LONG_QUERY = "SELECT COUNT(*) FROM big a, big b, big c WHERE a.x + b.x = c.x + 1";

    static void bigTable(Connection c) throws SQLException {
        exec(c, "CREATE TABLE big(x INT)");
        StringBuilder sb = new StringBuilder("INSERT INTO big VALUES (0)");
        for (int i = 1; i < 300; i++) {
            sb.append(",(").append(i).append(')');
        }
        exec(c, sb.toString());
    }

    @Test
    void getMoreResultsModes() throws SQLException {
        try (Connection c = mem(); Statement s = c.createStatement()) {
            exec(c, "CREATE TABLE t(x INT)", "INSERT INTO t VALUES (1), (2)");
            assertThat(s.execute("SELECT x FROM t; SELECT x * 10 FROM t; SELECT x * 100 FROM t; DELETE FROM t")).isTrue();
            ResultSet first = s.getResultSet();
            assertThat(s.getUpdateCount()).isEqualTo(-1);
            assertThat(s.getMoreResults(Statement.KEEP_CURRENT_RESULT)).isTrue();
            assertThat(first.isClosed()).as("kept").isFalse();
            ResultSet second = s.getResultSet();
            assertThat(s.getMoreResults(Statement.CLOSE_ALL_RESULTS)).isTrue();
            assertThat(first.isClosed()).isTrue();
            assertThat(second.isClosed()).isTrue();
            ResultSet third = s.getResultSet();
            assertThat(third.next()).isTrue();
            assertThat(third.getInt(1)).isEqualTo(100);
            assertThat(s.getMoreResults(Statement.CLOSE_CURRENT_RESULT)).isFalse();
            assertThat(third.isClosed()).isTrue();
            assertThat(s.getUpdateCount()).isEqualTo(2);
            assertThat(s.getLargeUpdateCount()).isEqualTo(2L);
            assertThat(s.getResultSet()).isNull();
            assertThat(s.getMoreResults()).isFalse();
            assertThat(s.getUpdateCount()).as("no more results").isEqualTo(-1);
            fails("HY024", () -> s.getMoreResults(42));
        }
    }

    @Test
    void executeFlavoursAndWhatTheyRefuse() throws SQLException {
        try (Connection c = mem(); Statement s = c.createStatement()) {
            assertThat(s.execute("CREATE TABLE t(id INT PRIMARY KEY)")).isFalse();
            assertThat(s.executeUpdate("INSERT INTO t VALUES (1), (2), (3)")).isEqualTo(3);
            assertThat(s.executeLargeUpdate("UPDATE t SET id = id + 10")).isEqualTo(3L);
            assertThat(s.executeUpdate("CREATE TABLE u(x INT)")).isZero();
            fails("07003", () -> s.executeQuery("DELETE FROM t"));
            fails("07003", () -> s.executeUpdate("SELECT * FROM t"));
            fails("07003", () -> s.executeQuery("SELECT 1; SELECT 2"));
            fails("HY009", () -> s.execute(null));
            fails("HY009", () -> s.executeQuery(null));
            fails("42000", () -> s.execute(""));
            fails("42000", () -> s.execute("  ;  "));
            assertThatThrownBy(() -> s.execute("SELEC 1")).satisfies(
                    e -> assertThat(((SQLException) e).getSQLState()).startsWith("42"));
            fails("23505", () -> s.execute("INSERT INTO t VALUES (11)"));
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
                assertThat(rs.getStatement()).isSameAs(s);
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(3);
            }
            s.setEscapeProcessing(false);
            assertThatThrownBy(() -> s.executeQuery("SELECT {fn UCASE('a')}")).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void batchesAndBatchUpdateExceptionCounts() throws SQLException {
        try (Connection c = mem(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t(id INT PRIMARY KEY)");
            assertThat(s.executeBatch()).isEmpty();
            s.addBatch("INSERT INTO t VALUES (1)");
            s.addBatch("INSERT INTO t VALUES (2), (3)");
            s.addBatch("DELETE FROM t WHERE id > 100");
            assertThat(s.executeBatch()).containsExactly(1, 2, 0);
            assertThat(s.executeBatch()).as("the batch was emptied").isEmpty();
            s.addBatch("INSERT INTO t VALUES (4)");
            s.addBatch("INSERT INTO t VALUES (1)");
            s.addBatch("INSERT INTO t VALUES (5)");
            BatchUpdateException e = (BatchUpdateException) fails("23505", s::executeBatch);
            assertThat(e.getUpdateCounts()).containsExactly(1);
            assertThat(e.getLargeUpdateCounts()).containsExactly(1L);
            s.addBatch("UPDATE t SET id = id + 10");
            s.addBatch("SELECT * FROM t");
            BatchUpdateException q = (BatchUpdateException) fails("07003", s::executeLargeBatch);
            assertThat(q.getLargeUpdateCounts()).containsExactly(4L);
            s.addBatch("DELETE FROM t");
            s.clearBatch();
            assertThat(s.executeLargeBatch()).isEmpty();
            fails("HY009", () -> s.addBatch(null));
        }
    }

    @Test
    void generatedKeysByFlagPositionsAndNames() throws SQLException {
        try (Connection c = mem(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t(id BIGINT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(5))");
            assertThat(s.executeUpdate("INSERT INTO t(v) VALUES ('a')", Statement.RETURN_GENERATED_KEYS)).isEqualTo(1);
            try (ResultSet k = s.getGeneratedKeys()) {
                assertThat(k.next()).isTrue();
                assertThat(k.getLong(1)).isEqualTo(1);
                assertThat(k.next()).isFalse();
            }
            s.executeUpdate("INSERT INTO t(v) VALUES ('b')", Statement.NO_GENERATED_KEYS);
            assertThat(s.getGeneratedKeys().next()).isFalse();
            assertThat(s.execute("INSERT INTO t(v) VALUES ('c'), ('d')", new int[] {1, 2})).isFalse();
            try (ResultSet k = s.getGeneratedKeys()) {
                assertThat(k.getMetaData().getColumnCount()).isEqualTo(2);
                assertThat(k.next()).isTrue();
                assertThat(k.getLong(1)).isEqualTo(3);
                assertThat(k.getString(2)).isEqualTo("c");
                assertThat(k.next()).isTrue();
                assertThat(k.getLong(1)).isEqualTo(4);
            }
            assertThat(s.executeLargeUpdate("INSERT INTO t(v) VALUES ('e')", new String[] {"ID"})).isEqualTo(1L);
            try (ResultSet k = s.getGeneratedKeys()) {
                assertThat(k.next()).isTrue();
                assertThat(k.getLong("ID")).isEqualTo(5);
            }
            fails("HY024", () -> s.executeUpdate("INSERT INTO t(v) VALUES ('f')", 99));
            fails("HY024", () -> s.executeUpdate("INSERT INTO t(v) VALUES ('f')", new int[0]));
            fails("HY009", () -> s.executeUpdate("INSERT INTO t(v) VALUES ('f')", new String[] {null}));
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO t(v) VALUES ('f')", new String[] {"NOPE"}))
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO t(v) VALUES ('f')", new int[] {9}))
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    void maxRowsFetchSizeAndMaxFieldSize() throws SQLException {
        try (Connection c = mem(); Statement s = c.createStatement()) {
            exec(c, "CREATE TABLE t(x INT, v VARCHAR(20))",
                    "INSERT INTO t VALUES (1, 'abcdef'), (2, 'b'), (3, 'c'), (4, 'd')");
            s.setMaxRows(2);
            assertThat(s.getMaxRows()).isEqualTo(2);
            assertThat(s.getLargeMaxRows()).isEqualTo(2L);
            assertThat(rows(s.executeQuery("SELECT x FROM t"))).isEqualTo(2);
            s.setLargeMaxRows(3);
            assertThat(rows(s.executeQuery("SELECT x FROM t"))).isEqualTo(3);
            try (Statement scroll = c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY)) {
                scroll.setMaxRows(1);
                ResultSet rs = scroll.executeQuery("SELECT x FROM t ORDER BY x");
                assertThat(rs.last()).isTrue();
                assertThat(rs.getRow()).isEqualTo(1);
            }
            s.setMaxRows(0);
            assertThat(rows(s.executeQuery("SELECT x FROM t"))).as("0: no limit").isEqualTo(4);
            fails("HY024", () -> s.setMaxRows(-1));
            fails("HY024", () -> s.setLargeMaxRows(-5));
            s.setFetchSize(100);
            assertThat(s.getFetchSize()).isEqualTo(100);
            s.setFetchSize(0);
            fails("HY024", () -> s.setFetchSize(-1));
            s.setFetchDirection(ResultSet.FETCH_REVERSE);
            assertThat(s.getFetchDirection()).isEqualTo(ResultSet.FETCH_REVERSE);
            fails("HY024", () -> s.setFetchDirection(0));
            s.setMaxFieldSize(3);
            assertThat(s.getMaxFieldSize()).isEqualTo(3);
            try (ResultSet rs = s.executeQuery("SELECT v FROM t WHERE x = 1")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("abc");
            }
            fails("HY024", () -> s.setMaxFieldSize(-1));
        }
    }

    private static int rows(ResultSet rs) throws SQLException {
        int n = 0;
        try (rs) {
            while (rs.next()) {
                n++;
            }
        }
        return n;
    }

    @Test
    void queryTimeoutStopsALongQueryWithHYT00AndTheConnectionStaysUsable() throws SQLException {
        try (Connection c = mem(); Statement s = c.createStatement()) {
            bigTable(c);
            assertThat(s.getQueryTimeout()).isZero();
            fails("HY024", () -> s.setQueryTimeout(-1));
            s.setQueryTimeout(1);
            assertThat(s.getQueryTimeout()).isEqualTo(1);
            long start = System.nanoTime();
            SQLException e = fails("HYT00", () -> s.executeQuery(LONG_QUERY).next());
            assertThat((Throwable) e).isInstanceOf(SQLTimeoutException.class);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(10_000);
            assertThat(c.isClosed()).isFalse();
            s.setQueryTimeout(0);
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM big")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(300);
            }
        }
    }

    @Test
    void cancelFromAnotherThreadFailsTheRunningStatementWithHY008() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection c = mem(); Statement s = c.createStatement()) {
            bigTable(c);
            CompletableFuture<Void> started = new CompletableFuture<>();
            Future<Throwable> running = pool.submit(() -> {
                started.complete(null);
                try (ResultSet rs = s.executeQuery(LONG_QUERY)) {
                    rs.next();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            started.get(5, TimeUnit.SECONDS);
            Throwable outcome = null;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (outcome == null && System.nanoTime() < until) {
                Thread.sleep(50);
                s.cancel();
                try {
                    outcome = running.get(100, TimeUnit.MILLISECONDS);
                    break;
                } catch (java.util.concurrent.TimeoutException stillRunning) {
                    // cancel again: the first may have come before the statement started
                }
            }
            assertThat(outcome).isInstanceOf(SQLException.class);
            assertThat(((SQLException) outcome).getSQLState()).isEqualTo("HY008");
            assertThat(c.isClosed()).isFalse();
            s.cancel(); // nothing running: harmless
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM big")) {
                assertThat(rs.next()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closeOnCompletionClosesTheStatementWithItsLastResult() throws SQLException {
        try (Connection c = mem()) {
            exec(c, "CREATE TABLE t(x INT)", "INSERT INTO t VALUES (1)");
            Statement s = c.createStatement();
            assertThat(s.isCloseOnCompletion()).isFalse();
            s.closeOnCompletion();
            assertThat(s.isCloseOnCompletion()).isTrue();
            ResultSet rs = s.executeQuery("SELECT x FROM t");
            assertThat(s.isClosed()).isFalse();
            rs.close();
            assertThat(s.isClosed()).isTrue();
            fails("HY010", () -> s.executeQuery("SELECT x FROM t"));
            Statement u = c.createStatement();
            u.closeOnCompletion();
            u.executeUpdate("INSERT INTO t VALUES (2)");
            assertThat(u.isClosed()).as("no result set to wait for: JDBC leaves this open").isFalse();
            Statement plain = c.createStatement();
            plain.executeQuery("SELECT x FROM t").close();
            assertThat(plain.isClosed()).isFalse();
        }
    }

    @Test
    void warningsSettingsAndClosing() throws SQLException {
        try (Connection c = mem()) {
            Statement s = c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_UPDATABLE,
                    ResultSet.CLOSE_CURSORS_AT_COMMIT);
            assertThat(s.getResultSetType()).isEqualTo(ResultSet.TYPE_SCROLL_INSENSITIVE);
            assertThat(s.getResultSetConcurrency()).isEqualTo(ResultSet.CONCUR_UPDATABLE);
            assertThat(s.getResultSetHoldability()).isEqualTo(ResultSet.CLOSE_CURSORS_AT_COMMIT);
            assertThat((Throwable) s.getWarnings()).isNull();
            s.clearWarnings();
            assertThat(s.getConnection()).isSameAs(c);
            assertThat(s.isPoolable()).isFalse();
            s.setPoolable(true);
            assertThat(s.isPoolable()).isTrue();
            s.setCursorName("C1");
            assertThat(s.isWrapperFor(Statement.class)).isTrue();
            assertThat(s.unwrap(Statement.class)).isSameAs(s);
            fails("HY024", () -> s.unwrap(Connection.class));
            fails("HY009", () -> s.unwrap(null));
            assertThat(s.enquoteIdentifier("a b", false)).isEqualTo("\"a b\"");
            assertThat(s.enquoteLiteral("it's")).isEqualTo("'it''s'");
            ResultSet rs = s.executeQuery("VALUES (1)");
            s.close();
            assertThat(rs.isClosed()).as("closing a statement closes its results").isTrue();
            s.close(); // twice is fine
            assertThat(s.isClosed()).isTrue();
            fails("HY010", s::getWarnings);
            fails("HY010", s::cancel);
        }
    }
}
