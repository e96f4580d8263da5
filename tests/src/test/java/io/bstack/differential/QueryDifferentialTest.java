package io.bstack.differential;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The same generated schema, data and queries on BStack DB and on H2 (in memory), both through JDBC:
 * the same rows (as multisets, or in order when the ORDER BY decides the order), or errors of the
 * same SQLState class. Each try draws a schema of two tables (with or without keys and indexes),
 * rows with NULLs and duplicates, and {@value #QUERIES} queries from a grammar of selections,
 * joins (not FULL: H2 has none), grouping, set operations, subqueries and ordering. {@code -Dbstack.diff.tries} sets the
 * number of tries (CI: 40), {@code -Dbstack.diff.seed} the first seed (random otherwise; a failure
 * names the seed that reproduces it).
 */
class QueryDifferentialTest {
    private static final int QUERIES = 40;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @Test
    void bstackAndH2AgreeOnGeneratedQueries() throws SQLException {
        int tries = Integer.getInteger("bstack.diff.tries", 40);
        long base = Long.getLong("bstack.diff.seed", new Random().nextLong());
        int answered = 0;
        for (int t = 0; t < tries; t++) {
            answered += oneTry(base + t);
        }
        assertThat(answered).as("queries both engines answered with rows (base seed " + base + ")")
                .isGreaterThan(tries * QUERIES * 3 / 4);
    }

    /** One schema and its queries; returns how many queries both engines answered with rows. */
    private static int oneTry(long seed) throws SQLException {
        Random r = new Random(seed);
        int answered = 0;
        int id = DATABASES.incrementAndGet();
        try (Connection b = DriverManager.getConnection("jdbc:bstack:mem:");
                Connection h = DriverManager.getConnection("jdbc:h2:mem:diff" + id + ";DB_CLOSE_DELAY=0")) {
            List<String> setup = Grammar.schema(r);
            for (String sql : setup) {
                run(b, sql);
                run(h, sql);
            }
            List<String> mismatches = new ArrayList<>();
            for (int q = 0; q < QUERIES; q++) {
                Grammar.Query query = Grammar.query(r);
                Outcome ob = Outcome.of(b, query.sql());
                Outcome oh = Outcome.of(h, query.sql());
                answered += ob.rows() != null && oh.rows() != null ? 1 : 0;
                if (!ob.agrees(oh, query.ordered())) {
                    mismatches.add(query.sql() + "\n    BStack: " + ob + "\n    H2:     " + oh);
                }
            }
            assertThat(mismatches).as("-Dbstack.diff.seed=" + seed + ", schema:\n" + String.join(";\n", setup))
                    .isEmpty();
        }
        return answered;
    }

    private static void run(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Rows (normalised values) or an error's SQLState class. */
    record Outcome(List<List<String>> rows, String errorClass, String error) {
        static Outcome of(Connection c, String sql) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                int n = rs.getMetaData().getColumnCount();
                List<List<String>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<String> row = new ArrayList<>(n);
                    for (int i = 1; i <= n; i++) {
                        row.add(normal(rs.getObject(i)));
                    }
                    rows.add(row);
                }
                return new Outcome(rows, null, null);
            } catch (SQLException e) {
                String state = e.getSQLState() == null ? "??" : e.getSQLState();
                return new Outcome(null, state.substring(0, Math.min(2, state.length())), state + " " + e.getMessage());
            }
        }

        private static String normal(Object v) {
            return switch (v) {
                case null -> "NULL";
                case Boolean bool -> bool.toString();
                case Number num -> {
                    BigDecimal d = new BigDecimal(num.toString()).stripTrailingZeros();
                    yield d.signum() == 0 ? "0" : d.toPlainString();
                }
                default -> v.toString();
            };
        }

        boolean agrees(Outcome other, boolean ordered) {
            if (errorClass != null || other.errorClass != null) {
                return Objects.equals(errorClass, other.errorClass);
            }
            if (ordered) {
                return rows.equals(other.rows);
            }
            return sorted(rows).equals(sorted(other.rows));
        }

        private static List<String> sorted(List<List<String>> rows) {
            return rows.stream().map(Object::toString).sorted().toList();
        }

        @Override
        public String toString() {
            if (error != null) {
                return "error " + error;
            }
            return rows.size() > 12 ? rows.subList(0, 12) + " ... (" + rows.size() + " rows)" : rows.toString();
        }
    }
}
