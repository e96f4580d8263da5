package io.bstack.sql.exec;

import io.bstack.btree.Catalog;
import io.bstack.btree.ColumnDef;
import io.bstack.btree.IndexDef;
import io.bstack.btree.Table;
import io.bstack.btree.TableCursor;
import io.bstack.btree.TableDef;
import io.bstack.btree.UniqueViolationException;
import io.bstack.btree.ViewDef;
import io.bstack.sql.ast.AlterAction;
import io.bstack.sql.ast.AstPrinter;
import io.bstack.sql.ast.Expression;
import io.bstack.sql.ast.ForeignKeyTarget;
import io.bstack.sql.ast.QualifiedName;
import io.bstack.sql.ast.TableConstraint;
import io.bstack.sql.eval.Evaluator;
import io.bstack.sql.eval.ExpressionCompiler;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code ALTER TABLE} on the catalog of the transaction (so it rolls back with it): ADD COLUMN
 * ({@link ColumnAddition}), DROP COLUMN, RENAME COLUMN, ADD CONSTRAINT (UNIQUE, CHECK, PRIMARY KEY on a table without
 * one, FOREIGN KEY), DROP CONSTRAINT (by name; an unnamed primary key is {@code PK_<TABLE>}) and RENAME
 * TO. Constraint texts, other tables' FOREIGN KEYs and index column positions follow the change.
 *
 * <p>As H2 does, DROP COLUMN also drops the indexes and constraints that use only that column, and
 * refuses ({@code 2BP01}, naming it) when one uses it with other columns; a view that names the
 * table and the column refuses DROP and RENAME COLUMN, one that names the table RENAME TO
 * ({@code 2BP01}). Adding a constraint the rows break fails ({@code 23505}, {@code 23513},
 * {@code 23506}, {@code 23502} for a NULL primary-key value); a second primary key, {@code 42000};
 * dropping a constraint that does not exist, {@code 42704}; a key a FOREIGN KEY needs, {@code 2BP01}.
 * DROP COLUMN and a primary-key change rewrite the table's rows. One statement per instance; not
 * thread-safe.
 */
final class AlterTableExecutor {
    private final Catalog catalog;
    private final DdlExecutor ddl;
    private final Supplier<ExpressionCompiler> compiler;

    AlterTableExecutor(Catalog catalog, DdlExecutor ddl, Supplier<ExpressionCompiler> compiler) {
        this.catalog = catalog;
        this.ddl = ddl;
        this.compiler = compiler;
    }

    void execute(String schema, Table table, AlterAction action) throws SQLException, IOException {
        TableDef def = table.def();
        switch (action) {
            case AlterAction.DropColumn d -> dropColumn(def, d.column());
            case AlterAction.RenameColumn r -> renameColumn(def, r.from(), r.to());
            case AlterAction.AddConstraint a -> addConstraint(table, a.constraint());
            case AlterAction.DropConstraint d -> dropConstraint(def, d.name());
            case AlterAction.RenameTable r -> renameTable(def, r.newName());
            case AlterAction.AddColumn a -> new ColumnAddition(catalog, this, compiler.get()).add(table, a.column());
        }
    }

    // ---------------------------------------------------------------- columns

    private static int column(TableDef def, String name) throws SQLException {
        for (int i = 0; i < def.columns().size(); i++) {
            if (def.columns().get(i).name().equals(name)) {
                return i;
            }
        }
        throw new SQLSyntaxErrorException("column " + name + " not found in table " + def.name(), "42S22");
    }

    private static SQLException dependent(String what, String user) {
        return new SQLException(what + " is used by " + user + ": drop that first", "2BP01");
    }

    private void dropColumn(TableDef def, String name) throws SQLException, IOException {
        int p = column(def, name);
        if (def.columns().size() == 1) {
            throw new SQLSyntaxErrorException("column " + name + " is the only column of " + def.name()
                    + ": a table needs one", "42000");
        }
        requireNoView(def, name);
        String what = "column " + name + " of " + def.name();
        List<String> kept = new ArrayList<>();
        List<TableConstraint> stored = Constraints.of(def);
        for (int n = 0; n < stored.size(); n++) {
            String sql = def.constraintsSql().get(n);
            TableConstraint c = stored.get(n);
            Set<String> uses = columnsOf(c, def);
            if (!uses.contains(name)) {
                kept.add(sql);
            } else if (uses.size() > 1) {
                throw dependent(what, "constraint " + c.name());
            }
        }
        List<Integer> pk = new ArrayList<>();
        if (def.primaryKey().contains(p)) {
            if (def.primaryKey().size() > 1) {
                throw dependent(what, "primary key " + Constraints.primaryKeyName(def));
            }
        } else {
            for (int k : def.primaryKey()) {
                pk.add(k > p ? k - 1 : k);
            }
        }
        List<ForeignKey> referencing = new ArrayList<>();
        for (ForeignKey f : References.referencing(catalog, def.schema(), def.name())) {
            if (!f.selfReferencing() && f.parentColumns().contains(p)) {
                if (f.parentColumns().size() > 1) {
                    throw dependent(what, "constraint " + f.name() + " of " + f.childTable());
                }
                referencing.add(f);
            }
        }
        List<IndexDef> indexes = new ArrayList<>();
        for (IndexDef i : catalog.indexDefs(def.schema(), def.name())) {
            if (!i.columns().contains(p)) {
                indexes.add(new IndexDef(i.schema(), i.name(), i.table(), i.columns().stream().map(k -> k > p ? k - 1 : k)
                        .toList(), i.descending(), i.unique(), 0));
            } else if (i.columns().size() > 1) {
                throw dependent(what, "index " + i.name());
            }
        }
        for (ForeignKey f : referencing) {
            ddl.dropForeignKey(f);
        }
        List<ColumnDef> columns = new ArrayList<>(def.columns());
        ColumnDef dropped = columns.remove(p);
        int[] from = new int[columns.size()];
        Arrays.setAll(from, i -> i < p ? i : i + 1);
        rewrite(def, new TableDef(def.schema(), def.name(), columns, pk, kept, 0), from, indexes);
        String sequence = DdlExecutor.identitySequence(def, dropped);
        if (sequence != null && catalog.sequences(def.schema()).contains(sequence)) {
            catalog.dropSequence(def.schema(), sequence); // the dropped identity column's own sequence
        }
    }

    /** The columns of {@code table} a constraint of it uses (a self-reference: both its sides). */
    private static Set<String> columnsOf(TableConstraint c, TableDef table) {
        Set<String> out = new LinkedHashSet<>();
        switch (c) {
            case TableConstraint.Check k -> AstSearch.any(k.condition(), n -> {
                if (n instanceof Expression.ColumnRef r) {
                    out.add(r.parts().get(r.parts().size() - 1));
                }
                return false;
            });
            case TableConstraint.ForeignKey f -> {
                out.addAll(f.columns());
                if (References.QualifiedTarget.of(table, f).table().equals(table.name())
                        && References.QualifiedTarget.of(table, f).schema().equals(table.schema())) {
                    out.addAll(f.target().columns().isEmpty()
                            ? table.primaryKey().stream().map(i -> table.columns().get(i).name()).toList()
                            : f.target().columns());
                }
            }
            case TableConstraint.Unique u -> out.addAll(u.columns());
            case TableConstraint.PrimaryKey k -> out.addAll(k.columns());
        }
        return out;
    }

    private void renameColumn(TableDef def, String from, String to) throws SQLException, IOException {
        int p = column(def, from);
        if (def.columns().stream().anyMatch(c -> c.name().equals(to))) {
            throw new SQLSyntaxErrorException("duplicate column " + to + " in table " + def.name(), "42S21");
        }
        requireNoView(def, from);
        List<ColumnDef> columns = new ArrayList<>(def.columns());
        ColumnDef c = columns.get(p);
        String defaultSql = c.defaultSql();
        String sequence = DdlExecutor.identitySequence(def, c);
        if (sequence != null && catalog.sequences(def.schema()).contains(sequence)) { // the sequence follows its column
            catalog.renameSequence(def.schema(), sequence, DdlExecutor.sequenceName(def.name(), to));
            defaultSql = DdlExecutor.identityDefault(def.schema(), def.name(), to);
        }
        columns.set(p, new ColumnDef(to, c.type(), c.nullable(), defaultSql, c.declared(), c.generatedAlways()));
        List<String> constraints = new ArrayList<>();
        for (TableConstraint stored : Constraints.of(def)) {
            TableConstraint k = switch (stored) {
                case TableConstraint.Check x -> new TableConstraint.Check(x.name(), AstRewrite.map(x.condition(),
                        n -> n instanceof Expression.ColumnRef r && r.parts().get(r.parts().size() - 1).equals(from)
                                && (r.parts().size() == 1 || r.parts().get(r.parts().size() - 2).equals(def.name()))
                                ? renamed(r, to) : n));
                case TableConstraint.PrimaryKey key -> new TableConstraint.PrimaryKey(key.name(), rename(key.columns(), from, to));
                case TableConstraint.ForeignKey f -> {
                    boolean self = References.QualifiedTarget.of(def, f).equals(
                            new References.QualifiedTarget(def.schema(), def.name()));
                    yield new TableConstraint.ForeignKey(f.name(), rename(f.columns(), from, to),
                            self ? retarget(f.target(), f.target().table(), from, to) : f.target());
                }
                case TableConstraint other -> other;
            };
            constraints.add(AstPrinter.print(k));
        }
        List<ForeignKey> referencing = References.referencing(catalog, def.schema(), def.name());
        catalog.redefineTable(new TableDef(def.schema(), def.name(), columns, def.primaryKey(), constraints, def.root()));
        for (ForeignKey f : referencing) {
            if (!f.selfReferencing()) {
                rewriteForeignKey(f, t -> retarget(t, t.table(), from, to));
            }
        }
    }

    private static Expression.ColumnRef renamed(Expression.ColumnRef r, String to) {
        List<String> parts = new ArrayList<>(r.parts());
        parts.set(parts.size() - 1, to);
        return new Expression.ColumnRef(parts);
    }

    private static List<String> rename(List<String> names, String from, String to) {
        return names.stream().map(n -> n.equals(from) ? to : n).toList();
    }

    private static ForeignKeyTarget retarget(ForeignKeyTarget t, QualifiedName table, String from, String to) {
        return new ForeignKeyTarget(table, from == null ? t.columns() : rename(t.columns(), from, to), t.onDelete(),
                t.onUpdate());
    }

    /** Rewrites the text of FOREIGN KEY {@code f} in its (child) table with its target changed. */
    private void rewriteForeignKey(ForeignKey f, java.util.function.UnaryOperator<ForeignKeyTarget> change)
            throws SQLException, IOException {
        TableDef child = catalog.table(f.childSchema(), f.childTable()).def();
        List<String> constraints = new ArrayList<>();
        List<TableConstraint> stored = Constraints.of(child);
        for (int n = 0; n < stored.size(); n++) {
            String sql = child.constraintsSql().get(n);
            if (stored.get(n) instanceof TableConstraint.ForeignKey k && k.name().equals(f.name())) {
                constraints.add(AstPrinter.print(new TableConstraint.ForeignKey(k.name(), k.columns(),
                        change.apply(k.target()))));
            } else {
                constraints.add(sql);
            }
        }
        catalog.redefineTable(new TableDef(child.schema(), child.name(), child.columns(), child.primaryKey(),
                constraints, child.root()));
    }

    // ---------------------------------------------------------------- table

    private void renameTable(TableDef def, String to) throws SQLException, IOException {
        if (catalog.tables(def.schema()).contains(to) || catalog.views(def.schema()).contains(to)) {
            throw new SQLSyntaxErrorException("table or view " + def.schema() + "." + to + " already exists", "42S01");
        }
        requireNoView(def, null);
        List<ForeignKey> referencing = References.referencing(catalog, def.schema(), def.name());
        catalog.renameTable(def.schema(), def.name(), to);
        List<ColumnDef> columns = new ArrayList<>();
        for (ColumnDef c : def.columns()) { // identity sequences follow their table
            String sequence = DdlExecutor.identitySequence(def, c);
            if (sequence != null && catalog.sequences(def.schema()).contains(sequence)) {
                catalog.renameSequence(def.schema(), sequence, DdlExecutor.sequenceName(to, c.name()));
                c = new ColumnDef(c.name(), c.type(), c.nullable(), DdlExecutor.identityDefault(def.schema(), to,
                        c.name()), c.declared(), c.generatedAlways());
            }
            columns.add(c);
        }
        catalog.redefineTable(new TableDef(def.schema(), to, columns, def.primaryKey(), def.constraintsSql(), def.root()));
        for (ForeignKey f : referencing) {
            ForeignKey moved = f.selfReferencing() ? new ForeignKey(f.name(), f.childSchema(), to, f.childColumns(),
                    f.parentSchema(), to, f.parentColumns(), f.onDelete(), f.onUpdate()) : f;
            rewriteForeignKey(moved, t -> retarget(t, new QualifiedName(t.table().schema(), to), null, null));
        }
    }

    /** Refuses ({@code 2BP01}) when a view of the schema names the table (and {@code column}, when given). */
    private void requireNoView(TableDef def, String column) throws SQLException, IOException {
        for (String v : catalog.views(def.schema())) {
            ViewDef view = catalog.view(def.schema(), v);
            if (names(view.sql(), def.name()) && (column == null || names(view.sql(), column))) {
                throw dependent("table " + def.name() + (column == null ? "" : " (column " + column + ")"), "view " + v);
            }
        }
    }

    private static boolean names(String sql, String name) {
        return Pattern.compile("(?<![A-Za-z0-9_$])" + Pattern.quote(name) + "(?![A-Za-z0-9_$])").matcher(sql).find();
    }

    /** How a row of a rewritten table is made from the row it had. */
    @FunctionalInterface
    interface RowMap {
        Object[] map(Object[] old) throws SQLException;
    }

    /**
     * Replaces table {@code old} by {@code def}, its rows carried over (column {@code i} of a new row is
     * column {@code from[i]} of the old one) with the indexes {@code indexes} (23505 when the new key
     * or a unique index meets two equal rows).
     */
    private void rewrite(TableDef old, TableDef def, int[] from, List<IndexDef> indexes)
            throws SQLException, IOException {
        rewrite(old, def, row -> {
            Object[] n = new Object[from.length];
            for (int i = 0; i < from.length; i++) {
                n[i] = row[from[i]];
            }
            return n;
        }, indexes);
    }

    /** Replaces table {@code old} by {@code def}, each row made by {@code map}, with the indexes {@code indexes}. */
    void rewrite(TableDef old, TableDef def, RowMap map, List<IndexDef> indexes) throws SQLException, IOException {
        List<Object[]> rows = new ArrayList<>();
        TableCursor c = catalog.table(old.schema(), old.name()).cursor();
        for (boolean ok = c.first(); ok; ok = c.next()) {
            rows.add(c.row().toArray());
        }
        catalog.dropTable(old.schema(), old.name());
        Table t = catalog.createTable(def);
        try {
            for (Object[] row : rows) {
                t.insert(Arrays.asList(map.map(row)));
            }
            for (IndexDef i : indexes) {
                catalog.createIndex(i);
            }
        } catch (UniqueViolationException e) {
            throw new SQLIntegrityConstraintViolationException("unique constraint " + e.constraint() + " violated on"
                    + " table " + def.name() + ": " + e.getMessage(), "23505", e);
        }
    }

    // ---------------------------------------------------------------- constraints

    void addConstraint(Table table, TableConstraint declared) throws SQLException, IOException {
        TableDef def = table.def();
        TableConstraint c = declared instanceof TableConstraint.PrimaryKey ? declared
                : Constraints.named(declared, def.name(), Constraints.taken(catalog, def.schema()));
        switch (c) {
            case TableConstraint.Unique u -> {
                try {
                    ddl.createUnique(def.schema(), def.name(), u);
                } catch (UniqueViolationException e) {
                    throw new SQLIntegrityConstraintViolationException("unique constraint " + u.name() + " cannot be"
                            + " added to " + def.name() + ": " + e.getMessage(), "23505", e);
                }
            }
            case TableConstraint.Check k -> {
                Evaluator condition = compiler.get().compile(k.condition(), TableScope.of(def, null));
                StatementContext ctx = new StatementContext(catalog, def.schema(), List.of());
                TableCursor cur = table.cursor();
                for (boolean ok = cur.first(); ok; ok = cur.next()) {
                    Object[] row = cur.row().toArray();
                    if (Boolean.FALSE.equals(condition.eval(i -> row[i], ctx))) {
                        throw new SQLIntegrityConstraintViolationException("check constraint " + k.name() + " cannot be"
                                + " added: a row of " + def.name() + " breaks it", "23513");
                    }
                }
                append(def, k);
            }
            case TableConstraint.ForeignKey f -> {
                append(def, f);
                Table changed = catalog.table(def.schema(), def.name());
                ForeignKey fk = ForeignKey.resolve(catalog, changed.def(), f);
                References references = new References(catalog, compiler.get(), null);
                references.target(changed, null);
                TableCursor cur = changed.cursor();
                for (boolean ok = cur.first(); ok; ok = cur.next()) {
                    references.requireParents(changed.def(), cur.row().toArray(), null);
                }
                ddl.indexForeignKey(fk);
            }
            case TableConstraint.PrimaryKey k -> addPrimaryKey(table, k);
        }
    }

    private void append(TableDef def, TableConstraint c) throws IOException {
        List<String> constraints = new ArrayList<>(def.constraintsSql());
        constraints.add(AstPrinter.print(c));
        catalog.redefineTable(new TableDef(def.schema(), def.name(), def.columns(), def.primaryKey(), constraints,
                def.root()));
    }

    private void addPrimaryKey(Table table, TableConstraint.PrimaryKey k) throws SQLException, IOException {
        TableDef def = table.def();
        if (!def.primaryKey().isEmpty()) {
            throw new SQLSyntaxErrorException("table " + def.name() + " already has a primary key", "42000");
        }
        List<String> constraints = new ArrayList<>(def.constraintsSql());
        if (k.name() != null) { // a named key keeps its name as text; an unnamed one is PK_<TABLE>
            constraints.add(AstPrinter.print(Constraints.named(k, def.name(), Constraints.taken(catalog, def.schema()))));
        }
        List<Integer> pk = new ArrayList<>();
        List<ColumnDef> columns = new ArrayList<>(def.columns());
        for (String name : k.columns()) {
            int p = column(def, name);
            if (pk.contains(p)) {
                throw new SQLSyntaxErrorException("column " + name + " is listed twice", "42S21");
            }
            pk.add(p);
            ColumnDef c = columns.get(p);
            columns.set(p, new ColumnDef(c.name(), c.type(), false, c.defaultSql(), c.declared(), c.generatedAlways()));
        }
        TableCursor cur = table.cursor();
        for (boolean ok = cur.first(); ok; ok = cur.next()) {
            List<Object> row = cur.row().values();
            for (int p : pk) {
                if (row.get(p) == null) {
                    throw new SQLIntegrityConstraintViolationException("NULL not allowed for column \""
                            + def.columns().get(p).name() + "\" of table " + def.name() + ", part of the primary key",
                            "23502");
                }
            }
        }
        int[] same = new int[columns.size()];
        Arrays.setAll(same, i -> i);
        List<IndexDef> indexes = new ArrayList<>();
        for (IndexDef i : catalog.indexDefs(def.schema(), def.name())) {
            indexes.add(new IndexDef(i.schema(), i.name(), i.table(), i.columns(), i.descending(), i.unique(), 0));
        }
        rewrite(def, new TableDef(def.schema(), def.name(), columns, pk, constraints, 0), same, indexes);
    }

    private void dropConstraint(TableDef def, String name) throws SQLException, IOException {
        if (name.equals(Constraints.primaryKeyName(def))) {
            dropPrimaryKey(def, name);
            return;
        }
        List<TableConstraint> stored = Constraints.of(def);
        for (int n = 0; n < stored.size(); n++) {
            String sql = def.constraintsSql().get(n);
            TableConstraint c = stored.get(n);
            if (!name.equals(c.name())) {
                continue;
            }
            if (c instanceof TableConstraint.ForeignKey f) {
                ddl.dropForeignKey(ForeignKey.resolve(catalog, def, f));
            } else {
                List<String> kept = new ArrayList<>(def.constraintsSql());
                kept.remove(sql);
                catalog.redefineTable(new TableDef(def.schema(), def.name(), def.columns(), def.primaryKey(), kept,
                        def.root()));
            }
            return;
        }
        for (IndexDef i : catalog.indexDefs(def.schema(), def.name())) {
            if (i.unique() && i.name().equals(name)) {
                requireUnreferenced(def, i.columns(), name, i.name());
                catalog.dropIndex(def.schema(), name);
                return;
            }
        }
        throw new SQLSyntaxErrorException("constraint " + name + " of table " + def.name() + " does not exist", "42704");
    }

    /** Drops the primary key (the rows are then keyed by row id; its columns stay NOT NULL). */
    private void dropPrimaryKey(TableDef def, String name) throws SQLException, IOException {
        requireUnreferenced(def, def.primaryKey(), name, null);
        int[] same = new int[def.columns().size()];
        Arrays.setAll(same, i -> i);
        List<IndexDef> indexes = new ArrayList<>();
        for (IndexDef i : catalog.indexDefs(def.schema(), def.name())) {
            indexes.add(new IndexDef(i.schema(), i.name(), i.table(), i.columns(), i.descending(), i.unique(), 0));
        }
        List<String> constraints = new ArrayList<>();
        for (String sql : def.constraintsSql()) {
            if (!(Constraints.parse(sql) instanceof TableConstraint.PrimaryKey)) {
                constraints.add(sql);
            }
        }
        rewrite(def, new TableDef(def.schema(), def.name(), def.columns(), List.of(), constraints, 0), same, indexes);
    }

    /**
     * Refuses ({@code 2BP01}) to drop key {@code name} over {@code columns} when a FOREIGN KEY
     * references those columns and no other key ({@code otherThanIndex} aside) would remain for it.
     */
    void requireUnreferenced(TableDef def, List<Integer> columns, String name, String otherThanIndex)
            throws SQLException, IOException {
        Set<Integer> key = new HashSet<>(columns);
        for (ForeignKey f : References.referencing(catalog, def.schema(), def.name())) {
            if (!new HashSet<>(f.parentColumns()).equals(key)) {
                continue;
            }
            boolean otherKey = otherThanIndex != null && !def.primaryKey().isEmpty()
                    && new HashSet<>(def.primaryKey()).equals(key);
            for (IndexDef i : catalog.indexDefs(def.schema(), def.name())) {
                otherKey |= i.unique() && !i.name().equals(otherThanIndex) && new HashSet<>(i.columns()).equals(key);
            }
            if (!otherKey) {
                throw dependent("constraint " + name + " of " + def.name(), "constraint " + f.name() + " of "
                        + f.childTable());
            }
        }
    }
}
