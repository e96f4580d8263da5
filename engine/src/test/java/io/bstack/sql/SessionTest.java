package io.bstack.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.btree.CatalogException;
import io.bstack.tx.Durability;
import io.bstack.tx.TxOptions;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Auto-commit, explicit transactions, savepoints, snapshot reads and write conflicts. */
class SessionTest {
    @TempDir
    Path dir;
    Database db;

    @BeforeEach
    void open() throws SQLException {
        db = Database.open(dir.resolve("s.bstack"), TxOptions.defaults().withDurability(Durability.NORMAL));
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
    }

    private static void createSchema(Session s, String name) throws SQLException {
        s.write((view, alloc) -> {
            s.database().catalog(view, alloc).createSchema(name);
            return null;
        });
    }

    private static List<String> schemas(Session s) throws SQLException {
        return s.read((view, alloc) -> s.database().catalog(view, alloc).schemas());
    }

    @Test
    void autoCommitMakesEachStatementVisibleAtOnceThoughNormalPushesLater() throws SQLException {
        try (Session a = new Session(db); Session b = new Session(db)) {
            createSchema(a, "S1");
            assertThat(a.inTransaction()).isFalse();
            assertThat(schemas(a)).as("its own commit, though NORMAL has not pushed it").contains("S1");
            assertThat(schemas(b)).contains("S1");
        }
    }

    @Test
    void anExplicitTransactionIsInvisibleUntilCommitAndGoneAfterRollback() throws SQLException {
        try (Session a = new Session(db); Session b = new Session(db)) {
            a.begin();
            createSchema(a, "T1");
            assertThat(schemas(a)).contains("T1");
            assertThat(schemas(b)).doesNotContain("T1");
            a.commit();
            assertThat(schemas(b)).contains("T1");
            a.begin();
            createSchema(a, "T2");
            a.rollback();
            assertThat(schemas(a)).doesNotContain("T2");
            assertThat(schemas(b)).doesNotContain("T2");
        }
    }

    @Test
    void aFailedStatementUndoesOnlyItselfInsideATransaction() throws SQLException {
        try (Session a = new Session(db)) {
            a.begin();
            createSchema(a, "KEEP");
            assertThatThrownBy(() -> a.write((view, alloc) -> {
                db.catalog(view, alloc).createSchema("HALF");
                db.catalog(view, alloc).createSchema("KEEP"); // exists: the statement fails after a change
                return null;
            })).isInstanceOf(SQLException.class).hasCauseInstanceOf(CatalogException.class);
            assertThat(a.inTransaction()).isTrue();
            a.commit();
            assertThat(schemas(a)).contains("KEEP").doesNotContain("HALF");
        }
    }

    @Test
    void savepointsRollBackAndRelease() throws SQLException {
        try (Session a = new Session(db)) {
            a.begin();
            createSchema(a, "A");
            a.savepoint("sp1");
            createSchema(a, "B");
            a.savepoint("sp2");
            createSchema(a, "C");
            a.rollbackTo("sp1");
            assertThat(schemas(a)).contains("A").doesNotContain("B", "C");
            assertThatThrownBy(() -> a.rollbackTo("sp2")).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("3B001"));
            createSchema(a, "D");
            a.release("sp1");
            assertThatThrownBy(() -> a.rollbackTo("sp1")).hasMessageContaining("does not exist");
            a.commit();
            assertThat(schemas(a)).contains("A", "D").doesNotContain("B", "C");
            assertThatThrownBy(() -> a.savepoint("x")).as("auto-commit is on again")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("3B001"));
        }
    }

    @Test
    void aTransactionThatReadBeforeAnotherCommittedCannotWrite() throws SQLException {
        try (Session a = new Session(db); Session b = new Session(db)) {
            a.begin();
            assertThat(schemas(a)).doesNotContain("B1"); // a's snapshot
            createSchema(b, "B1");
            assertThat(schemas(a)).as("still a's snapshot").doesNotContain("B1");
            assertThatThrownBy(() -> createSchema(a, "A1")).isInstanceOf(SQLTransactionRollbackException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("40001"));
            assertThat(a.inTransaction()).isFalse();
            createSchema(a, "A1"); // auto-commit again, on the new state
            assertThat(schemas(b)).contains("A1", "B1");
        }
    }

    @Test
    void aWriterWaitsForTheLockUpToItsTimeout() throws SQLException {
        try (Session a = new Session(db); Session b = new Session(db)) {
            a.begin();
            createSchema(a, "HOLD");
            b.lockTimeout(Duration.ofMillis(100));
            assertThatThrownBy(() -> createSchema(b, "WAIT")).isInstanceOf(SQLTimeoutException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("HYT00"));
            a.commit();
            createSchema(b, "WAIT");
            assertThat(schemas(a)).contains("HOLD", "WAIT");
        }
    }

    @Test
    void autoCommitOffStartsTransactionsImplicitlyAndOnCommitsThem() throws SQLException {
        try (Session a = new Session(db); Session b = new Session(db)) {
            a.autoCommit(false);
            createSchema(a, "IMPLICIT");
            assertThat(schemas(b)).doesNotContain("IMPLICIT");
            a.autoCommit(true);
            assertThat(schemas(b)).contains("IMPLICIT");
        }
    }

    @Test
    void closingRollsBackAndRefusesFurtherWork() throws SQLException {
        Session a = new Session(db);
        a.begin();
        createSchema(a, "LOST");
        a.close();
        try (Session b = new Session(db)) {
            assertThat(schemas(b)).doesNotContain("LOST");
        }
        assertThatThrownBy(() -> schemas(a)).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08003"));
    }
}
