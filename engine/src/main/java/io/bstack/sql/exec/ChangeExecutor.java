package io.bstack.sql.exec;

import io.bstack.btree.Catalog;
import io.bstack.btree.ColumnDef;
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
 * changed.
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
        TableTarget target = TableTarget.open(catalog, defaultSchema, u.table(), u.alias(), compiler, planner(), true);
        List<ColumnType> types = target.scope.types();
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
            values[k] = a.value() instanceof Expression.DefaultValue ? defaultOf(target, columns[k])
                    : compiler.compileStored(a.value(), target.scope);
        }
        StatementContext ctx = new StatementContext(catalog, defaultSchema, parameters);
        List<Object[]> matches = matching(target, u.alias(), u.where(), ctx);
        List<Object[]> rows = new ArrayList<>(matches.size());
        for (Object[] match : matches) { // every new row from the table as it was, before any changes
            Object[] old = (Object[]) match[1];
            Object[] row = old.clone();
            Row before = i -> old[i];
            for (int k = 0; k < columns.length; k++) {
                row[columns[k]] = Casts.assign(values[k].eval(before, ctx), types.get(columns[k]));
            }
            target.check(row, ctx);
            rows.add(row);
        }
        List<Object[]> changes = new ArrayList<>(matches.size());
        for (int m = 0; m < matches.size(); m++) {
            changes.add(new Object[] {matches.get(m)[0], matches.get(m)[1], rows.get(m)});
        }
        return target.updateAll(changes, ctx);
    }

    int delete(Statement.Delete d) throws SQLException, IOException {
        TableTarget target = TableTarget.open(catalog, defaultSchema, d.table(), d.alias(), compiler, planner(), true);
        StatementContext ctx = new StatementContext(catalog, defaultSchema, parameters);
        List<Object[]> matches = matching(target, d.alias(), d.where(), ctx);
        return target.deleteAll(matches, ctx, d.where() == null);
    }

    private Evaluator defaultOf(TableTarget target, int column) throws SQLException {
        String sql = target.def.columns().get(column).defaultSql();
        return compiler.compile(sql == null ? new Expression.NullLiteral() : InsertExecutor.expression(sql),
                TableScope.none());
    }

    /** {key, values} of every row {@code where} accepts (all rows without one), read by the path a SELECT would take. */
    private List<Object[]> matching(TableTarget target, String alias, Expression where, StatementContext ctx)
            throws SQLException, IOException {
        Evaluator filter = where == null ? null : compiler.compile(where, target.scope);
        FromScope scope = new FromScope(List.of(new FromScope.Source(alias != null ? alias : target.def.name(),
                target.def.schema(), target.def.name(), target.def.columns().stream().map(ColumnDef::name).toList(),
                target.scope.types(), 0)));
        AccessPath.Path path = AccessPath.choose(target.table, scope, where, null, compiler);
        KeyedRows rows = path == null ? RangeScan.all(target.table) : path.opener().open(ctx, Row.EMPTY);
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

    /** Plans the subqueries of this statement's expressions. */
    private Layout.Planner planner() {
        return new SelectExecutor(catalog, defaultSchema, compiler, parameters)::plan;
    }
}
