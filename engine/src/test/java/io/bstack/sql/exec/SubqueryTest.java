package io.bstack.sql.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scalar, IN, EXISTS and correlated subqueries. */
class SubqueryTest extends SessionFixture {

    @BeforeEach
    void setUp() throws SQLException {
        s.execute("CREATE TABLE t (id INT, grp INT, v INT)");
        s.execute("INSERT INTO t VALUES (1, 1, 10), (2, 1, 20), (3, 2, 5), (4, 2, NULL), (5, 3, 7)");
        s.execute("CREATE TABLE u (x INT)");
        s.execute("INSERT INTO u VALUES (1), (3), (NULL)");
    }

    @Test
    void uncorrelated() throws SQLException {
        assertThat(column("SELECT id FROM t WHERE v = (SELECT MAX(v) FROM t)")).containsExactly(2);
        assertThat(column("SELECT id FROM t WHERE id IN (SELECT x FROM u) ORDER BY 1")).containsExactly(1, 3);
        assertThat(column("SELECT id FROM t WHERE id NOT IN (SELECT x FROM u)")).as("NOT IN with a NULL: unknown")
                .isEmpty();
        assertThat(column("SELECT id FROM t WHERE id NOT IN (SELECT x FROM u WHERE x IS NOT NULL) ORDER BY 1"))
                .containsExactly(2, 4, 5);
        assertThat(column("SELECT (SELECT COUNT(*) FROM u) + 1")).containsExactly(4L);
        assertThat(column("SELECT id FROM t WHERE EXISTS (SELECT * FROM u WHERE x = 99)")).isEmpty();
        assertThat(column("SELECT (SELECT x FROM u WHERE x > 100)")).as("no row: NULL").containsExactly((Object) null);
        assertThatThrownBy(() -> column("SELECT (SELECT x FROM u)")).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("21"));
    }

    @Test
    void correlated() throws SQLException {
        assertThat(column("SELECT id FROM t a WHERE v = (SELECT MAX(v) FROM t b WHERE b.grp = a.grp) ORDER BY 1"))
                .containsExactly(2, 3, 5);
        assertThat(column("SELECT id FROM t a WHERE EXISTS (SELECT 1 FROM u WHERE u.x = a.id) ORDER BY 1"))
                .containsExactly(1, 3);
        assertThat(column("SELECT (SELECT COUNT(*) FROM t b WHERE b.grp = a.grp) FROM t a ORDER BY a.id"))
                .containsExactly(2L, 2L, 2L, 2L, 1L);
        assertThat(column("SELECT grp FROM t a GROUP BY grp HAVING COUNT(*) > (SELECT COUNT(*) FROM u WHERE x = a.grp)"
                + " ORDER BY 1")).containsExactly(1, 2);
        assertThat(column("SELECT id FROM t a WHERE id IN (SELECT b.id FROM t b WHERE b.v > a.v - 100 AND b.grp = 2)"
                + " ORDER BY 1")).containsExactly(3);
    }
}
