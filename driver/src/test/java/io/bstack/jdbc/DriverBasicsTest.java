package io.bstack.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening databases by URL, statements, results, transactions, timeouts, batches, generated keys. */
class DriverBasicsTest {
    @TempDir
    Path dir;

    private String url(String name) {
        return "jdbc:bstack:" + dir.resolve(name);
    }

    private static String state(Throwable e) {
        return ((SQLException) e).getSQLState();
    }

    @Test
    void theDriverIsFoundThroughServiceLoaderAndOpensAFileWithTheExtensionAdded() throws SQLException {
        try (Connection c = DriverManager.getConnection(url("first"))) {
            assertThat(c).isInstanceOf(BStackConnection.class);
            assertThat(c.getAutoCommit()).isTrue();
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
            assertThat(c.getCatalog()).isEqualTo("FIRST");
        }
        assertThat(Files.exists(dir.resolve("first.bstack"))).isTrue();
        assertThat(DriverManager.getDriver("jdbc:bstack:mem:")).isInstanceOf(BStackDriver.class);
    }

    @Test
    void badUrlsAndOptionsAreRefusedListingWhatIsValid() {
        assertThatThrownBy(() -> DriverManager.getConnection(url("x") + ";nosuch=1"))
                .hasMessageContaining("nosuch").hasMessageContaining("sync, allocator, pageSize")
                .satisfies(e -> assertThat(state(e)).isEqualTo("HY024"));
        assertThatThrownBy(() -> DriverManager.getConnection(url("x") + ";sync=sometimes"))
                .hasMessageContaining("full, normal, off");
        assertThatThrownBy(() -> DriverManager.getConnection(url("x") + ";pageSize=1000"))
                .hasMessageContaining("power of two");
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:bstack:"))
                .satisfies(e -> assertThat(state(e)).isEqualTo("HY024"));
        Properties p = new Properties();
        p.setProperty("sync", "off");
        assertThatThrownBy(() -> DriverManager.getConnection(url("x") + ";sync=full", p))
                .hasMessageContaining("in the URL but");
        assertThat(p).containsOnlyKeys("sync");
    }

    @Test
    void aMissingFileIsRefusedWhenCreateIfMissingIsOff() {
        assertThatThrownBy(() -> DriverManager.getConnection(url("absent") + ";createIfMissing=false"))
                .isInstanceOf(SQLNonTransientConnectionException.class)
                .satisfies(e -> assertThat(state(e)).isEqualTo("08001"));
    }

    @Test
    void connectionsToOneFileShareOneDatabaseThatClosesWithTheLast() throws SQLException {
        String key = dir.resolve("shared.bstack").toAbsolutePath().normalize().toString();
        Connection a = DriverManager.getConnection(url("shared"));
        try (Connection b = DriverManager.getConnection("jdbc:bstack:file:" + dir.resolve("./shared.bstack"))) {
            a.createStatement().execute("CREATE TABLE t(x INT)");
            a.createStatement().execute("INSERT INTO t VALUES (1)");
            try (ResultSet rs = b.createStatement().executeQuery("SELECT x FROM t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            a.close();
            assertThat(DatabaseRegistry.INSTANCE.isOpen(key)).isTrue();
        }
        assertThat(DatabaseRegistry.INSTANCE.isOpen(key)).isFalse();
    }

    @Test
    void closeDelayKeepsAFileDatabaseOpenForAWhileOrUntilShutdown() throws Exception {
        String key = dir.resolve("delayed.bstack").toAbsolutePath().normalize().toString();
        try (Connection c = DriverManager.getConnection(url("delayed") + ";closeDelay=400")) {
            c.createStatement().execute("CREATE TABLE t(x INT)");
        }
        assertThat(DatabaseRegistry.INSTANCE.isOpen(key)).as("open during the delay").isTrue();
        try (Connection c = DriverManager.getConnection(url("delayed"))) {
            assertThat(c.isValid(1)).isTrue();
            Thread.sleep(600);
            assertThat(DatabaseRegistry.INSTANCE.isOpen(key)).as("a new connection cancelled the close").isTrue();
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (DatabaseRegistry.INSTANCE.isOpen(key) && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(DatabaseRegistry.INSTANCE.isOpen(key)).as("closed after the delay").isFalse();

        String forever = dir.resolve("forever.bstack").toAbsolutePath().normalize().toString();
        try (Connection c = DriverManager.getConnection(url("forever") + ";closeDelay=-1")) {
            c.createStatement().execute("CREATE TABLE t(x INT)");
        }
        Thread.sleep(200);
        assertThat(DatabaseRegistry.INSTANCE.isOpen(forever)).isTrue();
        try (Connection c = DriverManager.getConnection(url("forever"))) {
            c.createStatement().execute("SHUTDOWN");
        }
        assertThat(DatabaseRegistry.INSTANCE.isOpen(forever)).isFalse();
    }

    @Test
    void eachAllocatorCanBeChosenAtCreationAndIsKeptByTheFile() throws SQLException {
        for (String allocator : List.of("ghosttree", "firstfit", "segregated", "linear")) {
            String u = url("alloc-" + allocator);
            try (Connection c = DriverManager.getConnection(u + ";allocator=" + allocator.toUpperCase())) {
                assertThat((Object) c.getWarnings()).isNull();
                Statement s = c.createStatement();
                s.execute("CREATE TABLE t(id INT PRIMARY KEY, v VARCHAR(2000))");
                PreparedStatement p = c.prepareStatement("INSERT INTO t VALUES (?, ?)");
                for (int i = 0; i < 600; i++) {
                    p.setInt(1, i);
                    p.setString(2, "x".repeat(i % 7 == 0 ? 1500 : 20)); // pages split, values of many sizes
                    p.executeUpdate();
                }
                s.execute("DELETE FROM t WHERE MOD(id, 3) = 0");
                s.execute("UPDATE t SET v = 'short' WHERE MOD(id, 3) = 1");
            }
            String other = allocator.equals("firstfit") ? "segregated" : "firstfit";
            try (Connection c = DriverManager.getConnection(u + ";allocator=" + other)) {
                assertThat((Object) c.getWarnings()).as(allocator).isNotNull();
                assertThat(c.getWarnings().getMessage()).contains("created with allocator " + allocator);
                try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*), SUM(LENGTH(v)) FROM t")) {
                    rs.next();
                    assertThat(rs.getLong(1)).as(allocator).isEqualTo(400);
                }
                c.createStatement().execute("INSERT INTO t VALUES (1000, 'after reopening')");
            }
            assertThat(io.bstack.sql.AllocatorKind.named(allocator)).isNotNull();
        }
        assertThatThrownBy(() -> DriverManager.getConnection(url("x") + ";allocator=slab"))
                .hasMessageContaining("ghosttree, firstfit, segregated");
    }

    @Test
    void getPropertyInfoListsEveryOptionWithItsDefault() throws SQLException {
        java.sql.DriverPropertyInfo[] info = DriverManager.getDriver("jdbc:bstack:mem:")
                .getPropertyInfo("jdbc:bstack:mem:;sync=off", null);
        assertThat(info).extracting(i -> i.name).containsExactly("sync", "allocator", "pageSize", "cacheSize", "maxRegionSize",
                "lockTimeout", "readOnly", "createIfMissing", "closeDelay", "functionClasses", "user", "password");
        assertThat(info[0].value).isEqualTo("off");
        assertThat(info[0].choices).containsExactly("full", "normal", "off");
        assertThat(info[2].description).contains("default 4096");
    }

    @Test
    void aNamedMemoryDatabaseOutlivesItsConnectionsUntilShutdown() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:bstack:mem:keep")) {
            c.createStatement().execute("CREATE TABLE t(x INT)");
            c.createStatement().execute("INSERT INTO t VALUES (7)");
        }
        try (Connection c = DriverManager.getConnection("jdbc:bstack:mem:keep");
                Connection other = DriverManager.getConnection("jdbc:bstack:mem:keep")) {
            ResultSet rs = c.createStatement().executeQuery("SELECT x FROM t");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(7);
            c.createStatement().execute("SHUTDOWN");
            assertThat(other.isClosed()).isTrue();
            assertThat(other.isValid(1)).isFalse();
            assertThatThrownBy(other::createStatement).satisfies(e -> assertThat(state(e)).isEqualTo("08003"));
        }
        assertThat(DatabaseRegistry.INSTANCE.isOpen("mem:keep")).isFalse();
        try (Connection c = DriverManager.getConnection("jdbc:bstack:mem:keep")) {
            assertThatThrownBy(() -> c.createStatement().executeQuery("SELECT x FROM t"))
                    .satisfies(e -> assertThat(state(e)).startsWith("42"));
        }
    }

    @Test
    void inMemoryDatabasesOfDeadProcessesAreRemovedAndLiveOnesKept() throws Exception {
        Path root = Files.createDirectories(dir.resolve("shm"));
        Process dead = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-version")
                .redirectErrorStream(true).start();
        dead.getInputStream().readAllBytes();
        dead.waitFor();
        Path orphan = Files.createDirectories(root.resolve(DatabaseRegistry.MEMORY_PREFIX + dead.pid() + "-123"));
        Files.writeString(orphan.resolve("keep.bstack"), "x");
        Path live = Files.createDirectories(root.resolve(DatabaseRegistry.MEMORY_PREFIX + ProcessHandle.current().pid()
                + "-456"));
        Path other = Files.createDirectories(root.resolve("bstack-mem-notapid"));
        DatabaseRegistry.removeOrphans(root);
        assertThat(Files.exists(orphan)).as("the dead process's database").isFalse();
        assertThat(Files.exists(live)).isTrue();
        assertThat(Files.exists(other)).isTrue();
    }

    @Test
    void privateMemoryDatabasesAreSeparate() throws SQLException {
        try (Connection a = DriverManager.getConnection("jdbc:bstack:mem:");
                Connection b = DriverManager.getConnection("jdbc:bstack:mem:")) {
            a.createStatement().execute("CREATE TABLE t(x INT)");
            b.createStatement().execute("CREATE TABLE t(y INT)"); // no clash
        }
    }

    @Test
    void aScriptRunsEveryStatementWithResultsInOrder() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:bstack:mem:"); Statement s = c.createStatement()) {
            boolean first = s.execute("CREATE TABLE t(x INT); INSERT INTO t VALUES (1), (2); SELECT x FROM t ORDER BY x;"
                    + " UPDATE t SET x = x + 1");
            assertThat(first).isFalse();
            assertThat(s.getUpdateCount()).isZero();
            assertThat(s.getMoreResults()).isFalse();
            assertThat(s.getUpdateCount()).isEqualTo(2);
            assertThat(s.getMoreResults()).isTrue();
            ResultSet rs = s.getResultSet();
            List<Integer> xs = new ArrayList<>();
            while (rs.next()) {
                xs.add(rs.getInt(1));
            }
            assertThat(xs).as("read before the UPDATE ran").containsExactly(1, 2);
            assertThat(s.getMoreResults()).isFalse();
            assertThat(s.getUpdateCount()).isEqualTo(2);
            assertThat(s.getMoreResults()).isFalse();
            assertThat(s.getUpdateCount()).isEqualTo(-1);
        }
    }

    @Test
    void preparedStatementsBindAndCheckTheirParameters() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:bstack:mem:")) {
            c.createStatement().execute("CREATE TABLE t(id INT PRIMARY KEY, name VARCHAR(20))");
            PreparedStatement ins = c.prepareStatement("INSERT INTO t VALUES (?, ?)");
            assertThat(ins.getParameterMetaData().getParameterCount()).isEqualTo(2);
            ins.setInt(1, 1);
            assertThatThrownBy(ins::executeUpdate).satisfies(e -> assertThat(state(e)).isEqualTo("07001"));
            ins.setString(2, "one");
            assertThat(ins.executeUpdate()).isEqualTo(1);
            assertThatThrownBy(() -> ins.setInt(3, 1)).satisfies(e -> assertThat(state(e)).isEqualTo("07009"));
            assertThatThrownBy(ins::executeUpdate).isInstanceOf(SQLIntegrityConstraintViolationException.class)
                    .satisfies(e -> assertThat(state(e)).isEqualTo("23505"));
            PreparedStatement q = c.prepareStatement("SELECT name FROM t WHERE id = ?");
            q.setInt(1, 1);
            try (ResultSet rs = q.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("NAME")).isEqualTo("one");
                assertThat(rs.getMetaData().getColumnLabel(1)).isEqualTo("NAME");
                assertThat(rs.next()).isFalse();
            }
            assertThatThrownBy(() -> q.executeUpdate()).satisfies(e -> assertThat(state(e)).isEqualTo("07003"));
        }
    }

    @Test
    void resultMetaDataTracesColumnsToTheirTable() throws SQLException {
        try (Connection c = DriverManager.getConnection(url("meta"))) {
            c.createStatement().execute("CREATE TABLE t(id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20) NOT NULL,"
                    + " price DECIMAL(8,2))");
            ResultSet rs = c.createStatement().executeQuery("SELECT id, name AS n, price * 2 AS twice FROM t");
            java.sql.ResultSetMetaData md = rs.getMetaData();
            assertThat(md.getColumnCount()).isEqualTo(3);
            assertThat(md.getTableName(1)).isEqualTo("T");
            assertThat(md.getSchemaName(1)).isEqualTo("PUBLIC");
            assertThat(md.getCatalogName(1)).isEqualTo("META");
            assertThat(md.isAutoIncrement(1)).isTrue();
            assertThat(md.getColumnLabel(2)).isEqualTo("N");
            assertThat(md.getColumnName(2)).isEqualTo("NAME");
            assertThat(md.isNullable(2)).isEqualTo(java.sql.ResultSetMetaData.columnNoNulls);
            assertThat(md.getColumnType(2)).isEqualTo(java.sql.Types.VARCHAR);
            assertThat(md.getPrecision(2)).isEqualTo(20);
            assertThat(md.getTableName(3)).isEmpty();
            assertThat(md.getCatalogName(3)).isEmpty();
            assertThat(md.isNullable(3)).isEqualTo(java.sql.ResultSetMetaData.columnNullableUnknown);
            assertThatThrownBy(() -> md.getColumnType(4)).satisfies(e -> assertThat(state(e)).isEqualTo("07009"));
        }
    }

    @Test
    void batchesReportPerRowCountsAndStopAtTheFirstFailure() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:bstack:mem:")) {
            c.createStatement().execute("CREATE TABLE t(id INT PRIMARY KEY)");
            PreparedStatement ins = c.prepareStatement("INSERT INTO t VALUES (?)");
            for (int i : new int[] {1, 2, 2, 3}) {
                ins.setInt(1, i);
                ins.addBatch();
            }
            assertThatThrownBy(ins::executeBatch).isInstanceOf(BatchUpdateException.class)
                    .satisfies(e -> assertThat(((BatchUpdateException) e).getUpdateCounts()).containsExactly(1, 1))
                    .satisfies(e -> assertThat(state(e)).isEqualTo("23505"));
            Statement s = c.createStatement();
            s.addBatch("INSERT INTO t VALUES (10)");
            s.addBatch("UPDATE t SET id = id + 100 WHERE id < 3");
            assertThat(s.executeLargeBatch()).containsExactly(1L, 2L);
        }
    }

    @Test
    void generatedKeysByFlagNamesAndPositions() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:bstack:mem:")) {
            c.createStatement().execute("CREATE TABLE t(id BIGINT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(5))");
            Statement s = c.createStatement();
            s.executeUpdate("INSERT INTO t(v) VALUES ('a'), ('b')", Statement.RETURN_GENERATED_KEYS);
            ResultSet keys = s.getGeneratedKeys();
            assertThat(keys.next()).isTrue();
            assertThat(keys.getLong(1)).isEqualTo(1);
            assertThat(keys.next()).isTrue();
            assertThat(keys.getLong("ID")).isEqualTo(2);
            PreparedStatement p = c.prepareStatement("INSERT INTO t(v) VALUES (?)", new String[] {"v", "id"});
            p.setString(1, "c");
            p.executeUpdate();
            keys = p.getGeneratedKeys();
            assertThat(keys.next()).isTrue();
            assertThat(keys.getString(1)).isEqualTo("c");
            assertThat(keys.getLong(2)).isEqualTo(3);
            s.executeUpdate("DELETE FROM t WHERE id = 1");
            assertThat(s.getGeneratedKeys().next()).isFalse();
        }
    }

    @Test
    void transactionsSavepointsAndTheNoOpRules() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:bstack:mem:")) {
            Statement s = c.createStatement();
            s.execute("CREATE TABLE t(x INT)");
            c.commit(); // auto-commit, nothing pending: a no-op, not an error
            c.rollback();
            assertThat(c.getAutoCommit()).isTrue();
            c.setAutoCommit(false);
            c.commit(); // nothing pending: a no-op
            c.rollback();
            s.execute("INSERT INTO t VALUES (1)");
            Savepoint sp = c.setSavepoint();
            s.execute("INSERT INTO t VALUES (2)");
            Savepoint named = c.setSavepoint("after_two");
            assertThat(named.getSavepointName()).isEqualTo("after_two");
            s.execute("INSERT INTO t VALUES (3)");
            c.rollback(sp);
            c.commit();
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
            assertThatThrownBy(() -> c.rollback(sp)).satisfies(e -> assertThat(state(e)).isEqualTo("3B001"));
        }
    }

    @Test
    void resultsHoldOverCommitByDefault() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:bstack:mem:")) {
            c.createStatement().execute("CREATE TABLE t(x INT)");
            c.createStatement().execute("INSERT INTO t VALUES (1), (2), (3)");
            c.setAutoCommit(false);
            ResultSet rs = c.createStatement().executeQuery("SELECT x FROM t ORDER BY x");
            assertThat(rs.next()).isTrue();
            c.createStatement().execute("INSERT INTO t VALUES (4)");
            c.commit();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(2);
            assertThat(rs.next()).isTrue();
            assertThat(rs.next()).isFalse();
            ResultSet closing = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY,
                    ResultSet.CLOSE_CURSORS_AT_COMMIT).executeQuery("SELECT x FROM t");
            c.commit();
            assertThat(closing.isClosed()).isTrue();
        }
    }

    @Test
    void queryTimeoutStopsALongQueryAndCancelFromAnotherThreadToo() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:bstack:mem:")) {
            Statement s = c.createStatement();
            s.execute("CREATE TABLE t(x INT)");
            StringBuilder sb = new StringBuilder("INSERT INTO t VALUES (0)");
            for (int i = 1; i < 300; i++) {
                sb.append(",(").append(i).append(')');
            }
            s.execute(sb.toString());
            String slow = "SELECT COUNT(*) FROM t a, t b, t c WHERE a.x + b.x + c.x = -1";
            s.setQueryTimeout(1);
            long start = System.nanoTime();
            assertThatThrownBy(() -> s.executeQuery(slow)).isInstanceOf(SQLTimeoutException.class);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(6_000);
            Statement t = c.createStatement();
            CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
                try {
                    t.executeQuery(slow);
                } catch (SQLException e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(200);
            t.cancel();
            assertThatThrownBy(() -> run.get(10, TimeUnit.SECONDS))
                    .satisfies(e -> assertThat(state(e.getCause().getCause())).isEqualTo("HY008"));
            assertThat(c.isValid(1)).isTrue();
        }
    }

    @Test
    void theNetworkTimeoutBoundsALockWaitAndClosesTheConnection() throws SQLException {
        String u = url("net") + ";lockTimeout=60000";
        try (Connection holder = DriverManager.getConnection(u); Connection waiter = DriverManager.getConnection(u)) {
            holder.createStatement().execute("CREATE TABLE t(x INT)");
            holder.setAutoCommit(false);
            holder.createStatement().execute("INSERT INTO t VALUES (1)");
            waiter.setNetworkTimeout(Executors.newSingleThreadExecutor(), 200);
            long start = System.nanoTime();
            assertThatThrownBy(() -> waiter.createStatement().execute("INSERT INTO t VALUES (2)"))
                    .isInstanceOf(SQLNonTransientConnectionException.class)
                    .satisfies(e -> assertThat(state(e)).isEqualTo("08S01"));
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(150L, 5_000L);
            assertThat(waiter.isClosed()).isTrue();
            assertThat(waiter.isValid(1)).isFalse();
            holder.commit();
        }
    }

    @Test
    void abortClosesAtOnceAndRollsBack() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:bstack:mem:abort")) {
            c.createStatement().execute("CREATE TABLE t(x INT)");
            Connection victim = DriverManager.getConnection("jdbc:bstack:mem:abort");
            victim.setAutoCommit(false);
            victim.createStatement().execute("INSERT INTO t VALUES (1)");
            victim.abort(Runnable::run);
            assertThat(victim.isClosed()).isTrue();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
            c.createStatement().execute("INSERT INTO t VALUES (2)"); // the write lock was released
            c.createStatement().execute("SHUTDOWN");
        }
    }

    @Test
    void readOnlyConnectionsRefuseWrites() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:bstack:mem:")) {
            c.createStatement().execute("CREATE TABLE t(x INT)");
            c.setReadOnly(true);
            assertThat(c.isReadOnly()).isTrue();
            assertThatThrownBy(() -> c.createStatement().execute("INSERT INTO t VALUES (1)"))
                    .satisfies(e -> assertThat(state(e)).isEqualTo("25006"));
            c.setReadOnly(false);
            c.createStatement().execute("INSERT INTO t VALUES (1)");
        }
    }

    @Test
    void closedObjectsRefuseCalls() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:bstack:mem:");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("VALUES (1)");
        rs.close();
        assertThatThrownBy(rs::next).satisfies(e -> assertThat(state(e)).isEqualTo("24000"));
        s.close();
        assertThatThrownBy(() -> s.execute("VALUES (1)")).satisfies(e -> assertThat(state(e)).isEqualTo("HY010"));
        c.close();
        c.close(); // twice is fine
        assertThatThrownBy(c::createStatement).satisfies(e -> assertThat(state(e)).isEqualTo("08003"));
        assertThat(c.isValid(0)).isFalse();
    }
}
