package io.bstack.sql.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Statements with {@code ?} parameters: values cast at run time, bound in order, refused when missing. */
class ParametersTest extends SessionFixture {

    @BeforeEach
    void setUp() throws SQLException {
        s.execute("CREATE TABLE p (id INT PRIMARY KEY, name VARCHAR(10), price DECIMAL(6,2))");
    }

    @Test
    void parametersFlowIntoEveryKindOfStatement() throws SQLException {
        assertThat(s.execute("INSERT INTO p VALUES (?, ?, ?)", List.of(1, "pen", new BigDecimal("1.5")))).isEqualTo(1);
        assertThat(s.execute("INSERT INTO p VALUES (?, ?, ?)", Arrays.asList(2, "ink", null))).isEqualTo(1);
        assertThat(s.execute("INSERT INTO p (id, name) VALUES (?, ?)", List.of("3", 77))).as("assigned to the column types")
                .isEqualTo(1);
        assertThat(s.execute("UPDATE p SET price = price * ? WHERE id = ?", List.of(2, 1))).isEqualTo(1);
        assertThat(rows("SELECT id, name, price FROM p WHERE id >= ? ORDER BY id", List.of(1))).containsExactly(
                Arrays.asList(1, "pen", new BigDecimal("3.00")), Arrays.asList(2, "ink", null),
                Arrays.asList(3, "77", null));
        assertThat(s.execute("DELETE FROM p WHERE name = ?", List.of("ink"))).isEqualTo(1);
        try (QueryResult r = s.query("EXPLAIN SELECT * FROM p WHERE id = ?", List.of(3))) {
            assertThat(r.next()).isTrue();
            assertThat((String) r.get(0)).contains("PRIMARY KEY LOOKUP PUBLIC.P (ID = ?)");
        }
        assertThat(rows("SELECT name FROM p WHERE id = ?", List.of(3))).containsExactly(List.of("77"));
    }

    @Test
    void aMissingParameterIs07001() {
        assertThatThrownBy(() -> s.execute("INSERT INTO p VALUES (?, ?, ?)", List.of(1, "x")))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("07001"));
        assertThatThrownBy(() -> column("SELECT ?")).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("07001"));
    }

    @Test
    void aValueOfNoSqlTypeIsAnSqlExceptionAndChangesNothing() throws SQLException {
        Object strange = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("not printable");
            }
        };
        assertThatThrownBy(() -> s.execute("INSERT INTO p VALUES (1, ?, 1)", List.of(strange)))
                .isInstanceOf(SQLException.class);
        assertThat(rows("SELECT COUNT(*) FROM p")).containsExactly(List.of(0L));
    }
}
