package io.bstack.sql.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.btree.ColumnDef;
import io.bstack.btree.IndexDef;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ALTER TABLE beyond ADD COLUMN: columns dropped and renamed, constraints added and dropped, tables renamed. */
class AlterTableTest extends SessionFixture {

    private List<String> columnNames(String table) throws SQLException {
        return tableDef(table).columns().stream().map(ColumnDef::name).toList();
    }

    @Test
    void dropColumnRewritesRowsAndKeepsOtherIndexes() throws SQLException {
        s.execute("CREATE TABLE t (id INT PRIMARY KEY, a VARCHAR(5), b INT UNIQUE, c INT)");
        s.execute("CREATE INDEX t_c ON t (c)");
        s.execute("CREATE INDEX t_a ON t (a)");
        s.execute("INSERT INTO t VALUES (1, 'x', 10, 100), (2, 'y', 20, 200)");
        s.execute("ALTER TABLE t DROP COLUMN a");
        assertThat(columnNames("T")).containsExactly("ID", "B", "C");
        assertThat(rows("SELECT * FROM t ORDER BY id")).containsExactly(List.of(1, 10, 100), List.of(2, 20, 200));
        assertThat(indexDefs("T")).extracting(IndexDef::name, IndexDef::columns).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("T_UNIQUE_1", List.of(1)), org.assertj.core.groups.Tuple.tuple("T_C", List.of(2)));
        fails("INSERT INTO t VALUES (3, 10, 0)", "23505");
        assertThat(column("SELECT id FROM t WHERE c = 200")).containsExactly(2);
        s.execute("ALTER TABLE t DROP COLUMN id");
        assertThat(tableDef("T").primaryKey()).as("the single-column key goes with it").isEmpty();
        s.execute("INSERT INTO t VALUES (30, 300)");
        assertThat(column("SELECT COUNT(*) FROM t")).containsExactly(3L);
        fails("ALTER TABLE t DROP COLUMN nope", "42S22");
    }

    @Test
    void dropColumnRefusesWhatOtherObjectsNeedAndDropsWhatOnlyItUses() throws SQLException {
        s.execute("CREATE TABLE t (id INT PRIMARY KEY, a INT CHECK (a > 0), b INT, c INT, CHECK (b < c),"
                + " UNIQUE (b, c))");
        s.execute("INSERT INTO t VALUES (1, 1, 1, 2)");
        fails("ALTER TABLE t DROP COLUMN b", "2BP01");
        s.execute("ALTER TABLE t DROP COLUMN a");
        assertThat(tableDef("T").constraintsSql()).containsExactly("CONSTRAINT T_CHECK_2 CHECK (B < C)");
        s.execute("CREATE TABLE child (x INT REFERENCES t(id))");
        s.execute("CREATE VIEW v AS SELECT c FROM t");
        fails("ALTER TABLE t DROP COLUMN c", "2BP01");
        s.execute("DROP VIEW v");
        s.execute("ALTER TABLE t DROP CONSTRAINT T_CHECK_2");
        s.execute("ALTER TABLE t DROP CONSTRAINT T_UNIQUE_1");
        s.execute("ALTER TABLE t DROP COLUMN c");
        s.execute("ALTER TABLE t DROP COLUMN id");
        assertThat(tableDef("CHILD").constraintsSql()).as("the reference to the dropped key went too").isEmpty();
        assertThat(columnNames("T")).containsExactly("B");
    }

    @Test
    void renameColumnCarriesIntoConstraintsAndReferences() throws SQLException {
        s.execute("CREATE TABLE p (id INT PRIMARY KEY, v INT CHECK (v > 0), up INT REFERENCES p(id))");
        s.execute("CREATE TABLE c (pid INT REFERENCES p(id))");
        s.execute("INSERT INTO p VALUES (1, 5, NULL)");
        s.execute("ALTER TABLE p RENAME COLUMN id TO key");
        s.execute("ALTER TABLE p RENAME COLUMN v TO val");
        assertThat(columnNames("P")).containsExactly("KEY", "VAL", "UP");
        assertThat(tableDef("P").constraintsSql()).containsExactly("CONSTRAINT P_CHECK_1 CHECK (VAL > 0)",
                "CONSTRAINT FK_P_UP FOREIGN KEY (UP) REFERENCES P (KEY)");
        assertThat(tableDef("C").constraintsSql()).containsExactly("CONSTRAINT FK_C_PID FOREIGN KEY (PID) REFERENCES P (KEY)");
        fails("INSERT INTO p VALUES (2, 0, NULL)", "23513");
        fails("INSERT INTO c VALUES (9)", "23506");
        s.execute("INSERT INTO c VALUES (1)");
        fails("ALTER TABLE p RENAME COLUMN val TO up", "42S21");
        fails("ALTER TABLE p RENAME COLUMN nope TO x", "42S22");
    }

    @Test
    void renameTableCarriesReferences() throws SQLException {
        s.execute("CREATE TABLE p (id INT PRIMARY KEY, up INT REFERENCES p)");
        s.execute("CREATE TABLE c (pid INT REFERENCES p ON DELETE CASCADE)");
        s.execute("CREATE INDEX p_up ON p (up)");
        s.execute("INSERT INTO p VALUES (1, NULL), (2, 1)");
        s.execute("INSERT INTO c VALUES (2)");
        s.execute("ALTER TABLE p RENAME TO q");
        assertThat(tableDef("P")).isNull();
        assertThat(indexDefs("Q")).extracting(IndexDef::name).contains("P_UP");
        fails("INSERT INTO q VALUES (3, 7)", "23506");
        fails("INSERT INTO c VALUES (7)", "23506");
        s.execute("DELETE FROM q WHERE id = 2");
        assertThat(column("SELECT COUNT(*) FROM c")).containsExactly(0L);
        s.execute("CREATE TABLE x (a INT)");
        fails("ALTER TABLE q RENAME TO x", "42S01");
        s.execute("CREATE VIEW vq AS SELECT id FROM q");
        fails("ALTER TABLE q RENAME TO r", "2BP01");
    }

    @Test
    void addConstraintChecksTheRowsAndNamesIt() throws SQLException {
        s.execute("CREATE TABLE t (a INT, b INT)");
        s.execute("INSERT INTO t VALUES (1, 1), (2, 1), (3, NULL)");
        fails("ALTER TABLE t ADD UNIQUE (b)", "23505");
        fails("ALTER TABLE t ADD CONSTRAINT pos CHECK (a > 1)", "23513");
        assertThat(indexDefs("T")).isEmpty();
        assertThat(tableDef("T").constraintsSql()).isEmpty();
        s.execute("ALTER TABLE t ADD CONSTRAINT pos CHECK (a > 0)");
        s.execute("ALTER TABLE t ADD UNIQUE (a)");
        fails("ALTER TABLE t ADD CONSTRAINT pos CHECK (a < 100)", "42000");
        assertThat(tableDef("T").constraintsSql()).containsExactly("CONSTRAINT POS CHECK (A > 0)");
        assertThat(indexDefs("T")).extracting(IndexDef::name).containsExactly("T_UNIQUE_1");
        fails("INSERT INTO t VALUES (0, 5)", "23513");
        fails("INSERT INTO t VALUES (1, 5)", "23505");
        s.execute("ALTER TABLE t DROP CONSTRAINT pos");
        s.execute("ALTER TABLE t DROP CONSTRAINT T_UNIQUE_1");
        s.execute("INSERT INTO t VALUES (0, 5), (0, 6)");
        fails("ALTER TABLE t DROP CONSTRAINT pos", "42704");
    }

    @Test
    void addAndDropForeignKey() throws SQLException {
        s.execute("CREATE TABLE p (id INT PRIMARY KEY, v INT)");
        s.execute("CREATE TABLE c (x INT, y INT)");
        s.execute("INSERT INTO p VALUES (1, 1)");
        s.execute("INSERT INTO c VALUES (1, 1), (2, NULL)");
        fails("ALTER TABLE c ADD FOREIGN KEY (x) REFERENCES p(id)", "23506");
        fails("ALTER TABLE c ADD FOREIGN KEY (y) REFERENCES p(v)", "42830");
        assertThat(tableDef("C").constraintsSql()).isEmpty();
        s.execute("ALTER TABLE c ADD FOREIGN KEY (y) REFERENCES p(id) ON DELETE SET NULL");
        assertThat(tableDef("C").constraintsSql()).containsExactly(
                "CONSTRAINT FK_C_Y FOREIGN KEY (Y) REFERENCES P (ID) ON DELETE SET NULL");
        assertThat(indexDefs("C")).extracting(IndexDef::name).containsExactly("FK_C_Y_INDEX");
        fails("INSERT INTO c VALUES (3, 3)", "23506");
        s.execute("DELETE FROM p");
        assertThat(rows("SELECT x, y FROM c ORDER BY x")).containsExactly(Arrays.asList(1, null), Arrays.asList(2, null));
        s.execute("ALTER TABLE c DROP CONSTRAINT FK_C_Y");
        assertThat(indexDefs("C")).isEmpty();
        s.execute("INSERT INTO c VALUES (3, 3)");
    }

    @Test
    void addAndDropPrimaryKey() throws SQLException {
        s.execute("CREATE TABLE t (a INT, b VARCHAR(3))");
        s.execute("INSERT INTO t VALUES (1, 'x'), (1, 'y'), (NULL, 'z')");
        fails("ALTER TABLE t ADD PRIMARY KEY (a)", "23502");
        s.execute("DELETE FROM t WHERE a IS NULL");
        fails("ALTER TABLE t ADD PRIMARY KEY (a)", "23505");
        assertThat(tableDef("T").primaryKey()).isEmpty();
        s.execute("ALTER TABLE t ADD PRIMARY KEY (a, b)");
        assertThat(tableDef("T").primaryKey()).containsExactly(0, 1);
        assertThat(tableDef("T").columns().get(0).nullable()).isFalse();
        fails("INSERT INTO t VALUES (1, 'x')", "23505");
        fails("ALTER TABLE t ADD PRIMARY KEY (b)", "42000");
        s.execute("CREATE TABLE c (a INT, b VARCHAR(3), FOREIGN KEY (a, b) REFERENCES t)");
        fails("ALTER TABLE t DROP CONSTRAINT PK_T", "2BP01");
        s.execute("DROP TABLE c");
        s.execute("ALTER TABLE t DROP CONSTRAINT PK_T");
        s.execute("INSERT INTO t VALUES (1, 'x')");
        assertThat(column("SELECT COUNT(*) FROM t")).containsExactly(3L);
    }

    @Test
    void addColumnFillsRowsWithTheDefaultAndAddsItsConstraints() throws SQLException {
        s.execute("CREATE TABLE p (id INT PRIMARY KEY)");
        s.execute("INSERT INTO p VALUES (1)");
        s.execute("CREATE SEQUENCE seq START WITH 10");
        s.execute("CREATE TABLE t (a INT)");
        s.execute("CREATE INDEX t_a ON t (a)");
        s.execute("INSERT INTO t VALUES (1), (2)");
        fails("ALTER TABLE t ADD COLUMN b INT NOT NULL", "23502");
        s.execute("ALTER TABLE t ADD COLUMN b VARCHAR(3) DEFAULT 'x' NOT NULL");
        s.execute("ALTER TABLE t ADD COLUMN c INT DEFAULT NEXT VALUE FOR seq");
        assertThat(rows("SELECT a, b, c FROM t ORDER BY a")).containsExactly(List.of(1, "x", 10), List.of(2, "x", 11));
        assertThat(column("SELECT a FROM t WHERE a = 2")).as("the index was carried over").containsExactly(2);
        assertThat(indexDefs("T")).extracting(IndexDef::name).containsExactly("T_A");
        fails("ALTER TABLE t ADD COLUMN d INT DEFAULT 5 UNIQUE", "23505");
        fails("ALTER TABLE t ADD COLUMN d INT DEFAULT 0 CHECK (d > 0)", "23513");
        fails("ALTER TABLE t ADD COLUMN d INT DEFAULT 2 REFERENCES p(id)", "23506");
        assertThat(columnNames("T")).as("a failed ADD COLUMN leaves nothing").containsExactly("A", "B", "C");
        s.execute("ALTER TABLE t ADD COLUMN d INT DEFAULT 1 REFERENCES p(id) CHECK (d > 0)");
        s.execute("ALTER TABLE t ADD COLUMN e INT UNIQUE");
        assertThat(tableDef("T").constraintsSql()).containsExactly("CONSTRAINT FK_T_D FOREIGN KEY (D) REFERENCES P (ID)",
                "CONSTRAINT T_CHECK_1 CHECK (D > 0)");
        fails("INSERT INTO t (a, d) VALUES (3, 7)", "23506");
        s.execute("ALTER TABLE t ADD COLUMN f INT AUTO_INCREMENT");
        assertThat(rows("SELECT a, f FROM t ORDER BY a")).as("existing rows numbered in key order")
                .containsExactly(List.of(1, 1), List.of(2, 2));
        s.execute("INSERT INTO t (a, d) VALUES (3, 1)");
        assertThat(column("SELECT f FROM t WHERE a = 3")).as("the sequence goes on").containsExactly(3);
        fails("INSERT INTO t (a, d, f) VALUES (4, 1, NULL)", "23502");
        assertThat(sequences()).contains("T_F_SEQ");
        s.execute("ALTER TABLE t ADD COLUMN g BIGINT GENERATED BY DEFAULT AS IDENTITY (START WITH 100 INCREMENT BY -10)");
        assertThat(column("SELECT g FROM t ORDER BY a")).containsExactly(100L, 90L, 80L);
        fails("ALTER TABLE t ADD COLUMN h INT AUTO_INCREMENT DEFAULT 3", "42000");
        assertThat(columnNames("T")).as("a refused identity leaves nothing").doesNotContain("H");
        assertThat(sequences()).doesNotContain("T_H_SEQ");
        s.execute("ALTER TABLE t DROP COLUMN f");
        assertThat(sequences()).as("dropped with its column").doesNotContain("T_F_SEQ");
        s.execute("CREATE TABLE k (v INT)");
        s.execute("ALTER TABLE k ADD COLUMN id INT PRIMARY KEY");
        assertThat(tableDef("K").primaryKey()).containsExactly(1);
    }

    @Test
    void identitySequencesFollowTheirColumnAndGoWithIt() throws SQLException {
        s.execute("CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, v INT)");
        s.execute("CREATE TABLE t_x (id INT AUTO_INCREMENT, w INT)");
        s.execute("INSERT INTO t (v) VALUES (1), (2)");
        s.execute("ALTER TABLE t RENAME COLUMN id TO k");
        s.execute("ALTER TABLE t RENAME TO u");
        s.execute("INSERT INTO u (v) VALUES (3)");
        assertThat(column("SELECT k FROM u ORDER BY k")).as("the sequence goes on").containsExactly(1, 2, 3);
        assertThat(sequences()).containsExactlyInAnyOrder("U_K_SEQ", "T_X_ID_SEQ");
        s.execute("DROP TABLE u");
        assertThat(sequences()).as("another table's sequence is not the dropped one's").containsExactly("T_X_ID_SEQ");
        s.execute("ALTER TABLE t_x DROP COLUMN id");
        assertThat(sequences()).isEmpty();
    }

    private List<String> sequences() throws SQLException {
        return s.read((view, alloc) -> db.catalog(view, alloc).sequences("PUBLIC"));
    }

    @Test
    void aNamedPrimaryKeyIsDroppedByItsName() throws SQLException {
        s.execute("CREATE TABLE t (a INT, b INT, CONSTRAINT t_key PRIMARY KEY (a))");
        s.execute("CREATE TABLE u (a INT CONSTRAINT u_key PRIMARY KEY, b INT)");
        assertThat(tableDef("T").constraintsSql()).containsExactly("CONSTRAINT T_KEY PRIMARY KEY (A)");
        fails("ALTER TABLE t DROP CONSTRAINT PK_T", "42704");
        fails("CREATE TABLE v (a INT, CONSTRAINT t_key PRIMARY KEY (a))", "42000");
        s.execute("ALTER TABLE t RENAME COLUMN a TO k");
        assertThat(tableDef("T").constraintsSql()).containsExactly("CONSTRAINT T_KEY PRIMARY KEY (K)");
        s.execute("ALTER TABLE t DROP CONSTRAINT t_key");
        assertThat(tableDef("T").primaryKey()).isEmpty();
        assertThat(tableDef("T").constraintsSql()).isEmpty();
        s.execute("ALTER TABLE t ADD CONSTRAINT t_key2 PRIMARY KEY (b)");
        assertThat(tableDef("T").primaryKey()).containsExactly(1);
        s.execute("ALTER TABLE t DROP COLUMN b");
        assertThat(tableDef("T").primaryKey()).as("the key goes with its only column").isEmpty();
        assertThat(tableDef("T").constraintsSql()).isEmpty();
        s.execute("ALTER TABLE u DROP CONSTRAINT u_key");
        assertThat(tableDef("U").primaryKey()).isEmpty();
    }

    @Test
    void alterTableRollsBackWithItsTransaction() throws SQLException {
        s.execute("CREATE TABLE t (a INT, b INT)");
        s.execute("INSERT INTO t VALUES (1, 2)");
        s.execute("BEGIN");
        s.execute("ALTER TABLE t DROP COLUMN b");
        s.execute("ALTER TABLE t RENAME COLUMN a TO z");
        s.execute("ALTER TABLE t RENAME TO u");
        s.execute("ROLLBACK");
        assertThat(columnNames("T")).containsExactly("A", "B");
        assertThat(rows("SELECT a, b FROM t")).containsExactly(List.of(1, 2));
    }
}
