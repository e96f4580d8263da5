package io.bstack.sql.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** UPDATE and DELETE through a session. */
class UpdateDeleteTest extends SessionFixture {

    @BeforeEach
    void setUp() throws SQLException {
        s.execute("CREATE TABLE acct (id INT PRIMARY KEY, owner VARCHAR(10) UNIQUE, balance INT DEFAULT 7"
                + " CHECK (balance >= 0))");
        s.execute("INSERT INTO acct VALUES (1, 'a', 10), (2, 'b', 20), (3, 'c', 30), (4, NULL, NULL)");
    }

    private List<List<Object>> all() throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (QueryResult r = s.query("SELECT id, owner, balance FROM acct ORDER BY id")) {
            while (r.next()) {
                out.add(Arrays.asList(r.get(0), r.get(1), r.get(2)));
            }
        }
        return out;
    }

    @Test
    void updateReadsTheOldRowAndCountsWhatItChanged() throws SQLException {
        assertThat(s.execute("UPDATE acct SET balance = balance + 5, owner = owner || '!' WHERE balance >= 20"))
                .isEqualTo(2);
        assertThat(s.execute("UPDATE acct a SET balance = DEFAULT WHERE a.id = 4")).isEqualTo(1);
        assertThat(s.execute("UPDATE acct SET balance = 0 WHERE 1 = 0")).isZero();
        assertThat(all()).containsExactly(Arrays.asList(1, "a", 10), Arrays.asList(2, "b!", 25),
                Arrays.asList(3, "c!", 35), Arrays.asList(4, null, 7));
    }

    @Test
    void updatingTheKeyMovesTheRowAndEveryRowIsChangedOnce() throws SQLException {
        assertThat(s.execute("UPDATE acct SET id = id + 10")).isEqualTo(4);
        assertThat(all()).extracting(r -> r.get(0)).containsExactly(11, 12, 13, 14);
    }

    @Test
    void aRefusedUpdateChangesNothing() throws SQLException {
        fails("UPDATE acct SET balance = balance - 15", "23513");
        fails("UPDATE acct SET owner = 'a' WHERE id = 2", "23505");
        fails("UPDATE acct SET id = 1 WHERE id = 2", "23505");
        fails("UPDATE acct SET owner = 'much too long a name'", "22001");
        fails("UPDATE acct SET nope = 1", "42S22");
        fails("UPDATE acct SET id = NULL WHERE id = 1", "23502");
        assertThat(all()).containsExactly(Arrays.asList(1, "a", 10), Arrays.asList(2, "b", 20),
                Arrays.asList(3, "c", 30), Arrays.asList(4, null, null));
    }

    @Test
    void deleteRemovesWhatTheWhereAccepts() throws SQLException {
        assertThat(s.execute("DELETE FROM acct WHERE balance > 15 OR owner IS NULL")).isEqualTo(3);
        assertThat(all()).containsExactly(Arrays.asList(1, "a", 10));
        s.execute("INSERT INTO acct (id, owner) VALUES (2, 'b')"); // the unique owner is free again
        assertThat(s.execute("DELETE FROM acct")).isEqualTo(2);
        assertThat(all()).isEmpty();
    }

    @Test
    void everyAssignmentSeesTheTableAsItWasBeforeTheStatement() throws SQLException {
        assertThat(s.execute("UPDATE acct SET balance = (SELECT MAX(balance) FROM acct) + id WHERE id <= 2"))
                .isEqualTo(2);
        assertThat(all()).extracting(r -> r.get(2)).containsExactly(31, 32, 30, null);
        assertThat(s.execute("UPDATE acct a SET balance = (SELECT COUNT(*) FROM acct b WHERE b.balance >= a.balance)"
                + " WHERE balance IS NOT NULL")).isEqualTo(3);
        assertThat(all()).extracting(r -> r.get(2)).containsExactly(2, 1, 3, null);
    }

    @Test
    void subqueriesInValuesAndWhere() throws SQLException {
        s.execute("INSERT INTO acct (id, owner) VALUES ((SELECT MAX(id) FROM acct) + 1, 'e')");
        // balances 10, 20, 30, NULL and the new row's default 7: the average is 16.75
        assertThat(s.execute("DELETE FROM acct WHERE balance < (SELECT AVG(balance) FROM acct)")).isEqualTo(2);
        assertThat(all()).extracting(r -> r.get(0)).containsExactly(2, 3, 4);
    }
}
