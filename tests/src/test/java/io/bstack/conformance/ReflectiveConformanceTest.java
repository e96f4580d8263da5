package io.bstack.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URL;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.Date;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * Every public method of Connection, Statement, PreparedStatement, CallableStatement and ResultSet,
 * called by reflection: on closed objects (each must fail with a SQLException of the closed state,
 * except the few JDBC allows on closed objects) and on open objects with null, negative, huge and
 * plausible arguments (each may succeed or fail, but only with a SQLException: never a
 * NullPointerException, ClassCastException, IndexOutOfBoundsException...).
 */
class ReflectiveConformanceTest {
    /** Allowed on closed objects: JDBC says so, or they are pure default methods of the interface. */
    private static final Set<String> ALLOWED_ON_CLOSED = Set.of("close", "isClosed", "isValid", "abort", "unwrap",
            "isWrapperFor", "beginRequest", "endRequest", "enquoteLiteral", "enquoteIdentifier",
            "isSimpleIdentifier", "enquoteNCharLiteral");

    /** Default methods of Statement whose javadoc specifies NullPointerException for a null argument. */
    private static final Set<String> JDK_NULL_POINTER = Set.of("enquoteLiteral", "enquoteIdentifier",
            "isSimpleIdentifier", "enquoteNCharLiteral");

    enum Args {
        PLAUSIBLE, NULLS_AND_NEGATIVES, HUGE
    }

    static List<Method> methods(Class<?> iface) {
        List<Method> out = new ArrayList<>();
        for (Method m : iface.getMethods()) {
            if (!Modifier.isStatic(m.getModifiers())) {
                out.add(m);
            }
        }
        out.sort(Comparator.comparing(Method::toGenericString));
        return out;
    }

    static Object[] args(Method m, Args kind) {
        Class<?>[] types = m.getParameterTypes();
        Object[] a = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            a[i] = arg(types[i], kind);
        }
        return a;
    }

    static Object arg(Class<?> t, Args kind) {
        if (t.isPrimitive()) {
            long n = switch (kind) {
                case PLAUSIBLE -> 1;
                case NULLS_AND_NEGATIVES -> -1;
                case HUGE -> Integer.MAX_VALUE;
            };
            if (t == int.class) {
                return (int) n;
            } else if (t == long.class) {
                return kind == Args.HUGE ? Long.MAX_VALUE : n;
            } else if (t == boolean.class) {
                return kind == Args.PLAUSIBLE;
            } else if (t == short.class) {
                return (short) n;
            } else if (t == byte.class) {
                return (byte) n;
            } else if (t == float.class) {
                return kind == Args.HUGE ? Float.NaN : (float) n;
            } else if (t == double.class) {
                return kind == Args.HUGE ? Double.POSITIVE_INFINITY : (double) n;
            }
            throw new AssertionError(t);
        }
        if (kind == Args.NULLS_AND_NEGATIVES) {
            return null;
        }
        boolean huge = kind == Args.HUGE;
        if (t == String.class) {
            return huge ? "no such thing" : "X";
        } else if (t == Object.class) {
            return huge ? new Object() : "1";
        } else if (t == Class.class) {
            return huge ? Thread.class : String.class;
        } else if (t == int[].class) {
            return huge ? new int[] {99} : new int[] {1};
        } else if (t == String[].class) {
            return huge ? new String[] {"nope"} : new String[] {"X"};
        } else if (t == byte[].class) {
            return new byte[] {1, 2};
        } else if (t == Object[].class) {
            return new Object[] {1};
        } else if (t == Map.class) {
            Map<String, Class<?>> m = new HashMap<>();
            if (huge) {
                m.put("T", Object.class);
            }
            return m;
        } else if (t == Properties.class) {
            Properties p = new Properties();
            p.setProperty(huge ? "nope" : "ApplicationName", "x");
            return p;
        } else if (t == Executor.class) {
            return (Executor) Runnable::run;
        } else if (t == InputStream.class) {
            return new ByteArrayInputStream(new byte[] {'1'});
        } else if (t == Reader.class) {
            return new StringReader("1");
        } else if (t == Calendar.class) {
            return Calendar.getInstance();
        } else if (t == BigDecimal.class) {
            return huge ? new BigDecimal("1e400") : BigDecimal.ONE;
        } else if (t == Date.class) {
            return Date.valueOf("2020-01-02");
        } else if (t == Time.class) {
            return Time.valueOf("10:11:12");
        } else if (t == Timestamp.class) {
            return Timestamp.valueOf("2020-01-02 10:11:12.5");
        } else if (t == SQLType.class) {
            return huge ? JDBCType.STRUCT : JDBCType.INTEGER;
        } else if (t == URL.class) {
            try {
                return URI.create("http://example.com/").toURL();
            } catch (java.net.MalformedURLException e) {
                throw new AssertionError(e);
            }
        }
        return null; // Blob, Clob, Savepoint, Ref, Array, RowId, SQLXML, ShardingKey...
    }

    /** What one reflective call did: null when it returned, else the exception it threw. */
    static Throwable call(Object target, Method m, Object[] args) {
        try {
            m.invoke(target, args);
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    interface Factory<T> {
        T make(Connection c) throws SQLException;
    }

    static final Factory<Connection> CONNECTION = c -> c;
    static final Factory<Statement> STATEMENT = Connection::createStatement;
    static final Factory<PreparedStatement> PREPARED = c -> c.prepareStatement("SELECT id, v FROM t WHERE id >= ?");
    static final Factory<CallableStatement> CALLABLE = c -> c.prepareCall("{? = call ABS(?)}");
    static final Factory<ResultSet> RESULT = c -> c.createStatement().executeQuery("SELECT id, v FROM t");
    static final Factory<ResultSet> SCROLLABLE_UPDATABLE = c -> {
        ResultSet rs = c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_UPDATABLE)
                .executeQuery("SELECT id, v FROM t");
        rs.next();
        return rs;
    };

    static Connection fresh() throws SQLException {
        Connection c = Jdbc.mem();
        Jdbc.exec(c, "CREATE TABLE t(id INT PRIMARY KEY, v VARCHAR(20))", "INSERT INTO t VALUES (1, 'one'), (2, 'two')");
        return c;
    }

    private static <T> List<String> onClosed(Class<T> iface, Factory<? extends T> factory, Set<String> states,
            boolean closeConnection) throws SQLException {
        List<String> problems = new ArrayList<>();
        Connection shared = closeConnection ? null : fresh(); // closing only the target leaves it as it was
        for (Method m : methods(iface)) {
            Connection c = closeConnection ? fresh() : shared;
            T target = factory.make(c);
            if (closeConnection) {
                c.close();
            } else {
                try {
                    iface.getMethod("close").invoke(target);
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
            Throwable t = call(target, m, args(m, Args.PLAUSIBLE));
            if (closeConnection) {
                c.close();
            }
            if (ALLOWED_ON_CLOSED.contains(m.getName())) {
                if (t != null && !(t instanceof SQLException)) {
                    problems.add(m + " threw " + t);
                }
                continue;
            }
            if (m.getName().equals("setClientInfo")) {
                if (!(t instanceof SQLClientInfoException)) {
                    problems.add(m + " on a closed object: " + t);
                }
                continue;
            }
            if (!(t instanceof SQLException q)) {
                problems.add(m + " on a closed object: " + (t == null ? "returned normally" : t));
            } else if (q.getSQLState() == null || !states.contains(q.getSQLState())) {
                problems.add(m + " on a closed object: state " + q.getSQLState() + " (" + q.getMessage() + ")");
            }
        }
        if (shared != null) {
            shared.close();
        }
        return problems;
    }

    private static <T> List<String> onOpen(Class<T> iface, Factory<? extends T> factory) throws SQLException {
        List<String> problems = new ArrayList<>();
        Connection c = null;
        for (Args kind : Args.values()) {
            for (Method m : methods(iface)) {
                if (m.getName().equals("abort") && kind != Args.NULLS_AND_NEGATIVES
                        || m.getName().equals("setNetworkTimeout") && kind == Args.PLAUSIBLE) {
                    continue; // closes the connection, or times every later call out: covered elsewhere
                }
                if (c == null || iface == Connection.class || !asNew(c)) {
                    if (c != null) {
                        c.close();
                    }
                    c = fresh();
                } else if (iface == ResultSet.class) {
                    Jdbc.exec(c, "DELETE FROM t", "INSERT INTO t VALUES (1, 'one'), (2, 'two')");
                }
                T target = factory.make(c);
                Throwable t = call(target, m, args(m, kind));
                if (t != null && !(t instanceof SQLException) && !(t instanceof NullPointerException
                        && JDK_NULL_POINTER.contains(m.getName()))) {
                    problems.add(kind + " " + m + " threw " + t);
                }
                if (target instanceof AutoCloseable a && !c.isClosed()) {
                    try {
                        a.close();
                    } catch (Exception e) {
                        // whatever state the call left it in
                    }
                }
            }
        }
        if (c != null) {
            c.close();
        }
        return problems;
    }

    /** Whether a connection is still as {@link #fresh()} made it, as far as the calls above can change it. */
    private static boolean asNew(Connection c) throws SQLException {
        return !c.isClosed() && c.getAutoCommit() && !c.isReadOnly() && c.getNetworkTimeout() == 0
                && c.getHoldability() == ResultSet.HOLD_CURSORS_OVER_COMMIT && "PUBLIC".equals(c.getSchema());
    }

    @Test
    void everyConnectionMethodOnAClosedConnectionFailsWith08003() throws SQLException {
        assertThat(onClosed(Connection.class, CONNECTION, Set.of("08003"), true)).isEmpty();
    }

    @Test
    void everyStatementMethodOnAClosedStatementFailsWithHY010() throws SQLException {
        assertThat(onClosed(Statement.class, STATEMENT, Set.of("HY010"), false)).isEmpty();
        assertThat(onClosed(Statement.class, STATEMENT, Set.of("HY010", "08003"), true)).isEmpty();
    }

    @Test
    void everyPreparedStatementMethodOnAClosedStatementFailsWithHY010() throws SQLException {
        assertThat(onClosed(PreparedStatement.class, PREPARED, Set.of("HY010"), false)).isEmpty();
        assertThat(onClosed(PreparedStatement.class, PREPARED, Set.of("HY010", "08003"), true)).isEmpty();
    }

    @Test
    void everyCallableStatementMethodOnAClosedStatementFailsWithHY010() throws SQLException {
        assertThat(onClosed(CallableStatement.class, CALLABLE, Set.of("HY010"), false)).isEmpty();
        assertThat(onClosed(CallableStatement.class, CALLABLE, Set.of("HY010", "08003"), true)).isEmpty();
    }

    @Test
    void everyResultSetMethodOnAClosedResultFailsWith24000() throws SQLException {
        assertThat(onClosed(ResultSet.class, RESULT, Set.of("24000"), false)).isEmpty();
        assertThat(onClosed(ResultSet.class, SCROLLABLE_UPDATABLE, Set.of("24000"), false)).isEmpty();
        assertThat(onClosed(ResultSet.class, RESULT, Set.of("24000", "08003"), true)).isEmpty();
    }

    @Test
    void connectionMethodsWithBadArgumentsThrowOnlySqlExceptions() throws SQLException {
        assertThat(onOpen(Connection.class, CONNECTION)).isEmpty();
    }

    @Test
    void statementMethodsWithBadArgumentsThrowOnlySqlExceptions() throws SQLException {
        assertThat(onOpen(Statement.class, STATEMENT)).isEmpty();
        assertThat(onOpen(PreparedStatement.class, PREPARED)).isEmpty();
        assertThat(onOpen(CallableStatement.class, CALLABLE)).isEmpty();
    }

    @Test
    void resultSetMethodsWithBadArgumentsThrowOnlySqlExceptions() throws SQLException {
        assertThat(onOpen(ResultSet.class, RESULT)).isEmpty();
        assertThat(onOpen(ResultSet.class, SCROLLABLE_UPDATABLE)).isEmpty();
    }

    @Test
    void theSuiteCoversEveryInterfaceMethod() {
        // the enumerations above are complete: nothing declared by these interfaces is skipped
        for (Class<?> iface : List.of(Connection.class, Statement.class, PreparedStatement.class,
                CallableStatement.class, ResultSet.class)) {
            assertThat(methods(iface)).hasSize((int) Arrays.stream(iface.getMethods())
                    .filter(m -> !Modifier.isStatic(m.getModifiers())).count());
        }
        assertThat(methods(ResultSet.class).size()).isGreaterThan(180);
    }
}
