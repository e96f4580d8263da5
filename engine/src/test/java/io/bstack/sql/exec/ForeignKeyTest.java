package io.bstack.sql.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FOREIGN KEY constraints: what CREATE accepts, the checks on child rows, the actions on parent rows. */
class ForeignKeyTest extends SessionFixture {

    private void parentAndChild(String actions) throws SQLException {
        s.execute("CREATE TABLE parent (id INT PRIMARY KEY, code VARCHAR(5) UNIQUE, v INT)");
        s.execute("CREATE TABLE child (id INT PRIMARY KEY, pid INT DEFAULT 1 REFERENCES parent(id) " + actions + ")");
        s.execute("INSERT INTO parent VALUES (1, 'a', 10), (2, 'b', 20), (3, 'c', 30)");
        s.execute("INSERT INTO child VALUES (10, 1), (20, 2), (21, 2), (30, NULL)");
    }

    private List<List<Object>> children() throws SQLException {
        return rows("SELECT id, pid FROM child ORDER BY id");
    }

    @Test
    void aDeleteCountsTheRowsItMatchedThoughACascadeRemovedSomeFirst() throws SQLException {
        s.execute("CREATE TABLE s (id INT PRIMARY KEY, up INT REFERENCES s(id) ON DELETE CASCADE)");
        s.execute("INSERT INTO s VALUES (0, NULL), (1, 0)");
        assertThat(s.execute("DELETE FROM s WHERE id >= 0")).as("as H2 counts").isEqualTo(2);
        assertThat(rows("SELECT COUNT(*) FROM s")).containsExactly(List.of(0L));
    }

    @Test
    void childRowsNeedTheirParent() throws SQLException {
        parentAndChild("");
        fails("INSERT INTO child VALUES (40, 4)", "23506");
        fails("UPDATE child SET pid = 9 WHERE id = 10", "23506");
        assertThat(s.execute("INSERT INTO child VALUES (40, NULL)")).as("NULL references nothing").isEqualTo(1);
        assertThat(s.execute("UPDATE child SET pid = 3 WHERE id = 40")).isEqualTo(1);
        fails("INSERT INTO child VALUES (50, 1), (51, 7)", "23506");
        assertThat(column("SELECT id FROM child WHERE id >= 50")).as("the failed statement left nothing").isEmpty();
    }

    @Test
    void noActionAndRestrictRefuseToOrphanChildren() throws SQLException {
        parentAndChild("ON DELETE RESTRICT");
        fails("DELETE FROM parent WHERE id = 2", "23503");
        fails("UPDATE parent SET id = 9 WHERE id = 1", "23503");
        fails("DELETE FROM parent", "23503");
        assertThat(column("SELECT id FROM parent ORDER BY id")).containsExactly(1, 2, 3);
        assertThat(s.execute("DELETE FROM parent WHERE id = 3")).as("unreferenced").isEqualTo(1);
        assertThat(s.execute("UPDATE parent SET v = 0 WHERE id = 1")).as("key unchanged").isEqualTo(1);
    }

    @Test
    void referencesAreCheckedOnceTheStatementChangedAllItsRows() throws SQLException {
        s.execute("CREATE TABLE emp (id INT PRIMARY KEY, boss INT REFERENCES emp(id))");
        s.execute("INSERT INTO emp VALUES (1, NULL), (2, 1), (3, 2)");
        fails("DELETE FROM emp WHERE id < 3", "23503");
        fails("DELETE FROM emp WHERE id > 1", "23503"); // as in H2: row 2 goes first, row 3 still references it
        assertThat(s.execute("DELETE FROM emp")).as("no row is left referencing another").isEqualTo(3);
        s.execute("CREATE TABLE r (id INT PRIMARY KEY, boss INT REFERENCES r(id) ON DELETE RESTRICT)");
        s.execute("INSERT INTO r VALUES (1, NULL), (2, 1)");
        fails("DELETE FROM r WHERE id = 1", "23503");
        assertThat(s.execute("DELETE FROM r")).isEqualTo(2);
        s.execute("CREATE TABLE p (id INT PRIMARY KEY)");
        s.execute("CREATE TABLE c (pid INT REFERENCES p)");
        s.execute("INSERT INTO p VALUES (2), (3)");
        s.execute("INSERT INTO c VALUES (2)");
        fails("UPDATE p SET id = 0 WHERE id = 2", "23503");
        assertThat(s.execute("UPDATE p SET id = CASE id WHEN 2 THEN 0 ELSE 2 END"))
                .as("2 is back when its row's turn comes").isEqualTo(2);
        assertThat(column("SELECT id FROM p ORDER BY id")).containsExactly(0, 2);
    }

    @Test
    void cascadeDeletesAndCarriesNewKeys() throws SQLException {
        parentAndChild("ON DELETE CASCADE ON UPDATE CASCADE");
        assertThat(s.execute("DELETE FROM parent WHERE id = 2")).as("cascaded rows are not counted").isEqualTo(1);
        assertThat(children()).containsExactly(List.of(10, 1), Arrays.asList(30, null));
        s.execute("UPDATE parent SET id = 100 WHERE id = 1");
        assertThat(children()).containsExactly(List.of(10, 100), Arrays.asList(30, null));
        s.execute("CREATE TABLE byCode (code VARCHAR(5) REFERENCES parent(code) ON UPDATE CASCADE)");
        s.execute("INSERT INTO byCode VALUES ('a')");
        s.execute("UPDATE parent SET code = NULL WHERE id = 100");
        assertThat(column("SELECT code FROM byCode")).as("a NULL key is carried over too").containsExactly((Object) null);
    }

    @Test
    void setNullAndSetDefault() throws SQLException {
        parentAndChild("ON DELETE SET NULL ON UPDATE SET DEFAULT");
        s.execute("DELETE FROM parent WHERE id = 2");
        assertThat(children()).containsExactly(List.of(10, 1), Arrays.asList(20, null), Arrays.asList(21, null),
                Arrays.asList(30, null));
        fails("UPDATE parent SET id = 5 WHERE id = 1", "23506"); // the default 1 is then gone too
        s.execute("INSERT INTO child VALUES (31, 3)");
        s.execute("UPDATE parent SET id = 6 WHERE id = 3");
        assertThat(children()).contains(List.of(31, 1));
    }

    @Test
    void setNullOnANotNullColumnFails() throws SQLException {
        s.execute("CREATE TABLE parent (id INT PRIMARY KEY)");
        s.execute("CREATE TABLE child (id INT, pid INT NOT NULL REFERENCES parent ON DELETE SET NULL)");
        s.execute("INSERT INTO parent VALUES (1)");
        s.execute("INSERT INTO child VALUES (1, 1)");
        fails("DELETE FROM parent", "23502");
        assertThat(column("SELECT id FROM parent")).containsExactly(1);
    }

    @Test
    void cascadesAreRecursiveAndSelfReferencesWork() throws SQLException {
        s.execute("CREATE TABLE emp (id INT PRIMARY KEY, boss INT REFERENCES emp(id) ON DELETE CASCADE)");
        s.execute("INSERT INTO emp VALUES (1, NULL), (2, 1), (3, 2), (4, 3), (5, NULL), (6, 6)");
        fails("INSERT INTO emp VALUES (7, 8)", "23506");
        s.execute("DELETE FROM emp WHERE id = 2");
        assertThat(column("SELECT id FROM emp ORDER BY id")).containsExactly(1, 5, 6);
        s.execute("DELETE FROM emp WHERE id = 6");
        assertThat(column("SELECT id FROM emp ORDER BY id")).containsExactly(1, 5);
        s.execute("CREATE TABLE note (id INT, emp INT REFERENCES emp ON DELETE CASCADE)");
        s.execute("INSERT INTO emp VALUES (2, 1)");
        s.execute("INSERT INTO note VALUES (1, 2), (2, 5)");
        s.execute("DELETE FROM emp WHERE id = 1");
        assertThat(column("SELECT id FROM note")).as("two levels down").containsExactly(2);
    }

    @Test
    void aCascadeThatMeetsARestrictionUndoesTheWholeStatement() throws SQLException {
        s.execute("CREATE TABLE a (id INT PRIMARY KEY)");
        s.execute("CREATE TABLE b (id INT PRIMARY KEY, a INT REFERENCES a ON DELETE CASCADE)");
        s.execute("CREATE TABLE c (id INT PRIMARY KEY, b INT REFERENCES b)");
        s.execute("INSERT INTO a VALUES (1), (2)");
        s.execute("INSERT INTO b VALUES (1, 1), (2, 2)");
        s.execute("INSERT INTO c VALUES (1, 2)");
        fails("DELETE FROM a", "23503");
        assertThat(column("SELECT COUNT(*) FROM a")).containsExactly(2L);
        assertThat(column("SELECT COUNT(*) FROM b")).containsExactly(2L);
        s.execute("BEGIN");
        s.execute("DELETE FROM a WHERE id = 1");
        fails("DELETE FROM a WHERE id = 2", "23503");
        s.execute("COMMIT");
        assertThat(column("SELECT id FROM b")).as("only the failed statement was undone").containsExactly(2);
    }

    @Test
    void referencesByUniqueColumnsAndCompositeKeys() throws SQLException {
        s.execute("CREATE TABLE p (a INT, b VARCHAR(3), code VARCHAR(3) UNIQUE, PRIMARY KEY (a, b))");
        s.execute("CREATE TABLE c (id INT, x INT, y VARCHAR(3), code VARCHAR(3) REFERENCES p(code) ON UPDATE CASCADE,"
                + " FOREIGN KEY (y, x) REFERENCES p (b, a))");
        s.execute("INSERT INTO p VALUES (1, 'u', 'k1'), (2, 'v', 'k2')");
        s.execute("INSERT INTO c VALUES (1, 1, 'u', 'k2'), (2, 2, NULL, 'k1')");
        fails("INSERT INTO c VALUES (3, 2, 'u', NULL)", "23506");
        fails("DELETE FROM p WHERE a = 1", "23503");
        s.execute("UPDATE p SET code = 'k9' WHERE code = 'k2'");
        assertThat(column("SELECT code FROM c ORDER BY id")).containsExactly("k9", "k1");
    }

    @Test
    void createRefusesReferencesToNonKeys() throws SQLException {
        s.execute("CREATE TABLE p (id INT PRIMARY KEY, v INT)");
        fails("CREATE TABLE c (x INT REFERENCES p(v))", "42830");
        fails("CREATE TABLE c (x INT REFERENCES nowhere(id))", "42S02");
        fails("CREATE TABLE c (x INT REFERENCES p(nope))", "42S22");
        fails("CREATE TABLE c (x INT, y INT, FOREIGN KEY (x, y) REFERENCES p(id))", "21S02");
        fails("CREATE TABLE c (x INT, CONSTRAINT k CHECK (x > 0), CONSTRAINT k FOREIGN KEY (x) REFERENCES p)", "42000");
        assertThat(column("SELECT COUNT(*) FROM p")).containsExactly(0L);
    }

    @Test
    void dropAndTruncateOfAReferencedTable() throws SQLException {
        parentAndChild("");
        fails("DROP TABLE parent", "2BP01");
        fails("TRUNCATE TABLE parent", "23503");
        s.execute("TRUNCATE TABLE child");
        s.execute("TRUNCATE TABLE parent");
        s.execute("INSERT INTO parent VALUES (1, 'a', 10)");
        s.execute("INSERT INTO child VALUES (1, 1)");
        s.execute("DROP TABLE parent CASCADE");
        assertThat(tableDef("CHILD").constraintsSql())
                .isEmpty();
        assertThat(indexDefs("CHILD")).isEmpty();
        s.execute("INSERT INTO child VALUES (2, 99)");
        s.execute("CREATE TABLE t (id INT PRIMARY KEY, up INT REFERENCES t)");
        s.execute("INSERT INTO t VALUES (1, NULL), (2, 1)");
        s.execute("TRUNCATE TABLE t");
        s.execute("DROP TABLE t");
    }

    @Test
    void theKeyAReferenceNeedsCannotBeDropped() throws SQLException {
        s.execute("CREATE TABLE p (id INT, code INT UNIQUE)");
        s.execute("CREATE TABLE c (code INT REFERENCES p(code))");
        fails("DROP INDEX P_UNIQUE_1", "2BP01");
        fails("ALTER TABLE p DROP CONSTRAINT P_UNIQUE_1", "2BP01");
        s.execute("ALTER TABLE p ADD CONSTRAINT other UNIQUE (code)");
        s.execute("DROP INDEX P_UNIQUE_1"); // another key remains
        s.execute("INSERT INTO p VALUES (1, 1)");
        s.execute("INSERT INTO c VALUES (1)");
        fails("INSERT INTO c VALUES (2)", "23506");
    }

    @Test
    void valuesAreComparedAndCarriedAsTheOtherSidesTypes() throws SQLException {
        s.execute("CREATE TABLE p (id BIGINT PRIMARY KEY)");
        s.execute("CREATE TABLE c (pid INT REFERENCES p ON UPDATE CASCADE)");
        s.execute("INSERT INTO p VALUES (1), (5000000000)");
        s.execute("INSERT INTO c VALUES (1)");
        fails("UPDATE p SET id = 6000000000 WHERE id = 1", "22003"); // the child's INT cannot hold it
        s.execute("UPDATE p SET id = 7 WHERE id = 1");
        assertThat(column("SELECT pid FROM c")).containsExactly(7);
    }

    @Test
    void constraintsStoredWithoutANameGetOneWhenRead() throws SQLException {
        s.execute("CREATE TABLE parent (id INT PRIMARY KEY)");
        s.write((view, alloc) -> db.catalog(view, alloc).createTable(new io.bstack.btree.TableDef("PUBLIC", "OLD",
                List.of(new io.bstack.btree.ColumnDef("X", io.bstack.btree.SqlType.INTEGER, true, null),
                        new io.bstack.btree.ColumnDef("P", io.bstack.btree.SqlType.INTEGER, true, null)),
                List.of(), List.of("CHECK (X > 0)", "FOREIGN KEY (P) REFERENCES PARENT (ID)"), 0)));
        s.execute("INSERT INTO parent VALUES (1)");
        fails("INSERT INTO old VALUES (0, NULL)", "23513");
        fails("INSERT INTO old VALUES (1, 2)", "23506");
        s.execute("INSERT INTO old VALUES (1, 1)");
        fails("DELETE FROM parent", "23503");
        s.execute("ALTER TABLE old DROP CONSTRAINT OLD_CHECK_1");
        s.execute("INSERT INTO old VALUES (0, NULL)");
        s.execute("DROP TABLE parent CASCADE");
        assertThat(tableDef("OLD").constraintsSql()).isEmpty();
    }

    @Test
    void childRowsAreFoundWithoutAnIndexToo() throws SQLException {
        parentAndChild("ON DELETE CASCADE");
        s.execute("DROP INDEX FK_CHILD_PID_INDEX");
        s.execute("DELETE FROM parent WHERE id = 2");
        assertThat(children()).containsExactly(List.of(10, 1), Arrays.asList(30, null));
    }
}
