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
 * Random pairs of tables with keys of mixed numeric and string types (NULLs among them): hash
 * joins and index joins return the rows a nested loop returns (forced by a CAST of the left key
 * to its own type), for INNER, LEFT, RIGHT and FULL joins.
 */
class JoinProperties {
    private static final List<String> NUMBERS = List.of("INT", "BIGINT", "SMALLINT", "DECIMAL(8, 2)", "DOUBLE");
    private static final List<String> STRINGS = List.of("VARCHAR(4)", "CHAR(3)");

    @Property(tries = 30)
    void joinsReturnWhatANestedLoopReturns(@ForAll long seed) throws Exception {
        Random rnd = new Random(seed);
        boolean strings = rnd.nextInt(4) == 0;
        List<String> types = strings ? STRINGS : NUMBERS;
        String lt = types.get(rnd.nextInt(types.size()));
        String rt = types.get(rnd.nextInt(types.size()));
        Path dir = Files.createTempDirectory("joins");
        try (Database db = Database.open(dir.resolve("j.bstack"), TxOptions.defaults()); Session s = new Session(db)) {
            s.execute("CREATE TABLE l (id INT PRIMARY KEY, k " + lt + ", v INT)");
            s.execute("CREATE TABLE r (id INT PRIMARY KEY, k " + rt + ", v INT)");
            for (String table : List.of("l", "r")) {
                int n = rnd.nextInt(30);
                for (int i = 0; i < n; i++) {
                    s.execute("INSERT INTO " + table + " VALUES (" + i + ", " + key(rnd, strings) + ", " + rnd.nextInt(5) + ")");
                }
            }
            String nested = "CAST(l.k AS " + lt + ") = r.k";
            List<String> queries = new ArrayList<>();
            for (String type : List.of("INNER", "LEFT", "RIGHT", "FULL")) {
                queries.add("SELECT l.id, r.id FROM l " + type + " JOIN r ON l.k = r.k");
                queries.add("SELECT l.id, r.id FROM l " + type + " JOIN r ON r.k = l.k AND r.v >= l.v");
            }
            List<List<List<Object>>> expected = new ArrayList<>();
            for (String q : queries) {
                expected.add(run(s, q.replace("l.k = r.k", nested).replace("r.k = l.k", nested)));
            }
            for (int round = 0; round < 2; round++) {
                for (int q = 0; q < queries.size(); q++) {
                    assertThat(run(s, queries.get(q))).as(queries.get(q) + " (" + lt + ", " + rt + ")")
                            .isEqualTo(expected.get(q));
                }
                if (round == 0) {
                    s.execute("CREATE INDEX r_k ON r (k)"); // INNER and LEFT joins then probe it
                }
            }
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    @Property(tries = 30)
    void fromListsReturnWhatTheirCrossJoinFilteredReturns(@ForAll long seed) throws Exception {
        Random rnd = new Random(seed);
        Path dir = Files.createTempDirectory("from-lists");
        try (Database db = Database.open(dir.resolve("f.bstack"), TxOptions.defaults()); Session s = new Session(db)) {
            List<String> names = List.of("x", "y", "z");
            for (String name : names) {
                s.execute("CREATE TABLE " + name + " (id INT PRIMARY KEY, k " + NUMBERS.get(rnd.nextInt(NUMBERS.size()))
                        + ", v INT)");
                int n = rnd.nextInt(25);
                for (int i = 0; i < n; i++) {
                    s.execute("INSERT INTO " + name + " VALUES (" + i + ", " + key(rnd, false) + ", " + rnd.nextInt(4) + ")");
                }
                if (rnd.nextBoolean()) {
                    s.execute("CREATE INDEX " + name + "_k ON " + name + " (k)");
                }
            }
            List<String> terms = new ArrayList<>(List.of("x.k = y.k", "z.v = y.v", "z.k = x.k", "z.id = x.v", "y.v >= x.v"));
            java.util.Collections.shuffle(terms, rnd);
            String where = String.join(" AND ", terms.subList(0, 1 + rnd.nextInt(terms.size())));
            String sql = "SELECT * FROM x, y, z WHERE " + where; // the FROM's layout, whatever the join order
            String reference = sql.replaceAll("(\\w)\\.(k|v|id) = ", "CAST($1.$2 AS DOUBLE) = ");
            assertThat(run(s, sql)).as(sql).isEqualTo(run(s, reference));
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private static String key(Random rnd, boolean strings) {
        if (rnd.nextInt(6) == 0) {
            return "NULL";
        }
        if (strings) {
            return "'" + (char) ('a' + rnd.nextInt(4)) + (rnd.nextBoolean() ? " " : "") + "'";
        }
        int v = rnd.nextInt(9) - 4;
        return rnd.nextInt(4) == 0 ? v + ".50" : rnd.nextBoolean() ? v + ".0" : String.valueOf(v);
    }

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
        out.sort(Comparator.comparing(Object::toString));
        return out;
    }
}
