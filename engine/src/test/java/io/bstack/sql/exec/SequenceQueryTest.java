package io.bstack.sql.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** {@code SELECT NEXT VALUE FOR seq}: a query that advances a sequence runs as a writing statement. */
class SequenceQueryTest extends SessionFixture {

    @Test
    void aQueryTakesTheNextValueTransactionally() throws SQLException {
        s.execute("CREATE SEQUENCE seq START WITH 10 INCREMENT BY 5");
        assertThat(column("SELECT NEXT VALUE FOR seq")).containsExactly(10L);
        assertThat(column("SELECT NEXT VALUE FOR seq")).containsExactly(15L);
        s.execute("CREATE TABLE t (a INT)");
        s.execute("INSERT INTO t VALUES (1), (2)");
        assertThat(column("SELECT NEXT VALUE FOR seq FROM t")).as("one value per row").containsExactly(20L, 25L);
        s.execute("BEGIN");
        assertThat(column("SELECT NEXT VALUE FOR seq")).containsExactly(30L);
        s.execute("ROLLBACK");
        assertThat(column("SELECT NEXT VALUE FOR seq")).as("a rolled-back value is given out again")
                .containsExactly(30L);
        s.readOnly(true);
        assertThatThrownBy(() -> column("SELECT NEXT VALUE FOR seq")).isInstanceOf(SQLException.class)
                .hasFieldOrPropertyWithValue("SQLState", "25006");
    }
}
