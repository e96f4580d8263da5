package io.bstack.sql.exec;

import io.bstack.btree.Catalog;
import io.bstack.btree.ColumnDef;
import io.bstack.btree.Table;
import io.bstack.sql.ast.Assignment;
import io.bstack.sql.ast.Expression;
import io.bstack.sql.ast.Statement;
import io.bstack.sql.eval.Casts;
import io.bstack.sql.eval.ColumnType;
import io.bstack.sql.eval.Evaluator;
import io.bstack.sql.eval.ExpressionCompiler;
import io.bstack.sql.eval.Row;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code UPDATE t [alias] SET c = expr, .. [WHERE ..]} and {@code DELETE FROM t [alias] [WHERE ..]}:
 * the rows the WHERE accepts are found first, and every new row is computed (assignments and their
 * subqueries reading the table as it was before the statement) and checked ({@link TableTarget})
 * before any row is replaced, so a change never meets the rows it made; the FOREIGN KEY rules apply
 * once every row is replaced or removed ({@link TableTarget#updateAll}). Returns the number of rows
 * changed. Planned once ({@link Plan}: expressions compiled, the access path chosen), run any number
 * of times ({@link PlanCache}).
 */
final class ChangeExecutor {
    private final Catalog catalog;
    private final String defaultSchema;
    private final ExpressionCompiler compiler;
    private final List<?> parameters;

    ChangeExecutor(Catalog catalog, String defaultSchema, ExpressionCompiler compiler, List<?> parameters) {
        this.catalog = catalog;
        this.defaultSchema = defaultSchema;
        this.compiler = compiler;
        this.parameters = parameters;
    }

    int update(Statement.Update u) throws SQLException, IOException {
        return planUpdate(u).run(catalog, defaultSchema, compiler, parameters);
    }

    int delete(Statement.Delete d) throws SQLException, IOException {
        return planDelete(d).run(catalog, defaultSchema, compiler, parameters);
    }

    /**
     * An UPDATE or DELETE planned: its target's rules compiled, its assignments (none for a DELETE)
     * and WHERE compiled, the path to the rows chosen. Runs in any transaction whose catalog has the
     * version it was planned under: the table is bound to the run's transaction each time.
     */
    record Plan(TableTarget target, int[] columns, Evaluator[] values, Evaluator filter, AccessPath.Path path,
            boolean everyRow, boolean reusable) implements RowChange {
        @Override
        public int run(Catalog catalog, String schema, ExpressionCompiler compiler, List<?> parameters)
                throws SQLException, IOException {
            StatementContext ctx = new StatementContext(catalog, schema, parameters);
            TableTarget bound = ctx.target(target, compiler);
            List<Object[]> matches = matching(bound.table, ctx);
            if (values == null) {
                return bound.deleteAll(matches, ctx, everyRow);
            }
            List<ColumnType> types = target.scope.types();
            List<Object[]> changes = new ArrayList<>(matches.size());
            for (Object[] match : matches) { // every new row from the table as it was, before any changes
                Object[] old = (Object[]) match[1];
                Object[] row = old.clone();
                Row before = i -> old[i];
                for (int k = 0; k < columns.length; k++) {
                    row[columns[k]] = Casts.assign(values[k].eval(before, ctx), types.get(columns[k]));
                }
                bound.check(row, ctx);
                changes.add(new Object[] {match[0], old, row});
            }
            return bound.updateAll(changes, ctx);
        }

        /** {key, values} of every row the WHERE accepts (all rows without one), read by the planned path. */
        private List<Object[]> matching(Table table, StatementContext ctx) throws SQLException {
            KeyedRows rows = path == null ? RangeScan.all(table) : path.opener().open(ctx, Row.EMPTY);
            List<Object[]> out = new ArrayList<>();
            for (Object[] r = rows.next(); r != null; r = rows.next()) {
                ctx.check();
                Object[] values = (Object[]) r[1];
                if (filter == null || Boolean.TRUE.equals(filter.eval(i -> values[i], ctx))) {
                    out.add(r);
                }
            }
            return out;
        }
    }

    /** Plans an UPDATE. */
    Plan planUpdate(Statement.Update u) throws SQLException, IOException {
        SelectExecutor subqueries = new SelectExecutor(catalog, defaultSchema, compiler, parameters);
        TableTarget target = TableTarget.open(catalog, defaultSchema, u.table(), u.alias(), compiler,
                subqueries::plan, true);
        int[] columns = new int[u.assignments().size()];
        Evaluator[] values = new Evaluator[columns.length];
        for (int k = 0; k < columns.length; k++) {
            Assignment a = u.assignments().get(k);
            columns[k] = target.column(a.column());
            for (int j = 0; j < k; j++) {
                if (columns[j] == columns[k]) {
                    throw new SQLSyntaxErrorException("column " + a.column() + " is assigned twice", "42S21");
                }
            }
            if (!(a.value() instanceof Expression.DefaultValue)) {
                target.refuseGiven(columns[k]);
            }
            values[k] = a.value() instanceof Expression.DefaultValue ? defaultOf(target, columns[k])
                    : compiler.compileStored(a.value(), target.scope);
        }
        return plan(target, u.alias(), u.where(), columns, values, subqueries);
    }

    /** Plans a DELETE. */
    Plan planDelete(Statement.Delete d) throws SQLException, IOException {
        SelectExecutor subqueries = new SelectExecutor(catalog, defaultSchema, compiler, parameters);
        TableTarget target = TableTarget.open(catalog, defaultSchema, d.table(), d.alias(), compiler,
                subqueries::plan, true);
        return plan(target, d.alias(), d.where(), null, null, subqueries);
    }

    private Plan plan(TableTarget target, String alias, Expression where, int[] columns, Evaluator[] values,
            SelectExecutor subqueries) throws SQLException {
        Evaluator filter = where == null ? null : compiler.compile(where, target.scope);
        FromScope scope = new FromScope(List.of(new FromScope.Source(alias != null ? alias : target.def.name(),
                target.def.schema(), target.def.name(), target.def.columns().stream().map(ColumnDef::name).toList(),
                target.scope.types(), 0)));
        AccessPath.Path path = AccessPath.choose(target.table, scope, where, null, compiler);
        return new Plan(target, columns, values, filter, path, where == null, subqueries.reusable());
    }

    private Evaluator defaultOf(TableTarget target, int column) throws SQLException {
        String sql = target.def.columns().get(column).defaultSql();
        return compiler.compile(sql == null ? new Expression.NullLiteral() : InsertExecutor.expression(sql),
                TableScope.none());
    }
}
