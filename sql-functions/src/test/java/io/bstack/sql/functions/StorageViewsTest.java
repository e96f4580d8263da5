package io.bstack.sql.functions;

import static io.bstack.sql.functions.RegionFunctionsTest.one;
import static io.bstack.sql.functions.RegionFunctionsTest.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.alloc.Region;
import io.bstack.sql.AllocatorKind;
import io.bstack.sql.Database;
import io.bstack.sql.Session;
import io.bstack.tx.TxOptions;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** INFORMATION_SCHEMA.ALLOCATOR, REGIONS and FILE_MAP describe the file consistently. */
class StorageViewsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(AllocatorKind.class)
    void fileMapTilesTheFileAndAgreesWithAllocator(AllocatorKind kind) throws SQLException {
        try (Database db = Database.open(dir.resolve("v-" + kind + ".bstack"), TxOptions.defaults(), kind);
             Session s = new Session(db)) {
            s.execute("CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(100))");
            s.execute("CREATE INDEX item_name ON item (name)");
            for (int i = 0; i < 200; i++) {
                s.execute("INSERT INTO item VALUES (?, ?)", List.of(i, "name " + i));
            }
            s.execute("INSERT INTO item VALUES (1000, ?)", List.of("x".repeat(100)));
            Region a = (Region) one(s, "SELECT ALLOC(1000)");
            Region b = (Region) one(s, "SELECT ALLOC(3000)");
            Region c = (Region) one(s, "SELECT ALLOC(100)");
            one(s, "SELECT FREE(?)", b); // a hole in the middle

            List<List<Object>> map = rows(s, "SELECT START_OFFSET, LENGTH, STATE, OWNER FROM INFORMATION_SCHEMA.FILE_MAP");
            long at = 0;
            long free = 0;
            for (List<Object> row : map) {
                assertThat(row.get(0)).as("contiguous: %s", map).isEqualTo(at);
                assertThat((Long) row.get(1)).isPositive();
                assertThat(row.get(2)).isIn("HEADER", "USED", "FREE");
                at += (Long) row.get(1);
                if (row.get(2).equals("FREE")) {
                    free += (Long) row.get(1);
                }
            }
            List<Object> allocator = rows(s, "SELECT KIND, FILE_SIZE, ARENA_START, LIVE_BYTES, FREE_BYTES,"
                    + " FREE_EXTENTS, LARGEST_FREE_EXTENT, FRAGMENTATION FROM INFORMATION_SCHEMA.ALLOCATOR").getFirst();
            assertThat(allocator.get(0)).isEqualTo(kind.kindName());
            assertThat(at).isEqualTo(allocator.get(1));
            assertThat(map.getFirst()).containsExactly(0L, kind.arenaStart(), "HEADER", null);
            assertThat(free).isEqualTo(allocator.get(4));
            if (kind == AllocatorKind.LINEAR) { // freed space is reused only at the end: the hole stays used, unowned
                assertThat(allocator.get(4)).isEqualTo(0L);
                assertThat(map).anySatisfy(r -> assertThat(r).containsExactly(b.offset(), b.len(), "USED", null));
            } else {
                assertThat((Long) allocator.get(4)).isGreaterThanOrEqualTo(3000);
                assertThat(map).noneSatisfy(r -> assertThat(r.get(2).equals("USED") && r.get(3) == null).isTrue());
            }
            assertThat((Long) allocator.get(3) + (Long) allocator.get(4) + kind.arenaStart()).isEqualTo(allocator.get(1));
            double fragmentation = (Double) allocator.get(7);
            assertThat(fragmentation).isBetween(0.0, 1.0);

            assertThat(map).anySatisfy(r -> assertThat(r).containsExactly(a.offset(), a.len(), "USED", "REGION"));
            assertThat(map).anySatisfy(r -> assertThat(r).containsExactly(c.offset(), c.len(), "USED", "REGION"));
            assertThat(map).anySatisfy(r -> assertThat(r.get(3)).isEqualTo("TABLE PUBLIC.ITEM"));
            assertThat(map).anySatisfy(r -> assertThat(r.get(3)).isEqualTo("INDEX PUBLIC.ITEM_NAME"));
            assertThat(map).anySatisfy(r -> assertThat(r.get(3)).isEqualTo("CATALOG"));
            assertThat(rows(s, "SELECT HANDLE, START_OFFSET, LENGTH FROM INFORMATION_SCHEMA.REGIONS ORDER BY START_OFFSET"))
                    .containsExactly(List.of(a, a.offset(), a.len()), List.of(c, c.offset(), c.len()));
        }
    }
}
