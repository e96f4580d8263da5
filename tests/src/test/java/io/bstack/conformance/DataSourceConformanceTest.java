package io.bstack.conformance;

import static io.bstack.conformance.Jdbc.count;
import static io.bstack.conformance.Jdbc.exec;
import static io.bstack.conformance.Jdbc.fails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.jdbc.BStackDataSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import javax.sql.ConnectionEvent;
import javax.sql.ConnectionEventListener;
import javax.sql.DataSource;
import javax.sql.PooledConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DataSource, ConnectionPoolDataSource with its events, and java.sql.Driver. */
class DataSourceConformanceTest {
    @TempDir
    Path dir;

    static final class Events implements ConnectionEventListener {
        final List<String> seen = new ArrayList<>();
        final List<SQLException> errors = new ArrayList<>();

        @Override
        public void connectionClosed(ConnectionEvent event) {
            seen.add("closed");
        }

        @Override
        public void connectionErrorOccurred(ConnectionEvent event) {
            seen.add("error");
            errors.add(event.getSQLException());
        }
    }

    @Test
    void beanPropertiesRoundTripAndReachTheConnection() throws Exception {
        BStackDataSource ds = new BStackDataSource();
        fails("HY024", ds::getConnection);
        ds.setDatabaseName(dir.resolve("beans").toString());
        assertThat(ds.getUrl()).isEqualTo("jdbc:bstack:" + dir.resolve("beans"));
        assertThat(ds.getDatabaseName()).isEqualTo(dir.resolve("beans").toString());
        ds.setURL("jdbc:bstack:" + dir.resolve("beans"));
        assertThat(ds.getURL()).isEqualTo(ds.getUrl());
        ds.setSync("off");
        assertThat(ds.getSync()).isEqualTo("off");
        ds.setLockTimeout(1234);
        assertThat(ds.getLockTimeout()).isEqualTo(1234);
        ds.setPageSize(8192);
        assertThat(ds.getPageSize()).isEqualTo(8192);
        ds.setCacheSize(2048);
        assertThat(ds.getCacheSize()).isEqualTo(2048);
        ds.setCloseDelay(0);
        assertThat(ds.getCloseDelay()).isZero();
        ds.setCreateIfMissing(true);
        assertThat(ds.isCreateIfMissing()).isTrue();
        ds.setUser("sa");
        assertThat(ds.getUser()).isEqualTo("sa");
        ds.setPassword("ignored");
        ds.setLoginTimeout(5);
        assertThat(ds.getLoginTimeout()).isEqualTo(5);
        ds.setLogWriter(null);
        assertThat(ds.getLogWriter()).isNull();
        assertThat(ds.getParentLogger()).isNotNull();
        assertThat(ds.isWrapperFor(DataSource.class)).isTrue();
        assertThat(ds.unwrap(BStackDataSource.class)).isSameAs(ds);
        fails("HY024", () -> ds.unwrap(Connection.class));
        fails("HY009", () -> ds.unwrap(null));
        try (Connection c = ds.getConnection(); Connection d = ds.getConnection("u", "p")) {
            exec(c, "CREATE TABLE t(x INT)", "INSERT INTO t VALUES (1)");
            assertThat(count(d, "t")).isEqualTo(1);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(ds);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            BStackDataSource copy = (BStackDataSource) in.readObject();
            assertThat(copy.getUrl()).isEqualTo(ds.getUrl());
            assertThat(copy.getSync()).isEqualTo("off");
        }
        ds.setReadOnly(true);
        assertThat(ds.isReadOnly()).isTrue();
        try (Connection c = ds.getConnection()) {
            assertThat(c.isReadOnly()).isTrue();
            fails("25006", () -> exec(c, "INSERT INTO t VALUES (2)"));
        }
        ds.setSync("sometimes");
        assertThatThrownBy(ds::getConnection).isInstanceOf(SQLException.class).hasMessageContaining("sync");
    }

    @Test
    void pooledConnectionHandlesSendClosedAndErrorEvents() throws SQLException {
        BStackDataSource ds = new BStackDataSource();
        ds.setUrl("jdbc:bstack:" + dir.resolve("pool") + ";lockTimeout=30000");
        PooledConnection pc = ds.getPooledConnection();
        Events events = new Events();
        pc.addConnectionEventListener(events);
        Connection h = pc.getConnection();
        exec(h, "CREATE TABLE t(x INT PRIMARY KEY)");
        h.setAutoCommit(false);
        exec(h, "INSERT INTO t VALUES (1)");
        fails("23505", () -> exec(h, "INSERT INTO t VALUES (1)"));
        assertThat(events.seen).as("only class 08 is an error event").isEmpty();
        h.close();
        h.close(); // once only
        assertThat(events.seen).containsExactly("closed");
        assertThat(h.isClosed()).isTrue();
        fails("08003", h::createStatement);
        assertThatThrownBy(() -> h.setClientInfo("ApplicationName", "x")).isInstanceOf(SQLClientInfoException.class);
        Connection h2 = pc.getConnection();
        java.sql.Statement st = h2.createStatement();
        assertThat(st.getConnection()).as("statements lead back to the handle, not the physical connection")
                .isSameAs(h2);
        java.sql.ResultSet rs = st.executeQuery("VALUES (1)");
        assertThat(rs.getStatement()).isSameAs(st);
        assertThat(st.getResultSet()).isSameAs(rs);
        rs.close();
        java.sql.Statement kept = h2.createStatement();
        assertThat(h2.getAutoCommit()).as("a new handle starts in auto-commit").isTrue();
        assertThat(count(h2, "t")).as("the old handle's work was rolled back").isZero();
        Connection h3 = pc.getConnection();
        assertThat(h2.isClosed()).as("a new handle closes the previous one").isTrue();
        assertThat(kept.isClosed()).as("with the statements made through it").isTrue();
        fails("08003", () -> kept.execute("INSERT INTO t VALUES (9)"));
        kept.close();

        // an 08 failure: the network timeout passes while waiting for the write lock
        try (Connection writer = ds.getConnection()) {
            writer.setAutoCommit(false);
            exec(writer, "INSERT INTO t VALUES (5)");
            h3.setNetworkTimeout(Runnable::run, 200);
            fails("08S01", () -> exec(h3, "INSERT INTO t VALUES (6)"));
            writer.rollback();
        }
        assertThat(events.seen).containsExactly("closed", "error");
        assertThat(events.errors.get(0).getSQLState()).isEqualTo("08S01");
        fails("08003", pc::getConnection);
        pc.removeConnectionEventListener(events);
        pc.close();
    }

    @Test
    void everyMethodOfAClosedPooledHandleFailsWith08003() throws SQLException {
        BStackDataSource ds = new BStackDataSource();
        ds.setUrl("jdbc:bstack:mem:");
        PooledConnection pc = ds.getPooledConnection();
        Connection h = pc.getConnection();
        h.close();
        List<String> problems = new ArrayList<>();
        Set<String> allowed = Set.of("close", "isClosed", "isValid", "abort", "beginRequest", "endRequest");
        for (Method m : ReflectiveConformanceTest.methods(Connection.class)) {
            Throwable t = ReflectiveConformanceTest.call(h, m,
                    ReflectiveConformanceTest.args(m, ReflectiveConformanceTest.Args.PLAUSIBLE));
            if (allowed.contains(m.getName())) {
                if (t != null && !(t instanceof SQLException)) {
                    problems.add(m + ": " + t);
                }
            } else if (!(t instanceof SQLException q) || !"08003".equals(q.getSQLState())) {
                problems.add(m + ": " + t);
            }
        }
        assertThat(problems).isEmpty();
        pc.close();
    }

    @Test
    void dataSourceAndPooledConnectionMethodsWithBadArgumentsThrowOnlySqlExceptions() throws SQLException {
        List<String> problems = new ArrayList<>();
        for (ReflectiveConformanceTest.Args kind : ReflectiveConformanceTest.Args.values()) {
            for (Method m : BStackDataSource.class.getMethods()) {
                if (m.getDeclaringClass() == Object.class || java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
                    continue;
                }
                BStackDataSource ds = new BStackDataSource();
                ds.setUrl("jdbc:bstack:mem:");
                Throwable t = ReflectiveConformanceTest.call(ds, m, ReflectiveConformanceTest.args(m, kind));
                if (t != null && !(t instanceof SQLException)) {
                    problems.add(kind + " " + m + ": " + t);
                }
            }
            for (Method m : ReflectiveConformanceTest.methods(PooledConnection.class)) {
                BStackDataSource ds = new BStackDataSource();
                ds.setUrl("jdbc:bstack:mem:");
                PooledConnection pc = ds.getPooledConnection();
                Throwable t = ReflectiveConformanceTest.call(pc, m, ReflectiveConformanceTest.args(m, kind));
                if (t != null && !(t instanceof SQLException)) {
                    problems.add(kind + " " + m + ": " + t);
                }
                try {
                    pc.getConnection().close(); // listeners (even a null one) are told, without failing
                } catch (SQLException | RuntimeException e) {
                    if (!(e instanceof SQLException)) {
                        problems.add(kind + " after " + m + ": " + e);
                    }
                }
                pc.close();
            }
        }
        assertThat(problems).isEmpty();
    }


    @Test
    void theDriverAcceptsItsUrlsOnlyAndDescribesItsOptions() throws SQLException {
        Driver d = DriverManager.getDriver("jdbc:bstack:mem:");
        assertThat(d.acceptsURL("jdbc:bstack:mem:")).isTrue();
        assertThat(d.acceptsURL("jdbc:h2:mem:")).isFalse();
        assertThat(d.connect("jdbc:h2:mem:", new Properties())).as("not ours: null").isNull();
        assertThat(d.getMajorVersion()).isNotNegative();
        assertThat(d.getMinorVersion()).isNotNegative();
        assertThat(d.jdbcCompliant()).isFalse();
        assertThat(d.getParentLogger()).isNotNull();
        DriverPropertyInfo[] info = d.getPropertyInfo("jdbc:bstack:mem:", new Properties());
        assertThat(info).extracting(i -> i.name).contains("sync", "pageSize", "lockTimeout");
        fails("HY024", () -> d.connect("jdbc:bstack:mem:;nosuch=1", new Properties()));
        try (Connection c = d.connect("jdbc:bstack:mem:", null)) {
            assertThat(c.isValid(1)).isTrue();
        }
        Properties odd = new Properties();
        odd.put("sync", 5); // not a String: Properties hides it from getProperty; no ClassCastException
        try (Connection c = d.connect("jdbc:bstack:mem:", odd)) {
            assertThat(c.isValid(1)).isTrue();
        }
        assertThatThrownBy(() -> d.acceptsURL(null)).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> d.connect(null, new Properties())).isInstanceOf(SQLException.class);
    }
}
