package io.bstack.sql.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.sql.Session;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Operators that hold rows spill to disk past {@link SpillLimit}: with a tiny limit ORDER BY,
 * DISTINCT and GROUP BY give the same results as in memory, their spill files exist while the
 * query runs and are gone after it ends, is closed, fails or is cancelled.
 */
@SuppressWarnings("try") // limit scopes are not referenced in their bodies
class SpillTest extends SessionFixture {
    /** Small enough that a few hundred rows make dozens of runs. */
    static final long TINY = 2_000;

    Path spillDir;
    String previousDir;

    @BeforeEach
    void spillDirectory() throws IOException {
        spillDir = Files.createDirectories(dir.resolve("spill"));
        previousDir = System.setProperty("bstack.spill.dir", spillDir.toString());
    }

    @AfterEach
    void restoreDirectory() {
        if (previousDir == null) {
            System.clearProperty("bstack.spill.dir");
        } else {
            System.setProperty("bstack.spill.dir", previousDir);
        }
    }

    long spillFiles() throws IOException {
        try (Stream<Path> files = Files.list(spillDir)) {
            return files.count();
        }
    }

    /** {@code n} rows of (id, a, b, c, d), with NULLs and many ties; a = 7 only in the last row. */
    static void fill(Session s, int n, long seed) throws SQLException {
        s.execute("CREATE TABLE t (id INT PRIMARY KEY, a INT, b VARCHAR(20), c DOUBLE, d DECIMAL(10,2))");
        Random random = new Random(seed);
        s.begin();
        for (int i = 0; i < n; i++) {
            Integer a = i == n - 1 ? Integer.valueOf(7) : random.nextInt(8) == 0 ? null : random.nextInt(7);
            String b = random.nextInt(10) == 0 ? null : "v" + random.nextInt(40) + "x".repeat(random.nextInt(8));
            Double c = random.nextInt(10) == 0 ? null : random.nextInt(1000) / 7.0;
            BigDecimal d = random.nextInt(10) == 0 ? null : BigDecimal.valueOf(random.nextInt(100_000), 2);
            s.execute("INSERT INTO t VALUES (?, ?, ?, ?, ?)", Arrays.asList(i, a, b, c, d));
        }
        s.commit();
    }

    /** Queries whose results (in order) must not change with the limit. */
    static final List<String> ORDERED = List.of(
            "SELECT id, a, b FROM t ORDER BY a DESC NULLS LAST, b NULLS FIRST",
            "SELECT b, c, id FROM t ORDER BY b, c DESC",
            "SELECT a, d FROM t ORDER BY d NULLS LAST, a DESC NULLS FIRST",
            "SELECT id, a FROM t ORDER BY a",
            "SELECT DISTINCT a, b FROM t ORDER BY a DESC, b",
            "SELECT DISTINCT b FROM t",
            "SELECT DISTINCT a, d FROM t",
            "SELECT a FROM t UNION ALL SELECT id FROM t ORDER BY 1 DESC",
            "SELECT a, COUNT(*) FROM t GROUP BY a ORDER BY 2 DESC, 1",
            "SELECT id, b FROM t ORDER BY b DESC LIMIT 10 OFFSET 5");

    /** Queries whose results as multisets must not change with the limit. */
    static final List<String> UNORDERED = List.of(
            "SELECT a, COUNT(*), COUNT(b), COUNT(DISTINCT b), SUM(c), AVG(c), SUM(d), AVG(d), AVG(a), MIN(b), MAX(b),"
                    + " MIN(d), MAX(c), SUM(DISTINCT d), BOOL_OR(c > 50) FROM t GROUP BY a",
            "SELECT b, d, COUNT(*), SUM(a), MAX(id) FROM t GROUP BY b, d",
            "SELECT a + 1, COUNT(DISTINCT d) FROM t GROUP BY a + 1 HAVING COUNT(*) > 1",
            "SELECT DISTINCT a, b, d FROM t",
            "SELECT a, b FROM t UNION SELECT a, b FROM t WHERE id < 100",
            "SELECT a, d FROM t INTERSECT ALL SELECT a, d FROM t WHERE id > 200",
            "SELECT b FROM t EXCEPT SELECT b FROM t WHERE a = 3",
            "SELECT a, b FROM t EXCEPT ALL SELECT a, b FROM t WHERE id < 400",
            "SELECT d FROM t INTERSECT SELECT d FROM t WHERE c > 50",
            "SELECT a, c FROM t UNION ALL SELECT a, c FROM t INTERSECT SELECT a, c FROM t WHERE b IS NULL",
            "SELECT x.id, y.id FROM t x, t y WHERE x.a = y.a AND x.id < 50",
            "SELECT x.id, y.b FROM t x LEFT JOIN t y ON x.b = y.b AND y.id < 30",
            "SELECT x.id, y.id FROM t x RIGHT JOIN t y ON x.d = y.d",
            "SELECT x.a, y.a FROM t x FULL JOIN t y ON x.c = y.c AND x.id < 100",
            "SELECT s.a, s.n, u.b FROM (SELECT a, COUNT(*) AS n FROM t GROUP BY a) s JOIN t u ON u.a = s.a");

    /** Every result of {@link #ORDERED} and {@link #UNORDERED} (the latter sorted by text). */
    static List<List<List<Object>>> results(Session s) throws SQLException {
        List<List<List<Object>>> out = new ArrayList<>();
        for (String q : ORDERED) {
            out.add(read(s, q));
        }
        for (String q : UNORDERED) {
            List<List<Object>> rows = new ArrayList<>(read(s, q));
            rows.sort((x, y) -> x.toString().compareTo(y.toString()));
            out.add(rows);
        }
        return out;
    }

    static List<List<Object>> read(Session s, String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (QueryResult r = s.query(sql)) {
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

    @Test
    void aTinyLimitGivesTheSameResults() throws Exception {
        fill(s, 700, 42);
        List<List<List<Object>>> inMemory = results(s);
        List<List<List<Object>>> spilled;
        try (var limit = SpillLimit.forTesting(TINY)) {
            spilled = results(s);
        }
        for (int i = 0; i < inMemory.size(); i++) {
            assertThat(spilled.get(i)).as(i < ORDERED.size() ? ORDERED.get(i) : UNORDERED.get(i - ORDERED.size()))
                    .isEqualTo(inMemory.get(i));
        }
        assertThat(inMemory.get(0)).hasSize(700);
        assertThat(spillFiles()).isZero();
    }

    @Test
    void filesExistWhileTheQueryRunsAndGoAfterClose() throws Exception {
        fill(s, 500, 7);
        try (var limit = SpillLimit.forTesting(TINY)) {
            for (String q : List.of("SELECT id, b FROM t ORDER BY b DESC, id", "SELECT b, d, COUNT(*) FROM t GROUP BY b, d",
                    "SELECT DISTINCT b, d FROM t", "SELECT id, b, d FROM t UNION SELECT a, b, d FROM t",
                    "SELECT x.id, y.id FROM t x, t y WHERE x.a = y.a", "SELECT * FROM (SELECT id, b FROM t ORDER BY b DESC) s")) {
                try (QueryResult r = s.query(q)) {
                    assertThat(r.next()).isTrue();
                    assertThat(spillFiles()).as(q).isPositive();
                }
                assertThat(spillFiles()).as(q + " closed").isZero();
                try (QueryResult r = s.query(q)) {
                    while (r.next()) {
                        // to the end
                    }
                    assertThat(spillFiles()).as(q + " read to the end").isZero();
                }
            }
        }
    }

    @Test
    void largeValuesCarriedByReferenceJoinAndSpillByValue() throws Exception {
        s.execute("CREATE TABLE big (id INT PRIMARY KEY, v VARCHAR(20000), w CLOB)");
        s.begin();
        for (int i = 0; i < 60; i++) {
            String v = String.valueOf((char) ('a' + i % 5)).repeat(6000);
            s.execute("INSERT INTO big VALUES (?, ?, ?)", List.of(i, v, v + i));
        }
        s.commit();
        String join = "SELECT x.id, y.id, y.w FROM big x, big y WHERE x.v = y.v";
        String union = "SELECT v FROM big UNION SELECT w FROM big WHERE id < 3";
        List<List<Object>> joined = readValues(join);
        List<List<Object>> unioned = readValues(union);
        assertThat(joined).as("60 rows, 5 values: 12 x 12 pairs each").hasSize(5 * 12 * 12);
        assertThat(unioned).hasSize(5 + 3);
        try (var limit = SpillLimit.forTesting(TINY)) {
            List<List<Object>> spilledJoin = readValues(join);
            List<List<Object>> spilledUnion = readValues(union);
            java.util.Comparator<List<Object>> byText = (x, y) -> x.toString().compareTo(y.toString());
            spilledJoin.sort(byText);
            joined.sort(byText);
            spilledUnion.sort(byText);
            unioned.sort(byText);
            assertThat(spilledJoin).isEqualTo(joined);
            assertThat(spilledUnion).isEqualTo(unioned);
        }
        assertThat(spillFiles()).isZero();
    }

    /** The rows of {@code sql} with values carried by reference read while the result is open. */
    private List<List<Object>> readValues(String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (QueryResult r = s.query(sql)) {
            while (r.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 0; i < r.labels().size(); i++) {
                    row.add(io.bstack.sql.eval.Lobs.value(r.get(i)));
                }
                out.add(row);
            }
        }
        return out;
    }

    @Test
    void filesGoWhenTheQueryFails() throws Exception {
        fill(s, 500, 11);
        try (var limit = SpillLimit.forTesting(TINY)) {
            assertThatThrownBy(() -> read(s, "SELECT id, b FROM t ORDER BY 1 / (COALESCE(a, 0) - 7), b"))
                    .isInstanceOf(SQLException.class).hasFieldOrPropertyWithValue("SQLState", "22012");
            assertThat(spillFiles()).isZero();
            assertThatThrownBy(() -> read(s, "SELECT b, d, SUM(1 / (COALESCE(a, 0) - 7)) FROM t GROUP BY b, d"))
                    .isInstanceOf(SQLException.class).hasFieldOrPropertyWithValue("SQLState", "22012");
            assertThat(spillFiles()).isZero();
        }
    }

    @Test
    void filesGoWhenTheStatementIsCancelled() throws Exception {
        fill(s, 500, 13);
        try (var limit = SpillLimit.forTesting(TINY)) {
            for (String q : List.of("SELECT id, b FROM t ORDER BY b DESC, id", "SELECT b, d, COUNT(*) FROM t GROUP BY b, d",
                    "SELECT DISTINCT b, d FROM t", "SELECT id, b, d FROM t UNION SELECT a, b, d FROM t")) {
                StatementControl control = StatementControl.create();
                try (QueryResult r = s.run(s.prepare(q), List.of(), control, null).rows()) {
                    assertThat(r.next()).isTrue();
                    assertThat(spillFiles()).as(q).isPositive();
                    control.cancel();
                    assertThatThrownBy(() -> {
                        while (r.next()) {
                            // until the cancellation is seen
                        }
                    }).as(q).isInstanceOf(SQLException.class).hasFieldOrPropertyWithValue("SQLState", "HY008");
                    assertThat(spillFiles()).as(q + " cancelled").isZero();
                }
            }
        }
    }

    @Test
    void aSpillFileReadsBackEveryCarrierValue() throws Exception {
        Object[] row = {null, true, false, (byte) -3, (short) 300, 70_000, -5L, new BigDecimal("-12.3400"),
            new BigDecimal("1E+5"), 1.5f, -0.0, Double.NaN, "h\u00e9llo \ud83d\ude00", new byte[] {1, 2, -1},
            LocalDate.of(2024, 2, 29), LocalTime.of(23, 59, 59, 123_456_789), LocalDateTime.of(1, 1, 1, 0, 0),
            OffsetDateTime.of(2020, 5, 6, 7, 8, 9, 10, ZoneOffset.ofHoursMinutes(-5, -30)), UUID.randomUUID(), ""};
        try (SpillFile f = SpillFile.create()) {
            assertThat(f.path().getParent()).isEqualTo(spillDir);
            f.write(row);
            f.write(new Object[0]);
            Object[] back = f.read();
            assertThat(back).hasSameSizeAs(row);
            for (int i = 0; i < row.length; i++) {
                assertThat(back[i]).as("value " + i).isEqualTo(row[i]);
                if (row[i] != null) {
                    assertThat(back[i]).as("value " + i).isInstanceOf(row[i].getClass());
                }
            }
            assertThat(((BigDecimal) back[7]).scale()).isEqualTo(4);
            assertThat(f.read()).isEmpty();
            assertThat(f.read()).isNull();
            assertThat(spillFiles()).isOne();
        }
        assertThat(spillFiles()).isZero();
    }

    @Test
    void anUnwritableDirectoryIsHy000NamingIt() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        System.setProperty("bstack.spill.dir", file.toString());
        assertThatThrownBy(SpillFile::create).isInstanceOf(SQLException.class)
                .hasFieldOrPropertyWithValue("SQLState", "HY000").hasMessageContaining(file.toString());
    }

    @Test
    void manyRunsMergeInPasses() throws Exception {
        try (ExternalSort sort = new ExternalSort(RowOrder.values(1), 1, () -> { })) {
            Random random = new Random(3);
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < ExternalSort.FAN_IN * 3 + 5; i++) {
                int v = random.nextInt(50);
                expected.add(v);
                sort.add(new Object[] {v, i});
            }
            assertThat(sort.runCount()).isEqualTo(ExternalSort.FAN_IN * 3 + 5);
            sort.finish();
            expected.sort(null);
            List<Integer> got = new ArrayList<>();
            int lastPosition = -1;
            Object previous = null;
            for (Object[] r = sort.next(); r != null; r = sort.next()) {
                if (r[0].equals(previous)) {
                    assertThat((int) r[1]).as("stable").isGreaterThan(lastPosition);
                }
                previous = r[0];
                lastPosition = (int) r[1];
                got.add((Integer) r[0]);
            }
            assertThat(got).isEqualTo(expected);
            assertThat(spillFiles()).isZero();
        }
    }
}
