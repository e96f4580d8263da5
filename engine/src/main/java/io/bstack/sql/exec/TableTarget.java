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
 * referential actions), applied as each row is stored. Tables of {@code INFORMATION_SCHEMA} are
 * read-only ({@code 42501}). Not thread-safe: one statement's.
 */
final class TableTarget {
    final Table table;
    final TableDef def;
    final TableScope scope;
    private final List<Evaluator> checks;
    private final List<String> checkSql;

    private final References references;

    private TableTarget(Table table, TableScope scope, References references) {
        this(table, scope, references, new ArrayList<>(), new ArrayList<>());
    }

    private TableTarget(Table table, TableScope scope, References references, List<Evaluator> checks,
            List<String> checkSql) {
        this.table = table;
        this.def = table.def();
        this.scope = scope;
        this.references = references;
        this.checks = checks;
        this.checkSql = checkSql;
    }

    /**
     * These rules, compiled once, on {@code table} (this table bound to another transaction, with the
     * same definition) for the statement whose FOREIGN KEY rules {@code references} applies.
     */
    TableTarget on(Table table, References references) {
        return new TableTarget(table, scope, references, checks, checkSql);
    }

    /**
     * The table {@code name} for a statement that adds, changes or removes its rows ({@code changesRows}
     * is kept for callers; every statement now applies the FOREIGN KEY rules that concern it).
     */
    static TableTarget open(Catalog catalog, String defaultSchema, QualifiedName name, String alias,
            ExpressionCompiler compiler, Layout.Planner planner, boolean changesRows) throws SQLException, IOException {
        String schema = name.schema() == null ? defaultSchema : name.schema();
        InformationSchema.refuseChange(schema);
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
     * Replaces rows, each given as {key, old values, new values}: as H2 does, every new row is checked
     * and stored first, then each change in turn requires its parents and takes the referential
     * actions on the rows referencing its old values (so rows may trade key values). A row already gone (a cascade of this statement
     * removed it) is skipped; returns the number replaced.
     */
    int updateAll(List<Object[]> changes, EvalContext ctx) throws SQLException, IOException {
        List<Object[]> done = new ArrayList<>();
        for (Object[] c : changes) {
            if (table.get((byte[]) c[0]) == null) {
                continue;
            }
            Object[] row = (Object[]) c[2];
            check(row, ctx);
            try {
                table.update((byte[]) c[0], Arrays.asList(row));
            } catch (UniqueViolationException e) {
                throw unique(e);
            }
            done.add(c);
        }
        for (Object[] c : done) {
            references.requireParents(def, (Object[]) c[2], (Object[]) c[1]);
            references.parentUpdated(def, (Object[]) c[1], (Object[]) c[2], ctx);
        }
        return done.size();
    }

    /**
     * Deletes rows, each given as {key, values}, as H2 does: row by row, each row's referential
     * actions taken right after it goes ({@code everyRow} false: a row still to be deleted may refuse
     * an earlier one), or all rows first and then the actions row by row ({@code everyRow} true, for
     * a DELETE without WHERE: emptying a self-referencing table breaks no reference). A row already
     * gone (a cascade of this statement removed it) is skipped, but counted: returns the number the
     * statement matched, as H2 does.
     */
    int deleteAll(List<Object[]> rows, EvalContext ctx, boolean everyRow) throws SQLException, IOException {
        List<Object[]> done = new ArrayList<>();
        for (Object[] r : rows) {
            if (table.delete((byte[]) r[0])) {
                if (everyRow) {
                    done.add(r);
                } else {
                    references.parentDeleted(def, (Object[]) r[1], ctx);
                    done.add(r);
                }
            }
        }
        if (everyRow) {
            for (Object[] r : done) {
                references.parentDeleted(def, (Object[]) r[1], ctx);
            }
        }
        return rows.size(); // as H2 counts: a matched row a cascade removed first still counts
    }

    private SQLIntegrityConstraintViolationException unique(UniqueViolationException e) {
        return new SQLIntegrityConstraintViolationException("unique constraint " + e.constraint() + " violated on"
                + " table " + def.name() + ": " + e.getMessage(), "23505", e);
    }

    /**
     * Refuses a value a statement gives column {@code column} when it is {@code GENERATED ALWAYS AS
     * IDENTITY} ({@code 428C9}: its values come from its sequence only; {@code DEFAULT} is the one
     * value a statement may give it).
     */
    void refuseGiven(int column) throws SQLException {
        ColumnDef c = def.columns().get(column);
        if (c.generatedAlways()) {
            throw new SQLSyntaxErrorException("column " + c.name() + " of table " + def.name() + " is GENERATED ALWAYS"
                    + " AS IDENTITY: its values come from its sequence (give DEFAULT, or leave it out)", "428C9");
        }
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
