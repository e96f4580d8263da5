package io.bstack.btree;

import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.alloc.BStackAllocator;
import io.bstack.alloc.GhostTreeFactory;
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

/** Range reads of a table's key and of an index (ASC and DESC), forward and reversed, and row estimates. */
class KeyRangeTest {
    private static final GhostTreeFactory ALLOCATORS = new GhostTreeFactory();

    @TempDir
    Path dir;

    private static List<Integer> ids(Table t, RangeCursor c, boolean viaIndex) throws IOException {
        List<Integer> out = new ArrayList<>();
        while (c.next()) {
            RowView row = viaIndex ? t.get(c.value()) : t.row(c);
            out.add((Integer) row.values().get(0));
        }
        return out;
    }

    @Test
    void rangesReadTheirKeysInOrderBothWays() throws IOException {
        try (TxStore store = TxStore.open(dir.resolve("db.bstack"), TxOptions.defaults());
                WriteTx tx = store.beginWrite(Duration.ofSeconds(5))) {
            BStackAllocator alloc = ALLOCATORS.create(tx);
            Catalog catalog = Catalog.create(tx, alloc, 4096);
            catalog.createTable(new TableDef("PUBLIC", "T", List.of(new ColumnDef("ID", SqlType.INTEGER, false, null),
                    new ColumnDef("V", SqlType.INTEGER, true, null)), List.of(0), List.of(), 0));
            Index desc = catalog.createIndex(new IndexDef("PUBLIC", "T_V", "T", List.of(1), List.of(true), false, 0));
            Table t = catalog.table("PUBLIC", "T");
            for (int i = 0; i < 500; i++) {
                t.insert(Arrays.asList(i, i % 5 == 0 ? null : i % 50));
            }
            KeyRange tens = new KeyRange(t.encodeKeyPrefix(List.of(10)), t.encodeKeyPrefix(List.of(15)));
            assertThat(ids(t, t.range(tens, false), false)).containsExactly(10, 11, 12, 13, 14);
            assertThat(ids(t, t.range(tens, true), false)).containsExactly(14, 13, 12, 11, 10);
            assertThat(ids(t, t.range(new KeyRange(t.encodeKeyPrefix(List.of(497)), null), true), false))
                    .containsExactly(499, 498, 497);
            assertThat(ids(t, t.range(new KeyRange(t.encodeKeyPrefix(List.of(20)), t.encodeKeyPrefix(List.of(20))), false),
                    false)).as("empty").isEmpty();
            assertThat(ids(t, t.range(KeyRange.ALL, false), false)).hasSize(500);
            KeyRange seven = KeyRange.prefix(desc.encodePrefix(List.of(7)));
            assertThat(ids(t, desc.range(seven, false), true)).containsExactly(7, 57, 107, 157, 207, 257, 307, 357, 407, 457);
            List<Object> nullKey = Arrays.asList((Object) null);
            assertThat(ids(t, desc.range(KeyRange.prefix(desc.encodePrefix(nullKey)), false), true)).hasSize(100);
            // DESC: the keys of 49 down to 47 lie from the prefix of 49 to the successor of the prefix of 47
            KeyRange high = new KeyRange(desc.encodePrefix(List.of(49)), KeyEncoder.successor(desc.encodePrefix(List.of(47))));
            List<Integer> top = ids(t, desc.range(high, false), true);
            assertThat(top).hasSize(30).startsWith(49).endsWith(497);
            assertThat(ids(t, desc.range(high, true), true)).containsExactlyElementsOf(top.reversed());
            assertThat(t.estimatedRows()).isBetween(100L, 5000L);
            assertThat(catalog.createTable(new TableDef("PUBLIC", "E", List.of(new ColumnDef("ID", SqlType.INTEGER, false,
                    null)), List.of(0), List.of(), 0)).estimatedRows()).isZero();
        }
    }
}
