package io.bstack.sql.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Key selection (equality, ranges, IN lists, IS NULL, ORDER BY in key order) shown by EXPLAIN, the
 * same rows as a scan, and the rows read ({@link RowsRead}).
 */
class PlannerTest extends SessionFixture {

    @BeforeEach
    void setUp() throws SQLException {
        s.execute("CREATE TABLE t (id INT PRIMARY KEY, a INT, b VARCHAR(10), c INT)");
        s.execute("CREATE INDEX t_a ON t (a)");
        s.execute("CREATE UNIQUE INDEX t_bc ON t (b, c)");
        for (int i = 0; i < 200; i++) {
            s.execute("INSERT INTO t VALUES (" + i + ", " + (i % 10) + ", 'k" + (i % 7) + "', " + i + ")");
        }
    }

    private String plan(String sql) throws SQLException {
        return (String) column("EXPLAIN " + sql).get(0);
    }

    @Test
    void equalityPicksTheKeyOrAnIndex() throws SQLException {
        assertThat(plan("SELECT * FROM t WHERE id = 42")).contains("PRIMARY KEY LOOKUP PUBLIC.T (ID = 42)");
        assertThat(plan("SELECT * FROM t WHERE a = 3 AND id > 5")).contains("INDEX PUBLIC.T_A ON PUBLIC.T (A = 3)")
                .contains("FILTER");
        assertThat(plan("SELECT * FROM t WHERE 'k1' = b AND c = 8"))
                .contains("INDEX PUBLIC.T_BC ON PUBLIC.T (B = 'k1', C = 8)");
        assertThat(plan("SELECT * FROM t WHERE b = 'k1'")).as("a prefix of an index")
                .contains("INDEX PUBLIC.T_BC ON PUBLIC.T (B = 'k1')");
        assertThat(plan("SELECT * FROM t WHERE c = 8")).as("not a prefix").contains("SCAN PUBLIC.T");
        assertThat(plan("SELECT * FROM t WHERE a = 3 OR a = 4")).contains("SCAN PUBLIC.T");
        assertThat(plan("SELECT * FROM t x JOIN t y ON x.id < y.c")).contains("NESTED LOOP INNER JOIN")
                .contains("SCAN PUBLIC.T");
    }

    @Test
    void anIndexReturnsWhatAScanReturns() throws SQLException {
        assertThat(column("SELECT id FROM t WHERE id = 42")).containsExactly(42);
        assertThat(column("SELECT id FROM t WHERE id = 4200")).isEmpty();
        assertThat(column("SELECT id FROM t WHERE a = 3 AND id < 50 ORDER BY id")).containsExactly(3, 13, 23, 33, 43);
        assertThat(column("SELECT c FROM t WHERE b = 'k1' AND c = 8")).containsExactly(8);
        assertThat(column("SELECT COUNT(*) FROM t WHERE b = 'k1'")).containsExactly(29L);
        assertThat(column("SELECT id FROM t WHERE a = NULL")).isEmpty();
        assertThat(column("SELECT id FROM t WHERE a = 3.5")).as("compared as DECIMAL: the scan decides").isEmpty();
        assertThat(column("SELECT id FROM t WHERE a = '3' AND id < 20 ORDER BY 1")).containsExactly(3, 13);
        List<Object> viaIndex = column("SELECT id FROM t WHERE a = 7 ORDER BY id");
        List<Object> viaScan = column("SELECT id FROM t WHERE a + 0 = 7 ORDER BY id");
        assertThat(viaIndex).hasSize(20).isEqualTo(viaScan);
    }

    @Test
    void theIndexSeesTheTransactionsOwnRows() throws SQLException {
        s.execute("BEGIN");
        s.execute("INSERT INTO t VALUES (1000, 3, 'new', 1)");
        assertThat(column("SELECT id FROM t WHERE a = 3 AND id > 900")).containsExactly(1000);
        s.execute("DELETE FROM t WHERE id = 3");
        assertThat(column("SELECT id FROM t WHERE id = 3")).isEmpty();
        s.execute("ROLLBACK");
        assertThat(column("SELECT id FROM t WHERE id = 3")).containsExactly(3);
    }

    /** Rows read from tables while running {@code sql} (a query or a change). */
    private long rowsRead(String sql) throws SQLException {
        long before = RowsRead.count();
        if (sql.startsWith("SELECT")) {
            rows(sql);
        } else {
            s.execute(sql);
        }
        return RowsRead.count() - before;
    }

    @Test
    void rangesReadAKeyInOrder() throws SQLException {
        assertThat(plan("SELECT * FROM t WHERE id > 190")).contains("PRIMARY KEY RANGE PUBLIC.T (ID > 190)");
        assertThat(plan("SELECT * FROM t WHERE 10 >= id")).contains("PRIMARY KEY RANGE PUBLIC.T (ID <= 10)");
        assertThat(plan("SELECT * FROM t WHERE b = 'k1' AND c > 50"))
                .contains("INDEX RANGE PUBLIC.T_BC ON PUBLIC.T (B = 'k1', C > 50)").contains("FILTER");
        assertThat(plan("SELECT * FROM t WHERE b = 'k1' AND c BETWEEN 10 AND 20"))
                .contains("INDEX RANGE PUBLIC.T_BC ON PUBLIC.T (B = 'k1', C >= 10, C <= 20)");
        assertThat(plan("SELECT * FROM t WHERE b < 'k3'")).contains("INDEX RANGE PUBLIC.T_BC ON PUBLIC.T (B < 'k3')");
        assertThat(plan("SELECT * FROM t WHERE a = 1 AND c > 50")).as("equality beats a range")
                .contains("INDEX PUBLIC.T_A ON PUBLIC.T (A = 1)");
        assertThat(plan("SELECT * FROM t WHERE c > 50")).contains("SCAN PUBLIC.T");
        assertThat(plan("SELECT * FROM t WHERE a NOT BETWEEN 1 AND 2")).contains("SCAN PUBLIC.T");
        assertThat(column("SELECT id FROM t WHERE id > 195 ORDER BY id")).containsExactly(196, 197, 198, 199);
        assertThat(column("SELECT id FROM t WHERE id >= 195 AND id < 197")).containsExactly(195, 196);
        assertThat(column("SELECT c FROM t WHERE b = 'k1' AND c BETWEEN 10 AND 30")).containsExactly(15, 22, 29);
        assertThat(column("SELECT c FROM t WHERE b = 'k1' AND c > 180 AND c <= 190")).containsExactly(183, 190);
        assertThat(column("SELECT COUNT(*) FROM t WHERE b < 'k1'")).containsExactly(29L);
        assertThat(column("SELECT id FROM t WHERE id > NULL")).isEmpty();
        assertThat(column("SELECT id FROM t WHERE id > 197.5")).as("compared as DECIMAL: a scan")
                .containsExactly(198, 199);
        assertThat(column("SELECT id FROM t WHERE id BETWEEN 20 AND 10")).isEmpty();
        assertThat(rowsRead("SELECT * FROM t WHERE id BETWEEN 10 AND 19")).isEqualTo(10);
        assertThat(rowsRead("SELECT * FROM t WHERE b = 'k1' AND c > 180")).isEqualTo(3);
        assertThat(rowsRead("SELECT * FROM t WHERE c + 0 > 180")).as("a scan").isEqualTo(200);
    }

    @Test
    void descendingKeysAndParametersBoundRanges() throws SQLException {
        s.execute("CREATE INDEX t_cd ON t (c DESC)");
        assertThat(plan("SELECT * FROM t WHERE c >= 195")).contains("INDEX RANGE PUBLIC.T_CD ON PUBLIC.T (C >= 195)");
        assertThat(column("SELECT c FROM t WHERE c >= 195 ORDER BY c")).containsExactly(195, 196, 197, 198, 199);
        assertThat(column("SELECT c FROM t WHERE c < 3 ORDER BY c")).containsExactly(0, 1, 2);
        assertThat(column("SELECT c FROM t WHERE c > 3 AND c <= 5 ORDER BY c")).containsExactly(4, 5);
        assertThat(rowsRead("SELECT c FROM t WHERE c > 3 AND c <= 5")).isEqualTo(2);
        assertThat(rows("SELECT id FROM t WHERE id > ? AND id < ?", List.of(5, 8))).containsExactly(List.of(6), List.of(7));
    }

    @Test
    void inListsAndIsNullAreLookups() throws SQLException {
        s.execute("INSERT INTO t VALUES (500, NULL, NULL, 1), (501, NULL, 'z', 2)");
        assertThat(plan("SELECT * FROM t WHERE id IN (3, 5, 3)")).contains("PRIMARY KEY LOOKUP PUBLIC.T (ID IN (3, 5, 3))");
        assertThat(plan("SELECT * FROM t WHERE a IN (1, 2)")).contains("INDEX PUBLIC.T_A ON PUBLIC.T (A IN (1, 2))");
        assertThat(plan("SELECT * FROM t WHERE a IS NULL")).contains("INDEX PUBLIC.T_A ON PUBLIC.T (A IS NULL)");
        assertThat(plan("SELECT * FROM t WHERE b IN ('k1', 'k2') AND c < 20"))
                .contains("INDEX RANGE PUBLIC.T_BC ON PUBLIC.T (B IN ('k1', 'k2'), C < 20)");
        assertThat(plan("SELECT * FROM t WHERE a NOT IN (1, 2)")).contains("SCAN PUBLIC.T");
        assertThat(column("SELECT id FROM t WHERE id IN (5, 3, 3, 4000, NULL) ORDER BY id")).containsExactly(3, 5);
        assertThat(column("SELECT id FROM t WHERE a IS NULL ORDER BY id")).containsExactly(500, 501);
        assertThat(column("SELECT id FROM t WHERE b IS NULL")).containsExactly(500);
        assertThat(column("SELECT c FROM t WHERE b IN ('k2', 'k1') AND c < 20 ORDER BY c")).containsExactly(1, 2, 8, 9, 15, 16);
        assertThat(column("SELECT COUNT(*) FROM t WHERE a IN (1, 2, 1)")).containsExactly(40L);
        assertThat(rowsRead("SELECT * FROM t WHERE id IN (5, 3, 3, 4000)")).isEqualTo(2);
        assertThat(rowsRead("SELECT * FROM t WHERE a IS NULL")).isEqualTo(2);
    }

    @Test
    void orderByAKeyNeedsNoSortAndStopsAtTheLimit() throws SQLException {
        assertThat(plan("SELECT id FROM t ORDER BY id DESC LIMIT 3")).contains("SCAN PUBLIC.T")
                .contains("ORDER BY PRIMARY KEY PUBLIC.T REVERSE").doesNotContain("SORT");
        assertThat(column("SELECT id FROM t ORDER BY id DESC LIMIT 3")).containsExactly(199, 198, 197);
        assertThat(rowsRead("SELECT id FROM t ORDER BY id DESC LIMIT 3")).isEqualTo(3);
        assertThat(plan("SELECT c FROM t WHERE b = 'k1' ORDER BY c LIMIT 2"))
                .contains("INDEX PUBLIC.T_BC ON PUBLIC.T (B = 'k1')").contains("ORDER BY INDEX PUBLIC.T_BC")
                .doesNotContain("SORT");
        assertThat(column("SELECT c FROM t WHERE b = 'k1' ORDER BY b, c DESC LIMIT 2")).containsExactly(197, 190);
        assertThat(rowsRead("SELECT c FROM t WHERE b = 'k1' ORDER BY c LIMIT 2")).isEqualTo(2);
        assertThat(plan("SELECT a FROM t ORDER BY a")).contains("INDEX SCAN PUBLIC.T_A ON PUBLIC.T")
                .contains("ORDER BY INDEX PUBLIC.T_A").doesNotContain("SORT");
        assertThat(plan("SELECT a AS x, id FROM t ORDER BY x DESC")).contains("ORDER BY INDEX PUBLIC.T_A REVERSE");
        assertThat(plan("SELECT a, id FROM t ORDER BY 1")).contains("ORDER BY INDEX PUBLIC.T_A");
        assertThat(plan("SELECT a FROM t ORDER BY a NULLS LAST")).contains("SORT");
        assertThat(plan("SELECT a FROM t ORDER BY a, id")).as("the index does not order ties").contains("SORT");
        assertThat(plan("SELECT id FROM t ORDER BY id, a")).as("the key is unique").doesNotContain("SORT");
        assertThat(plan("SELECT DISTINCT a FROM t ORDER BY a")).contains("SORT");
        assertThat(plan("SELECT a, COUNT(*) FROM t GROUP BY a ORDER BY a")).contains("SORT");
        s.execute("INSERT INTO t VALUES (500, NULL, NULL, 1)");
        List<Object> sorted = column("SELECT a FROM t ORDER BY a + 0");
        assertThat(column("SELECT a FROM t ORDER BY a")).isEqualTo(sorted).startsWith((Object) null);
        assertThat(column("SELECT a FROM t ORDER BY a DESC")).isEqualTo(column("SELECT a FROM t ORDER BY a + 0 DESC"))
                .endsWith((Object) null);
        assertThat(column("SELECT id FROM t WHERE b IN ('k1', 'k2') ORDER BY b DESC, c DESC LIMIT 3"))
                .containsExactly(198, 191, 184);
    }

    @Test
    void updateAndDeleteReadByTheSamePath() throws SQLException {
        assertThat(rowsRead("DELETE FROM t WHERE id = 5")).isEqualTo(1);
        assertThat(rowsRead("UPDATE t SET c = c + 1000 WHERE a = 3")).isEqualTo(20);
        assertThat(rowsRead("UPDATE t x SET c = 0 WHERE x.id BETWEEN 100 AND 104")).isEqualTo(5);
        assertThat(rowsRead("DELETE FROM t WHERE b = 'k6' AND c > 1000")).isEqualTo(3);
        assertThat(rowsRead("DELETE FROM t WHERE c + 0 = -1")).as("a scan").isEqualTo(196);
        assertThat(column("SELECT COUNT(*) FROM t WHERE c >= 1000")).as("id 103 was set to 0").containsExactly(16L);
        assertThat(column("SELECT id FROM t WHERE c = 0 ORDER BY id")).containsExactly(0, 100, 101, 102, 103, 104);
        assertThat(column("SELECT id FROM t WHERE id = 5")).isEmpty();
    }

    @Test
    void joinsProbeTheRightTablesKey() throws SQLException {
        assertThat(plan("SELECT * FROM t x JOIN t y ON y.id = x.a")).contains("INDEX JOIN INNER ON condition")
                .contains("PRIMARY KEY LOOKUP PUBLIC.T (ID = X.A)");
        assertThat(plan("SELECT * FROM t x LEFT JOIN t y ON x.id + 1 = y.a AND y.id > x.id"))
                .contains("INDEX JOIN LEFT ON condition").contains("INDEX PUBLIC.T_A ON PUBLIC.T (A = X.ID + 1)");
        assertThat(plan("SELECT * FROM t x JOIN t y ON y.b = x.b AND y.c BETWEEN x.c AND x.c + 10"))
                .contains("INDEX RANGE PUBLIC.T_BC ON PUBLIC.T (B = X.B, C >= X.C, C <= X.C + 10)");
        assertThat(plan("SELECT * FROM t x RIGHT JOIN t y ON y.id = x.a")).contains("HASH JOIN RIGHT");
        assertThat(plan("SELECT * FROM t x JOIN t y ON y.id = y.a")).contains("NESTED LOOP INNER JOIN");
        String inner = "SELECT x.id, y.id FROM t x JOIN t y ON y.id = x.a * 20 AND y.c > 40";
        assertThat(rows(inner + " ORDER BY 1, 2")).isEqualTo(rows(inner.replace("y.id =", "y.id + 0 =") + " ORDER BY 1, 2"))
                .hasSize(140);
        String left = "SELECT x.id, y.id FROM t x LEFT JOIN t y ON y.a = x.id AND y.c < 30 WHERE x.id < 15";
        List<List<Object>> viaIndex = rows(left + " ORDER BY 1, 2");
        assertThat(viaIndex).isEqualTo(rows(left.replace("y.a =", "y.a + 0 =") + " ORDER BY 1, 2")).hasSize(3 * 10 + 5);
        s.execute("INSERT INTO t VALUES (500, NULL, 'z', 500)");
        assertThat(rows("SELECT y.id FROM t x JOIN t y ON y.a = x.a WHERE x.id = 500")).as("NULL keys never match").isEmpty();
        s.execute("CREATE TABLE small (k INT, v BIGINT)");
        s.execute("INSERT INTO small VALUES (1, 7), (2, NULL), (3, 5000000000), (NULL, 1)");
        String probe = "SELECT k, t.id FROM small LEFT JOIN t ON t.id = small.v";
        assertThat(plan(probe)).contains("INDEX JOIN LEFT");
        assertThat(rows(probe + " ORDER BY 1")).as("BIGINT keys probe an INT key")
                .containsExactly(java.util.Arrays.asList(null, 1), java.util.Arrays.asList(1, 7),
                        java.util.Arrays.asList(2, null), java.util.Arrays.asList(3, null));
        assertThat(rowsRead(probe)).as("4 left rows, 2 found by the key").isEqualTo(6);
    }

    @Test
    void equiJoinsWithoutAKeyHash() throws SQLException {
        s.execute("CREATE TABLE n (i INT, b BIGINT, d DECIMAL(10, 3), f DOUBLE, s CHAR(3), v VARCHAR(3))");
        s.execute("INSERT INTO n VALUES (1, 1, 1.000, 1.0, 'a', 'a'), (2, 3, 2.500, -0.0, 'b', 'b  '),"
                + " (NULL, NULL, NULL, NULL, NULL, NULL), (0, 0, 0.000, 0.0, 'c ', 'c')");
        assertThat(plan("SELECT * FROM t x JOIN t y ON x.id = y.c")).contains("HASH JOIN INNER ON condition (1 key)")
                .doesNotContain("NESTED LOOP");
        assertThat(plan("SELECT * FROM n x FULL JOIN n y ON x.i = y.d AND x.s = y.v"))
                .contains("HASH JOIN FULL ON condition (2 keys)");
        assertThat(plan("SELECT * FROM n x JOIN n y ON x.i + 0 = y.d")).contains("NESTED LOOP INNER JOIN");
        for (String on : List.of("x.i = y.b", "x.i = y.d", "x.b = y.d", "x.d = y.f", "x.i = y.f", "x.f = y.f",
                "x.s = y.v", "x.v = y.s", "x.s = y.s", "x.i = y.d AND x.s = y.v")) {
            for (String type : List.of("INNER", "LEFT", "RIGHT", "FULL")) {
                String sql = "SELECT x.i, y.i FROM n x " + type + " JOIN n y ON " + on;
                assertThat(plan(sql)).as(sql).contains("HASH JOIN " + type);
                assertThat(rows(sql + " ORDER BY 1, 2")).as(sql)
                        .isEqualTo(rows(sql.replace("ON " + on, "ON " + reference(on)) + " ORDER BY 1, 2"));
            }
        }
        assertThat(rows("SELECT x.i, y.i FROM n x JOIN n y ON x.i = y.d ORDER BY 1")).as("1 = 1.000, 0 = 0.000")
                .containsExactly(List.of(0, 0), List.of(1, 1));
        assertThat(rows("SELECT x.i, y.i FROM n x JOIN n y ON x.f = y.f ORDER BY 1, 2")).as("-0.0 = 0.0")
                .containsExactly(List.of(0, 0), List.of(0, 2), List.of(1, 1), List.of(2, 0), List.of(2, 2));
        assertThat(rows("SELECT x.i, y.i FROM n x JOIN n y ON x.s = y.v ORDER BY 1")).as("CHAR pads")
                .containsExactly(List.of(0, 0), List.of(1, 1), List.of(2, 2));
        assertThat(column("SELECT COUNT(*) FROM n x JOIN n y ON x.b = y.b")).as("NULL keys never match")
                .containsExactly(3L);
    }

    /** {@code on} with each equality's left side wrapped so that the join is a nested loop. */
    private static String reference(String on) {
        List<String> parts = new java.util.ArrayList<>();
        for (String eq : on.split(" AND ")) {
            String[] sides = eq.split(" = ");
            parts.add("COALESCE(" + sides[0] + ", NULL) = " + sides[1]);
        }
        return String.join(" AND ", parts);
    }

    @Test
    void fromListsJoinByTheWheresEqualities() throws SQLException {
        assertThat(plan("SELECT x.id, y.id FROM t x, t y WHERE y.id = x.a AND x.id < 3"))
                .contains("INDEX JOIN INNER ON condition").contains("PRIMARY KEY LOOKUP PUBLIC.T (ID = X.A)")
                .contains("FILTER");
        assertThat(rows("SELECT x.id, y.id FROM t x, t y WHERE y.id = x.a AND x.id < 3 ORDER BY 1"))
                .containsExactly(List.of(0, 0), List.of(1, 1), List.of(2, 2));
        assertThat(plan("SELECT * FROM t x, t y WHERE x.c = y.c")).contains("HASH JOIN INNER ON condition (1 key)");
        assertThat(column("SELECT COUNT(*) FROM t x, t y WHERE x.c = y.c")).containsExactly(200L);
        assertThat(plan("SELECT * FROM t x, t y WHERE x.id < y.id")).contains("NESTED LOOP CROSS JOIN");
        assertThat(plan("SELECT * FROM t x, t y WHERE x.b = y.c")).as("VARCHAR and INT convert: not pushed")
                .contains("NESTED LOOP CROSS JOIN");
        String three = "SELECT x.id, y.id, z.id FROM t x, t y, t z WHERE z.c = x.c AND y.id = x.id AND z.a = 1";
        assertThat(plan(three)).contains("HASH JOIN INNER").contains("INDEX JOIN INNER");
        assertThat(rows(three + " ORDER BY 1")).hasSize(20)
                .isEqualTo(rows(three.replace("z.c = x.c", "z.c + 0 = x.c").replace("y.id = x.id", "y.id + 0 = x.id + 0")
                        + " ORDER BY 1"));
        assertThat(rows("SELECT x.id FROM t x, t y WHERE x.a = y.id AND y.id = 1000")).isEmpty();
    }

    @Test
    void fromListsJoinTheSmallestTableFirst() throws SQLException {
        s.execute("CREATE TABLE few (k INT PRIMARY KEY, w VARCHAR(5))");
        s.execute("INSERT INTO few VALUES (7, 'x'), (70, 'y'), (700, 'z')");
        String sql = "SELECT * FROM t, few WHERE t.id = few.k";
        assertThat(plan(sql)).containsPattern("JOIN ORDER FEW \\(~3 rows\\), T \\(~\\d+ rows\\)")
                .contains("INDEX JOIN INNER").contains("PRIMARY KEY LOOKUP PUBLIC.T (ID = FEW.K)");
        assertThat(rows(sql + " ORDER BY 1")).as("the FROM's column order").containsExactly(
                List.of(7, 7, "k0", 7, 7, "x"), List.of(70, 0, "k0", 70, 70, "y"));
        assertThat(rowsRead(sql)).as("3 rows of FEW, 2 found in T").isEqualTo(5);
        assertThat(rowsRead("SELECT * FROM t, few WHERE t.id + 0 = few.k")).as("a cross join").isEqualTo(203);
        assertThat(plan("SELECT * FROM few, t WHERE t.id = few.k")).doesNotContain("JOIN ORDER")
                .contains("INDEX JOIN INNER");
        assertThat(plan("SELECT * FROM t LEFT JOIN few ON t.id = few.k")).as("outer joins keep their order")
                .doesNotContain("JOIN ORDER");
        String three = "SELECT t.id, few.k, y.id FROM t, t y, few WHERE y.c = t.c AND few.k = t.a + 7";
        assertThat(rows(three + " ORDER BY 1")).isEqualTo(rows(three.replace("y.c = t.c", "y.c + 0 = t.c")
                .replace("few.k = t.a + 7", "few.k + 0 = t.a + 7") + " ORDER BY 1")).hasSize(20);
    }
}
