package io.bstack.sql.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.sql.Database;
import io.bstack.sql.Session;
import io.bstack.tx.TxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Random tables and predicates (equality, ranges, BETWEEN, IN, IS NULL, ORDER BY with LIMIT): the
 * same rows before and after an index (composite, ASC or DESC columns) is created, and after
 * UPDATE and DELETE through the same WHERE.
 */
class AccessPathProperties {

    @Property(tries = 40)
    void anIndexNeverChangesTheRows(@ForAll long seed) throws Exception {
        Random rnd = new Random(seed);
        Path dir = Files.createTempDirectory("access-path");
        try (Database db = Database.open(dir.resolve("p.bstack"), TxOptions.defaults()); Session s = new Session(db)) {
            s.execute("CREATE TABLE p (id INT PRIMARY KEY, a INT, b BIGINT, c VARCHAR(5), d DECIMAL(6, 2), e INT)");
            int n = rnd.nextInt(120);
            for (int i = 0; i < n; i++) {
                s.execute("INSERT INTO p VALUES (" + (i * 3 - 60) + ", " + value(rnd) + ", " + value(rnd) + ", "
                        + (rnd.nextInt(5) == 0 ? "NULL" : "'" + (char) ('a' + rnd.nextInt(6)) + "'") + ", "
                        + (rnd.nextInt(5) == 0 ? "NULL" : rnd.nextInt(100) / 10.0) + ", 0)");
            }
            List<String> queries = new ArrayList<>();
            for (int q = 0; q < 25; q++) {
                queries.add(query(rnd));
            }
            List<List<List<Object>>> before = new ArrayList<>();
            for (String q : queries) {
                before.add(run(s, q));
            }
            List<String> cols = new ArrayList<>(List.of("a", "b", "c", "d", "id"));
            java.util.Collections.shuffle(cols, rnd);
            int width = 1 + rnd.nextInt(3);
            List<String> key = new ArrayList<>();
            for (int k = 0; k < width; k++) {
                key.add(cols.get(k) + (rnd.nextBoolean() ? " DESC" : ""));
            }
            s.execute("CREATE INDEX p_i ON p (" + String.join(", ", key) + ")");
            for (int q = 0; q < queries.size(); q++) {
                assertThat(run(s, queries.get(q))).as(queries.get(q) + " with index " + key).isEqualTo(before.get(q));
            }
            String where = predicate(rnd);
            List<List<Object>> kept = run(s, "SELECT id, a, b, c, d FROM p WHERE NOT COALESCE(" + where + ", FALSE)");
            List<List<Object>> changed = run(s, "SELECT id, a, b, c, d FROM p WHERE " + where);
            assertThat(s.execute("UPDATE p SET e = 1 WHERE " + where)).as(where + " with index " + key)
                    .isEqualTo(changed.size());
            assertThat(run(s, "SELECT id FROM p WHERE e = 1")).as(where)
                    .isEqualTo(changed.stream().map(r -> List.of(r.get(0))).sorted(byText()).toList());
            assertThat(s.execute("DELETE FROM p WHERE " + where)).as(where).isEqualTo(changed.size());
            assertThat(run(s, "SELECT id, a, b, c, d FROM p")).as(where).isEqualTo(kept);
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private static String value(Random rnd) {
        return rnd.nextInt(6) == 0 ? "NULL" : String.valueOf(rnd.nextInt(11) - 5);
    }

    private static String constant(Random rnd, String column) {
        return switch (column) {
            case "c" -> rnd.nextInt(8) == 0 ? "NULL" : "'" + (char) ('a' + rnd.nextInt(7)) + "'";
            case "d" -> String.valueOf(rnd.nextInt(120) / 10.0 - 1);
            case "id" -> String.valueOf(rnd.nextInt(400) - 80);
            default -> rnd.nextInt(9) == 0 ? "NULL" : rnd.nextInt(5) == 0 ? "2.5" : String.valueOf(rnd.nextInt(13) - 6);
        };
    }

    private static String predicate(Random rnd) {
        List<String> terms = new ArrayList<>();
        int k = 1 + rnd.nextInt(3);
        for (int i = 0; i < k; i++) {
            String col = List.of("a", "b", "c", "d", "id").get(rnd.nextInt(5));
            terms.add(switch (rnd.nextInt(8)) {
                case 0 -> col + " = " + constant(rnd, col);
                case 1 -> col + " < " + constant(rnd, col);
                case 2 -> col + " >= " + constant(rnd, col);
                case 3 -> constant(rnd, col) + " < " + col;
                case 4 -> col + " BETWEEN " + constant(rnd, col) + " AND " + constant(rnd, col);
                case 5 -> col + " IN (" + constant(rnd, col) + ", " + constant(rnd, col) + ", " + constant(rnd, col) + ")";
                case 6 -> col + " IS NULL";
                default -> col + " <= " + constant(rnd, col);
            });
        }
        return String.join(" AND ", terms);
    }

    private static String query(Random rnd) {
        String where = rnd.nextInt(8) == 0 ? "" : " WHERE " + predicate(rnd);
        if (rnd.nextBoolean()) {
            return "SELECT id, a, b, c, d FROM p" + where;
        }
        String col = List.of("a", "b", "c", "d", "id").get(rnd.nextInt(5));
        String dir = rnd.nextBoolean() ? " DESC" : "";
        String nulls = rnd.nextInt(4) == 0 ? " NULLS LAST" : "";
        return "SELECT " + col + " FROM p" + where + " ORDER BY " + col + dir + nulls + " LIMIT " + rnd.nextInt(20)
                + " /* ordered */";
    }

    /** The rows of {@code sql}: in their order when it orders them, else sorted (as text). */
    private static List<List<Object>> run(Session s, String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (QueryResult r = s.query(sql)) {
            while (r.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 0; i < r.labels().size(); i++) {
                    row.add(r.get(i));
                }
                out.add(row);
            }
        } catch (SQLException e) {
            return List.of(List.of("error " + e.getSQLState()));
        }
        if (!sql.contains("/* ordered */")) {
            out.sort(byText());
        }
        return out;
    }

    private static Comparator<List<Object>> byText() {
        return Comparator.comparing(Object::toString);
    }
}
