package io.bstack.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Writers that must wait queue in arrival order with a bounded wait; SESSIONS shows who holds the writer. */
class WriterQueueTest {

    @Test
    void waitingWritersGetTheLockInArrivalOrder() throws Exception {
        String url = "jdbc:bstack:mem:queue;lockTimeout=20000";
        try (Connection holder = DriverManager.getConnection(url)) {
            holder.createStatement().execute("CREATE TABLE log(at BIGINT AUTO_INCREMENT PRIMARY KEY, n INT)");
            holder.setAutoCommit(false);
            holder.createStatement().execute("INSERT INTO log(n) VALUES (0)");
            List<Integer> order = Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<Void>> waiters = new ArrayList<>();
            ExecutorService threads = Executors.newFixedThreadPool(4); // the common pool may have one thread
            for (int i = 1; i <= 4; i++) {
                int n = i;
                waiters.add(CompletableFuture.runAsync(() -> {
                    try (Connection c = DriverManager.getConnection(url)) {
                        c.createStatement().execute("INSERT INTO log(n) VALUES (" + n + ")");
                        order.add(n);
                    } catch (SQLException e) {
                        throw new RuntimeException(e);
                    }
                }, threads));
                waitUntilBlocked(holder, i);
            }
            holder.commit();
            for (CompletableFuture<Void> w : waiters) {
                w.get(20, TimeUnit.SECONDS);
            }
            threads.shutdown();
            assertThat(order).containsExactlyInAnyOrder(1, 2, 3, 4);
            List<Integer> committed = new ArrayList<>();
            try (ResultSet rs = holder.createStatement().executeQuery("SELECT n FROM log WHERE n > 0 ORDER BY at")) {
                while (rs.next()) {
                    committed.add(rs.getInt(1));
                }
            }
            assertThat(committed).as("the order the writers got the lock").containsExactly(1, 2, 3, 4);
            holder.createStatement().execute("SHUTDOWN");
        }
    }

    /** Waits until {@code n} sessions wait for the writer, as SESSIONS shows them. */
    private static void waitUntilBlocked(Connection c, int n) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE SESSION_STATE = 'BLOCKED'")) {
                rs.next();
                if (rs.getInt(1) >= n) {
                    return;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError(n + " writers never waited");
    }

    @Test
    void theWaitIsBoundedAndSessionsNamesTheHolderAndItsLastStatement() throws SQLException {
        String url = "jdbc:bstack:mem:bounded;lockTimeout=300";
        try (Connection holder = DriverManager.getConnection(url); Connection other = DriverManager.getConnection(url)) {
            holder.createStatement().execute("CREATE TABLE t(x INT)");
            holder.setAutoCommit(false);
            holder.createStatement().execute("INSERT INTO t VALUES (1)");
            long start = System.nanoTime();
            assertThatThrownBy(() -> other.createStatement().execute("INSERT INTO t VALUES (2)"))
                    .isInstanceOf(SQLTimeoutException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("HYT00"));
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(250L, 5_000L);
            try (ResultSet rs = other.createStatement().executeQuery("SELECT LAST_STATEMENT, WRITER_SINCE"
                    + " FROM INFORMATION_SCHEMA.SESSIONS WHERE HOLDS_WRITER")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("INSERT INTO t VALUES (1)");
                assertThat(rs.getObject(2)).isNotNull();
                assertThat(rs.next()).isFalse();
            }
            holder.rollback();
            other.createStatement().execute("SHUTDOWN");
        }
    }
}
