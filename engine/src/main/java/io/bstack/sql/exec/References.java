package io.bstack.sql.exec;

import io.bstack.btree.Catalog;
import io.bstack.btree.Index;
import io.bstack.btree.RowView;
import io.bstack.btree.Table;
import io.bstack.btree.TableCursor;
import io.bstack.btree.TableDef;
import io.bstack.sql.ast.TableConstraint;
import io.bstack.sql.eval.Casts;
import io.bstack.sql.eval.EvalContext;
import io.bstack.sql.eval.ExpressionCompiler;
import io.bstack.sql.eval.Row;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The FOREIGN KEY rules of one DML statement, applied row by row as the statement changes rows (as
 * H2 does): a new or changed child row needs a parent row with its values ({@code 23506}; a NULL in
 * any of its columns needs none, MATCH SIMPLE); a parent row deleted, or whose referenced values
 * change, takes its constraint's action on the child rows still referencing the old values — NO
 * ACTION and RESTRICT refuse ({@code 23503}), CASCADE deletes them or carries the new values over,
 * SET NULL and SET DEFAULT set their columns — each child change being itself a change with these
 * rules (cascades are recursive). Child rows are found through an index whose leading columns are
 * the constraint's, else by a scan. The rules run when H2 runs them: after all rows of an UPDATE
 * (or of a DELETE without WHERE) are changed, after each row of a DELETE ({@link TableTarget#updateAll},
 * {@link TableTarget#deleteAll}); NO ACTION and RESTRICT both refuse at that point. The statement's savepoint undoes
 * everything when a rule fails.
 * Holds the statement's tables ({@link TableTarget}), one per table; not thread-safe.
 */
final class References {
    private final Catalog catalog;
    private final ExpressionCompiler compiler;
    private final Layout.Planner planner;
    private final Map<String, TableTarget> targets = new HashMap<>();
    private final Map<String, List<ForeignKey>> outgoing = new HashMap<>();
    private final Map<String, List<ForeignKey>> incoming = new HashMap<>();
    private final Map<String, int[]> keyColumns = new HashMap<>();

    References(Catalog catalog, ExpressionCompiler compiler, Layout.Planner planner) {
        this.catalog = catalog;
        this.compiler = compiler;
        this.planner = planner;
    }

    private static String key(String schema, String table) {
        return schema + "." + table;
    }

    /** The statement's target for {@code table} (made once; {@code alias} names its row in the statement). */
    TableTarget target(Table table, String alias) throws SQLException {
        String k = key(table.def().schema(), table.def().name());
        TableTarget t = targets.get(k);
        if (t == null) {
            t = TableTarget.of(table, alias, compiler, planner, this);
            targets.put(k, t);
            keyColumns.computeIfAbsent(k, x -> keyColumns(table.def(),
                    table.indexes().stream().map(io.bstack.btree.Index::def).toList()));
        }
        return t;
    }

    /** The columns of {@code table}'s primary key and unique indexes (what a FOREIGN KEY can reference). */
    private static int[] keyColumns(TableDef table, List<io.bstack.btree.IndexDef> indexes) {
        java.util.Set<Integer> cols = new java.util.TreeSet<>(table.primaryKey());
        for (io.bstack.btree.IndexDef i : indexes) {
            if (i.unique()) {
                cols.addAll(i.columns());
            }
        }
        return cols.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The statement's target for {@code table}: {@code planned}'s compiled rules on {@code table} (the
     * same table bound to this statement's transaction).
     */
    TableTarget bind(TableTarget planned, Table table) {
        String k = key(table.def().schema(), table.def().name());
        TableTarget t = planned.on(table, this);
        targets.put(k, t);
        keyColumns.computeIfAbsent(k, x -> keyColumns(table.def(),
                table.indexes().stream().map(io.bstack.btree.Index::def).toList()));
        return t;
    }

    private TableTarget target(String schema, String name) throws SQLException, IOException {
        TableTarget t = targets.get(key(schema, name));
        return t != null ? t : target(catalog.table(schema, name), null);
    }

    /** The FOREIGN KEYs {@code table} declares. */
    List<ForeignKey> outgoing(TableDef table) throws SQLException, IOException {
        String k = key(table.schema(), table.name());
        List<ForeignKey> fks = outgoing.get(k);
        if (fks == null) {
            fks = new ArrayList<>();
            for (TableConstraint.ForeignKey f : Constraints.foreignKeys(table)) {
                fks.add(ForeignKey.resolve(catalog, table, f));
            }
            outgoing.put(k, fks);
        }
        return fks;
    }

    /** Whether {@code row} changes a column of {@code table}'s primary key or of one of its unique indexes. */
    private boolean changesKey(TableDef table, Object[] old, Object[] row) throws IOException {
        String k = key(table.schema(), table.name());
        int[] columns = keyColumns.get(k);
        if (columns == null) {
            columns = keyColumns(table, catalog.indexDefs(table.schema(), table.name()));
            keyColumns.put(k, columns);
        }
        for (int c : columns) {
            Object a = old[c];
            Object b = row[c];
            if (!(a instanceof byte[] x && b instanceof byte[] y ? java.util.Arrays.equals(x, y) : java.util.Objects.equals(a, b))) {
                return true;
            }
        }
        return false;
    }

    /** The FOREIGN KEYs (of any table of any schema) that reference {@code table}. */
    List<ForeignKey> incoming(TableDef table) throws SQLException, IOException {
        String k = key(table.schema(), table.name());
        List<ForeignKey> fks = incoming.get(k);
        if (fks == null) {
            fks = referencing(catalog, table.schema(), table.name());
            incoming.put(k, fks);
        }
        return fks;
    }

    /** The FOREIGN KEYs of every table of the catalog that reference {@code schema.table}. */
    static List<ForeignKey> referencing(Catalog catalog, String schema, String table) throws SQLException, IOException {
        List<ForeignKey> out = new ArrayList<>();
        for (String s : catalog.schemas()) {
            for (String t : catalog.tables(s)) {
                TableDef child = catalog.table(s, t).def();
                for (TableConstraint.ForeignKey f : Constraints.foreignKeys(child)) {
                    QualifiedTarget q = QualifiedTarget.of(child, f);
                    if (q.schema().equals(schema) && q.table().equals(table)) {
                        out.add(ForeignKey.resolve(catalog, child, f));
                    }
                }
            }
        }
        return out;
    }

    /** The schema and table a FOREIGN KEY of {@code child} names. */
    record QualifiedTarget(String schema, String table) {
        static QualifiedTarget of(TableDef child, TableConstraint.ForeignKey f) {
            var n = f.target().table();
            return new QualifiedTarget(n.schema() == null ? child.schema() : n.schema(), n.name());
        }
    }

    // ---------------------------------------------------------------- child side

    /**
     * Checks that row {@code row} of {@code child} has its parents; {@code old} (null for a new row):
     * the values it had, whose references need no new check when they did not change.
     */
    void requireParents(TableDef child, Object[] row, Object[] old) throws SQLException, IOException {
        for (ForeignKey fk : outgoing(child)) {
            Object[] values = values(row, fk.childColumns());
            if (values == null || (old != null && same(values, values(old, fk.childColumns())))) {
                continue;
            }
            if (!parentExists(fk, values)) {
                throw new SQLIntegrityConstraintViolationException("referential constraint " + fk.name() + " violated:"
                        + " table " + fk.parentTable() + " has no row " + Arrays.toString(values) + " that "
                        + child.name() + " references", "23506");
            }
        }
    }

    private boolean parentExists(ForeignKey fk, Object[] childValues) throws SQLException, IOException {
        TableTarget parent = target(fk.parentSchema(), fk.parentTable());
        Object[] values = cast(childValues, fk.parentColumns(), parent);
        if (values == null) {
            return false; // a value the parent's columns cannot hold is in none of its rows
        }
        TableDef p = parent.def;
        if (!p.primaryKey().isEmpty() && p.primaryKey().size() == values.length
                && p.primaryKey().containsAll(fk.parentColumns())) {
            Object[] full = new Object[p.columns().size()];
            for (int k = 0; k < values.length; k++) {
                full[fk.parentColumns().get(k)] = values[k];
            }
            return parent.table.get(parent.table.keyOf(Arrays.asList(full))) != null;
        }
        return !find(parent, fk.parentColumns(), values).isEmpty();
    }

    // ---------------------------------------------------------------- parent side

    /** What deleting row {@code old} of {@code parent} does to the rows referencing it. */
    void parentDeleted(TableDef parent, Object[] old, EvalContext ctx) throws SQLException, IOException {
        for (ForeignKey fk : incoming(parent)) {
            act(fk, old, null, ctx);
        }
    }

    /** What changing row {@code old} of {@code parent} to {@code row} does to the rows referencing it. */
    void parentUpdated(TableDef parent, Object[] old, Object[] row, EvalContext ctx) throws SQLException, IOException {
        if (!changesKey(parent, old, row)) {
            return; // a foreign key references a primary key or UNIQUE columns: none changed
        }
        for (ForeignKey fk : incoming(parent)) {
            Object[] before = values(old, fk.parentColumns());
            if (before != null && !same(before, values(row, fk.parentColumns()))) {
                act(fk, old, row, ctx);
            }
        }
    }

    private void act(ForeignKey fk, Object[] old, Object[] row, EvalContext ctx) throws SQLException, IOException {
        Object[] before = values(old, fk.parentColumns());
        if (before == null || parentExists(fk, before)) {
            return; // nothing referenced these values, or another row holds them still
        }
        TableTarget child = target(fk.childSchema(), fk.childTable());
        Object[] childValues = cast(before, fk.childColumns(), child);
        if (childValues == null) {
            return;
        }
        List<Object[]> rows = find(child, fk.childColumns(), childValues);
        if (rows.isEmpty()) {
            return;
        }
        var action = row == null ? fk.onDelete() : fk.onUpdate();
        switch (action) {
            case NO_ACTION, RESTRICT -> throw childExists(fk, before);
            case CASCADE -> {
                if (row == null) {
                    child.deleteAll(rows, ctx, false);
                } else {
                    Object[] after = new Object[fk.parentColumns().size()];
                    for (int k = 0; k < after.length; k++) { // the new values, NULL ones included, as the child's
                        after[k] = Casts.assign(row[fk.parentColumns().get(k)],
                                child.scope.types().get(fk.childColumns().get(k)));
                    }
                    child.updateAll(changes(rows, fk, after), ctx);
                }
            }
            case SET_NULL -> child.updateAll(changes(rows, fk, new Object[fk.childColumns().size()]), ctx);
            case SET_DEFAULT -> {
                Object[] defaults = new Object[fk.childColumns().size()];
                for (int k = 0; k < defaults.length; k++) {
                    int c = fk.childColumns().get(k);
                    String sql = child.def.columns().get(c).defaultSql();
                    Object v = sql == null ? null : compiler.compile(InsertExecutor.expression(sql), TableScope.none())
                            .eval(Row.EMPTY, ctx);
                    defaults[k] = Casts.assign(v, child.scope.types().get(c));
                }
                List<Object[]> changes = changes(rows, fk, defaults);
                child.updateAll(changes, ctx);
                for (Object[] c : changes) {
                    if (child.table.get((byte[]) c[0]) != null) {
                        requireParents(child.def, (Object[]) c[2], null); // a default equal to the old value lost its parent
                    }
                }
            }
        }
    }

    /** {key, old, new} for each of {@code rows} ({key, values}) with the constraint's columns set to {@code values}. */
    private static List<Object[]> changes(List<Object[]> rows, ForeignKey fk, Object[] values) {
        List<Object[]> out = new ArrayList<>();
        for (Object[] r : rows) {
            out.add(new Object[] {r[0], r[1], set(r, fk, values)});
        }
        return out;
    }

    private static SQLIntegrityConstraintViolationException childExists(ForeignKey fk, Object[] parentValues) {
        return new SQLIntegrityConstraintViolationException("referential constraint " + fk.name() + " violated: table "
                + fk.childTable() + " has rows referencing " + Arrays.toString(parentValues) + " of " + fk.parentTable(),
                "23503");
    }

    private static Object[] set(Object[] keyAndRow, ForeignKey fk, Object[] values) {
        Object[] row = ((Object[]) keyAndRow[1]).clone();
        for (int k = 0; k < values.length; k++) {
            row[fk.childColumns().get(k)] = values[k];
        }
        return row;
    }

    // ---------------------------------------------------------------- rows

    /** {key, values} of the rows of {@code t} whose {@code columns} equal {@code values} (already of their types). */
    private static List<Object[]> find(TableTarget t, List<Integer> columns, Object[] values)
            throws SQLException, IOException {
        List<Object[]> out = new ArrayList<>();
        Table table = t.table;
        for (Index i : table.indexes()) {
            List<Integer> cols = i.def().columns();
            if (cols.size() < columns.size()
                    || !new java.util.HashSet<>(cols.subList(0, columns.size())).equals(new java.util.HashSet<>(columns))) {
                continue;
            }
            List<Object> prefix = new ArrayList<>();
            for (int c : cols.subList(0, columns.size())) {
                prefix.add(values[columns.indexOf(c)]);
            }
            for (byte[] key : i.find(prefix)) {
                RowView r = table.get(key);
                if (r != null) {
                    out.add(new Object[] {key, r.toArray()});
                }
            }
            return out;
        }
        TableCursor c = table.cursor();
        for (boolean ok = c.first(); ok; ok = c.next()) {
            Object[] row = c.row().toArray();
            if (same(values, values(row, columns))) {
                out.add(new Object[] {c.key(), row});
            }
        }
        return out;
    }

    /** The values of {@code columns} of {@code row}, or null when one is NULL (MATCH SIMPLE: no reference). */
    private static Object[] values(Object[] row, List<Integer> columns) {
        Object[] out = new Object[columns.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = row[columns.get(k)];
            if (out[k] == null) {
                return null;
            }
        }
        return out;
    }

    /** {@code values} as the types of {@code columns} of {@code t}, or null when one cannot be one. */
    private static Object[] cast(Object[] values, List<Integer> columns, TableTarget t) {
        Object[] out = new Object[values.length];
        try {
            for (int k = 0; k < out.length; k++) {
                out[k] = Casts.assign(values[k], t.scope.types().get(columns.get(k)));
            }
        } catch (SQLException e) {
            return null;
        }
        return out;
    }

    private static boolean same(Object[] a, Object[] b) {
        if (b == null || a.length != b.length) {
            return false;
        }
        for (int k = 0; k < a.length; k++) {
            Object x = a[k];
            Object y = b[k];
            boolean eq = x instanceof BigDecimal d && y instanceof BigDecimal e ? d.compareTo(e) == 0
                    : x instanceof byte[] p && y instanceof byte[] q ? Arrays.equals(p, q) : java.util.Objects.equals(x, y);
            if (!eq) {
                return false;
            }
        }
        return true;
    }
}
