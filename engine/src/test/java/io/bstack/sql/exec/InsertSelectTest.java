package io.bstack.sql.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.sql.Session;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** INSERT ... VALUES and single-table SELECT through a session, end to end on a database file. */
class InsertSelectTest extends SessionFixture {

    @BeforeEach
    void setUp() throws SQLException {
        s.execute("CREATE TABLE emp (id INT PRIMARY KEY, name VARCHAR(10) NOT NULL, dept VARCHAR(5) DEFAULT 'NONE',"
                + " salary DECIMAL(8,2) CHECK (salary >= 0), hired DATE)");
    }

    private void fill() throws SQLException {
        assertThat(s.execute("INSERT INTO emp VALUES (1, 'ada', 'ENG', 100.5, DATE '2020-01-02'),"
                + " (2, 'bob', 'OPS', 80, NULL), (3, 'cy', NULL, NULL, DATE '2021-06-30')")).isEqualTo(3);
        assertThat(s.execute("INSERT INTO emp (name, id) VALUES ('dee', 4)")).isEqualTo(1);
    }

    @Test
    void insertedRowsComeBackTypedWithDefaults() throws SQLException {
        fill();
        assertThat(rows("SELECT * FROM emp ORDER BY id")).containsExactly(
                Arrays.asList(1, "ada", "ENG", new BigDecimal("100.50"), LocalDate.of(2020, 1, 2)),
                Arrays.asList(2, "bob", "OPS", new BigDecimal("80.00"), null),
                Arrays.asList(3, "cy", null, null, LocalDate.of(2021, 6, 30)),
                Arrays.asList(4, "dee", "NONE", null, null));
        try (QueryResult r = s.query("SELECT id AS n, name, salary * 2 FROM emp")) {
            assertThat(r.labels()).containsExactly("N", "NAME", "SALARY * 2");
        }
    }

    @Test
    void whereOrderLimitOffsetAndDistinct() throws SQLException {
        fill();
        assertThat(rows("SELECT name FROM emp WHERE salary > 90 OR dept IS NULL ORDER BY name DESC"))
                .containsExactly(List.of("cy"), List.of("ada"));
        assertThat(rows("SELECT id FROM emp ORDER BY salary DESC, id")).as("NULLs last when descending")
                .containsExactly(List.of(1), List.of(2), List.of(3), List.of(4));
        assertThat(rows("SELECT id FROM emp ORDER BY salary NULLS LAST, id")).containsExactly(List.of(2), List.of(1),
                List.of(3), List.of(4));
        assertThat(rows("SELECT id, name FROM emp ORDER BY 2 LIMIT 2 OFFSET 1")).containsExactly(List.of(2, "bob"),
                List.of(3, "cy"));
        assertThat(rows("SELECT id AS k FROM emp ORDER BY k DESC FETCH FIRST 1 ROWS ONLY")).containsExactly(List.of(4));
        assertThat(rows("SELECT DISTINCT dept IS NULL FROM emp ORDER BY 1")).containsExactly(List.of(false),
                List.of(true));
        assertThat(rows("SELECT 1 + 2, 'x' || 'y'")).containsExactly(List.of(3, "xy"));
        assertThat(rows("SELECT e.name FROM emp e WHERE e.id = 2")).containsExactly(List.of("bob"));
    }

    @Test
    void badRowsAreRefusedAndLeaveTheTableAsItWas() throws SQLException {
        fill();
        fails("INSERT INTO emp VALUES (5, NULL, 'X', 1, NULL)", "23502");
        fails("INSERT INTO emp VALUES (5, 'eve', 'X', -1, NULL)", "23513");
        fails("INSERT INTO emp VALUES (6, 'fay', 'X', 1, NULL), (1, 'dup', 'X', 1, NULL)", "23505");
        fails("INSERT INTO emp VALUES (7, 'a name far too long', 'X', 1, NULL)", "22001");
        fails("INSERT INTO emp VALUES ('seven', 'gil', 'X', 1, NULL)", "22018");
        fails("INSERT INTO emp VALUES (8, 'hal', 'X', 1234567, NULL)", "22001"); // as H2: too long for DECIMAL(8, 2)
        fails("INSERT INTO emp VALUES (9)", "21S01");
        fails("INSERT INTO emp (nope) VALUES (9)", "42S22");
        fails("INSERT INTO nowhere VALUES (1)", "42S02");
        assertThat(rows("SELECT id FROM emp ORDER BY id")).as("the failed statements left nothing")
                .containsExactly(List.of(1), List.of(2), List.of(3), List.of(4));
        assertThatThrownBy(() -> s.query("SELECT nope FROM emp")).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42S22"));
    }

    @Test
    void identityColumnsNumberRows() throws SQLException {
        s.execute("CREATE TABLE log (id BIGINT AUTO_INCREMENT PRIMARY KEY, msg VARCHAR(20))");
        s.execute("INSERT INTO log (msg) VALUES ('a'), ('b')");
        s.execute("INSERT INTO log (msg) VALUES ('c')");
        assertThat(rows("SELECT id, msg FROM log ORDER BY id")).containsExactly(List.of(1L, "a"), List.of(2L, "b"),
                List.of(3L, "c"));
    }

    @Test
    void aStreamingResultKeepsItsSnapshotWhileAnotherSessionWrites() throws SQLException {
        fill();
        try (QueryResult r = s.query("SELECT id FROM emp"); Session other = new Session(db)) {
            assertThat(r.next()).isTrue();
            other.execute("INSERT INTO emp (id, name) VALUES (99, 'late')");
            int n = 1;
            while (r.next()) {
                n++;
                assertThat(r.get(0)).isNotEqualTo(99);
            }
            assertThat(n).isEqualTo(4);
        }
        assertThat(rows("SELECT name FROM emp WHERE id = 99")).containsExactly(List.of("late"));
    }

    @Test
    void aTransactionReadsItsOwnRowsAndRollsThemBack() throws SQLException {
        s.execute("BEGIN");
        s.execute("INSERT INTO emp (id, name) VALUES (10, 'tmp')");
        assertThat(rows("SELECT name FROM emp")).containsExactly(List.of("tmp"));
        s.execute("ROLLBACK");
        assertThat(rows("SELECT name FROM emp")).isEmpty();
    }
}
