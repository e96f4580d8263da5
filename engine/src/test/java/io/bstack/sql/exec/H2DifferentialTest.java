package io.bstack.sql.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * ALTER TABLE, FOREIGN KEY actions and MERGE run on BStack and on H2 2.3.232 ({@link H2Twin}): every
 * statement must end the same way on both (the same update count, or errors of the same SQLState
 * class) and every table must hold the same rows afterwards. Scripted cases cover each statement
 * form; one property runs random DML over a schema of parents, children, grandchildren and a
 * self-referencing table with random referential actions, another random ALTER TABLE (constraints
 * added and dropped, columns dropped and added) between rows changing.
 */
class H2DifferentialTest {

    /** Runs {@code script} on both engines, then compares the rows of {@code tables} (names, or queries). */
    private static void same(List<String> script, String... tables) throws SQLException, IOException {
        try (H2Twin twin = new H2Twin()) {
            List<String> done = new ArrayList<>();
            for (String sql : script) {
                done.add(sql);
                H2Twin.Pair p = twin.run(sql);
                assertThat(p.same()).as("%s%nBStack: %s%nH2: %s", String.join(";\n", done), p.bstack(), p.h2()).isTrue();
            }
            for (String t : tables) {
                var rows = twin.rows(t.startsWith("SELECT") ? t : "SELECT * FROM " + t + " ORDER BY 1");
                assertThat(rows.get(0)).as("table %s after%n%s", t, String.join(";\n", done)).isEqualTo(rows.get(1));
            }
        }
    }

    @Test
    void spreadAggregatesAgreeWithH2() throws SQLException, IOException {
        try (H2Twin twin = new H2Twin()) {
            for (String sql : List.of("CREATE TABLE v (g INT, x INT, d DECIMAL(10, 2), f DOUBLE)",
                    "INSERT INTO v VALUES (1, 2, 1.50, 0.1), (1, 4, 2.25, 0.2), (1, 4, NULL, 0.3), (1, 4, 3.00, NULL),"
                            + " (1, 5, 4.75, 1e10), (1, 5, 0.00, -1e10), (1, 7, 9.99, 3.5), (1, 9, 1.00, 2.5),"
                            + " (2, 3, 5.00, 1.0), (3, NULL, NULL, NULL)")) {
                assertThat(twin.run(sql).bstack().errorClass()).as(sql).isNull();
            }
            for (String q : List.of(
                    "SELECT g, STDDEV_POP(x), STDDEV_SAMP(x), VAR_POP(x), VAR_SAMP(x) FROM v GROUP BY g ORDER BY g",
                    "SELECT g, STDDEV_POP(d), VAR_SAMP(d), STDDEV_SAMP(f), VAR_POP(f) FROM v GROUP BY g ORDER BY g",
                    "SELECT STDDEV_SAMP(DISTINCT x), VAR_POP(DISTINCT x) FROM v",
                    "SELECT STDDEV_POP(x), VAR_SAMP(x) FROM v WHERE g > 5")) {
                List<List<List<Object>>> both = twin.rows(q);
                List<List<Object>> ours = both.get(0);
                List<List<Object>> h2 = both.get(1);
                assertThat(ours).as(q).hasSameSizeAs(h2);
                for (int r = 0; r < ours.size(); r++) {
                    for (int c = 0; c < ours.get(r).size(); c++) {
                        Object a = ours.get(r).get(c);
                        Object b = h2.get(r).get(c);
                        if (a == null || b == null) {
                            assertThat(a).as(q + " row " + r + " column " + c).isEqualTo(b);
                        } else {
                            double x = ((Number) a).doubleValue();
                            double y = ((Number) b).doubleValue();
                            assertThat(x).as(q + " row " + r + " column " + c)
                                    .isCloseTo(y, org.assertj.core.data.Offset.offset(Math.abs(y) * 1e-9 + 1e-12));
                        }
                    }
                }
            }
        }
    }

    @Test
    void referentialActions() throws SQLException, IOException {
        same(List.of(
                "CREATE TABLE p (id INT PRIMARY KEY, code VARCHAR(5) UNIQUE, v INT)",
                "CREATE TABLE c (id INT PRIMARY KEY, pid INT DEFAULT 1 REFERENCES p(id) ON DELETE CASCADE ON UPDATE SET NULL,"
                        + " code VARCHAR(5) DEFAULT 'b' REFERENCES p(code) ON UPDATE CASCADE ON DELETE SET DEFAULT)",
                "INSERT INTO p VALUES (1, 'a', 1), (2, 'b', 2), (3, 'c', 3)",
                "INSERT INTO c VALUES (10, 1, 'a'), (20, 2, 'b'), (30, NULL, 'c'), (40, 3, NULL)",
                "INSERT INTO c VALUES (50, 9, NULL)",
                "INSERT INTO c VALUES (50, 1, 'q')",
                "UPDATE c SET pid = 8 WHERE id = 10",
                "UPDATE p SET code = 'z' WHERE id = 3",
                "UPDATE p SET id = 7 WHERE id = 2",
                "DELETE FROM p WHERE id = 1",
                "DELETE FROM p WHERE code = 'z'",
                "UPDATE p SET v = v + 1"), "p", "c");
    }

    @Test
    void noActionRestrictAndSelfReferences() throws SQLException, IOException {
        same(List.of(
                "CREATE TABLE emp (id INT PRIMARY KEY, boss INT REFERENCES emp(id))",
                "INSERT INTO emp VALUES (1, NULL), (2, 1), (3, 2)",
                "DELETE FROM emp WHERE id = 2",
                "UPDATE emp SET id = 9 WHERE id = 1",
                "DELETE FROM emp WHERE id >= 2",
                "DELETE FROM emp",
                "INSERT INTO emp VALUES (5, 5)",
                "INSERT INTO emp VALUES (6, 7)",
                "CREATE TABLE r (id INT PRIMARY KEY, boss INT REFERENCES r(id) ON DELETE RESTRICT)",
                "INSERT INTO r VALUES (1, NULL), (2, 1)",
                "DELETE FROM r WHERE id = 1",
                "CREATE TABLE k (id INT PRIMARY KEY, boss INT REFERENCES k(id) ON DELETE CASCADE)",
                "INSERT INTO k VALUES (1, NULL), (2, 1), (3, 2), (4, NULL), (5, 4)",
                "DELETE FROM k WHERE id = 1"), "emp", "r", "k");
    }

    @Test
    void dropAndTruncateOfReferencedTables() throws SQLException, IOException {
        same(List.of(
                "CREATE TABLE p (id INT PRIMARY KEY)",
                "CREATE TABLE c (pid INT REFERENCES p)",
                "INSERT INTO p VALUES (1)",
                "INSERT INTO c VALUES (1)",
                "DROP TABLE p",
                "DROP TABLE p CASCADE",
                "INSERT INTO c VALUES (5)",
                "CREATE TABLE q (id INT PRIMARY KEY, up INT REFERENCES q)",
                "INSERT INTO q VALUES (1, NULL), (2, 1)",
                "CREATE TABLE x (v INT REFERENCES nowhere(id))",
                "CREATE TABLE x (v INT REFERENCES q(up))",
                "CREATE TABLE x (v INT, w INT, FOREIGN KEY (v, w) REFERENCES q(id))"), "c", "q");
    }

    @Test
    void alterTableColumnsAndConstraints() throws SQLException, IOException {
        same(List.of(
                "CREATE TABLE t (id INT PRIMARY KEY, a INT CHECK (a > 0), b INT, c INT, CHECK (b < c), UNIQUE (b, c))",
                "INSERT INTO t VALUES (1, 1, 1, 2), (2, 2, 3, 4)",
                "ALTER TABLE t DROP COLUMN b",
                "ALTER TABLE t DROP COLUMN nope",
                "ALTER TABLE t DROP COLUMN a",
                "INSERT INTO t VALUES (3, 5, 6)",
                "ALTER TABLE t ADD CONSTRAINT u UNIQUE (c)",
                "ALTER TABLE t ADD CONSTRAINT u2 UNIQUE (b)",
                "INSERT INTO t VALUES (4, 0, 6)",
                "ALTER TABLE t ADD CONSTRAINT k CHECK (c > 2)",
                "ALTER TABLE t ADD CONSTRAINT k CHECK (c > 1)",
                "INSERT INTO t VALUES (4, 0, 1)",
                "ALTER TABLE t DROP CONSTRAINT k",
                "INSERT INTO t VALUES (4, 0, 1)",
                "ALTER TABLE t DROP CONSTRAINT k",
                "ALTER TABLE t RENAME COLUMN c TO cc",
                "ALTER TABLE t RENAME COLUMN cc TO id",
                "INSERT INTO t VALUES (5, 9, 8)",
                "INSERT INTO t VALUES (5, 8, 9)",
                "ALTER TABLE t RENAME TO t2",
                "INSERT INTO t2 (id, b, cc) VALUES (6, 10, 11)",
                "CREATE TABLE n (a INT NOT NULL, b INT)",
                "INSERT INTO n VALUES (1, 1), (1, 2)",
                "ALTER TABLE n ADD PRIMARY KEY (a)",
                "DELETE FROM n WHERE b = 2",
                "ALTER TABLE n ADD PRIMARY KEY (a)",
                "ALTER TABLE n ADD PRIMARY KEY (a)",
                "INSERT INTO n VALUES (1, 5)",
                "ALTER TABLE n DROP COLUMN b",
                "ALTER TABLE n DROP COLUMN a",
                "INSERT INTO n VALUES (2)"), "t2", "n");
    }

    @Test
    void addColumn() throws SQLException, IOException {
        same(List.of(
                "CREATE TABLE p (id INT PRIMARY KEY)",
                "INSERT INTO p VALUES (1)",
                "CREATE TABLE t (a INT)",
                "INSERT INTO t VALUES (1), (2)",
                "ALTER TABLE t ADD COLUMN b INT NOT NULL",
                "ALTER TABLE t ADD COLUMN b VARCHAR(3) DEFAULT 'x' NOT NULL",
                "ALTER TABLE t ADD COLUMN b INT",
                // H2 keeps the column of an ADD COLUMN whose constraint the rows break (its DDL is not atomic):
                // each attempt uses its own name, and only the columns both have are compared. (H2 does not
                // check a new column's CHECK or REFERENCES against the rows' default values; BStack does,
                // 23513 and 23506, as PostgreSQL does: AlterTableTest covers it.)
                "ALTER TABLE t ADD COLUMN c1 INT DEFAULT 5 UNIQUE",
                "ALTER TABLE t ADD COLUMN c INT DEFAULT 1 REFERENCES p(id)",
                "ALTER TABLE t ADD COLUMN d INT UNIQUE",
                "INSERT INTO t (a, c) VALUES (3, 7)",
                "INSERT INTO t (a, d) VALUES (3, 7)",
                "INSERT INTO t (a, d) VALUES (4, 7)"), "SELECT a, b, c, d FROM t ORDER BY a");
    }

    @Test
    void namedPrimaryKeys() throws SQLException, IOException {
        same(List.of(
                "CREATE TABLE t (a INT NOT NULL, b INT NOT NULL, CONSTRAINT t_key PRIMARY KEY (a))",
                "INSERT INTO t VALUES (1, 1), (2, 1)",
                "CREATE TABLE c (x INT REFERENCES t(a))",
                "ALTER TABLE t DROP CONSTRAINT t_key",
                "DROP TABLE c",
                "ALTER TABLE t DROP CONSTRAINT t_nope",
                "ALTER TABLE t DROP CONSTRAINT t_key",
                "INSERT INTO t VALUES (1, 2)",
                "ALTER TABLE t ADD CONSTRAINT k2 PRIMARY KEY (a)",
                "ALTER TABLE t ADD CONSTRAINT k2 PRIMARY KEY (a, b)",
                "INSERT INTO t VALUES (1, 2)",
                "ALTER TABLE t ADD CONSTRAINT k3 PRIMARY KEY (b)",
                "ALTER TABLE t DROP COLUMN b",
                "ALTER TABLE t DROP CONSTRAINT k2",
                "ALTER TABLE t DROP COLUMN b"), "t");
    }

    @Test
    void alterTableForeignKeys() throws SQLException, IOException {
        same(List.of(
                "CREATE TABLE p (id INT PRIMARY KEY, v INT)",
                "CREATE TABLE c (x INT, y INT)",
                "INSERT INTO p VALUES (1, 1)",
                "INSERT INTO c VALUES (1, 1), (2, NULL)",
                "ALTER TABLE c ADD FOREIGN KEY (x) REFERENCES p(id)",
                "ALTER TABLE c ADD CONSTRAINT fy FOREIGN KEY (y) REFERENCES p(id) ON DELETE SET NULL",
                "ALTER TABLE c ADD FOREIGN KEY (y) REFERENCES p(v)",
                "INSERT INTO c VALUES (3, 3)",
                "DELETE FROM p",
                "ALTER TABLE c DROP CONSTRAINT fy",
                "INSERT INTO c VALUES (3, 3)",
                "ALTER TABLE p RENAME COLUMN id TO pk",
                "ALTER TABLE c ADD CONSTRAINT fx FOREIGN KEY (x) REFERENCES p(pk) ON DELETE CASCADE",
                "INSERT INTO p VALUES (1, 0), (2, 0), (3, 0)",
                "ALTER TABLE c ADD CONSTRAINT fx FOREIGN KEY (x) REFERENCES p(pk) ON DELETE CASCADE",
                "ALTER TABLE p RENAME TO pp",
                "INSERT INTO c VALUES (4, 0)",
                "DELETE FROM pp WHERE pk = 2",
                "ALTER TABLE pp DROP COLUMN pk"), "c", "pp");
    }

    @Test
    void merge() throws SQLException, IOException {
        same(List.of(
                "CREATE TABLE stock (id INT PRIMARY KEY, qty INT NOT NULL DEFAULT 0 CHECK (qty >= 0), note VARCHAR(10))",
                "INSERT INTO stock VALUES (1, 10, 'a'), (2, 20, 'b'), (3, 30, 'c')",
                "CREATE TABLE delta (id INT, qty INT)",
                "INSERT INTO delta VALUES (1, 5), (2, -20), (4, 7)",
                "MERGE INTO stock s USING delta d ON s.id = d.id WHEN MATCHED AND s.qty + d.qty = 0 THEN DELETE"
                        + " WHEN MATCHED THEN UPDATE SET qty = s.qty + d.qty, note = 'upd'"
                        + " WHEN NOT MATCHED THEN INSERT (id, qty) VALUES (d.id, d.qty)",
                "MERGE INTO stock USING (SELECT id + 10 AS id, qty FROM delta) AS x ON stock.id = x.id"
                        + " WHEN NOT MATCHED AND x.qty > 0 THEN INSERT VALUES (x.id, x.qty, 'new')",
                "MERGE INTO stock USING (VALUES (9)) AS v (k) ON stock.id = v.k"
                        + " WHEN NOT MATCHED THEN INSERT (id, note) VALUES (v.k, 'nine')",
                "MERGE INTO stock USING delta ON stock.id = delta.id WHEN MATCHED THEN UPDATE SET qty = -1",
                "MERGE INTO stock USING delta ON stock.id = delta.id WHEN NOT MATCHED THEN INSERT (id, qty) VALUES (1, 1)",
                "INSERT INTO delta VALUES (1, 1)",
                "MERGE INTO stock USING delta ON stock.id = delta.id WHEN MATCHED THEN UPDATE SET qty = 0",
                "MERGE INTO stock USING delta ON stock.id = delta.id WHEN MATCHED AND delta.qty > 100 THEN DELETE"
                        + " WHEN MATCHED THEN UPDATE SET note = 'x'"), "stock");
    }

    // ---------------------------------------------------------------- random DML over foreign keys

    /**
     * The actions the random schemas use. SET DEFAULT is left to the scripted cases: H2 does not check
     * that the default value has a parent (BStack does, 23506, as the standard and PostgreSQL do), and
     * refuses (23507) to delete any parent row when the child column has no DEFAULT.
     */
    private static final List<String> ACTIONS = List.of("NO ACTION", "RESTRICT", "CASCADE", "SET NULL");

    @Provide
    Arbitrary<List<String>> schemas() {
        return Arbitraries.of(ACTIONS).list().ofSize(7).map(a -> List.of(
                "CREATE TABLE p (id INT PRIMARY KEY, code INT UNIQUE)",
                "CREATE TABLE c (id INT PRIMARY KEY, pid INT DEFAULT 0 REFERENCES p(id) ON DELETE " + a.get(0)
                        + " ON UPDATE " + a.get(1) + ", pcode INT DEFAULT 0 REFERENCES p(code) ON DELETE " + a.get(2)
                        + " ON UPDATE " + a.get(3) + ", CHECK (id > 0))",
                "CREATE TABLE g (id INT PRIMARY KEY, cid INT DEFAULT 1 REFERENCES c(id) ON DELETE " + a.get(4) + ")",
                "CREATE TABLE s (id INT PRIMARY KEY, up INT DEFAULT 0 REFERENCES s(id) ON DELETE " + a.get(5)
                        + " ON UPDATE " + a.get(6) + ")",
                "INSERT INTO p VALUES (0, 0), (1, 1), (2, 2), (3, 3)"));
    }

    private static Arbitrary<String> value() {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, Arbitraries.integers().between(0, 5).map(String::valueOf)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("NULL")));
    }

    private static Arbitrary<Integer> key() {
        return Arbitraries.integers().between(0, 5);
    }

    @Provide
    Arbitrary<List<String>> statements() {
        Arbitrary<String> one = Arbitraries.oneOf(
                Combinators.combine(key(), value()).as((i, v) -> "INSERT INTO p VALUES (" + i + ", " + v + ")"),
                Combinators.combine(key(), value(), value()).as((i, x, y) -> "INSERT INTO c VALUES (" + i + ", " + x + ", " + y + ")"),
                Combinators.combine(key(), value()).as((i, x) -> "INSERT INTO g VALUES (" + i + ", " + x + ")"),
                // no row of s references itself: H2 lets such a row keep its reference when its key changes
                Combinators.combine(key(), value()).filter((i, x) -> !x.equals(String.valueOf(i)))
                        .as((i, x) -> "INSERT INTO s VALUES (" + i + ", " + x + ")"),
                Combinators.combine(key(), key()).as((i, k) -> "UPDATE p SET id = " + k + " WHERE id = " + i),
                Combinators.combine(key(), value()).as((i, k) -> "UPDATE p SET code = " + k + " WHERE id = " + i),
                key().map(i -> "DELETE FROM p WHERE id = " + i),
                key().map(i -> "DELETE FROM p WHERE id >= " + i),
                Combinators.combine(key(), value()).as((i, x) -> "UPDATE c SET pid = " + x + " WHERE id = " + i),
                key().map(i -> "DELETE FROM c WHERE id = " + i),
                Combinators.combine(key(), key()).as((i, k) -> "UPDATE c SET id = " + k + " WHERE id = " + i),
                key().map(i -> "DELETE FROM s WHERE id = " + i),
                key().map(i -> "DELETE FROM s WHERE id >= " + i),
                Combinators.combine(key(), key()).as((i, k) -> "UPDATE s SET id = " + k + " WHERE id = " + i),
                Combinators.combine(key(), value()).as((i, x) -> "MERGE INTO c USING (VALUES (" + i + ", " + x
                        + ")) AS v (a, b) ON c.id = v.a WHEN MATCHED AND v.b IS NULL THEN DELETE"
                        + " WHEN MATCHED THEN UPDATE SET pid = v.b WHEN NOT MATCHED THEN INSERT (id, pid) VALUES (v.a, v.b)"));
        return one.list().ofMinSize(1).ofMaxSize(25);
    }

    @Provide
    Arbitrary<List<String>> alterations() {
        Arbitrary<Integer> v = Arbitraries.integers().between(0, 4);
        Arbitrary<String> action = Arbitraries.of("NO ACTION", "CASCADE", "SET NULL", "RESTRICT");
        Arbitrary<String> one = Arbitraries.oneOf(
                Combinators.combine(v, v, v).as((i, a, b) -> "INSERT INTO p VALUES (" + i + ", " + a + ", " + b + ")"),
                Combinators.combine(v, v).as((x, y) -> "INSERT INTO c VALUES (" + x + ", " + y + ")"),
                v.map(i -> "DELETE FROM p WHERE id = " + i),
                Combinators.combine(v, v).as((i, a) -> "UPDATE p SET a = " + a + " WHERE id = " + i),
                v.map(x -> "DELETE FROM c WHERE x = " + x),
                Arbitraries.just("ALTER TABLE p ADD CONSTRAINT u_a UNIQUE (a)"),
                v.map(k -> "ALTER TABLE p ADD CONSTRAINT ck CHECK (b >= " + k + ")"),
                action.map(a -> "ALTER TABLE c ADD CONSTRAINT fk FOREIGN KEY (x) REFERENCES p(id) ON DELETE " + a),
                Arbitraries.just("ALTER TABLE c ADD CONSTRAINT fk2 FOREIGN KEY (y) REFERENCES p(a)"),
                Arbitraries.of("u_a", "ck").map(n -> "ALTER TABLE p DROP CONSTRAINT " + n),
                Arbitraries.of("fk", "fk2").map(n -> "ALTER TABLE c DROP CONSTRAINT " + n),
                Arbitraries.of("a", "b").map(col -> "ALTER TABLE p DROP COLUMN " + col),
                Combinators.combine(Arbitraries.of("a", "b"), v).as((col, k) -> "ALTER TABLE p ADD COLUMN " + col
                        + " INT DEFAULT " + k),
                Arbitraries.just("ALTER TABLE c DROP COLUMN y"),
                Arbitraries.just("ALTER TABLE c ADD COLUMN y INT"));
        return one.list().ofMinSize(1).ofMaxSize(25);
    }

    @Property(tries = 100)
    void randomAlterationsEndTheSameOnBoth(@ForAll("alterations") List<String> statements) throws SQLException, IOException {
        List<String> script = new ArrayList<>(List.of(
                "CREATE TABLE p (id INT PRIMARY KEY, a INT, b INT)",
                "CREATE TABLE c (x INT, y INT)",
                "INSERT INTO p VALUES (0, 0, 0)"));
        script.addAll(statements);
        same(script, "p", "c");
    }

    @Property(tries = 100)
    void randomChangesEndTheSameOnBoth(@ForAll("schemas") List<String> schema, @ForAll("statements") List<String> dml)
            throws SQLException, IOException {
        List<String> script = new ArrayList<>(schema);
        script.addAll(dml);
        same(script, "p", "c", "g", "s");
    }
}
