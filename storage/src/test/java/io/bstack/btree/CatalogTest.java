package io.bstack.btree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.alloc.BStackAllocator;
import io.bstack.alloc.GhostTreeFactory;
import io.bstack.tx.ReadTx;
import io.bstack.tx.TxOptions;
import io.bstack.tx.TxStore;
import io.bstack.tx.WriteTx;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {

    private static final GhostTreeFactory ALLOCATORS = new GhostTreeFactory();
    private static final int PAGE = 4096;

    @TempDir
    Path dir;

    private static TableDef people(String name) {
        return new TableDef("PUBLIC", name, List.of(
                new ColumnDef("ID", SqlType.INTEGER, false, null),
                new ColumnDef("NAME", SqlType.VARCHAR, true, null, "VARCHAR(40)"),
                new ColumnDef("BIO", SqlType.VARCHAR, true, "''")), List.of(0), List.of("CHECK (ID > 0)"), 0);
    }

    private static List<Object> row(int id, String name, String bio) {
        return Arrays.asList(id, name, bio);
    }

    private WriteTx begin(TxStore store) throws IOException {
        return store.beginWrite(Duration.ofSeconds(5));
    }

    @Test
    void redefineAndRenameKeepRowsAndIndexes() throws IOException {
        try (TxStore store = TxStore.open(dir.resolve("db.bstack"), TxOptions.defaults()); WriteTx tx = begin(store)) {
            BStackAllocator alloc = ALLOCATORS.create(tx);
            Catalog catalog = Catalog.create(tx, alloc, PAGE);
            Table t = catalog.createTable(people("PEOPLE"));
            t.insert(row(1, "ada", "x"));
            catalog.createIndex(new IndexDef("PUBLIC", "BY_NAME", "PEOPLE", List.of(1), List.of(false), true, 0));
            TableDef d = t.def();
            List<ColumnDef> cols = new ArrayList<>(d.columns());
            cols.set(1, new ColumnDef("FULL_NAME", SqlType.VARCHAR, false, null, "VARCHAR(40)"));
            catalog.redefineTable(new TableDef("PUBLIC", "PEOPLE", cols, d.primaryKey(), List.of(), 0));
            Table redefined = catalog.table("PUBLIC", "PEOPLE");
            assertThat(redefined.def().columns().get(1).name()).isEqualTo("FULL_NAME");
            assertThat(redefined.def().constraintsSql()).isEmpty();
            assertThat(redefined.def().root()).as("the row tree stays").isEqualTo(d.root());
            assertThat(redefined.get(redefined.keyOf(row(1, null, null))).values()).isEqualTo(row(1, "ada", "x"));
            List<ColumnDef> retyped = new ArrayList<>(cols);
            retyped.set(0, new ColumnDef("ID", SqlType.BIGINT, false, null));
            assertThatThrownBy(() -> catalog.redefineTable(new TableDef("PUBLIC", "PEOPLE", retyped, d.primaryKey(),
                    List.of(), 0))).isInstanceOf(CatalogException.class);
            assertThatThrownBy(() -> catalog.redefineTable(new TableDef("PUBLIC", "PEOPLE", cols, List.of(), List.of(), 0)))
                    .isInstanceOf(CatalogException.class);

            catalog.createTable(people("OTHER"));
            assertThatThrownBy(() -> catalog.renameTable("PUBLIC", "PEOPLE", "OTHER")).isInstanceOf(CatalogException.class);
            catalog.renameTable("PUBLIC", "PEOPLE", "FOLK");
            assertThat(catalog.table("PUBLIC", "PEOPLE")).isNull();
            Table folk = catalog.table("PUBLIC", "FOLK");
            assertThat(folk.indexes()).extracting(i -> i.def().name()).containsExactly("BY_NAME");
            assertThat(catalog.indexDefs("PUBLIC", "FOLK")).singleElement().satisfies(i -> assertThat(i.table()).isEqualTo("FOLK"));
            assertThatThrownBy(() -> folk.insert(row(2, "ada", null))).isInstanceOf(UniqueViolationException.class);
            catalog.dropTable("PUBLIC", "FOLK");
            assertThat(catalog.indexes("PUBLIC")).isEmpty();
            catalog.createSequence(new SequenceDef("PUBLIC", "S1", 7, 2));
            catalog.createSequence(new SequenceDef("PUBLIC", "S3", 1, 1));
            catalog.renameSequence("PUBLIC", "S1", "S2");
            assertThat(catalog.sequences("PUBLIC")).containsExactly("S2", "S3");
            assertThat(catalog.nextValue("PUBLIC", "S2")).isEqualTo(7);
            assertThat(catalog.nextValue("PUBLIC", "S2")).isEqualTo(9);
            assertThatThrownBy(() -> catalog.renameSequence("PUBLIC", "S2", "S3")).isInstanceOf(CatalogException.class);
            assertThatThrownBy(() -> catalog.renameSequence("PUBLIC", "S1", "S4")).isInstanceOf(CatalogException.class);
        }
    }

    @Test
    void tablesRowsAndIndexesKeepStepAndRefuseDuplicatesWithoutChanges() throws IOException {
        try (TxStore store = TxStore.open(dir.resolve("db.bstack"), TxOptions.defaults()); WriteTx tx = begin(store)) {
            BStackAllocator alloc = ALLOCATORS.create(tx);
            Catalog catalog = Catalog.create(tx, alloc, PAGE);
            Table t = catalog.createTable(people("PEOPLE"));
            String longBio = "x".repeat(50_000);
            t.insert(row(1, "ada", "mathematician"));
            t.insert(row(2, "bob", longBio));
            t.insert(row(3, null, null));
            Index byName = catalog.createIndex(new IndexDef("PUBLIC", "BY_NAME", "PEOPLE", List.of(1), List.of(false), true, 0));
            assertThatThrownBy(() -> t.insert(row(1, "zed", null))).isInstanceOf(UniqueViolationException.class)
                    .hasMessageContaining("primary key");
            Table reopened = catalog.table("PUBLIC", "PEOPLE");
            assertThat(reopened.def().columns().get(1).declared()).as("the declared type survives").isEqualTo("VARCHAR(40)");
            assertThat(reopened.def().columns().get(0).declared()).isEqualTo("INTEGER");
            assertThatThrownBy(() -> reopened.insert(row(4, "ada", null))).isInstanceOf(UniqueViolationException.class)
                    .satisfies(e -> assertThat(((UniqueViolationException) e).constraint()).isEqualTo("BY_NAME"));
            reopened.insert(row(5, null, "second null name is fine in a unique index"));
            assertThat(byName.find(List.of("ada"))).hasSize(1);
            assertThat(reopened.get(reopened.keyOf(row(2, null, null))).get(2)).isEqualTo(longBio);
            assertThat(reopened.get(reopened.keyOf(row(2, null, null))).isOverflow(2)).isTrue();
            // an update that moves the primary key and keeps its own unique value
            byte[] moved = reopened.update(reopened.keyOf(row(1, null, null)), row(10, "ada", "moved"));
            assertThat(reopened.get(moved).get(0)).isEqualTo(10);
            assertThat(reopened.get(reopened.keyOf(row(1, null, null)))).isNull();
            assertThatThrownBy(() -> reopened.update(moved, row(10, "bob", "clash")))
                    .isInstanceOf(UniqueViolationException.class);
            assertThat(reopened.get(moved).get(1)).as("the refused update changed nothing").isEqualTo("ada");
            reopened.update(reopened.keyOf(row(2, null, null)), row(2, "bob", "short now")); // frees the long bio
            assertThat(reopened.delete(reopened.keyOf(row(3, null, null)))).isTrue();
            assertThat(reopened.delete(reopened.keyOf(row(3, null, null)))).isFalse();
            Table check = catalog.table("PUBLIC", "PEOPLE");
            assertThat(names(check)).containsExactly("bob", null, "ada");
            assertThat(check.indexes()).hasSize(1);
            assertThat(check.indexes().get(0).size()).isEqualTo(3);
            ALLOCATORS.verify(alloc, catalog.regions());
            catalog.dropTable("PUBLIC", "PEOPLE");
            assertThat(catalog.table("PUBLIC", "PEOPLE")).isNull();
            assertThat(catalog.indexDefs("PUBLIC", "PEOPLE")).isEmpty();
            ALLOCATORS.verify(alloc, catalog.regions());
            tx.commit();
        }
    }

    private static List<Object> names(Table t) throws IOException {
        List<Object> names = new ArrayList<>();
        TableCursor c = t.cursor();
        for (boolean ok = c.first(); ok; ok = c.next()) {
            names.add(c.row().get(1));
        }
        return names;
    }

    @Test
    void aUniqueIndexOverDuplicatesIsRefusedAndLeavesNothingBehind() throws IOException {
        try (TxStore store = TxStore.open(dir.resolve("db.bstack"), TxOptions.defaults()); WriteTx tx = begin(store)) {
            BStackAllocator alloc = ALLOCATORS.create(tx);
            Catalog catalog = Catalog.create(tx, alloc, PAGE);
            Table t = catalog.createTable(people("T"));
            for (int i = 1; i <= 500; i++) {
                t.insert(row(i, i == 377 ? "dup" : i == 123 ? "dup" : "n" + i, null));
            }
            assertThatThrownBy(() -> catalog.createIndex(new IndexDef("PUBLIC", "U", "T", List.of(1), List.of(false), true, 0)))
                    .isInstanceOf(UniqueViolationException.class);
            assertThat(catalog.indexDefs("PUBLIC", "T")).isEmpty();
            ALLOCATORS.verify(alloc, catalog.regions());
            Index plain = catalog.createIndex(new IndexDef("PUBLIC", "N", "T", List.of(1), List.of(true), false, 0));
            assertThat(plain.find(List.of("dup"))).hasSize(2);
        }
    }

    @Test
    void rowIdTablesNumberRowsAfterTheLargestOnReopen() throws IOException {
        long root;
        Path file = dir.resolve("db.bstack");
        try (TxStore store = TxStore.open(file, TxOptions.defaults())) {
            try (WriteTx tx = begin(store)) {
                Catalog catalog = Catalog.create(tx, ALLOCATORS.create(tx), PAGE);
                root = catalog.root();
                Table log = catalog.createTable(new TableDef("PUBLIC", "LOG", List.of(new ColumnDef("MSG", SqlType.VARCHAR,
                        true, null)), List.of(), List.of(), 0));
                assertThat(log.def().keyedByRowId()).isTrue();
                log.insert(Arrays.asList("one"));
                log.insert(Arrays.asList("two"));
                tx.commit();
            }
            try (WriteTx tx = begin(store)) {
                Table log = Catalog.open(tx, ALLOCATORS.open(tx), PAGE, root).table("PUBLIC", "LOG");
                assertThat(log.insert(Arrays.asList("three"))).isEqualTo(Table.rowIdKey(3));
                assertThat(log.get(Table.rowIdKey(1)).get(0)).isEqualTo("one");
                tx.commit();
            }
        }
    }

    @Test
    void ddlRollsBackWithItsTransaction() throws IOException {
        Path file = dir.resolve("db.bstack");
        long root;
        try (TxStore store = TxStore.open(file, TxOptions.defaults())) {
            try (WriteTx tx = begin(store)) {
                Catalog catalog = Catalog.create(tx, ALLOCATORS.create(tx), PAGE);
                root = catalog.root();
                Table t = catalog.createTable(people("KEEP"));
                t.insert(row(1, "kept", null));
                catalog.createSequence(new SequenceDef("PUBLIC", "SEQ", 100, 10));
                tx.commit();
            }
            try (WriteTx tx = begin(store)) {
                Catalog catalog = Catalog.open(tx, ALLOCATORS.open(tx), PAGE, root);
                catalog.dropTable("PUBLIC", "KEEP");
                catalog.createTable(people("GONE"));
                catalog.createSchema("S2");
                catalog.createView(new ViewDef("PUBLIC", "V", "SELECT 1"));
                assertThat(catalog.nextValue("PUBLIC", "SEQ")).isEqualTo(100);
                assertThat(catalog.nextValue("PUBLIC", "SEQ")).isEqualTo(110);
                assertThat(catalog.tables("PUBLIC")).containsExactly("GONE");
                tx.rollback();
            }
            try (WriteTx tx = begin(store)) {
                BStackAllocator alloc = ALLOCATORS.open(tx);
                Catalog catalog = Catalog.open(tx, alloc, PAGE, root);
                assertThat(catalog.tables("PUBLIC")).containsExactly("KEEP");
                assertThat(catalog.schemas()).containsExactly("PUBLIC");
                assertThat(catalog.view("PUBLIC", "V")).isNull();
                assertThat(catalog.nextValue("PUBLIC", "SEQ")).as("the rolled-back NEXT VALUEs are not spent").isEqualTo(100);
                assertThat(catalog.table("PUBLIC", "KEEP").get(catalog.table("PUBLIC", "KEEP").keyOf(row(1, null, null))).get(1))
                        .isEqualTo("kept");
                ALLOCATORS.verify(alloc, catalog.regions());
                assertThatThrownBy(() -> catalog.createTable(people("KEEP"))).isInstanceOf(CatalogException.class);
                assertThatThrownBy(() -> catalog.dropSchema("PUBLIC")).isInstanceOf(CatalogException.class)
                        .hasMessageContaining("not empty");
                assertThat(catalog.table("NOPE", "X")).isNull();
                catalog.addColumn("PUBLIC", "KEEP", new ColumnDef("AGE", SqlType.INTEGER, true, null));
                Table widened = catalog.table("PUBLIC", "KEEP");
                assertThat(widened.get(widened.keyOf(Arrays.asList(1, null, null, null))).get(3)).as("old rows read the new column as NULL").isNull();
                tx.commit();
            }
        }
        try (TxStore store = TxStore.open(file, TxOptions.defaults()); ReadTx snap = store.beginRead()) {
            Catalog catalog = Catalog.open(snap, null, PAGE, root);
            assertThat(catalog.table("PUBLIC", "KEEP").def().columns()).hasSize(4);
        }
    }

    @Test
    void statisticsAreKeptPerTableAndFollowItsRenameAndDrop() throws IOException {
        try (TxStore store = TxStore.open(dir.resolve("db.bstack"), TxOptions.defaults()); WriteTx tx = begin(store)) {
            BStackAllocator alloc = ALLOCATORS.create(tx);
            Catalog catalog = Catalog.create(tx, alloc, PAGE);
            catalog.createTable(people("PEOPLE"));
            assertThat(catalog.statistics("PUBLIC", "PEOPLE")).isNull();
            TableStats stats = new TableStats(10, true, java.util.Map.of("ID", new TableStats.ColumnStats(10, 0),
                    "NAME", new TableStats.ColumnStats(3, 7)));
            catalog.putStatistics("PUBLIC", "PEOPLE", stats);
            assertThat(catalog.statistics("PUBLIC", "PEOPLE")).isEqualTo(stats);
            assertThatThrownBy(() -> catalog.putStatistics("PUBLIC", "NOBODY", stats)).isInstanceOf(CatalogException.class);
            catalog.renameTable("PUBLIC", "PEOPLE", "FOLK");
            assertThat(catalog.statistics("PUBLIC", "FOLK")).isEqualTo(stats);
            assertThat(catalog.statistics("PUBLIC", "PEOPLE")).isNull();
            catalog.dropTable("PUBLIC", "FOLK");
            assertThat(catalog.statistics("PUBLIC", "FOLK")).isNull();
        }
    }

    @Test
    void damagedStatisticsAreARecordFormatException() throws IOException {
        byte[] good = CatalogCodec.statistics(new TableStats(5, false, java.util.Map.of("A", new TableStats.ColumnStats(2, 1))));
        assertThat(CatalogCodec.statistics(good).column("A").nulls()).isEqualTo(1);
        byte[] negative = good.clone();
        negative[negative.length - 1] = (byte) 0xff;
        for (int i = negative.length - 8; i < negative.length; i++) {
            negative[i] = (byte) 0xff;
        }
        assertThatThrownBy(() -> CatalogCodec.statistics(negative)).isInstanceOf(RecordFormatException.class);
        assertThatThrownBy(() -> CatalogCodec.statistics(java.util.Arrays.copyOf(good, good.length - 3)))
                .isInstanceOf(RecordFormatException.class);
    }

    @Test
    void userFunctionsPersistRollBackAndStayOutOfSchemas() throws IOException {
        Path file = dir.resolve("fn.bstack");
        long root;
        FunctionDef twice = new FunctionDef("TWICE", false, "com.example.Fns.twice", true, "INTEGER", 1, 2);
        FunctionDef total = new FunctionDef("TOTAL", true, "com.example.Total", false, null, 1, 1);
        try (TxStore store = TxStore.open(file, TxOptions.defaults())) {
            try (WriteTx tx = begin(store)) {
                Catalog catalog = Catalog.create(tx, ALLOCATORS.create(tx), PAGE);
                root = catalog.root();
                catalog.createFunction(twice);
                assertThatThrownBy(() -> catalog.createFunction(twice)).isInstanceOf(CatalogException.class)
                        .hasMessageContaining("already exists");
                tx.commit();
            }
            try (WriteTx tx = begin(store)) {
                Catalog catalog = Catalog.open(tx, ALLOCATORS.open(tx), PAGE, root);
                catalog.createFunction(total);
                catalog.dropFunction("TWICE");
                assertThat(catalog.functions()).containsExactly("TOTAL");
                tx.rollback();
            }
        }
        try (TxStore store = TxStore.open(file, TxOptions.defaults()); WriteTx tx = begin(store)) {
            BStackAllocator alloc = ALLOCATORS.open(tx);
            Catalog catalog = Catalog.open(tx, alloc, PAGE, root);
            assertThat(catalog.functions()).containsExactly("TWICE");
            assertThat(catalog.function("TWICE")).isEqualTo(twice);
            assertThat(catalog.function("TOTAL")).isNull();
            assertThat(catalog.schemas()).containsExactly("PUBLIC");
            assertThatThrownBy(() -> catalog.dropFunction("NOPE")).isInstanceOf(CatalogException.class);
            catalog.createFunction(total);
            assertThat(catalog.function("TOTAL")).isEqualTo(total);
            ALLOCATORS.verify(alloc, catalog.regions());
        }
    }
}
