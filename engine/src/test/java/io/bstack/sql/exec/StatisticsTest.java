package io.bstack.sql.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.btree.TableStats;
import io.bstack.sql.Session;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code ANALYZE}: statistics kept in the catalog, transactional, and used for the join order. */
class StatisticsTest extends SessionFixture {

    @BeforeEach
    void tables() throws SQLException {
        s.execute("CREATE TABLE cust (k INT PRIMARY KEY, region INT)");
        s.execute("CREATE TABLE orders (id INT PRIMARY KEY, cust INT, code INT, note VARCHAR(10))");
        s.execute("BEGIN");
        for (int x = 1; x <= 300; x++) {
            s.execute("INSERT INTO cust VALUES (?, ?)", List.of(x, x % 7));
        }
        for (int x = 1; x <= 2000; x++) {
            s.execute("INSERT INTO orders VALUES (?, ?, ?, ?)", java.util.Arrays.asList(x, x % 300 + 1, x,
                    x % 4 == 0 ? null : "n"));
        }
        s.execute("COMMIT");
    }

    private TableStats stats(String table) throws SQLException {
        return s.read((view, alloc) -> db.catalog(view, alloc).statistics("PUBLIC", table));
    }

    private String plan(String sql) throws SQLException {
        return (String) column("EXPLAIN " + sql).get(0);
    }

    @Test
    void analyzeRecordsRowsDistinctValuesAndNulls() throws SQLException {
        assertThat(stats("ORDERS")).isNull();
        s.execute("ANALYZE TABLE orders");
        TableStats t = stats("ORDERS");
        assertThat(t.rows()).isEqualTo(2000);
        assertThat(t.sampled()).isFalse();
        assertThat(t.column("ID").distinct()).isBetween(1900L, 2100L);
        assertThat(t.column("CUST").distinct()).isEqualTo(300);
        assertThat(t.column("NOTE").distinct()).isEqualTo(1);
        assertThat(t.column("NOTE").nulls()).isEqualTo(500);
        assertThat(stats("CUST")).as("only the named table").isNull();
        s.execute("ANALYZE");
        assertThat(stats("CUST").rows()).isEqualTo(300);
        assertThat(stats("CUST").column("REGION").distinct()).isEqualTo(7);
        s.execute("ANALYZE cust SAMPLE_SIZE 50");
        assertThat(stats("CUST").rows()).isEqualTo(50);
        assertThat(stats("CUST").sampled()).isTrue();
    }

    @Test
    void statisticsCommitAndRollBackWithTheTransaction() throws SQLException {
        s.execute("BEGIN");
        s.execute("ANALYZE orders");
        assertThat(stats("ORDERS")).isNotNull();
        s.execute("ROLLBACK");
        assertThat(stats("ORDERS")).isNull();
        s.execute("ANALYZE orders");
        db.close();
        db = io.bstack.sql.Database.open(dir.resolve("test.bstack"), io.bstack.tx.TxOptions.defaults());
        s = new Session(db);
        assertThat(stats("ORDERS").rows()).as("kept in the file").isEqualTo(2000);
    }

    @Test
    void statisticsFollowRenamesAndGoWithTheTable() throws SQLException {
        s.execute("ANALYZE orders");
        s.execute("ALTER TABLE orders RENAME TO purchases");
        assertThat(stats("PURCHASES").rows()).isEqualTo(2000);
        assertThat(stats("ORDERS")).isNull();
        s.execute("DROP TABLE purchases");
        s.execute("CREATE TABLE purchases (x INT)");
        assertThat(stats("PURCHASES")).as("a new table starts without").isNull();
        s.execute("ANALYZE cust");
        s.execute("TRUNCATE TABLE cust");
        assertThat(stats("CUST")).as("truncated: the old figures are gone").isNull();
    }

    @Test
    void theJoinOrderFollowsTheStatistics() throws SQLException {
        String sql = "SELECT cust.k, orders.id FROM cust, orders WHERE orders.cust = cust.k AND orders.code = 17";
        assertThat(plan(sql)).as("without statistics: the FROM's order, ORDERS filtered before it is hashed")
                .doesNotContain("JOIN ORDER").contains("HASH JOIN INNER")
                .contains("FILTER ORDERS.CODE = 17\n      SCAN PUBLIC.ORDERS");
        List<List<Object>> before = rows(sql);
        s.execute("ANALYZE");
        assertThat(plan(sql)).as("CODE = 17 keeps about one of 2000 rows: ORDERS first, CUST probed by its key")
                .contains("JOIN ORDER ORDERS (~1 rows), CUST")
                .contains("PRIMARY KEY LOOKUP PUBLIC.CUST");
        assertThat(rows(sql)).isEqualTo(before).containsExactly(List.of(18, 17));
        String nulls = "SELECT COUNT(*) FROM orders, cust WHERE orders.cust = cust.k AND orders.note IS NULL";
        assertThat(plan(nulls)).as("a quarter of 2000 is more than 300").containsPattern("JOIN ORDER CUST \\(~\\d+ rows\\), ORDERS \\(~\\d+ rows\\)");
        assertThat(column(nulls)).containsExactly(500L);
    }

    @Test
    void analyzeNeedsAWritableConnectionAndAnExistingTable() throws SQLException {
        fails("ANALYZE missing", "42S02");
        fails("ANALYZE nosuch.t", "3F000");
        fails("ANALYZE orders SAMPLE_SIZE -1", "42000");
        s.readOnly(true);
        fails("ANALYZE", "25006");
    }
}
