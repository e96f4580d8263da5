package io.bstack.sql.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Aggregates, GROUP BY and HAVING on one table. */
class GroupByTest extends SessionFixture {

    @BeforeEach
    void setUp() throws SQLException {
        s.execute("CREATE TABLE sale (id INT PRIMARY KEY, region VARCHAR(5), amount INT, price DECIMAL(6,2), ok BOOLEAN)");
        s.execute("INSERT INTO sale VALUES (1, 'N', 10, 1.50, TRUE), (2, 'N', 20, 2.50, TRUE), (3, 'S', 5, NULL, FALSE),"
                + " (4, 'S', 5, 4.00, TRUE), (5, NULL, NULL, NULL, NULL)");
    }

    @Test
    void aggregatesOverTheWholeTable() throws SQLException {
        assertThat(rows("SELECT COUNT(*), COUNT(amount), COUNT(DISTINCT amount), SUM(amount), MIN(region), MAX(price)"
                + " FROM sale")).containsExactly(Arrays.asList(5L, 4L, 3L, 40L, "N", new BigDecimal("4.00")));
        assertThat(rows("SELECT AVG(amount), SUM(DISTINCT amount), EVERY(ok), BOOL_OR(ok) FROM sale"))
                .containsExactly(Arrays.asList(10.0, 35L, false, true));
        assertThat(rows("SELECT COUNT(*), SUM(amount), MAX(id) FROM sale WHERE id > 100"))
                .as("one row over no rows").containsExactly(Arrays.asList(0L, null, null));
        assertThat(rows("SELECT SUM(price) * 2, COUNT(*) + 1 FROM sale"))
                .containsExactly(Arrays.asList(new BigDecimal("16.00"), 6L));
    }

    @Test
    void groupsHavingAndOrder() throws SQLException {
        assertThat(rows("SELECT region, COUNT(*) AS n, SUM(amount) FROM sale GROUP BY region ORDER BY region NULLS LAST"))
                .containsExactly(Arrays.asList("N", 2L, 30L), Arrays.asList("S", 2L, 10L), Arrays.asList(null, 1L, null));
        assertThat(rows("SELECT region FROM sale GROUP BY region HAVING SUM(amount) > 15"))
                .containsExactly(List.of("N"));
        assertThat(rows("SELECT region, MAX(amount) FROM sale WHERE ok GROUP BY region ORDER BY MAX(amount) DESC"))
                .containsExactly(Arrays.asList("N", 20), Arrays.asList("S", 5));
        assertThat(rows("SELECT COUNT(*) FROM sale GROUP BY region ORDER BY 1")).containsExactly(List.of(1L),
                List.of(2L), List.of(2L));
        assertThat(rows("SELECT region FROM sale WHERE id < 0 GROUP BY region")).as("no groups, no rows").isEmpty();
    }

    @Test
    void refusals() {
        assertThatThrownBy(() -> s.query("SELECT region, amount FROM sale GROUP BY region"))
                .isInstanceOf(SQLException.class).hasMessageContaining("GROUP BY")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42000"));
        assertThatThrownBy(() -> s.query("SELECT SUM(region) FROM sale")).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("42"));
        assertThatThrownBy(() -> s.query("SELECT SUM(MAX(amount)) FROM sale")).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42000"));
        assertThatThrownBy(() -> s.execute("UPDATE sale SET amount = COUNT(*)")).isInstanceOf(SQLException.class);
    }

    @Test
    void groupByExpressions() throws SQLException {
        assertThat(rows("SELECT id % 2, COUNT(*) FROM sale GROUP BY id % 2 ORDER BY 1"))
                .containsExactly(List.of(0, 2L), List.of(1, 3L));
        assertThat(rows("SELECT amount * 2 AS d, COUNT(*) FROM sale WHERE amount IS NOT NULL GROUP BY amount * 2"
                + " HAVING amount * 2 > 10 ORDER BY amount * 2 DESC")).containsExactly(List.of(40, 1L), List.of(20, 1L));
        assertThat(rows("SELECT region || '!' FROM sale WHERE region IS NOT NULL GROUP BY region || '!'"
                + " ORDER BY 1")).containsExactly(List.of("N!"), List.of("S!"));
        assertThatThrownBy(() -> rows("SELECT amount FROM sale GROUP BY amount + 1")).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42000"));
    }
}
