package io.bstack.sql.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.sql.Database;
import io.bstack.sql.Session;
import io.bstack.tx.TxOptions;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh database file and a session on it for each test, with helpers to read results and refusals. */
abstract class SessionFixture {
    @TempDir
    Path dir;
    Database db;
    Session s;

    @BeforeEach
    void openDatabase() throws SQLException {
        db = Database.open(dir.resolve("test.bstack"), TxOptions.defaults());
        s = new Session(db);
    }

    @AfterEach
    void closeDatabase() throws SQLException {
        s.close();
        db.close();
    }

    /** Every row of a query, each as a list of its values. */
    List<List<Object>> rows(String sql) throws SQLException {
        return rows(sql, List.of());
    }

    /** Every row of a query with {@code ?} parameters, each as a list of its values. */
    List<List<Object>> rows(String sql, List<?> parameters) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (QueryResult r = s.query(sql, parameters)) {
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

    /** The first column of every row of a query. */
    List<Object> column(String sql) throws SQLException {
        return rows(sql).stream().map(r -> r.get(0)).toList();
    }

    /** The definition of table {@code PUBLIC.name}, or null. */
    io.bstack.btree.TableDef tableDef(String name) throws SQLException {
        return s.read((view, alloc) -> {
            var t = db.catalog(view, alloc).table("PUBLIC", name);
            return t == null ? null : t.def();
        });
    }

    /** The indexes of table {@code PUBLIC.name}. */
    List<io.bstack.btree.IndexDef> indexDefs(String name) throws SQLException {
        return s.read((view, alloc) -> db.catalog(view, alloc).indexDefs("PUBLIC", name));
    }

    /** Runs {@code sql}, which must fail with SQLState {@code state}. */
    void fails(String sql, String state) {
        assertThatThrownBy(() -> s.execute(sql)).as(sql).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as(e.getMessage()).isEqualTo(state));
    }
}
