package io.bstack.sql.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** UNION / INTERSECT / EXCEPT (with ALL), VALUES as a query, and INSERT ... SELECT. */
class SetOperationsTest extends SessionFixture {

    @BeforeEach
    void setUp() throws SQLException {
        s.execute("CREATE TABLE a (x INT)");
        s.execute("CREATE TABLE b (x INT)");
        s.execute("INSERT INTO a VALUES (1), (2), (2), (3), (NULL)");
        s.execute("INSERT INTO b VALUES (2), (3), (3), (4), (NULL)");
    }

    @Test
    void setSemantics() throws SQLException {
        assertThat(column("SELECT x FROM a UNION SELECT x FROM b ORDER BY 1")).containsExactly(null, 1, 2, 3, 4);
        assertThat(column("SELECT x FROM a UNION ALL SELECT x FROM b ORDER BY x")).hasSize(10);
        assertThat(column("SELECT x FROM a INTERSECT SELECT x FROM b ORDER BY 1")).containsExactly(null, 2, 3);
        assertThat(column("SELECT x FROM a INTERSECT ALL SELECT x FROM b ORDER BY 1")).containsExactly(null, 2, 3);
        assertThat(column("SELECT x FROM a EXCEPT SELECT x FROM b")).containsExactly(1);
        assertThat(column("SELECT x FROM a EXCEPT ALL SELECT x FROM b ORDER BY 1")).containsExactly(1, 2);
        assertThat(column("SELECT x FROM a UNION SELECT x FROM b ORDER BY 1 DESC LIMIT 2")).containsExactly(4, 3);
        assertThatThrownBy(() -> s.query("SELECT x FROM a UNION SELECT x, x FROM b")).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42000"));
    }

    @Test
    void valuesIsAQuery() throws SQLException {
        try (QueryResult r = s.query("VALUES (1, 'a'), (2, 'b') ORDER BY 1 DESC")) {
            assertThat(r.labels()).containsExactly("C1", "C2");
            assertThat(r.next()).isTrue();
            assertThat(Arrays.asList(r.get(0), r.get(1))).containsExactly(2, "b");
        }
    }

    @Test
    void insertSelectReadsEverythingFirst() throws SQLException {
        assertThat(s.execute("INSERT INTO a SELECT x + 10 FROM a WHERE x IS NOT NULL")).isEqualTo(4);
        assertThat(column("SELECT x FROM a WHERE x > 10 ORDER BY 1")).containsExactly(11, 12, 12, 13);
        assertThat(s.execute("INSERT INTO b (x) SELECT MAX(x) FROM a")).isEqualTo(1);
        assertThat(column("SELECT MAX(x) FROM b")).containsExactly(13);
    }
}
