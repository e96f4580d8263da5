package io.bstack.sql.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.sql.Session;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The database's plan cache ({@link PlanCache}): a query's plan is made once per SQL text and
 * catalog version and run again by any session, in any transaction, with that transaction's rows;
 * every change of a definition, committed or not, is seen by the next run.
 */
class PlanCacheTest extends SessionFixture {

    /** {hits, misses} so far, not counting the query that reads them. */
    private long[] counters() throws SQLException {
        List<List<Object>> r = rows("SELECT name, value FROM information_schema.database_stats"
                + " WHERE name IN ('PLAN_CACHE_HITS', 'PLAN_CACHE_MISSES') ORDER BY name");
        return new long[] {(Long) r.get(0).get(1), (Long) r.get(1).get(1) - 1};
    }

    /** The hits and misses since {@code before}, not counting the two reads of the counters. */
    private long[] since(long[] before) throws SQLException {
        long[] now = counters();
        return new long[] {now[0] - before[0], now[1] - before[1] - 1};
    }

    private void table() throws SQLException {
        s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))");
        s.execute("INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, 'three')");
    }

    @Test
    void aQueryRunAgainReusesItsPlanWithNewParameters() throws SQLException {
        table();
        long[] before = counters();
        assertThat(rows("SELECT v FROM t WHERE id = ?", List.of(1))).containsExactly(List.of("one"));
        assertThat(rows("SELECT v FROM t WHERE id = ?", List.of(3))).containsExactly(List.of("three"));
        assertThat(rows("SELECT v FROM t WHERE id = ?", List.of(9))).isEmpty();
        assertThat(since(before)).containsExactly(2, 1);
    }

    @Test
    void sessionsShareOnePlanAndEachReadsItsOwnTransaction() throws SQLException {
        table();
        String sql = "SELECT COUNT(*) FROM t WHERE id > ?";
        assertThat(rows(sql, List.of(0))).containsExactly(List.of(3L));
        long[] before = counters();
        try (Session other = new Session(db)) {
            other.begin();
            other.execute("INSERT INTO t VALUES (4, 'four')");
            try (QueryResult r = other.query(sql, List.of(0))) {
                assertThat(r.next()).isTrue();
                assertThat(r.get(0)).isEqualTo(4L); // its own uncommitted row
            }
            assertThat(rows(sql, List.of(0))).containsExactly(List.of(3L)); // not yet ours
            other.commit();
        }
        assertThat(rows(sql, List.of(0))).containsExactly(List.of(4L));
        s.begin();
        s.execute("DELETE FROM t WHERE id = 1");
        assertThat(rows(sql, List.of(0))).containsExactly(List.of(3L));
        s.rollback();
        assertThat(rows(sql, List.of(0))).containsExactly(List.of(4L));
        assertThat(since(before)).containsExactly(5, 2); // the queries' plan kept; the INSERT and DELETE planned
    }

    @Test
    void addingAColumnIsSeenByTheNextRun() throws SQLException {
        table();
        assertThat(rows("SELECT * FROM t WHERE id = 1")).containsExactly(List.of(1, "one"));
        s.execute("ALTER TABLE t ADD COLUMN w INT DEFAULT 7");
        long[] before = counters();
        assertThat(rows("SELECT * FROM t WHERE id = 1")).containsExactly(List.of(1, "one", 7));
        assertThat(since(before)).containsExactly(0, 1);
    }

    @Test
    void aTableDroppedAndCreatedAgainIsReadAsItIsNow() throws SQLException {
        table();
        assertThat(rows("SELECT * FROM t ORDER BY 1")).hasSize(3);
        s.execute("DROP TABLE t");
        s.execute("CREATE TABLE t (name VARCHAR(5), n BIGINT)");
        s.execute("INSERT INTO t VALUES ('x', 10)");
        assertThat(rows("SELECT * FROM t ORDER BY 1")).containsExactly(List.of("x", 10L));
    }

    @Test
    void aNewIndexIsPlannedWithAndADroppedOneWithout() throws SQLException {
        table();
        String sql = "SELECT id FROM t WHERE v = ?";
        assertThat(rows(sql, List.of("two"))).containsExactly(List.of(2));
        s.execute("CREATE INDEX t_v ON t(v)");
        long[] before = counters();
        assertThat(rows(sql, List.of("two"))).containsExactly(List.of(2));
        assertThat(rows(sql, List.of("three"))).containsExactly(List.of(3));
        assertThat(since(before)).containsExactly(1, 1);
        assertThat(column("EXPLAIN " + sql).get(0).toString()).contains("INDEX PUBLIC.T_V");
        s.execute("DROP INDEX t_v");
        assertThat(rows(sql, List.of("one"))).containsExactly(List.of(1)); // the index's tree is gone
        s.execute("INSERT INTO t VALUES (5, 'two')");
        assertThat(rows(sql + " ORDER BY id", List.of("two"))).containsExactly(List.of(2), List.of(5));
    }

    @Test
    void aRolledBackChangeTakesItsPlansBackWithIt() throws SQLException {
        table();
        s.begin();
        s.execute("ALTER TABLE t ADD COLUMN extra INT DEFAULT 1");
        assertThat(rows("SELECT * FROM t WHERE id = 2")).containsExactly(List.of(2, "two", 1));
        s.rollback();
        assertThat(rows("SELECT * FROM t WHERE id = 2")).containsExactly(List.of(2, "two"));
        s.begin();
        s.execute("ALTER TABLE t ADD COLUMN other VARCHAR(3) DEFAULT 'o'");
        assertThat(rows("SELECT * FROM t WHERE id = 2")).containsExactly(List.of(2, "two", "o"));
        s.commit();
        assertThat(rows("SELECT * FROM t WHERE id = 2")).containsExactly(List.of(2, "two", "o"));
    }

    @Test
    void anUncommittedChangeIsSeenOnlyByItsTransaction() throws SQLException {
        table();
        try (Session other = new Session(db)) {
            other.begin();
            other.execute("ALTER TABLE t ADD COLUMN w INT DEFAULT 5");
            try (QueryResult r = other.query("SELECT * FROM t WHERE id = 3")) {
                assertThat(r.next()).isTrue();
                assertThat(r.labels()).containsExactly("ID", "V", "W");
            }
            assertThat(rows("SELECT * FROM t WHERE id = 3")).containsExactly(List.of(3, "three"));
            other.commit();
        }
        assertThat(rows("SELECT * FROM t WHERE id = 3")).containsExactly(List.of(3, "three", 5));
    }

    @Test
    void aViewReplacedIsReadAsItIsNow() throws SQLException {
        table();
        s.execute("CREATE VIEW small AS SELECT id FROM t WHERE id < 3");
        assertThat(rows("SELECT COUNT(*) FROM small")).containsExactly(List.of(2L));
        s.execute("DROP VIEW small");
        s.execute("CREATE VIEW small AS SELECT id FROM t WHERE id < 2");
        assertThat(rows("SELECT COUNT(*) FROM small")).containsExactly(List.of(1L));
    }

    @Test
    void analyzeMakesANewPlan() throws SQLException {
        table();
        rows("SELECT v FROM t WHERE id = 1");
        s.execute("ANALYZE");
        long[] before = counters();
        rows("SELECT v FROM t WHERE id = 1");
        assertThat(since(before)).containsExactly(0, 1);
    }

    @Test
    void theSameTextInAnotherSchemaReadsThatSchema() throws SQLException {
        table();
        s.execute("CREATE SCHEMA other");
        s.execute("CREATE TABLE other.t (id INT PRIMARY KEY, v VARCHAR(10))");
        s.execute("INSERT INTO other.t VALUES (1, 'elsewhere')");
        assertThat(rows("SELECT v FROM t WHERE id = 1")).containsExactly(List.of("one"));
        s.schema("OTHER");
        assertThat(rows("SELECT v FROM t WHERE id = 1")).containsExactly(List.of("elsewhere"));
    }

    @Test
    void systemTablesAreReadAtEveryRun() throws SQLException {
        String sql = "SELECT COUNT(*) FROM information_schema.sessions";
        assertThat(rows(sql)).containsExactly(List.of(1L));
        Session other = new Session(db);
        try {
            assertThat(rows(sql)).containsExactly(List.of(2L));
        } finally {
            other.close();
        }
    }

    @Test
    void uncorrelatedSubqueriesRunOncePerStatementNotOncePerPlan() throws SQLException {
        table();
        String sql = "SELECT id FROM t WHERE id = (SELECT MAX(id) FROM t)";
        assertThat(rows(sql)).containsExactly(List.of(3));
        s.execute("INSERT INTO t VALUES (8, 'eight')");
        assertThat(rows(sql)).containsExactly(List.of(8));
    }

    @Test
    void twoOpenResultsOfOneTextEachHaveAPlan() throws SQLException {
        table();
        String sql = "SELECT id FROM t WHERE id >= ? ORDER BY id";
        try (QueryResult a = s.query(sql, List.of(1)); QueryResult b = s.query(sql, List.of(2))) {
            List<Object> fromA = new ArrayList<>();
            List<Object> fromB = new ArrayList<>();
            boolean more = true;
            while (more) {
                more = false;
                if (a.next()) {
                    fromA.add(a.get(0));
                    more = true;
                }
                if (b.next()) {
                    fromB.add(b.get(0));
                    more = true;
                }
            }
            assertThat(fromA).containsExactly(1, 2, 3);
            assertThat(fromB).containsExactly(2, 3);
        }
        long[] before = counters();
        rows(sql, List.of(3));
        rows(sql, List.of(3));
        assertThat(since(before)).containsExactly(2, 0); // both plans were kept
    }

    @Test
    void sessionsOnManyThreadsRunOneTextWithTheirOwnValues() throws Exception {
        s.execute("CREATE TABLE n (id INT PRIMARY KEY, sq BIGINT)");
        for (int i = 0; i < 200; i++) {
            s.execute("INSERT INTO n VALUES (?, ?)", List.of(i, (long) i * i));
        }
        String sql = "SELECT sq FROM n WHERE id = ?";
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                done.add(pool.submit(() -> {
                    int checked = 0;
                    try (Session own = new Session(db)) {
                        for (int k = 0; k < 500; k++) {
                            int id = (k * 7 + seed * 13) % 200;
                            try (QueryResult r = own.query(sql, List.of(id))) {
                                assertThat(r.next()).isTrue();
                                assertThat(r.get(0)).isEqualTo((long) id * id);
                                assertThat(r.next()).isFalse();
                            }
                            checked++;
                        }
                    }
                    return checked;
                }));
            }
            for (Future<Integer> f : done) {
                assertThat(f.get()).isEqualTo(500);
            }
        } finally {
            pool.shutdownNow();
        }
        long[] c = counters();
        assertThat(c[0]).isGreaterThanOrEqualTo(2000 - PlanCache.COPIES);
    }

    @Test
    void aCacheOfNoTextsPlansEveryRun() throws SQLException, java.io.IOException {
        PlanCache none = new PlanCache(0);
        table();
        for (int i = 0; i < 2; i++) {
            s.read((view, alloc) -> {
                try (QueryResult r = none.select("SELECT v FROM t WHERE id = 1", db.catalog(view, alloc), "PUBLIC",
                        io.bstack.sql.eval.ExpressionCompiler.standard(), io.bstack.sql.function.FunctionClassAllowlist.NONE,
                        List.of(), ((io.bstack.sql.ast.Statement.QueryStatement) io.bstack.sql.parse.Parser.parse(
                                "SELECT v FROM t WHERE id = 1")).query(), () -> { }, SystemInfo.NONE)) {
                    assertThat(r.next()).isTrue();
                    assertThat(r.get(0)).isEqualTo("one");
                }
                return null;
            });
        }
        assertThat(none.hits()).isZero();
        assertThat(none.misses()).isZero();
        assertThat(none.size()).isZero();
    }

    @Test
    void insertUpdateAndDeleteKeepTheirPlans() throws SQLException {
        table();
        long[] before = counters();
        for (int i = 10; i < 15; i++) {
            s.execute("INSERT INTO t VALUES (?, ?)", List.of(i, "n" + i));
            s.execute("UPDATE t SET v = v || '!' WHERE id = ?", List.of(i));
        }
        s.execute("DELETE FROM t WHERE id >= ?", List.of(13));
        s.execute("DELETE FROM t WHERE id >= ?", List.of(12));
        assertThat(since(before)).containsExactly(9, 3);
        assertThat(rows("SELECT id, v FROM t WHERE id >= 10 ORDER BY id")).containsExactly(List.of(10, "n10!"),
                List.of(11, "n11!"));
    }

    @Test
    void anInsertAfterAddingAColumnFillsItsDefault() throws SQLException {
        table();
        s.execute("INSERT INTO t (id, v) VALUES (?, ?)", List.of(4, "four"));
        s.execute("ALTER TABLE t ADD COLUMN w INT DEFAULT 7");
        s.execute("INSERT INTO t (id, v) VALUES (?, ?)", List.of(5, "five"));
        assertThat(rows("SELECT * FROM t WHERE id >= 4 ORDER BY id")).containsExactly(List.of(4, "four", 7),
                List.of(5, "five", 7));
    }

    @Test
    void aUniqueIndexCreatedAfterAnUpdateWasPlannedIsEnforcedByIt() throws SQLException {
        table();
        String sql = "UPDATE t SET v = ? WHERE id = ?";
        s.execute(sql, List.of("uno", 1));
        s.execute("CREATE UNIQUE INDEX t_v ON t(v)");
        assertThatSqlState(() -> s.execute(sql, List.of("two", 1)), "23505");
        s.execute(sql, List.of("eins", 1));
        assertThat(rows("SELECT id FROM t WHERE v = 'eins'")).containsExactly(List.of(1));
    }

    @Test
    void aCheckAddedAfterAnInsertWasPlannedIsChecked() throws SQLException {
        table();
        String sql = "INSERT INTO t VALUES (?, ?)";
        s.execute(sql, List.of(4, "four"));
        s.execute("ALTER TABLE t ADD CONSTRAINT short_v CHECK (v <> 'fives')");
        assertThatSqlState(() -> s.execute(sql, List.of(5, "fives")), "23513");
        s.execute(sql, List.of(5, "five"));
        assertThat(column("SELECT COUNT(*) FROM t")).containsExactly(5L);
    }

    @Test
    void aDeleteOfAParentReferencedAfterItWasPlannedIsRefused() throws SQLException {
        table();
        String sql = "DELETE FROM t WHERE id = ?";
        s.execute(sql, List.of(3));
        s.execute("CREATE TABLE child (id INT PRIMARY KEY, t_id INT REFERENCES t(id))");
        s.execute("INSERT INTO child VALUES (1, 2)");
        assertThatSqlState(() -> s.execute(sql, List.of(2)), "23503");
        s.execute(sql, List.of(1));
        assertThat(column("SELECT id FROM t")).containsExactly(2);
    }

    @Test
    void anInsertOfAQueryReadsTheRowsOfEachRun() throws SQLException {
        table();
        s.execute("CREATE TABLE copy (id INT PRIMARY KEY, v VARCHAR(10))");
        String sql = "INSERT INTO copy SELECT id + ?, v FROM t";
        assertThat(s.execute(sql, List.of(0))).isEqualTo(3);
        s.execute("INSERT INTO t VALUES (4, 'four')");
        assertThat(s.execute(sql, List.of(100))).isEqualTo(4);
        assertThat(column("SELECT id FROM copy ORDER BY id")).containsExactly(1, 2, 3, 101, 102, 103, 104);
    }

    @Test
    void generatedKeysComeFromEachRunOfAKeptInsert() throws SQLException {
        s.execute("CREATE TABLE g (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, v VARCHAR(5))");
        Session.Prepared p = s.prepare("INSERT INTO g (v) VALUES (?)");
        for (long expected = 1; expected <= 3; expected++) {
            Session.Outcome o = s.run(p, List.of("x"), StatementControl.NONE, GeneratedKeys.DEFAULT);
            assertThat(o.updateCount()).isEqualTo(1);
            try (QueryResult keys = o.generatedKeys()) {
                assertThat(keys.next()).isTrue();
                assertThat(keys.get(0)).isEqualTo(expected);
            }
        }
    }

    @Test
    void aKeptMergeReadsEachRunsSourceAndTarget() throws SQLException {
        table();
        s.execute("CREATE TABLE incoming (id INT PRIMARY KEY, v VARCHAR(10))");
        String sql = "MERGE INTO t USING (SELECT id, v FROM incoming WHERE id > ?) AS i ON t.id = i.id"
                + " WHEN MATCHED THEN UPDATE SET v = i.v WHEN NOT MATCHED THEN INSERT (id, v) VALUES (i.id, i.v)";
        s.execute("INSERT INTO incoming VALUES (2, 'TWO'), (4, 'FOUR')");
        long[] before = counters();
        assertThat(s.execute(sql, List.of(0))).isEqualTo(2);
        s.execute("INSERT INTO incoming VALUES (5, 'FIVE')");
        s.execute("UPDATE incoming SET v = 'VIER' WHERE id = 4");
        assertThat(s.execute(sql, List.of(3))).isEqualTo(2);
        assertThat(since(before)).containsExactly(1, 3);
        assertThat(rows("SELECT id, v FROM t ORDER BY id")).containsExactly(List.of(1, "one"), List.of(2, "TWO"),
                List.of(3, "three"), List.of(4, "VIER"), List.of(5, "FIVE"));
        s.execute("ALTER TABLE t ADD COLUMN w INT DEFAULT 9");
        s.execute("INSERT INTO incoming VALUES (6, 'SIX')");
        assertThat(s.execute(sql, List.of(5))).isEqualTo(1);
        assertThat(rows("SELECT * FROM t WHERE id = 6")).containsExactly(List.of(6, "SIX", 9));
    }

    private static void assertThatSqlState(SqlCall call, String state) {
        org.assertj.core.api.Assertions.assertThatThrownBy(call::run).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getSQLState()).isEqualTo(state));
    }

    /** A call that may fail with an SQLException. */
    @FunctionalInterface
    private interface SqlCall {
        void run() throws SQLException;
    }
}
