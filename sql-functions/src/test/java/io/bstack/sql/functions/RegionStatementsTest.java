package io.bstack.sql.functions;

import static io.bstack.sql.functions.RegionFunctionsTest.assertState;
import static io.bstack.sql.functions.RegionFunctionsTest.one;
import static io.bstack.sql.functions.RegionFunctionsTest.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.alloc.Region;
import io.bstack.sql.AllocatorKind;
import io.bstack.sql.Database;
import io.bstack.sql.Session;
import io.bstack.sql.function.FunctionContext;
import io.bstack.sql.function.ScalarFunction;
import io.bstack.tx.TxOptions;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where region functions may run: subqueries, defaults, views, and outside a statement. */
class RegionStatementsTest {
    @TempDir
    Path dir;

    @Test
    void theFunctionsDeclareWhatTheyDo() {
        Map<String, ScalarFunction> byName = RegionFunctions.all().stream()
                .collect(Collectors.toMap(ScalarFunction::name, f -> f));
        assertThat(byName.keySet()).containsExactlyInAnyOrder("ALLOC", "REALLOC", "FREE", "REGION_READ",
                "REGION_WRITE", "REGION_SIZE", "REGION_FILL", "REGION_COPY");
        assertThat(byName.values()).noneMatch(ScalarFunction::deterministic);
        assertThat(byName.values().stream().filter(ScalarFunction::writesDatabase).map(ScalarFunction::name))
                .containsExactlyInAnyOrder("ALLOC", "REALLOC", "FREE", "REGION_WRITE", "REGION_FILL", "REGION_COPY");
    }

    @Test
    void outsideAStatementTheyAreRefused() {
        ScalarFunction alloc = RegionFunctions.all().getFirst();
        assertState("0A000", () -> alloc.apply(new Object[] {10L}));
        assertState("0A000", () -> alloc.apply(new Object[] {10L}, FunctionContext.NONE));
    }

    @Test
    void aWritingFunctionInASubqueryMakesTheQueryWrite() throws SQLException {
        try (Database db = Database.open(dir.resolve("sub.bstack"), TxOptions.defaults(), AllocatorKind.GHOSTTREE);
             Session s = new Session(db)) {
            Region h = (Region) one(s, "SELECT (SELECT ALLOC(24))");
            assertThat(one(s, "SELECT REGION_SIZE(?)", h)).isEqualTo(24L);
            s.execute("CREATE TABLE three (x INT)");
            s.execute("INSERT INTO three VALUES (1), (2), (3)");
            assertThat(one(s, "SELECT COUNT(*) FROM (SELECT ALLOC(8) AS r FROM three) AS t")).isEqualTo(3L);
            assertThat(rows(s, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.REGIONS")).containsExactly(List.of(4L));
        }
    }

    @Test
    void aDefaultCanAllocate() throws SQLException {
        try (Database db = Database.open(dir.resolve("def.bstack"), TxOptions.defaults(), AllocatorKind.FIRSTFIT);
             Session s = new Session(db)) {
            s.execute("CREATE TABLE buf (id INT PRIMARY KEY, r REGION DEFAULT ALLOC(128))");
            s.execute("INSERT INTO buf (id) VALUES (1), (2)");
            assertThat(rows(s, "SELECT id, REGION_SIZE(r) FROM buf ORDER BY id"))
                    .containsExactly(List.of(1, 128L), List.of(2, 128L));
            assertThat(rows(s, "SELECT COUNT(DISTINCT r) FROM buf")).containsExactly(List.of(2L));
        }
    }

    @Test
    void aViewThatAllocatesCannotBeReadAsAQuery() throws SQLException {
        try (Database db = Database.open(dir.resolve("view.bstack"), TxOptions.defaults(), AllocatorKind.GHOSTTREE);
             Session s = new Session(db)) {
            s.execute("CREATE VIEW fresh AS SELECT ALLOC(8) AS r");
            assertState("25006", () -> one(s, "SELECT r FROM fresh"));
            assertThat(rows(s, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.REGIONS")).containsExactly(List.of(0L));
        }
    }
}
