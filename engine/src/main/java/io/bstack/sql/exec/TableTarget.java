package io.bstack.sql.exec;

import io.bstack.btree.Catalog;
import io.bstack.btree.ColumnDef;
import io.bstack.btree.Table;
import io.bstack.btree.TableDef;
import io.bstack.btree.UniqueViolationException;
import io.bstack.sql.ast.Expression;
import io.bstack.sql.ast.QualifiedName;
import io.bstack.sql.ast.Statement;
import io.bstack.sql.eval.EvalContext;
import io.bstack.sql.eval.Evaluator;
import io.bstack.sql.eval.ExpressionCompiler;
import io.bstack.sql.eval.Row;
import io.bstack.sql.parse.Parser;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A table a DML statement changes, with its rules compiled once: NOT NULL ({@code 23502}), CHECK
 * ({@code 23513}, a FALSE result; NULL passes) and unique keys ({@code 23505}, from the store).
 * Tables that hold FOREIGN KEY constraints, or that one references, are refused ({@code 0A000})
 * until this version enforces references. Tables of {@code INFORMATION_SCHEMA} are read-only ({@code 42501}).
 */
final class TableTarget {
    final Table table;
    final TableDef def;
    final TableScope scope;
    private final List<Evaluator> checks = new ArrayList<>();
    private final List<String> checkSql = new ArrayList<>();

    private TableTarget(Table table, TableScope scope) {
        this.table = table;
        this.def = table.def();
        this.scope = scope;
    }

    /**
     * The table {@code name} for a statement that adds rows ({@code changesRows} false: INSERT) or
     * changes and removes them (UPDATE, DELETE: then a table another one references is refused too).
     */
    static TableTarget open(Catalog catalog, String defaultSchema, QualifiedName name, String alias,
            ExpressionCompiler compiler, Layout.Planner planner, boolean changesRows) throws SQLException, IOException {
        String schema = name.schema() == null ? defaultSchema : name.schema();
        InformationSchema.refuseChange(schema);
        Table table = catalog.table(schema, name.name());
        if (table == null) {
            throw new SQLSyntaxErrorException("table " + schema + "." + name.name() + " does not exist", "42S02");
        }
        boolean references = table.def().constraintsSql().stream().anyMatch(c -> c.contains("FOREIGN KEY"))
                || (changesRows && referencedBy(catalog, schema, name.name()) != null); // adding a parent row is safe
        if (references) {
            throw new SQLFeatureNotSupportedException("table " + name.name() + " takes part in a FOREIGN KEY, which"
                    + " this version does not enforce yet: it refuses to change the table", "0A000");
        }
        TableTarget t = new TableTarget(table, TableScope.of(table.def(), alias, planner));
        for (String c : t.def.constraintsSql()) {
            if (c.contains("CHECK")) {
                t.checks.add(compiler.compile(checkCondition(c), t.scope));
                t.checkSql.add(c);
            }
        }
        return t;
    }

    /** A table of {@code schema} whose FOREIGN KEY references {@code table}, or null. */
    static String referencedBy(Catalog catalog, String schema, String table) throws IOException {
        for (String other : catalog.tables(schema)) {
            for (String c : catalog.table(schema, other).def().constraintsSql()) {
                if (c.contains("REFERENCES " + table + " ") || c.contains("REFERENCES " + schema + "." + table + " ")) {
                    return other;
                }
            }
        }
        return null;
    }

    private static Expression checkCondition(String constraintSql) throws SQLException {
        Statement st = Parser.parse("CREATE TABLE x (c INT, " + constraintSql + ")");
        var k = ((Statement.CreateTable) st).constraints().get(0);
        return ((io.bstack.sql.ast.TableConstraint.Check) k).condition();
    }

    /** Checks NOT NULL and CHECK on a complete new row. */
    void check(Object[] row, EvalContext ctx) throws SQLException {
        for (int i = 0; i < row.length; i++) {
            ColumnDef c = def.columns().get(i);
            if (row[i] == null && !c.nullable()) {
                throw new SQLIntegrityConstraintViolationException("NULL not allowed for column \"" + c.name()
                        + "\" of table " + def.name(), "23502");
            }
        }
        Row view = i -> row[i];
        for (int k = 0; k < checks.size(); k++) {
            if (Boolean.FALSE.equals(checks.get(k).eval(view, ctx))) {
                throw new SQLIntegrityConstraintViolationException("check constraint violated: " + checkSql.get(k)
                        + " on table " + def.name(), "23513");
            }
        }
    }

    /** Stores a new row. */
    void insert(Object[] row) throws SQLException, IOException {
        try {
            table.insert(Arrays.asList(row));
        } catch (UniqueViolationException e) {
            throw unique(e);
        }
    }

    /** Replaces the row at {@code key}. */
    void update(byte[] key, Object[] row) throws SQLException, IOException {
        try {
            table.update(key, Arrays.asList(row));
        } catch (UniqueViolationException e) {
            throw unique(e);
        }
    }

    private SQLIntegrityConstraintViolationException unique(UniqueViolationException e) {
        return new SQLIntegrityConstraintViolationException("unique constraint " + e.constraint() + " violated on"
                + " table " + def.name() + ": " + e.getMessage(), "23505", e);
    }

    /** The index of column {@code name}, or 42S22. */
    int column(String name) throws SQLException {
        for (int i = 0; i < def.columns().size(); i++) {
            if (def.columns().get(i).name().equals(name)) {
                return i;
            }
        }
        throw new SQLSyntaxErrorException("column " + name + " not found in table " + def.name(), "42S22");
    }
}
