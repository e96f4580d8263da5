package io.bstack.sql.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.sql.Database;
import io.bstack.sql.Session;
import io.bstack.tx.TxOptions;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scalar, IN, EXISTS and correlated subqueries. */
class SubqueryTest {
    @TempDir
    Path dir;
    Database db;
    Session s;

    @BeforeEach
    void open() throws SQLException {
        db = Database.open(dir.resolve("q.bstack"), TxOptions.defaults());
        s = new Session(db);
        s.execute("CREATE TABLE t (id INT, grp INT, v INT)");
        s.execute("INSERT INTO t VALUES (1, 1, 10), (2, 1, 20), (3, 2, 5), (4, 2, NULL), (5, 3, 7)");
        s.execute("CREATE TABLE u (x INT)");
        s.execute("INSERT INTO u VALUES (1), (3), (NULL)");
    }

    @AfterEach
    void close() throws SQLException {
        s.close();
        db.close();
    }

    private List<Object> column(String sql) throws SQLException {
        List<Object> out = new ArrayList<>();
        try (QueryResult r = s.query(sql)) {
            while (r.next()) {
                out.add(r.get(0));
            }
        }
        return out;
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
