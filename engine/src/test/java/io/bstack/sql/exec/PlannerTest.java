package io.bstack.sql.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Index selection for equality predicates, shown by EXPLAIN, and the same rows as a scan. */
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
        assertThat(plan("SELECT * FROM t x JOIN t y ON x.id = y.a")).contains("NESTED LOOP INNER JOIN")
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
}
