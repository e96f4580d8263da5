package io.bstack.sql.functions;

import static io.bstack.sql.functions.RegionFunctionsTest.assertState;
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

/** Region functions are transactional: rollback, savepoints, snapshots of other sessions, reopen. */
class RegionTransactionsTest {
    @TempDir
    Path dir;

    private Path file(AllocatorKind kind) {
        return dir.resolve("tx-" + kind + ".bstack");
    }

    private static long freeBytes(Session s) throws SQLException {
        return (Long) one(s, "SELECT FREE_BYTES FROM INFORMATION_SCHEMA.ALLOCATOR");
    }

    private static long fileSize(Session s) throws SQLException {
        return (Long) one(s, "SELECT FILE_SIZE FROM INFORMATION_SCHEMA.ALLOCATOR");
    }

    @ParameterizedTest
    @EnumSource(AllocatorKind.class)
    void rolledBackAllocFreesAndRolledBackFreeKeeps(AllocatorKind kind) throws SQLException {
        try (Database db = Database.open(file(kind), TxOptions.defaults(), kind); Session s = new Session(db)) {
            Region kept = (Region) one(s, "SELECT ALLOC(300)");
            one(s, "SELECT REGION_WRITE(?, 0, X'CAFE')", kept);
            long size = fileSize(s);
            long free = freeBytes(s);

            s.begin();
            Region lost = (Region) one(s, "SELECT ALLOC(5000)");
            assertThat(one(s, "SELECT REGION_SIZE(?)", lost)).isEqualTo(5000L);
            one(s, "SELECT FREE(?)", kept);
            assertState("22R01", () -> one(s, "SELECT REGION_SIZE(?)", kept));
            s.rollback();

            assertState("22R01", () -> one(s, "SELECT REGION_SIZE(?)", lost));
            assertThat((byte[]) one(s, "SELECT REGION_READ(?, 0, 2)", kept)).containsExactly(0xCA - 256, 0xFE - 256);
            assertThat(fileSize(s)).isEqualTo(size);
            assertThat(freeBytes(s)).isEqualTo(free);
            assertThat(rows(s, "SELECT HANDLE FROM INFORMATION_SCHEMA.REGIONS")).containsExactly(List.of(kept));
        }
    }

    @ParameterizedTest
    @EnumSource(AllocatorKind.class)
    void savepointsUndoRegionWorkAfterThem(AllocatorKind kind) throws SQLException {
        try (Database db = Database.open(file(kind), TxOptions.defaults(), kind); Session s = new Session(db)) {
            s.begin();
            Region a = (Region) one(s, "SELECT ALLOC(64)");
            one(s, "SELECT REGION_WRITE(?, 0, X'01')", a);
            s.execute("SAVEPOINT sp");
            Region b = (Region) one(s, "SELECT ALLOC(64)");
            one(s, "SELECT REGION_WRITE(?, 0, X'02')", a);
            one(s, "SELECT FREE(?)", a);
            s.execute("ROLLBACK TO SAVEPOINT sp");
            assertThat((byte[]) one(s, "SELECT REGION_READ(?, 0, 1)", a)).containsExactly(1);
            assertState("22R01", () -> one(s, "SELECT REGION_SIZE(?)", b));
            Region c = (Region) one(s, "SELECT ALLOC(64)"); // the allocator works on after the savepoint's rollback
            s.commit();
            assertThat(rows(s, "SELECT HANDLE FROM INFORMATION_SCHEMA.REGIONS ORDER BY START_OFFSET"))
                    .containsExactlyInAnyOrder(List.of(a), List.of(c));
        }
    }

    @ParameterizedTest
    @EnumSource(AllocatorKind.class)
    void otherSnapshotsSeeOnlyCommittedRegionWork(AllocatorKind kind) throws SQLException {
        try (Database db = Database.open(file(kind), TxOptions.defaults(), kind);
             Session writer = new Session(db); Session reader = new Session(db)) {
            Region h = (Region) one(writer, "SELECT ALLOC(8)");
            one(writer, "SELECT REGION_WRITE(?, 0, X'11')", h);

            reader.begin();
            assertThat((byte[]) one(reader, "SELECT REGION_READ(?, 0, 1)", h)).containsExactly(0x11);

            writer.begin();
            one(writer, "SELECT REGION_WRITE(?, 0, X'22')", h);
            Region fresh = (Region) one(writer, "SELECT ALLOC(8)");
            assertThat((byte[]) one(writer, "SELECT REGION_READ(?, 0, 1)", h)).containsExactly(0x22); // its own write
            assertThat((byte[]) one(reader, "SELECT REGION_READ(?, 0, 1)", h)).containsExactly(0x11);
            assertState("22R01", () -> one(reader, "SELECT REGION_SIZE(?)", fresh));
            writer.commit();

            // the reader's snapshot is fixed; a later one sees the commit
            assertThat((byte[]) one(reader, "SELECT REGION_READ(?, 0, 1)", h)).containsExactly(0x11);
            reader.commit();
            assertThat((byte[]) one(reader, "SELECT REGION_READ(?, 0, 1)", h)).containsExactly(0x22);
            assertThat(one(reader, "SELECT REGION_SIZE(?)", fresh)).isEqualTo(8L);
        }
    }

    @ParameterizedTest
    @EnumSource(AllocatorKind.class)
    void committedRegionsSurviveReopen(AllocatorKind kind) throws SQLException {
        Region h;
        try (Database db = Database.open(file(kind), TxOptions.defaults(), kind); Session s = new Session(db)) {
            h = (Region) one(s, "SELECT ALLOC(1000)");
            one(s, "SELECT REGION_FILL(?, 0, 1000, 7)", h);
            s.execute("CREATE TABLE t (r REGION)");
            s.execute("INSERT INTO t VALUES (?)", List.of(h));
        }
        try (Database db = Database.open(file(kind), TxOptions.defaults()); Session s = new Session(db)) {
            assertThat(db.allocatorKind()).isEqualTo(kind);
            assertThat(one(s, "SELECT KIND FROM INFORMATION_SCHEMA.ALLOCATOR")).isEqualTo(kind.kindName());
            byte[] expected = new byte[1000];
            java.util.Arrays.fill(expected, (byte) 7);
            assertThat((byte[]) one(s, "SELECT REGION_READ(r) FROM t")).isEqualTo(expected);
            assertThat(one(s, "SELECT FREE(r) FROM t")).isEqualTo(1000L);
            assertThat(rows(s, "SELECT * FROM INFORMATION_SCHEMA.REGIONS")).isEmpty();
        }
    }
}
