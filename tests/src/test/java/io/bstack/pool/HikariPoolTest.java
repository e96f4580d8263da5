package io.bstack.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BStack DB under HikariCP, configured both ways (driver URL, and DataSource class name with
 * properties): what a pool needs from a driver, checked against the pool's own behaviour.
 * {@code -Dbstack.pool.seconds} sets how long the 16-thread load runs (CI: 3).
 */
class HikariPoolTest {
    private static final int SECONDS = Integer.getInteger("bstack.pool.seconds", 3);

    @TempDir
    Path dir;

    private HikariConfig byUrl(String url) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        c.setMaximumPoolSize(16);
        c.setMinimumIdle(2);
        c.setConnectionTimeout(10_000);
        return c;
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection physical(Connection pooled) throws SQLException {
        return pooled.unwrap(Connection.class);
    }

    @Test
    void sixteenThreadsOfMixedReadsAndWritesKeepTheBooksBalanced() throws Exception {
        HikariConfig config = byUrl("jdbc:bstack:" + dir.resolve("bank") + ";sync=normal");
        try (HikariDataSource pool = new HikariDataSource(config)) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE account(id INT PRIMARY KEY, balance BIGINT NOT NULL)");
                for (int i = 0; i < 20; i++) {
                    s.execute("INSERT INTO account VALUES (" + i + ", 1000)");
                }
            }
            AtomicLong transfers = new AtomicLong();
            AtomicLong reads = new AtomicLong();
            AtomicInteger conflicts = new AtomicInteger();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
            ExecutorService threads = Executors.newFixedThreadPool(16);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                done.add(threads.submit(() -> {
                    ThreadLocalRandom r = ThreadLocalRandom.current();
                    while (System.nanoTime() < end) {
                        try (Connection c = pool.getConnection()) {
                            if (r.nextBoolean()) {
                                try (ResultSet rs = c.createStatement().executeQuery("SELECT SUM(balance) FROM account")) {
                                    rs.next();
                                    assertThat(rs.getLong(1)).isEqualTo(20_000);
                                }
                                reads.incrementAndGet();
                                continue;
                            }
                            c.setAutoCommit(false);
                            int from = r.nextInt(20);
                            int to = r.nextInt(20);
                            try (var debit = c.prepareStatement("UPDATE account SET balance = balance - ? WHERE id = ?");
                                    var credit = c.prepareStatement("UPDATE account SET balance = balance + ? WHERE id = ?")) {
                                debit.setLong(1, 5);
                                debit.setInt(2, from);
                                debit.executeUpdate();
                                credit.setLong(1, 5);
                                credit.setInt(2, to);
                                credit.executeUpdate();
                                c.commit();
                                transfers.incrementAndGet();
                            } catch (SQLException e) {
                                if (!"40001".equals(e.getSQLState())) {
                                    throw e;
                                }
                                conflicts.incrementAndGet(); // rolled back: the pool must keep the connection
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(SECONDS + 60L, TimeUnit.SECONDS);
            }
            threads.shutdown();
            try (Connection c = pool.getConnection(); ResultSet rs = c.createStatement()
                    .executeQuery("SELECT SUM(balance), COUNT(*) FROM account")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(20_000);
                assertThat(rs.getLong(2)).isEqualTo(20);
            }
            assertThat(transfers.get()).isPositive();
            assertThat(reads.get()).isPositive();
            assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isLessThanOrEqualTo(16);
            System.out.printf("pool load: %d transfers, %d reads, %d serialization retries in %d s%n", transfers.get(),
                    reads.get(), conflicts.get(), SECONDS);
        }
    }

    @Test
    void theDataSourceClassNameWithPropertiesWorks() throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setDataSourceClassName("io.bstack.jdbc.BStackDataSource");
        config.addDataSourceProperty("url", "jdbc:bstack:" + dir.resolve("byclass"));
        config.addDataSourceProperty("sync", "off");
        config.addDataSourceProperty("lockTimeout", "2000");
        config.setMaximumPoolSize(4);
        try (HikariDataSource pool = new HikariDataSource(config); Connection c = pool.getConnection()) {
            c.createStatement().execute("CREATE TABLE t(x INT)");
            c.createStatement().execute("INSERT INTO t VALUES (1)");
            assertThat(count(c, "t")).isEqualTo(1);
        }
    }

    @Test
    void stateIsResetWhenAConnectionReturnsAndPendingWorkIsRolledBack() throws SQLException {
        HikariConfig config = byUrl("jdbc:bstack:mem:reset");
        config.setMaximumPoolSize(1);
        config.setSchema("PUBLIC"); // what the pool resets a connection's schema to
        try (HikariDataSource pool = new HikariDataSource(config)) {
            Connection first;
            try (Connection c = pool.getConnection()) {
                first = physical(c);
                c.createStatement().execute("CREATE SCHEMA other");
                c.createStatement().execute("CREATE TABLE t(x INT)");
                c.setAutoCommit(false);
                c.setReadOnly(false);
                c.setSchema("OTHER");
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                c.createStatement().execute("INSERT INTO PUBLIC.t VALUES (1)");
                // returned with the insert pending
            }
            try (Connection c = pool.getConnection()) {
                assertThat(physical(c)).as("the same physical connection came back").isSameAs(first);
                assertThat(c.getAutoCommit()).isTrue();
                assertThat(c.isReadOnly()).isFalse();
                assertThat(c.getSchema()).isEqualTo("PUBLIC");
                assertThat(count(c, "t")).as("rolled back on return").isZero();
                c.setReadOnly(true);
            }
            try (Connection c = pool.getConnection()) {
                assertThat(c.isReadOnly()).isFalse();
            }
        }
        shutdown("jdbc:bstack:mem:reset");
    }

    private static void shutdown(String url) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(url)) {
            c.createStatement().execute("SHUTDOWN");
        }
    }

    @Test
    void onlyClass08FailuresEvictAConnection() throws SQLException {
        HikariConfig config = byUrl("jdbc:bstack:" + dir.resolve("evict") + ";lockTimeout=30000");
        config.setMaximumPoolSize(2);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            Connection first;
            try (Connection c = pool.getConnection()) {
                first = physical(c);
                c.createStatement().execute("CREATE TABLE t(x INT PRIMARY KEY)");
                c.createStatement().execute("INSERT INTO t VALUES (1)");
                assertThatThrownBy(() -> c.createStatement().execute("INSERT INTO t VALUES (1)"))
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
                assertThatThrownBy(() -> c.createStatement().execute("SELEC 1"))
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("42"));
            }
            Connection evicted;
            try (Connection writer = pool.getConnection(); Connection waiter = pool.getConnection()) {
                assertThat(List.of(physical(writer), physical(waiter))).as("kept after 23505 and 42xxx").contains(first);
                writer.setAutoCommit(false);
                writer.createStatement().execute("INSERT INTO t VALUES (2)"); // holds the write lock
                evicted = physical(waiter);
                waiter.setNetworkTimeout(Runnable::run, 300);
                assertThatThrownBy(() -> waiter.createStatement().execute("INSERT INTO t VALUES (4)"))
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08S01"));
                writer.rollback();
            }
            assertThat(evicted.isClosed()).isTrue();
            for (int i = 0; i < 4; i++) {
                try (Connection c = pool.getConnection()) {
                    assertThat(physical(c)).isNotSameAs(evicted);
                }
            }
        }
    }

    @Test
    void retiringEveryConnectionLosesNothingInANamedMemoryDatabase() throws SQLException {
        HikariConfig config = byUrl("jdbc:bstack:mem:rotate");
        config.setMaximumPoolSize(3);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            try (Connection c = pool.getConnection()) {
                c.createStatement().execute("CREATE TABLE t(x INT)");
            }
            for (int round = 0; round < 5; round++) {
                try (Connection c = pool.getConnection()) {
                    c.createStatement().execute("INSERT INTO t VALUES (" + round + ")");
                }
                pool.getHikariPoolMXBean().softEvictConnections(); // what maxLifetime does to each connection
            }
            try (Connection c = pool.getConnection()) {
                assertThat(count(c, "t")).isEqualTo(5);
            }
        }
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:bstack:mem:rotate")) {
            assertThat(count(c, "t")).as("the pool is gone, the named database stays").isEqualTo(5);
        }
        shutdown("jdbc:bstack:mem:rotate");
    }

    @Test
    void maxLifetimeRotationLosesNothingInANamedMemoryDatabase() throws Exception {
        HikariConfig config = byUrl("jdbc:bstack:mem:lifetime");
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(2);
        config.setMaxLifetime(30_000); // HikariCP's smallest: every connection is retired within ~30 s
        java.util.Set<Connection> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        int inserted = 0;
        try (HikariDataSource pool = new HikariDataSource(config)) {
            Connection first;
            try (Connection c = pool.getConnection()) {
                c.createStatement().execute("CREATE TABLE t(x INT)");
                first = physical(c);
                seen.add(first);
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(34);
            while (System.nanoTime() < end) {
                try (Connection c = pool.getConnection()) {
                    seen.add(physical(c));
                    c.createStatement().execute("INSERT INTO t VALUES (" + inserted + ")");
                    inserted++;
                }
                Thread.sleep(100);
            }
            assertThat(first.isClosed()).as("the first connection was retired").isTrue();
            assertThat(seen).as("and a new one served in its place").hasSizeGreaterThan(1);
            try (Connection c = pool.getConnection()) {
                assertThat(count(c, "t")).isEqualTo(inserted);
            }
        }
        shutdown("jdbc:bstack:mem:lifetime");
    }

    @Test
    void connectionInitSqlMayHoldSeveralStatements() throws SQLException {
        HikariConfig config = byUrl("jdbc:bstack:" + dir.resolve("init"));
        config.setConnectionInitSql("CREATE TABLE IF NOT EXISTS seen(n INT); INSERT INTO seen VALUES (1)");
        config.setMinimumIdle(0);
        config.setMaximumPoolSize(2);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            try (Connection c = pool.getConnection()) {
                assertThat(count(c, "seen")).isGreaterThanOrEqualTo(1);
            }
        }
    }

    @Test
    void aLeakedConnectionIsReported() throws Exception {
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                synchronized (records) {
                    records.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger hikari = Logger.getLogger("com.zaxxer.hikari");
        hikari.addHandler(capture);
        try {
            HikariConfig config = byUrl("jdbc:bstack:mem:");
            config.setLeakDetectionThreshold(2000);
            config.setMaximumPoolSize(1);
            try (HikariDataSource pool = new HikariDataSource(config); Connection c = pool.getConnection()) {
                c.createStatement().execute("VALUES (1)");
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (System.nanoTime() < until && records.stream().noneMatch(r -> r.getMessage() != null
                        && r.getMessage().contains("leak"))) {
                    Thread.sleep(100);
                }
            }
            synchronized (records) {
                assertThat(records).anySatisfy(r -> assertThat(r.getMessage()).contains("leak"));
            }
        } finally {
            hikari.removeHandler(capture);
        }
    }

    @Test
    void shuttingThePoolDownAbortsConnectionsInUse() throws Exception {
        HikariConfig config = byUrl("jdbc:bstack:" + dir.resolve("abort"));
        config.setMaximumPoolSize(2);
        HikariDataSource pool = new HikariDataSource(config);
        try (Connection c = pool.getConnection()) {
            c.createStatement().execute("CREATE TABLE t(x INT)");
        }
        Connection busy = pool.getConnection();
        busy.setAutoCommit(false);
        busy.createStatement().execute("INSERT INTO t VALUES (1)");
        Connection underlying = physical(busy);
        pool.close(); // aborts connections still in use
        assertThat(underlying.isClosed()).isTrue();
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:bstack:" + dir.resolve("abort"))) {
            assertThat(count(c, "t")).as("the aborted transaction was rolled back").isZero();
        }
    }
}
