package io.bstack.sql.exec;

import io.bstack.btree.Catalog;
import io.bstack.btree.ColumnDef;
import io.bstack.btree.TableCursor;
import io.bstack.sql.ast.Assignment;
import io.bstack.sql.ast.Expression;
import io.bstack.sql.ast.MergeClause;
import io.bstack.sql.ast.Statement;
import io.bstack.sql.eval.Casts;
import io.bstack.sql.eval.ColumnType;
import io.bstack.sql.eval.Evaluator;
import io.bstack.sql.eval.ExpressionCompiler;
import io.bstack.sql.eval.Row;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code MERGE INTO target [AS alias] USING source ON condition WHEN [NOT] MATCHED [AND condition]
 * THEN ...}: the source is read to the end and joined with the target as it was before the
 * statement. A target row the ON condition pairs with a source row takes the first {@code WHEN
 * MATCHED} arm whose condition holds ({@code UPDATE SET} or {@code DELETE}; none: it stays); a source
 * row paired with no target row takes the first {@code WHEN NOT MATCHED} arm whose condition holds
 * ({@code INSERT}, omitted columns taking their DEFAULT). A target row paired with two source rows
 * while the statement has a {@code WHEN MATCHED} arm is a cardinality violation ({@code 21000}).
 * Every new row is computed and checked before any is stored; then the changes are made in source
 * order with the table's rules ({@link TableTarget}, foreign keys included). Returns the number of
 * rows inserted, updated and deleted. A failure leaves the statement undone (the session's statement
 * savepoint). Not thread-safe: one statement per instance.
 */
final class MergeExecutor {
    private final Catalog catalog;
    private final String defaultSchema;
    private final ExpressionCompiler compiler;
    private final List<?> parameters;

    MergeExecutor(Catalog catalog, String defaultSchema, ExpressionCompiler compiler, List<?> parameters) {
        this.catalog = catalog;
        this.defaultSchema = defaultSchema;
        this.compiler = compiler;
        this.parameters = parameters;
    }

    /** One change to make: the target row's key and values (null for an insert), the new values (null: delete). */
    private record Change(byte[] key, Object[] old, Object[] row) {}

    int execute(Statement.Merge m) throws SQLException, IOException {
        return plan(m).run(catalog, defaultSchema, compiler, parameters);
    }

    /**
     * A MERGE planned: its target's rules, its source, its ON condition and its arms compiled. Runs in
     * any transaction whose catalog has the version it was planned under (the tables bound per run).
     */
    record Plan(TableTarget target, SelectExecutor.FromItem source, Evaluator on, List<Arm> arms,
            boolean matchedArms, boolean reusable) implements RowChange {
        /** Runs the MERGE; the rows it changed are those it inserted, updated and deleted. */
        @Override
        public int run(Catalog catalog, String schema, ExpressionCompiler compiler, List<?> parameters)
                throws SQLException, IOException {
            StatementContext ctx = new StatementContext(catalog, schema, parameters);
            List<Object[]> sourceRows = source.rows(ctx);
            TableTarget bound = ctx.target(target, compiler);
            List<ColumnType> types = target.scope.types();
            int width = types.size();
            List<Object[]> targetRows = new ArrayList<>();
            TableCursor cursor = bound.table.cursor();
            for (boolean ok = cursor.first(); ok; ok = cursor.next()) {
                targetRows.add(new Object[] {cursor.key(), cursor.row().toArray()});
            }
            Set<ByteBuffer> matchedOnce = new HashSet<>();
            List<Change> changes = new ArrayList<>();
            for (Object[] src : sourceRows) {
                boolean matched = false;
                for (Object[] t : targetRows) {
                    Object[] old = (Object[]) t[1];
                    Object[] joined = join(old, src, width);
                    if (!Boolean.TRUE.equals(on.eval(i -> joined[i], ctx))) {
                        continue;
                    }
                    matched = true;
                    if (matchedArms && !matchedOnce.add(ByteBuffer.wrap((byte[]) t[0]))) {
                        throw new SQLException("MERGE: a row of " + target.def.name() + " is matched by more than one"
                                + " source row", "21000");
                    }
                    Arm arm = first(arms, true, joined, ctx);
                    if (arm != null) {
                        Object[] row = arm.assignments == null ? null : arm.newRow(old, joined, types, ctx);
                        if (row != null) {
                            bound.check(row, ctx);
                        }
                        changes.add(new Change((byte[]) t[0], old, row));
                    }
                }
                if (!matched) {
                    Object[] joined = join(new Object[width], src, width);
                    Arm arm = first(arms, false, joined, ctx);
                    if (arm != null) {
                        Object[] row = arm.newRow(new Object[width], joined, types, ctx);
                        bound.check(row, ctx);
                        changes.add(new Change(null, null, row));
                    }
                }
            }
            int count = 0;
            for (Change c : changes) {
                if (c.key() == null) {
                    bound.insert(c.row());
                    count++;
                } else if (c.row() == null) {
                    count += bound.deleteAll(List.<Object[]>of(new Object[] {c.key(), c.old()}), ctx, false);
                } else {
                    count += bound.updateAll(List.<Object[]>of(new Object[] {c.key(), c.old(), c.row()}), ctx);
                }
            }
            return count;
        }
    }

    /** Plans a MERGE. */
    Plan plan(Statement.Merge m) throws SQLException, IOException {
        SelectExecutor select = new SelectExecutor(catalog, defaultSchema, compiler, parameters);
        Layout.Planner planner = select::plan;
        TableTarget target = TableTarget.open(catalog, defaultSchema, m.target(), m.alias(), compiler, planner, true);
        SelectExecutor.FromItem source = select.fromItem(m.source());
        String schema = target.def.schema();
        List<String> names = target.def.columns().stream().map(ColumnDef::name).toList();
        FromScope targetScope = new FromScope(List.of(new FromScope.Source(m.alias() != null ? m.alias()
                : target.def.name(), schema, target.def.name(), names, target.scope.types(), 0)));
        FromScope both = FromScope.join(targetScope, source.scope()).under(null, planner);
        Evaluator on = compiler.compile(m.condition(), both);
        List<Arm> arms = new ArrayList<>();
        boolean matchedArms = false;
        for (MergeClause c : m.clauses()) {
            arms.add(arm(c, target, both));
            matchedArms |= !(c instanceof MergeClause.NotMatchedInsert);
        }
        return new Plan(target, source, on, arms, matchedArms, select.reusable());
    }

    private static Object[] join(Object[] targetRow, Object[] sourceRow, int width) {
        Object[] joined = Arrays.copyOf(targetRow, width + sourceRow.length);
        System.arraycopy(sourceRow, 0, joined, width, sourceRow.length);
        return joined;
    }

    private static Arm first(List<Arm> arms, boolean matched, Object[] joined, StatementContext ctx)
            throws SQLException {
        for (Arm a : arms) {
            if (a.matched == matched && (a.condition == null
                    || Boolean.TRUE.equals(a.condition.eval(i -> joined[i], ctx)))) {
                return a;
            }
        }
        return null;
    }

    /**
     * One WHEN arm compiled: whether it is for matched rows, its AND condition (or null), the columns
     * it sets and their values (a null value: the column's DEFAULT); {@code assignments} null for DELETE.
     */
    private record Arm(boolean matched, Evaluator condition, int[] assignments, Evaluator[] values,
            Evaluator[] defaults) {

        /** The row {@code base} with the arm's columns set from {@code joined}, the rest left or defaulted. */
        Object[] newRow(Object[] base, Object[] joined, List<ColumnType> types, StatementContext ctx)
                throws SQLException {
            Object[] row = base.clone();
            boolean[] given = new boolean[row.length];
            Row r = i -> joined[i];
            for (int k = 0; k < assignments.length; k++) {
                int c = assignments[k];
                Evaluator v = values[k] != null ? values[k] : defaults[c];
                row[c] = Casts.assign(v == null ? null : v.eval(values[k] != null ? r : Row.EMPTY, ctx), types.get(c));
                given[c] = true;
            }
            if (!matched) {
                for (int c = 0; c < row.length; c++) {
                    if (!given[c] && defaults[c] != null) {
                        row[c] = Casts.assign(defaults[c].eval(Row.EMPTY, ctx), types.get(c));
                    }
                }
            }
            return row;
        }
    }

    private Arm arm(MergeClause c, TableTarget target, FromScope both) throws SQLException {
        Evaluator condition = c.condition() == null ? null : compiler.compile(c.condition(), both);
        Evaluator[] defaults = new Evaluator[target.def.columns().size()];
        for (int i = 0; i < defaults.length; i++) {
            String sql = target.def.columns().get(i).defaultSql();
            defaults[i] = sql == null ? null : compiler.compile(InsertExecutor.expression(sql), TableScope.none());
        }
        return switch (c) {
            case MergeClause.MatchedDelete d -> new Arm(true, condition, null, null, defaults);
            case MergeClause.MatchedUpdate u -> {
                int[] columns = columns(target, u.assignments().stream().map(Assignment::column).toList(), "assigned");
                yield new Arm(true, condition, columns,
                        values(u.assignments().stream().map(Assignment::value).toList(), columns, target, both), defaults);
            }
            case MergeClause.NotMatchedInsert i -> {
                List<String> columns = i.columns().isEmpty()
                        ? target.def.columns().stream().map(ColumnDef::name).toList() : i.columns();
                if (columns.size() != i.values().size()) {
                    throw new SQLSyntaxErrorException("MERGE INSERT gives " + i.values().size() + " values for "
                            + columns.size() + " columns", "21S01");
                }
                int[] listed = columns(target, columns, "listed");
                yield new Arm(false, condition, listed, values(i.values(), listed, target, both), defaults);
            }
        };
    }

    private static int[] columns(TableTarget target, List<String> names, String how) throws SQLException {
        int[] cols = new int[names.size()];
        for (int k = 0; k < cols.length; k++) {
            cols[k] = target.column(names.get(k));
            for (int j = 0; j < k; j++) {
                if (cols[j] == cols[k]) {
                    throw new SQLSyntaxErrorException("column " + names.get(k) + " is " + how + " twice", "42S21");
                }
            }
        }
        return cols;
    }

    /** The compiled values for {@code columns} of {@code target}; null for {@code DEFAULT}. */
    private Evaluator[] values(List<Expression> values, int[] columns, TableTarget target, FromScope both)
            throws SQLException {
        Evaluator[] out = new Evaluator[values.size()];
        for (int k = 0; k < out.length; k++) {
            Expression e = values.get(k);
            if (!(e instanceof Expression.DefaultValue)) {
                target.refuseGiven(columns[k]);
            }
            out[k] = e instanceof Expression.DefaultValue ? null : compiler.compile(e, both);
        }
        return out;
    }
}
