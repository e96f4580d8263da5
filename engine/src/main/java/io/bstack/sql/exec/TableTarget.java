package io.bstack.sql.exec;

import io.bstack.btree.Catalog;
import io.bstack.btree.ColumnDef;
import io.bstack.btree.Table;
import io.bstack.btree.TableDef;
import io.bstack.btree.UniqueViolationException;
import io.bstack.sql.ast.QualifiedName;
import io.bstack.sql.eval.EvalContext;
import io.bstack.sql.eval.Evaluator;
import io.bstack.sql.eval.ExpressionCompiler;
import io.bstack.sql.eval.Row;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A table a DML statement changes, with its rules compiled once: NOT NULL ({@code 23502}), CHECK
 * ({@code 23513}, a FALSE result; NULL passes), unique keys ({@code 23505}, from the store) and
 * FOREIGN KEYs in both directions ({@link References}: {@code 23506}, {@code 23503} and the
 * referential actions), applied as each row is stored. Not thread-safe: one statement's.
 */
final class TableTarget {
    final Table table;
    final TableDef def;
    final TableScope scope;
    private final List<Evaluator> checks = new ArrayList<>();
    private final List<String> checkSql = new ArrayList<>();

    private final References references;

    private TableTarget(Table table, TableScope scope, References references) {
        this.table = table;
        this.def = table.def();
        this.scope = scope;
        this.references = references;
    }

    /**
     * The table {@code name} for a statement that adds, changes or removes its rows ({@code changesRows}
     * is kept for callers; every statement now applies the FOREIGN KEY rules that concern it).
     */
    static TableTarget open(Catalog catalog, String defaultSchema, QualifiedName name, String alias,
            ExpressionCompiler compiler, Layout.Planner planner, boolean changesRows) throws SQLException, IOException {
        String schema = name.schema() == null ? defaultSchema : name.schema();
        Table table = catalog.table(schema, name.name());
        if (table == null) {
            throw new SQLSyntaxErrorException("table " + schema + "." + name.name() + " does not exist", "42S02");
        }
        return new References(catalog, compiler, planner).target(table, alias);
    }

    /** The target for {@code table} in the statement whose FOREIGN KEY rules {@code references} applies. */
    static TableTarget of(Table table, String alias, ExpressionCompiler compiler, Layout.Planner planner,
            References references) throws SQLException {
        TableTarget t = new TableTarget(table, TableScope.of(table.def(), alias, planner), references);
        for (String c : t.def.constraintsSql()) {
            if (Constraints.parse(c) instanceof io.bstack.sql.ast.TableConstraint.Check k) {
                t.checks.add(compiler.compile(k.condition(), t.scope));
                t.checkSql.add(c);
            }
        }
        return t;
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

    /** Stores a new row (checked), then requires its parents. */
    void insert(Object[] row) throws SQLException, IOException {
        try {
            table.insert(Arrays.asList(row));
        } catch (UniqueViolationException e) {
            throw unique(e);
        }
        references.requireParents(def, row, null);
    }

    /**
     * Replaces row {@code old} at {@code key} by {@code row}, checking {@code row} first; then requires
     * its parents and takes the referential actions on the rows referencing {@code old}. A row already
     * gone (a cascade of this statement removed it) is left so; returns whether it was there.
     */
    boolean update(byte[] key, Object[] old, Object[] row, EvalContext ctx) throws SQLException, IOException {
        if (table.get(key) == null) {
            return false;
        }
        check(row, ctx);
        try {
            table.update(key, Arrays.asList(row));
        } catch (UniqueViolationException e) {
            throw unique(e);
        }
        references.requireParents(def, row, old);
        references.parentUpdated(def, old, row, ctx);
        return true;
    }

    /**
     * Deletes row {@code old} at {@code key}, then takes the referential actions on the rows
     * referencing it; returns whether it was there (a cascade of this statement may have removed it).
     */
    boolean delete(byte[] key, Object[] old, EvalContext ctx) throws SQLException, IOException {
        if (!table.delete(key)) {
            return false;
        }
        references.parentDeleted(def, old, ctx);
        return true;
    }

    /** Ends the statement: runs the FOREIGN KEY checks deferred to its end (NO ACTION). */
    void finish() throws SQLException, IOException {
        references.finish();
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
