package io.bstack.sql.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Joins of every type, comma joins, derived tables and views. */
class JoinTest extends SessionFixture {

    @BeforeEach
    void setUp() throws SQLException {
        s.execute("CREATE TABLE dept (id INT, name VARCHAR(10))");
        s.execute("CREATE TABLE emp (id INT, name VARCHAR(10), dept INT)");
        s.execute("INSERT INTO dept VALUES (1, 'eng'), (2, 'ops'), (3, 'hr')");
        s.execute("INSERT INTO emp VALUES (10, 'ada', 1), (11, 'bob', 1), (12, 'cy', 2), (13, 'dee', NULL)");
    }

    @Test
    void innerAndOuterJoins() throws SQLException {
        assertThat(rows("SELECT e.name, d.name FROM emp e JOIN dept d ON e.dept = d.id ORDER BY 1"))
                .containsExactly(List.of("ada", "eng"), List.of("bob", "eng"), List.of("cy", "ops"));
        assertThat(rows("SELECT e.name, d.name FROM emp e LEFT JOIN dept d ON e.dept = d.id ORDER BY 1"))
                .containsExactly(List.of("ada", "eng"), List.of("bob", "eng"), List.of("cy", "ops"),
                        Arrays.asList("dee", null));
        assertThat(rows("SELECT e.name, d.name FROM emp e RIGHT JOIN dept d ON e.dept = d.id ORDER BY 2, 1"))
                .containsExactly(List.of("ada", "eng"), List.of("bob", "eng"), Arrays.asList(null, "hr"),
                        List.of("cy", "ops"));
        assertThat(rows("SELECT e.id, d.id FROM emp e FULL JOIN dept d ON e.dept = d.id ORDER BY 1 NULLS FIRST, 2"))
                .hasSize(5).first().isEqualTo(Arrays.asList(null, 3));
        assertThat(rows("SELECT COUNT(*) FROM emp, dept")).containsExactly(List.of(12L));
        assertThat(rows("SELECT COUNT(*) FROM emp CROSS JOIN dept WHERE emp.dept = dept.id")).containsExactly(List.of(3L));
        assertThat(rows("SELECT d.name, COUNT(e.id) FROM dept d LEFT JOIN emp e ON e.dept = d.id GROUP BY d.name"
                + " ORDER BY 1")).containsExactly(List.of("eng", 2L), List.of("hr", 0L), List.of("ops", 1L));
    }

    @Test
    void usingNaturalStarAndAmbiguity() throws SQLException {
        s.execute("CREATE TABLE a (k INT, x INT)");
        s.execute("CREATE TABLE b (k INT, y INT)");
        s.execute("INSERT INTO a VALUES (1, 10), (2, 20)");
        s.execute("INSERT INTO b VALUES (2, 200), (3, 300)");
        assertThat(rows("SELECT x, y FROM a JOIN b USING (k)")).containsExactly(List.of(20, 200));
        assertThat(rows("SELECT x, y FROM a NATURAL JOIN b")).containsExactly(List.of(20, 200));
        assertThat(rows("SELECT * FROM a JOIN b ON a.k = b.k")).containsExactly(List.of(2, 20, 2, 200));
        assertThat(rows("SELECT b.* FROM a, b WHERE a.k = b.k")).containsExactly(List.of(2, 200));
        assertThatThrownBy(() -> s.query("SELECT k FROM a, b")).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42702"));
    }

    @Test
    void derivedTablesAndViews() throws SQLException {
        assertThat(rows("SELECT t.n FROM (SELECT name AS n, dept FROM emp WHERE dept = 1) AS t ORDER BY 1"))
                .containsExactly(List.of("ada"), List.of("bob"));
        assertThat(rows("SELECT c FROM (SELECT COUNT(*) FROM emp) AS t (c)")).containsExactly(List.of(4L));
        s.execute("CREATE VIEW staff AS SELECT e.name, d.name AS dept FROM emp e JOIN dept d ON e.dept = d.id");
        assertThat(rows("SELECT name FROM staff WHERE dept = 'eng' ORDER BY name")).containsExactly(List.of("ada"),
                List.of("bob"));
        s.execute("CREATE VIEW counts (d, n) AS SELECT dept, COUNT(*) FROM emp GROUP BY dept");
        assertThat(rows("SELECT n FROM counts WHERE d = 1")).containsExactly(List.of(2L));
    }
}
