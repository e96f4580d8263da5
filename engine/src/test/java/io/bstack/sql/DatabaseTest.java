package io.bstack.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.tx.ReadTx;
import io.bstack.tx.TxOptions;
import io.bstack.tx.TxStore;
import io.bstack.tx.WriteTx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening, creating and refusing database files. */
class DatabaseTest {
    private static final Duration T = Duration.ofSeconds(5);
    @TempDir
    Path dir;

    @Test
    void aNewFileGetsAHeaderAndAnEmptyCatalogThatReopen() throws Exception {
        Path file = dir.resolve("new.bstack");
        long root;
        try (Database db = Database.open(file, TxOptions.defaults())) {
            root = db.catalogRoot();
            assertThat(db.pageSize()).isEqualTo(4096);
            try (ReadTx r = db.store().beginRead()) {
                assertThat(db.catalog(r, null).schemas()).containsExactly("PUBLIC");
                assertThat(r.get(Database.HEADER_AT, Database.HEADER_AT + 8)).asString().isEqualTo("BStackDB");
            }
        }
        try (Database db = Database.open(file, TxOptions.defaults().withCreateIfMissing(false))) {
            assertThat(db.catalogRoot()).isEqualTo(root);
            try (WriteTx tx = db.store().beginWrite(T)) {
                db.catalog(tx, db.allocator(tx)).createSchema("SALES");
                tx.commit();
            }
        }
        try (Database db = Database.open(file, TxOptions.defaults()); ReadTx r = db.store().beginRead()) {
            assertThat(db.catalog(r, null).schemas()).containsExactlyInAnyOrder("PUBLIC", "SALES");
        }
    }

    @Test
    void otherAllocatorsWriteTheSixteenByteHeaderAndKeepTheirKind() throws Exception {
        for (AllocatorKind kind : new AllocatorKind[] {AllocatorKind.FIRSTFIT, AllocatorKind.SEGREGATED}) {
            Path file = dir.resolve(kind + ".bstack");
            long root;
            try (Database db = Database.open(file, TxOptions.defaults(), kind)) {
                root = db.catalogRoot();
                try (ReadTx r = db.store().beginRead()) {
                    byte[] h = r.get(Database.HEADER_AT, Database.HEADER_AT + 16);
                    assertThat(new String(h, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("BSDB");
                    assertThat(h[4]).isEqualTo((byte) 2);
                    assertThat(h[6]).as("log2 of the page size").isEqualTo((byte) 12);
                    assertThat(java.nio.ByteBuffer.wrap(h, 8, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong())
                            .isEqualTo(root);
                }
            }
            try (Database db = Database.open(file, TxOptions.defaults(), AllocatorKind.GHOSTTREE)) {
                assertThat(db.allocatorKind()).as("the file's, not the one asked for").isEqualTo(kind);
                assertThat(db.catalogRoot()).isEqualTo(root);
                try (WriteTx tx = db.store().beginWrite(T)) {
                    tx.set(Database.HEADER_AT + 5, new byte[] {'Z'}); // no such allocator
                    tx.commit();
                }
            }
            assertThatThrownBy(() -> Database.open(file, TxOptions.defaults()))
                    .isInstanceOf(SQLException.class).hasMessageContaining("header is damaged");
        }
    }

    @Test
    void theNameIsTheFileNameWithoutItsExtensionUpperCased() throws Exception {
        try (Database db = Database.open(dir.resolve("my.shop.bstack"), TxOptions.defaults())) {
            assertThat(db.name()).isEqualTo("MY.SHOP");
        }
        try (Database db = Database.open(dir.resolve("plain"), TxOptions.defaults())) {
            assertThat(db.name()).isEqualTo("PLAIN");
        }
    }

    @Test
    void sessionsRegisterWithStableIdsAndLeaveOnClose() throws Exception {
        try (Database db = Database.open(dir.resolve("s.bstack"), TxOptions.defaults())) {
            Session a = new Session(db);
            Session b = new Session(db);
            assertThat(db.systemInfo().sessions()).extracting(io.bstack.sql.exec.SessionInfo::id).containsExactly(1, 2);
            a.close();
            a.close();
            Session c = new Session(db);
            assertThat(db.systemInfo().sessions()).extracting(io.bstack.sql.exec.SessionInfo::id).containsExactly(2, 3);
            b.close();
            c.close();
            assertThat(db.systemInfo().sessions()).isEmpty();
            assertThat(db.systemInfo().catalogName()).isEqualTo("S");
        }
    }

    @Test
    void aMissingFileIsAConnectionErrorWhenCreationIsOff() {
        assertThatThrownBy(() -> Database.open(dir.resolve("none.bstack"), TxOptions.defaults().withCreateIfMissing(false)))
                .isInstanceOf(SQLNonTransientConnectionException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"))
                .hasMessageContaining("does not exist");
        assertThat(dir.resolve("none.bstack")).doesNotExist();
    }

    @Test
    void aFileOfSomethingElseIsRefusedAndLeftAlone() throws IOException {
        Path file = dir.resolve("text.bstack");
        Files.writeString(file, "these are not the bytes you are looking for ".repeat(50));
        byte[] before = Files.readAllBytes(file);
        assertThatThrownBy(() -> Database.open(file, TxOptions.defaults())).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("HY000"))
                .hasMessageContaining("not a BStack DB database");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void aBStackStoreWithoutTheHeaderIsRefused() throws IOException {
        Path file = dir.resolve("other.bstack");
        try (TxStore store = TxStore.open(file, TxOptions.defaults()); WriteTx tx = store.beginWrite(T)) {
            tx.push(new byte[200]); // someone else's data
            tx.commit();
        }
        assertThatThrownBy(() -> Database.open(file, TxOptions.defaults())).isInstanceOf(SQLException.class)
                .hasMessageContaining("no \"BStackDB\" header");
    }

    @Test
    void aDamagedHeaderIsRefused() throws Exception {
        Path file = dir.resolve("damaged.bstack");
        Database.open(file, TxOptions.defaults()).close();
        try (TxStore store = TxStore.open(file, TxOptions.defaults()); WriteTx tx = store.beginWrite(T)) {
            tx.set(Database.HEADER_AT + 12, new byte[] {3, 0, 0, 0}); // page size 3
            tx.commit();
        }
        assertThatThrownBy(() -> Database.open(file, TxOptions.defaults())).isInstanceOf(SQLException.class)
                .hasMessageContaining("header is damaged");
        try (TxStore store = TxStore.open(file, TxOptions.defaults()); WriteTx tx = store.beginWrite(T)) {
            tx.set(Database.HEADER_AT + 8, new byte[] {9, 0, 0, 0}); // format 9
            tx.commit();
        }
        assertThatThrownBy(() -> Database.open(file, TxOptions.defaults())).isInstanceOf(SQLException.class)
                .hasMessageContaining("newer than this version reads");
    }

    @Test
    void aSecondOpenOfAnOpenFileIsAConnectionError() throws Exception {
        Path file = dir.resolve("busy.bstack");
        try (Database db = Database.open(file, TxOptions.defaults())) {
            assertThatThrownBy(() -> Database.open(file, TxOptions.defaults()))
                    .isInstanceOf(SQLNonTransientConnectionException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
            try (ReadTx r = db.store().beginRead()) {
                assertThat(r.len()).as("the first one goes on").isPositive();
            }
        }
    }
}
