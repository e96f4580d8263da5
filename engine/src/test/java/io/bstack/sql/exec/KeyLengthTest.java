package io.bstack.sql.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A key longer than a tree page takes is a clean {@code 54000}, undone, and simply absent on lookup. */
class KeyLengthTest extends SessionFixture {

    private void failsWith54000(String sql, List<?> parameters) {
        assertThatThrownBy(() -> s.execute(sql, parameters)).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as(e.getMessage()).isEqualTo("54000"))
                .hasMessageContaining("longer than");
    }

    @Test
    void tooLongKeysAreRefusedAndTheDatabaseStaysUsable() throws SQLException {
        String huge = "x".repeat(3000);
        s.execute("CREATE TABLE tag (name VARCHAR(5000) PRIMARY KEY, note VARCHAR(5000))");
        s.execute("CREATE INDEX tag_note ON tag (note)");
        failsWith54000("INSERT INTO tag VALUES (?, 'n')", List.of(huge));
        failsWith54000("INSERT INTO tag VALUES ('ok', ?)", List.of(huge));
        assertThat(column("SELECT COUNT(*) FROM tag")).as("both statements undone").containsExactly(0L);
        s.execute("INSERT INTO tag VALUES ('ok', 'n')");
        failsWith54000("UPDATE tag SET note = ? WHERE name = 'ok'", List.of(huge));
        assertThat(rows("SELECT name, note FROM tag")).containsExactly(List.of("ok", "n"));
        assertThat(rows("SELECT * FROM tag WHERE name = ?", List.of(huge))).as("a key no tree holds is absent").isEmpty();
        assertThat(rows("SELECT * FROM tag WHERE note = ?", List.of(huge))).isEmpty();
        assertThat(s.execute("DELETE FROM tag WHERE name = ?", List.of(huge))).isZero();
    }
}
