package io.bstack.sql.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.sql.Database;
import io.bstack.sql.Session;
import io.bstack.sql.exec.QueryResult;
import io.bstack.tx.TxOptions;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** INFORMATION_SCHEMA.ROUTINES lists the functions this module registers, beside the engine's aggregates. */
class RoutinesViewTest {
    @TempDir
    Path dir;

    private static List<List<Object>> rows(Session s, String sql) throws SQLException {
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
    void everyRegisteredFunctionIsARoutine() throws SQLException {
        try (Database db = Database.open(dir.resolve("fns.bstack"), TxOptions.defaults()); Session s = new Session(db)) {
            assertThat(rows(s, "SELECT routine_catalog, routine_schema, routine_name, routine_type, data_type,"
                    + " is_aggregate, is_deterministic, min_arguments, max_arguments, remarks"
                    + " FROM information_schema.routines WHERE routine_name IN ('UPPER', 'RANDOM_UUID', 'CONCAT')"
                    + " ORDER BY routine_name")).containsExactly(
                    Arrays.asList("FNS", "INFORMATION_SCHEMA", "CONCAT", "FUNCTION", "CHARACTER VARYING", false,
                            "YES", 2, null, "function from " + StandardFunctions.class.getName()),
                    Arrays.asList("FNS", "INFORMATION_SCHEMA", "RANDOM_UUID", "FUNCTION", "UUID", false, "NO", 0, 0,
                            "function from " + StandardFunctions.class.getName()),
                    Arrays.asList("FNS", "INFORMATION_SCHEMA", "UPPER", "FUNCTION", "CHARACTER VARYING", false, "YES",
                            1, 1, "function from " + StandardFunctions.class.getName()));
            long all = (Long) rows(s, "SELECT COUNT(*) FROM information_schema.routines").get(0).get(0);
            assertThat(all).isEqualTo(db.compiler().functions().names().size()
                    + io.bstack.sql.eval.ExpressionCompiler.standardAggregates().stream()
                            .filter(a -> !db.compiler().functions().names().contains(a)).count());
        }
    }
}
