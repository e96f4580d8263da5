package io.bstack.sql.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.alloc.Region;
import io.bstack.sql.AllocatorKind;
import io.bstack.sql.Database;
import io.bstack.sql.Session;
import io.bstack.sql.exec.QueryResult;
import io.bstack.tx.TxOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The region functions from SQL: normal, edge and bad arguments, on every allocator a database offers. */
class RegionFunctionsTest {
    @TempDir
    Path dir;

    static List<List<Object>> rows(Session s, String sql, Object... params) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (QueryResult r = s.query(sql, Arrays.asList(params))) {
            while (r.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 0; i < r.labels().size(); i++) {
                    row.add(r.get(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    static Object one(Session s, String sql, Object... params) throws SQLException {
        return rows(s, sql, params).getFirst().getFirst();
    }

    static void assertState(String state, ThrowingRunnable r) {
        assertThatThrownBy(r::run).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as(e.getMessage()).isEqualTo(state));
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private Database open(AllocatorKind kind) throws SQLException {
        return Database.open(dir.resolve("r-" + kind + ".bstack"), TxOptions.defaults(), kind);
    }

    @ParameterizedTest
    @EnumSource(AllocatorKind.class)
    void allocWriteReadReallocFree(AllocatorKind kind) throws SQLException {
        try (Database db = open(kind); Session s = new Session(db)) {
            Region h = (Region) one(s, "SELECT ALLOC(100)");
            assertThat(h.len()).isEqualTo(100);
            assertThat((byte[]) one(s, "SELECT REGION_READ(?)", h)).isEqualTo(new byte[100]);
            assertThat(one(s, "SELECT REGION_WRITE(?, 10, X'010203')", h)).isEqualTo(3L);
            assertThat((byte[]) one(s, "SELECT REGION_READ(?, 9, 5)", h)).containsExactly(0, 1, 2, 3, 0);
            assertThat((byte[]) one(s, "SELECT REGION_READ(?, 98)", h)).containsExactly(0, 0);
            assertThat(one(s, "SELECT REGION_SIZE(?)", h)).isEqualTo(100L);

            Region bigger = (Region) one(s, "SELECT REALLOC(?, 5000)", h);
            assertThat(bigger.len()).isEqualTo(5000);
            byte[] all = (byte[]) one(s, "SELECT REGION_READ(?)", bigger);
            byte[] expected = new byte[5000];
            expected[10] = 1;
            expected[11] = 2;
            expected[12] = 3;
            assertThat(all).isEqualTo(expected);
            if (!bigger.equals(h)) {
                assertState("22R01", () -> one(s, "SELECT REGION_SIZE(?)", h));
            }
            Region smaller = (Region) one(s, "SELECT REALLOC(?, 11)", bigger);
            assertThat((byte[]) one(s, "SELECT REGION_READ(?)", smaller)).containsExactly(Arrays.copyOf(expected, 11));

            assertThat(one(s, "SELECT FREE(?)", smaller)).isEqualTo(11L);
            assertState("22R01", () -> one(s, "SELECT FREE(?)", smaller)); // double FREE
            assertState("22R01", () -> one(s, "SELECT REGION_READ(?)", smaller));
            assertThat(rows(s, "SELECT * FROM INFORMATION_SCHEMA.REGIONS")).isEmpty();
        }
    }

    @Test
    void nullArgumentsGiveNullAndDoNothing() throws SQLException {
        try (Database db = open(AllocatorKind.GHOSTTREE); Session s = new Session(db)) {
            assertThat(rows(s, "SELECT ALLOC(NULL), FREE(NULL), REGION_SIZE(NULL), REGION_READ(NULL, 0, 1)"))
                    .containsExactly(Arrays.asList(null, null, null, null));
            assertThat(rows(s, "SELECT * FROM INFORMATION_SCHEMA.REGIONS")).isEmpty();
        }
    }

    @Test
    void regionColumnsCastsAndText() throws SQLException {
        try (Database db = open(AllocatorKind.GHOSTTREE); Session s = new Session(db)) {
            s.execute("CREATE TABLE doc (id INT PRIMARY KEY, body REGION)");
            s.execute("INSERT INTO doc VALUES (1, ALLOC(64)), (2, NULL)");
            Region h = (Region) one(s, "SELECT body FROM doc WHERE id = 1");
            assertThat(h.len()).isEqualTo(64);
            s.execute("UPDATE doc SET body = REALLOC(body, 128) WHERE id = 1");
            Region grown = (Region) one(s, "SELECT body FROM doc WHERE id = 1");
            assertThat(one(s, "SELECT REGION_SIZE(body) FROM doc WHERE id = 1")).isEqualTo(128L);
            String text = (String) one(s, "SELECT CAST(body AS VARCHAR) FROM doc WHERE id = 1");
            assertThat(text).isEqualTo("REGION(offset=" + grown.offset() + ",len=128)");
            assertThat(one(s, "SELECT CAST(? AS REGION)", "region( OFFSET = " + grown.offset() + " , len=128 )"))
                    .isEqualTo(grown);
            byte[] enc = (byte[]) one(s, "SELECT CAST(body AS VARBINARY(16)) FROM doc WHERE id = 1");
            assertThat(enc).isEqualTo(grown.toBytes());
            assertThat(one(s, "SELECT CAST(CAST(body AS VARBINARY(16)) AS REGION) = body FROM doc WHERE id = 1"))
                    .isEqualTo(true);
            assertThat(one(s, "SELECT REGION_SIZE(CAST(body AS VARCHAR)) FROM doc WHERE id = 1")).isEqualTo(128L);
            assertState("22018", () -> one(s, "SELECT CAST('nonsense' AS REGION)"));
            assertState("22018", () -> one(s, "SELECT CAST(X'0102' AS REGION)"));
            assertThat(rows(s, "SELECT DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS WHERE COLUMN_NAME = 'BODY'"))
                    .containsExactly(List.of("REGION"));
            s.execute("DELETE FROM doc WHERE FREE(body) > 0");
            assertThat(rows(s, "SELECT id FROM doc")).containsExactly(List.of(2));
            assertThat(rows(s, "SELECT * FROM INFORMATION_SCHEMA.REGIONS")).isEmpty();
        }
    }

    @Test
    void fillAndCopy() throws SQLException {
        try (Database db = open(AllocatorKind.FIRSTFIT); Session s = new Session(db)) {
            Region a = (Region) one(s, "SELECT ALLOC(8)");
            Region b = (Region) one(s, "SELECT ALLOC(8)");
            assertThat(one(s, "SELECT REGION_FILL(?, 2, 4, 255)", a)).isEqualTo(4L);
            assertThat((byte[]) one(s, "SELECT REGION_READ(?)", a)).containsExactly(0, 0, -1, -1, -1, -1, 0, 0);
            assertThat(one(s, "SELECT REGION_COPY(?, 1, ?, 0, 4)", a, b)).isEqualTo(4L);
            assertThat((byte[]) one(s, "SELECT REGION_READ(?)", b)).containsExactly(0, -1, -1, -1, 0, 0, 0, 0);
            one(s, "SELECT REGION_COPY(?, 0, ?, 2, 6)", b, b); // overlapping, as memmove
            assertThat((byte[]) one(s, "SELECT REGION_READ(?)", b)).containsExactly(0, -1, 0, -1, -1, -1, 0, 0);
            assertState("22003", () -> one(s, "SELECT REGION_FILL(?, 0, 1, 256)", a));
            assertState("22003", () -> one(s, "SELECT REGION_COPY(?, 4, ?, 0, 5)", a, b));
            assertThat((byte[]) one(s, "SELECT REGION_READ(?)", a)).containsExactly(0, 0, -1, -1, -1, -1, 0, 0);
        }
    }

    @Test
    void misuseIsAnErrorWithASqlStateAndChangesNothing() throws SQLException {
        try (Database db = open(AllocatorKind.GHOSTTREE); Session s = new Session(db)) {
            Region h = (Region) one(s, "SELECT ALLOC(16)");
            assertState("22R01", () -> one(s, "SELECT REGION_READ(?)", new Region(h.offset(), 17))); // forged length
            assertState("22R01", () -> one(s, "SELECT FREE(?)", new Region(h.offset() + 32, 16))); // forged offset
            assertState("22R01", () -> one(s, "SELECT FREE(CAST('REGION(offset=0,len=16)' AS REGION))"));
            assertState("22R01", () -> one(s, "SELECT REALLOC(?, 32)", new Region(1L << 40, 5)));
            assertState("22003", () -> one(s, "SELECT REGION_READ(?, 10, 7)", h));
            assertState("22003", () -> one(s, "SELECT REGION_READ(?, 17)", h));
            assertState("22003", () -> one(s, "SELECT REGION_WRITE(?, 15, X'0102')", h));
            assertState("22023", () -> one(s, "SELECT REGION_READ(?, -1, 2)", h));
            assertState("22023", () -> one(s, "SELECT ALLOC(-1)"));
            assertState("22023", () -> one(s, "SELECT ALLOC(0)"));
            assertState("22023", () -> one(s, "SELECT REALLOC(?, 0)", h));
            assertState("22003", () -> one(s, "SELECT ALLOC(?)", (1L << 30) + 1));
            db.maxRegionSize(1000);
            assertState("22003", () -> one(s, "SELECT ALLOC(1001)"));
            assertState("22003", () -> one(s, "SELECT REALLOC(?, 1001)", h));
            assertThat(((Region) one(s, "SELECT ALLOC(1000)")).len()).isEqualTo(1000);
            assertState("42804", () -> one(s, "SELECT ALLOC(TRUE)"));
            assertState("42804", () -> one(s, "SELECT REGION_SIZE(DATE '2020-01-01')"));
            s.readOnly(true);
            assertState("25006", () -> one(s, "SELECT ALLOC(10)"));
            assertState("25006", () -> one(s, "SELECT FREE(?)", h));
            assertThat(one(s, "SELECT REGION_SIZE(?)", h)).isEqualTo(16L); // reads are fine
            s.readOnly(false);
            assertThat(one(s, "SELECT REGION_SIZE(?)", h)).isEqualTo(16L); // still live after every refusal
            assertThat(rows(s, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.REGIONS")).containsExactly(List.of(2L));
        }
    }

    @Test
    void aFailedStatementUndoesItsAllocations() throws SQLException {
        try (Database db = open(AllocatorKind.GHOSTTREE); Session s = new Session(db)) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY, r REGION)");
            s.execute("INSERT INTO t VALUES (1, ALLOC(10))");
            assertState("23505", () -> s.execute("INSERT INTO t VALUES (2, ALLOC(10)), (1, ALLOC(10))"));
            assertThat(rows(s, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.REGIONS")).containsExactly(List.of(1L));
        }
    }

    @Test
    void linearResizesOnlyTheLastRegion() throws SQLException {
        try (Database db = open(AllocatorKind.LINEAR); Session s = new Session(db)) {
            Region first = (Region) one(s, "SELECT ALLOC(100)");
            Region last = (Region) one(s, "SELECT ALLOC(100)");
            assertState("0A000", () -> one(s, "SELECT REALLOC(?, 200)", first));
            assertThat(one(s, "SELECT REGION_SIZE(?)", first)).isEqualTo(100L); // untouched
            assertThat(((Region) one(s, "SELECT REALLOC(?, 200)", last)).len()).isEqualTo(200);
        }
    }

    @Test
    void regionBytesAreUtf8ForStrings() throws SQLException {
        try (Database db = open(AllocatorKind.SEGREGATED); Session s = new Session(db)) {
            Region h = (Region) one(s, "SELECT ALLOC(6)");
            one(s, "SELECT REGION_WRITE(?, 0, 'héllo')", h);
            assertThat(new String((byte[]) one(s, "SELECT REGION_READ(?, 0, 5)", h), StandardCharsets.UTF_8))
                    .isEqualTo("héll");
        }
    }
}
