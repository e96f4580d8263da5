package io.bstack.conformance;

import static io.bstack.conformance.Jdbc.count;
import static io.bstack.conformance.Jdbc.exec;
import static io.bstack.conformance.Jdbc.fails;
import static io.bstack.conformance.Jdbc.mem;
import static io.bstack.conformance.Jdbc.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.Reader;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLWarning;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** java.sql.Connection: transactions, savepoints, isolation, holdability, state, client info, timeouts, LOBs. */
class ConnectionConformanceTest {
    private static final Executor DIRECT = Runnable::run;

    @Test
    void everyIsolationLevelIsReportedAsSerializableWeakerOnesWithAWarning() throws SQLException {
        try (Connection c = mem()) {
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
            assertThat((Throwable) c.getWarnings()).isNull();
            for (int level : new int[] {Connection.TRANSACTION_READ_UNCOMMITTED, Connection.TRANSACTION_READ_COMMITTED,
                    Connection.TRANSACTION_REPEATABLE_READ, Connection.TRANSACTION_SERIALIZABLE}) {
                c.setTransactionIsolation(level);
                assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
            }
            SQLWarning w = c.getWarnings();
            assertThat((Throwable) w).isNotNull();
            int n = 0;
            for (SQLWarning x = w; x != null; x = x.getNextWarning()) {
                n++;
                assertThat(x.getMessage()).contains("SERIALIZABLE");
            }
            assertThat(n).as("one warning per weaker level, chained").isEqualTo(3);
            c.clearWarnings();
            assertThat((Throwable) c.getWarnings()).isNull();
            fails("HY024", () -> c.setTransactionIsolation(Connection.TRANSACTION_NONE));
            fails("HY024", () -> c.setTransactionIsolation(3));
            fails("HY024", () -> c.setTransactionIsolation(-1));
        }
    }

    @Test
    void autoCommitCommitAndRollback() throws SQLException {
        try (Connection c = mem()) {
            exec(c, "CREATE TABLE t(x INT)");
            c.commit(); // nothing pending in auto-commit: a no-op, not an error (the rule, H2's)
            c.rollback();
            exec(c, "INSERT INTO t VALUES (0)");
            c.rollback(); // auto-commit already committed it
            try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
                rs.next();
                org.assertj.core.api.Assertions.assertThat(rs.getLong(1)).isEqualTo(1);
            }
            exec(c, "DELETE FROM t");
            c.setAutoCommit(false);
            exec(c, "INSERT INTO t VALUES (1)");
            c.rollback();
            assertThat(count(c, "t")).isZero();
            exec(c, "INSERT INTO t VALUES (2)");
            c.setAutoCommit(true); // commits what is pending
            c.setAutoCommit(true); // no change: no-op
            assertThat(count(c, "t")).isEqualTo(1);
            try (Connection other = c.unwrap(Connection.class)) {
                assertThat(other).isSameAs(c);
            }
        }
    }

    @Test
    void savepointsNamedAndUnnamedRollbackToAndRelease() throws SQLException {
        try (Connection c = mem()) {
            exec(c, "CREATE TABLE t(x INT)");
            fails("3B001", c::setSavepoint);
            fails("3B001", () -> c.setSavepoint("a"));
            c.setAutoCommit(false);
            Savepoint unnamed = c.setSavepoint();
            assertThat(unnamed.getSavepointId()).isPositive();
            assertThatThrownBy(unnamed::getSavepointName).isInstanceOf(SQLException.class);
            exec(c, "INSERT INTO t VALUES (1)");
            Savepoint named = c.setSavepoint("after_one");
            assertThat(named.getSavepointName()).isEqualTo("after_one");
            assertThatThrownBy(named::getSavepointId).isInstanceOf(SQLException.class);
            exec(c, "INSERT INTO t VALUES (2)");
            c.rollback(named);
            assertThat(count(c, "t")).isEqualTo(1);
            exec(c, "INSERT INTO t VALUES (3)");
            c.releaseSavepoint(named);
            fails("3B001", () -> c.rollback(named));
            c.rollback(unnamed);
            assertThat(count(c, "t")).isZero();
            fails("3B001", () -> c.rollback((Savepoint) null));
            fails("3B001", () -> c.releaseSavepoint(null));
            fails("HY009", () -> c.setSavepoint(null));
            Savepoint foreign = new Savepoint() {
                @Override
                public int getSavepointId() {
                    return 1;
                }

                @Override
                public String getSavepointName() {
                    return "x";
                }
            };
            fails("3B001", () -> c.rollback(foreign));
            Savepoint again = c.setSavepoint("s");
            c.commit();
            fails("3B001", () -> c.rollback(again));
            Savepoint last = c.setSavepoint("last");
            c.setAutoCommit(true);
            fails("3B001", () -> c.rollback(again));
            fails("3B001", () -> c.rollback(last));
            fails("3B001", () -> c.releaseSavepoint(last));
        }
    }

    @Test
    void holdabilityHoldKeepsAResultOverCommitCloseClosesIt() throws SQLException {
        try (Connection c = mem()) {
            exec(c, "CREATE TABLE t(x INT)", "INSERT INTO t VALUES (1), (2), (3)");
            assertThat(c.getHoldability()).isEqualTo(ResultSet.HOLD_CURSORS_OVER_COMMIT);
            c.setAutoCommit(false);
            ResultSet held = c.createStatement().executeQuery("SELECT x FROM t ORDER BY x");
            assertThat(held.next()).isTrue();
            assertThat(held.getHoldability()).isEqualTo(ResultSet.HOLD_CURSORS_OVER_COMMIT);
            c.setHoldability(ResultSet.CLOSE_CURSORS_AT_COMMIT);
            assertThat(c.getHoldability()).isEqualTo(ResultSet.CLOSE_CURSORS_AT_COMMIT);
            Statement closing = c.createStatement();
            assertThat(closing.getResultSetHoldability()).isEqualTo(ResultSet.CLOSE_CURSORS_AT_COMMIT);
            ResultSet closed = closing.executeQuery("SELECT x FROM t");
            assertThat(closed.next()).isTrue();
            exec(c, "INSERT INTO t VALUES (4)");
            c.commit();
            assertThat(closed.isClosed()).isTrue();
            fails("24000", closed::next);
            assertThat(held.isClosed()).isFalse();
            assertThat(held.next()).isTrue();
            assertThat(held.getInt(1)).isEqualTo(2);
            assertThat(held.next()).isTrue();
            assertThat(held.next()).as("the row inserted later is not in the held result").isFalse();
            fails("HY024", () -> c.setHoldability(0));
            fails("HY024", () -> c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, 7));
        }
    }

    @Test
    void readOnlyRefusesWritesWith25006() throws SQLException {
        try (Connection c = mem()) {
            exec(c, "CREATE TABLE t(x INT)");
            assertThat(c.isReadOnly()).isFalse();
            c.setReadOnly(true);
            assertThat(c.isReadOnly()).isTrue();
            fails("25006", () -> exec(c, "INSERT INTO t VALUES (1)"));
            fails("25006", () -> exec(c, "CREATE TABLE u(x INT)"));
            assertThat(count(c, "t")).as("reads are fine").isZero();
            PreparedStatement p = c.prepareStatement("UPDATE t SET x = ?");
            p.setInt(1, 1);
            fails("25006", p::executeUpdate);
            c.setReadOnly(false);
            exec(c, "INSERT INTO t VALUES (1)");
            assertThat(count(c, "t")).isEqualTo(1);
        }
    }

    @Test
    void schemaAndCatalog() throws SQLException {
        try (Connection c = mem()) {
            assertThat(c.getSchema()).isEqualTo("PUBLIC");
            exec(c, "CREATE SCHEMA other", "CREATE TABLE other.t(x INT)");
            c.setSchema("OTHER");
            assertThat(c.getSchema()).isEqualTo("OTHER");
            assertThat(count(c, "t")).isZero();
            fails("3F000", () -> c.setSchema("NOSUCH"));
            assertThat(c.getSchema()).isEqualTo("OTHER");
            fails("HY009", () -> c.setSchema(null));
            String catalog = c.getCatalog();
            c.setCatalog("ELSEWHERE"); // ignored: one catalog per database
            assertThat(c.getCatalog()).isEqualTo(catalog);
        }
    }

    @Test
    void clientInfoKnowsThreeNamesAndRefusesOthers() throws SQLException {
        try (Connection c = mem()) {
            c.setClientInfo("ApplicationName", "suite");
            assertThat(c.getClientInfo("ApplicationName")).isEqualTo("suite");
            assertThat(c.getClientInfo().getProperty("ApplicationName")).isEqualTo("suite");
            assertThat(c.getClientInfo("ClientUser")).isNull();
            c.setClientInfo("ApplicationName", null);
            assertThat(c.getClientInfo("ApplicationName")).isNull();
            SQLClientInfoException e = (SQLClientInfoException) fails("HY024", () -> c.setClientInfo("Nope", "x"));
            assertThat(e.getFailedProperties()).containsKey("Nope");
            Properties p = new Properties();
            p.setProperty("ClientUser", "u");
            p.setProperty("Bad", "b");
            e = (SQLClientInfoException) fails("HY024", () -> c.setClientInfo(p));
            assertThat(e.getFailedProperties()).containsOnlyKeys("Bad");
            assertThat(c.getClientInfo("ClientUser")).as("all or nothing").isNull();
            Properties good = new Properties();
            good.setProperty("ClientHostname", "h");
            c.setClientInfo(good);
            assertThat(c.getClientInfo()).containsOnlyKeys("ClientHostname");
            assertThatThrownBy(() -> c.setClientInfo((Properties) null)).isInstanceOf(SQLClientInfoException.class);
            fails("HY009", () -> c.getClientInfo(null));
        }
        Connection closed = mem();
        closed.close();
        assertThatThrownBy(() -> closed.setClientInfo("ApplicationName", "x")).isInstanceOf(SQLClientInfoException.class);
        fails("08003", () -> closed.getClientInfo("ApplicationName"));
    }

    @Test
    void networkTimeoutValidatesAndItsExpiryClosesTheConnectionWith08S01() throws Exception {
        try (Connection c = mem()) {
            assertThat(c.getNetworkTimeout()).isZero();
            fails("HY024", () -> c.setNetworkTimeout(DIRECT, -1));
            fails("HY009", () -> c.setNetworkTimeout(null, 100));
            exec(c, "CREATE TABLE t(x INT)");
            StringBuilder sb = new StringBuilder("INSERT INTO t VALUES (0)");
            for (int i = 1; i < 300; i++) {
                sb.append(",(").append(i).append(')');
            }
            exec(c, sb.toString());
            c.setNetworkTimeout(DIRECT, 200);
            assertThat(c.getNetworkTimeout()).isEqualTo(200);
            SQLException e = fails("08S01", () -> exec(c, "SELECT COUNT(*) FROM t a, t b, t c WHERE a.x + b.x = c.x"));
            assertThat((Throwable) e).isInstanceOf(SQLNonTransientConnectionException.class);
            assertThat(c.isClosed()).isTrue();
            fails("08003", c::createStatement);
        }
    }

    @Test
    void isValidAndAbort() throws SQLException {
        Connection c = mem();
        assertThat(c.isValid(0)).isTrue();
        assertThat(c.isValid(5)).isTrue();
        fails("HY024", () -> c.isValid(-1));
        fails("HY009", () -> c.abort(null));
        assertThat(c.isClosed()).isFalse();
        c.abort(DIRECT);
        assertThat(c.isClosed()).isTrue();
        assertThat(c.isValid(0)).isFalse();
        c.abort(DIRECT); // again: a no-op
        c.close();
        fails("08003", c::getAutoCommit);
    }

    @Test
    void lobsTheConnectionCreatesAreUsableAsParameters() throws Exception {
        try (Connection c = mem()) {
            exec(c, "CREATE TABLE t(id INT PRIMARY KEY, b BLOB, c CLOB, n CLOB)");
            Blob b = c.createBlob();
            assertThat(b.length()).isZero();
            assertThat(b.setBytes(1, new byte[] {1, 2, 3})).isEqualTo(3);
            Clob text = c.createClob();
            assertThat(text.setString(1, "héllo")).isEqualTo(5);
            NClob ntext = c.createNClob();
            ntext.setString(1, "日本");
            PreparedStatement p = c.prepareStatement("INSERT INTO t VALUES (1, ?, ?, ?)");
            p.setBlob(1, b);
            p.setClob(2, text);
            p.setNClob(3, ntext);
            assertThat(p.executeUpdate()).isEqualTo(1);
            try (ResultSet rs = c.createStatement().executeQuery("SELECT b, c, n FROM t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBytes(1)).containsExactly(1, 2, 3);
                assertThat(rs.getString(2)).isEqualTo("héllo");
                assertThat(rs.getNString(3)).isEqualTo("日本");
                try (InputStream in = rs.getBlob(1).getBinaryStream(); Reader r = rs.getClob(2).getCharacterStream()) {
                    assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
                    assertThat(r.read()).isEqualTo('h');
                }
            }
        }
    }

    @Test
    void xmlArraysAndStructsAreNotSupported() throws SQLException {
        try (Connection c = mem()) {
            assertThatThrownBy(c::createSQLXML).isInstanceOf(SQLFeatureNotSupportedException.class);
            fails("0A000", c::createSQLXML);
            fails("0A000", () -> c.createArrayOf("INTEGER", new Object[] {1}));
            fails("0A000", () -> c.createStruct("T", new Object[] {1}));
            assertThat(c.getTypeMap()).isEmpty();
            c.setTypeMap(new HashMap<>());
            Map<String, Class<?>> udt = new HashMap<>();
            udt.put("T", String.class);
            fails("0A000", () -> c.setTypeMap(udt));
            fails("HY009", () -> c.setTypeMap(null));
        }
    }

    @Test
    void nativeSqlTranslatesEscapes() throws SQLException {
        try (Connection c = mem()) {
            assertThat(c.nativeSQL("SELECT 1")).isEqualTo("SELECT 1");
            assertThat(one(c, c.nativeSQL("SELECT {fn UCASE('a')}"))).isEqualTo("A");
            assertThat(one(c, "SELECT {fn UCASE('a')}")).as("escape processing is on").isEqualTo("A");
            assertThat(one(c, "SELECT {fn CONCAT('a', 'b')}")).isEqualTo("ab");
            assertThat(c.nativeSQL("SELECT {d '2020-01-02'}")).contains("DATE '2020-01-02'");
            assertThat(one(c, "SELECT {d '2020-01-02'}").toString()).isEqualTo("2020-01-02");
            assertThat(c.nativeSQL("SELECT {t '10:11:12'}")).contains("TIME '10:11:12'");
            assertThat(c.nativeSQL("SELECT {ts '2020-01-02 10:11:12.5'}"))
                    .contains("TIMESTAMP '2020-01-02 10:11:12.5'");
            assertThat(one(c, "SELECT {ts '2020-01-02 10:11:12.5'}").toString()).startsWith("2020-01-02");
            exec(c, "CREATE TABLE a(x INT)", "CREATE TABLE b(x INT)", "INSERT INTO a VALUES (1), (2)",
                    "INSERT INTO b VALUES (1)");
            assertThat(c.nativeSQL("SELECT * FROM {oj a LEFT OUTER JOIN b ON a.x = b.x}")).doesNotContain("{");
            assertThat(one(c, "SELECT COUNT(*) FROM {oj a LEFT OUTER JOIN b ON a.x = b.x}")).isEqualTo(2L);
            assertThat(c.nativeSQL("SELECT 'x' LIKE 'x\\_' {escape '\\'}")).contains("ESCAPE '\\'");
            assertThat(one(c, "SELECT 'a_' LIKE 'a\\_' {escape '\\'}")).isEqualTo(true);
            assertThat(one(c, "SELECT 'ab' LIKE 'a\\_' {escape '\\'}")).isEqualTo(false);
            assertThat(c.nativeSQL("SELECT '{d not an escape}'")).as("quoted text is left alone")
                    .isEqualTo("SELECT '{d not an escape}'");
            fails("HY009", () -> c.nativeSQL(null));
            assertThatThrownBy(() -> c.nativeSQL("SELECT {fn UCASE('a')")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> c.nativeSQL("SELECT {nosuch 1}")).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void statementFactoriesCheckTheirArguments() throws SQLException {
        try (Connection c = mem()) {
            fails("HY024", () -> c.createStatement(1234, ResultSet.CONCUR_READ_ONLY));
            fails("HY024", () -> c.createStatement(ResultSet.TYPE_FORWARD_ONLY, 99));
            fails("HY024", () -> c.prepareStatement("VALUES (1)", 1234, ResultSet.CONCUR_READ_ONLY));
            fails("HY024", () -> c.prepareCall("VALUES (1)", ResultSet.TYPE_FORWARD_ONLY, 99));
            fails("HY024", () -> c.prepareStatement("VALUES (1)", 42));
            fails("HY024", () -> c.prepareStatement("VALUES (1)", new int[0]));
            fails("HY024", () -> c.prepareStatement("VALUES (1)", (String[]) null));
            fails("HY009", () -> c.prepareStatement(null));
            fails("HY009", () -> c.prepareCall(null));
            assertThatThrownBy(() -> c.prepareStatement("SELEC 1")).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("42"));
            Statement sensitive = c.createStatement(ResultSet.TYPE_SCROLL_SENSITIVE, ResultSet.CONCUR_READ_ONLY);
            assertThat(sensitive.getResultSetType()).isEqualTo(ResultSet.TYPE_SCROLL_INSENSITIVE);
            assertThat((Throwable) c.getWarnings()).as("downgraded with a warning").isNotNull();
        }
    }

    @Test
    void closingTheConnectionClosesItsStatementsAndResultsAndRollsBack() throws SQLException {
        Connection c = mem();
        exec(c, "CREATE TABLE t(x INT)");
        c.setAutoCommit(false);
        Statement s = c.createStatement();
        s.execute("INSERT INTO t VALUES (1)");
        ResultSet rs = c.createStatement().executeQuery("SELECT x FROM t");
        c.close();
        assertThat(s.isClosed()).isTrue();
        assertThat(rs.isClosed()).isTrue();
        fails("08003", c::getMetaData);
        assertThat(c.toString()).contains("closed");
    }
}
