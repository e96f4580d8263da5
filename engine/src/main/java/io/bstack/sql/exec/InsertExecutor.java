package io.bstack.sql.exec;

import io.bstack.btree.Catalog;
import io.bstack.btree.TableDef;
import io.bstack.sql.ast.Expression;
import io.bstack.sql.ast.Query;
import io.bstack.sql.ast.SelectItem;
import io.bstack.sql.ast.Statement;
import io.bstack.sql.eval.Casts;
import io.bstack.sql.eval.ColumnType;
import io.bstack.sql.eval.Evaluator;
import io.bstack.sql.eval.ExpressionCompiler;
import io.bstack.sql.eval.Row;
import io.bstack.sql.parse.Parser;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.util.Arrays;
import java.util.List;

/**
 * {@code INSERT INTO t [(columns)] VALUES (..), (..)}, {@code INSERT ... SELECT} and {@code INSERT ... DEFAULT VALUES}: each
 * value compiled once, assigned to its column's declared type (22xxx on a bad value), omitted
 * columns take their DEFAULT (identity columns their sequence's next value), then the table's rules
 * ({@link TableTarget}) are checked before the row is stored. A failing row leaves the statement
 * undone (the session's statement savepoint).
 */
final class InsertExecutor {
    private final Catalog catalog;
    private final String defaultSchema;
    private final ExpressionCompiler compiler;
    private final List<?> parameters;
    private List<Object[]> inserted; // every stored row, when the caller keeps them (generated keys)

    InsertExecutor(Catalog catalog, String defaultSchema, ExpressionCompiler compiler, List<?> parameters) {
        this.catalog = catalog;
        this.defaultSchema = defaultSchema;
        this.compiler = compiler;
        this.parameters = parameters;
    }

    /** Keeps a copy of every row this executor stores in {@code rows}, in order. */
    InsertExecutor keepingRows(List<Object[]> rows) {
        this.inserted = rows;
        return this;
    }

    int execute(Statement.Insert insert) throws SQLException, IOException {
        return plan(insert).run(catalog, defaultSchema, compiler, parameters, inserted);
    }

    /**
     * An INSERT planned: its target's rules, its DEFAULTs and its VALUES compiled ({@code rows}: per
     * row, per listed column, its value, null for DEFAULT), or its {@code query} planned; {@code
     * reusable} unless the query read INFORMATION_SCHEMA when planned. Runs in any transaction whose catalog has the version it was planned under (the table
     * is bound to the run's transaction each time).
     */
    record Plan(TableTarget target, int[] targets, Evaluator[] defaults, List<Evaluator[]> rows,
            SelectExecutor.Planned query, boolean reusable) {

        /** The table's definition as planned. */
        TableDef def() {
            return target.def;
        }

        /**
         * Runs the INSERT in the transaction of {@code catalog}; returns the rows stored, a copy of each
         * added to {@code inserted} when not null.
         */
        int run(Catalog catalog, String schema, ExpressionCompiler compiler, List<?> parameters,
                List<Object[]> inserted) throws SQLException, IOException {
            StatementContext ctx = new StatementContext(catalog, schema, parameters);
            TableTarget bound = ctx.target(target, compiler);
            List<ColumnType> types = target.scope.types();
            int width = target.def.columns().size();
            if (query != null) {
                // INSERT ... SELECT: the query is read to the end first, so it never sees the rows it adds
                List<Object[]> values = SelectExecutor.drain(SelectExecutor.rowsOf(query.open(Row.EMPTY, ctx, () -> { })));
                for (Object[] v : values) {
                    ctx.check();
                    Object[] row = new Object[width];
                    boolean[] given = new boolean[width];
                    for (int k = 0; k < targets.length; k++) {
                        row[targets[k]] = Casts.assign(v[k], types.get(targets[k]));
                        given[targets[k]] = true;
                    }
                    store(bound, row, given, defaults, types, ctx, inserted);
                }
                return values.size();
            }
            for (Evaluator[] source : rows) {
                ctx.check();
                Object[] row = new Object[width];
                boolean[] given = new boolean[width];
                for (int k = 0; k < targets.length; k++) {
                    if (source[k] != null) {
                        row[targets[k]] = Casts.assign(source[k].eval(Row.EMPTY, ctx), types.get(targets[k]));
                        given[targets[k]] = true;
                    }
                }
                store(bound, row, given, defaults, types, ctx, inserted);
            }
            return rows.size();
        }
    }

    /** Plans an INSERT. */
    Plan plan(Statement.Insert insert) throws SQLException, IOException {
        SelectExecutor subqueries = new SelectExecutor(catalog, defaultSchema, compiler, parameters);
        Layout.Planner planner = subqueries::plan;
        TableTarget target = TableTarget.open(catalog, defaultSchema, insert.table(), null, compiler, planner, false);
        TableScope valueScope = TableScope.none(planner);
        TableDef def = target.def;
        int[] targets = insert.source() == null ? new int[0] : targets(target, insert.columns());
        Evaluator[] defaults = new Evaluator[def.columns().size()];
        for (int i = 0; i < defaults.length; i++) {
            String sql = def.columns().get(i).defaultSql();
            defaults[i] = sql == null ? null : compiler.compile(expression(sql), TableScope.none());
        }
        if (insert.source() != null && !(insert.source() instanceof Query.Values)) {
            for (int t : targets) {
                target.refuseGiven(t);
            }
            SelectExecutor.Planned query = subqueries.plan(insert.source(), null);
            if (query.labels().size() != targets.length) {
                throw new SQLSyntaxErrorException("INSERT gives " + query.labels().size() + " values for "
                        + targets.length + " columns", "21S01");
            }
            return new Plan(target, targets, defaults, null, query, subqueries.reusable());
        }
        List<Evaluator[]> rows = new java.util.ArrayList<>();
        for (List<Expression> source : rows(insert.source())) {
            if (source.size() != targets.length) {
                throw new SQLSyntaxErrorException("INSERT gives " + source.size() + " values for " + targets.length
                        + " columns", "21S01");
            }
            Evaluator[] values = new Evaluator[targets.length];
            for (int k = 0; k < targets.length; k++) {
                Expression e = source.get(k);
                if (!(e instanceof Expression.DefaultValue)) {
                    target.refuseGiven(targets[k]);
                }
                values[k] = e instanceof Expression.DefaultValue ? null : compiler.compileStored(e, valueScope);
            }
            rows.add(values);
        }
        return new Plan(target, targets, defaults, rows, null, subqueries.reusable());
    }

    /**
     * Fills the columns not given from their defaults, checks the rules, stores the row (a copy kept
     * in {@code inserted} when not null).
     */
    private static void store(TableTarget target, Object[] row, boolean[] given, Evaluator[] defaults,
            List<ColumnType> types, StatementContext ctx, List<Object[]> inserted) throws SQLException, IOException {
        for (int i = 0; i < row.length; i++) {
            if (!given[i] && defaults[i] != null) {
                row[i] = Casts.assign(defaults[i].eval(Row.EMPTY, ctx), types.get(i));
            }
        }
        target.check(row, ctx);
        target.insert(row);
        if (inserted != null) {
            inserted.add(row.clone());
        }
    }

    private static int[] targets(TableTarget target, List<String> columns) throws SQLException {
        if (columns.isEmpty()) {
            int[] all = new int[target.def.columns().size()];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int[] t = new int[columns.size()];
        for (int k = 0; k < t.length; k++) {
            t[k] = target.column(columns.get(k));
            for (int j = 0; j < k; j++) {
                if (t[j] == t[k]) {
                    throw new SQLSyntaxErrorException("column " + columns.get(k) + " is listed twice", "42S21");
                }
            }
        }
        return t;
    }

    private static List<List<Expression>> rows(Query source) throws SQLException {
        if (source == null) {
            return List.of(List.of()); // DEFAULT VALUES: one row, every column its default
        }
        return ((Query.Values) source).rows();
    }

    /** The expression of a stored DEFAULT or CHECK text. */
    static Expression expression(String sql) throws SQLException {
        Statement st = Parser.parse("SELECT " + sql);
        Query.Select s = (Query.Select) ((Statement.QueryStatement) st).query();
        return ((SelectItem.Column) s.items().get(0)).expression();
    }
}
