package io.bstack.sql.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MERGE through a session: the arms, their conditions, the count, and what it refuses. */
class MergeTest extends SessionFixture {

    @BeforeEach
    void setUp() throws SQLException {
        s.execute("CREATE TABLE stock (id INT PRIMARY KEY, qty INT NOT NULL DEFAULT 0 CHECK (qty >= 0), note VARCHAR(10))");
        s.execute("INSERT INTO stock VALUES (1, 10, 'a'), (2, 20, 'b'), (3, 30, 'c')");
        s.execute("CREATE TABLE delta (id INT, qty INT)");
        s.execute("INSERT INTO delta VALUES (1, 5), (2, -20), (4, 7)");
    }

    private List<List<Object>> stock() throws SQLException {
        return rows("SELECT id, qty, note FROM stock ORDER BY id");
    }

    @Test
    void updatesDeletesAndInsertsAndCountsThem() throws SQLException {
        int n = s.execute("MERGE INTO stock s USING delta d ON s.id = d.id"
                + " WHEN MATCHED AND s.qty + d.qty = 0 THEN DELETE"
                + " WHEN MATCHED THEN UPDATE SET qty = s.qty + d.qty, note = 'upd'"
                + " WHEN NOT MATCHED THEN INSERT (id, qty) VALUES (d.id, d.qty)");
        assertThat(n).isEqualTo(3);
        assertThat(stock()).containsExactly(Arrays.asList(1, 15, "upd"), Arrays.asList(3, 30, "c"),
                Arrays.asList(4, 7, null));
    }

    @Test
    void sourceMayBeASubqueryAndArmsMayBeSkipped() throws SQLException {
        int n = s.execute("MERGE INTO stock USING (SELECT id + 1 AS id, qty FROM delta) AS x ON stock.id = x.id"
                + " WHEN NOT MATCHED AND x.qty > 0 THEN INSERT VALUES (x.id, x.qty, 'new')");
        assertThat(n).as("id 2 and 3 match with no MATCHED arm; id 5 is inserted").isEqualTo(1);
        assertThat(stock()).contains(Arrays.asList(5, 7, "new")).hasSize(4);
        assertThat(s.execute("MERGE INTO stock USING delta ON 1 = 0 WHEN MATCHED THEN DELETE")).isZero();
    }

    @Test
    void omittedInsertColumnsTakeTheirDefault() throws SQLException {
        s.execute("MERGE INTO stock USING (VALUES (9)) AS v (k) ON stock.id = v.k"
                + " WHEN NOT MATCHED THEN INSERT (id, note) VALUES (v.k, DEFAULT)");
        assertThat(stock()).contains(Arrays.asList(9, 0, null));
        s.execute("MERGE INTO stock USING (VALUES (9)) AS v (k) ON stock.id = v.k"
                + " WHEN MATCHED THEN UPDATE SET qty = DEFAULT, note = 'x'");
        assertThat(stock()).contains(Arrays.asList(9, 0, "x"));
    }

    @Test
    void aTargetRowMatchedTwiceIsACardinalityViolation() throws SQLException {
        s.execute("INSERT INTO delta VALUES (1, 1)");
        fails("MERGE INTO stock USING delta ON stock.id = delta.id WHEN MATCHED THEN UPDATE SET qty = 0", "21000");
        assertThat(stock()).extracting(r -> r.get(1)).containsExactly(10, 20, 30);
        assertThat(s.execute("MERGE INTO stock USING delta ON stock.id = delta.id"
                + " WHEN NOT MATCHED THEN INSERT (id) VALUES (delta.id)")).as("no MATCHED arm: no violation").isEqualTo(1);
    }

    @Test
    void aFailingRowUndoesTheWholeStatement() throws SQLException {
        fails("MERGE INTO stock USING delta ON stock.id = delta.id"
                + " WHEN MATCHED THEN UPDATE SET qty = stock.qty + delta.qty - 1"
                + " WHEN NOT MATCHED THEN INSERT (id, qty) VALUES (delta.id, delta.qty)", "23513");
        fails("MERGE INTO stock USING delta ON stock.id = delta.id"
                + " WHEN NOT MATCHED THEN INSERT (id, qty) VALUES (1, delta.qty)", "23505");
        fails("MERGE INTO stock USING delta ON stock.id = delta.id"
                + " WHEN NOT MATCHED THEN INSERT (id, qty) VALUES (delta.id, NULL)", "23502");
        assertThat(stock()).hasSize(3);
    }

    @Test
    void refusals() {
        fails("MERGE INTO nowhere USING delta ON 1 = 1 WHEN MATCHED THEN DELETE", "42S02");
        fails("MERGE INTO stock USING delta ON stock.nope = delta.id WHEN MATCHED THEN DELETE", "42S22");
        fails("MERGE INTO stock USING delta ON stock.id = delta.id WHEN MATCHED THEN UPDATE SET qty = 1, qty = 2",
                "42S21");
        fails("MERGE INTO stock USING delta ON stock.id = delta.id WHEN NOT MATCHED THEN INSERT (id) VALUES (1, 2)",
                "21S01");
        fails("MERGE INTO stock USING delta ON id = 1 WHEN MATCHED THEN DELETE", "42702");
    }

    @Test
    void mergeKeepsForeignKeys() throws SQLException {
        s.execute("CREATE TABLE line (n INT, item INT REFERENCES stock(id))");
        s.execute("INSERT INTO line VALUES (1, 1)");
        fails("MERGE INTO stock USING delta ON stock.id = delta.id WHEN MATCHED AND delta.id = 1 THEN DELETE", "23503");
        fails("MERGE INTO line USING delta ON line.item = delta.id WHEN NOT MATCHED THEN INSERT VALUES (2, delta.id)",
                "23506");
        assertThat(s.execute("MERGE INTO line USING delta ON line.item = delta.id"
                + " WHEN NOT MATCHED AND delta.id = 2 THEN INSERT VALUES (2, delta.id)")).isEqualTo(1);
    }
}
