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
        Layout.Planner planner = planner();
        TableTarget target = TableTarget.open(catalog, defaultSchema, insert.table(), null, compiler, planner, false);
        TableScope valueScope = TableScope.none(planner);
        TableDef def = target.def;
        int[] targets = insert.source() == null ? new int[0] : targets(target, insert.columns());
        List<ColumnType> types = target.scope.types();
        Evaluator[] defaults = new Evaluator[def.columns().size()];
        for (int i = 0; i < defaults.length; i++) {
            String sql = def.columns().get(i).defaultSql();
            defaults[i] = sql == null ? null : compiler.compile(expression(sql), TableScope.none());
        }
        StatementContext ctx = new StatementContext(catalog, defaultSchema, parameters);
        if (insert.source() != null && !(insert.source() instanceof Query.Values)) {
            // INSERT ... SELECT: the query is read to the end first, so it never sees the rows it adds
            List<Object[]> rows = new SelectExecutor(catalog, defaultSchema, compiler, parameters).rowsOf(insert.source());
            for (Object[] values : rows) {
                ctx.check();
                if (values.length != targets.length) {
                    throw new SQLSyntaxErrorException("INSERT gives " + values.length + " values for " + targets.length
                            + " columns", "21S01");
                }
                Object[] row = new Object[def.columns().size()];
                boolean[] given = new boolean[row.length];
                for (int k = 0; k < targets.length; k++) {
                    row[targets[k]] = Casts.assign(values[k], types.get(targets[k]));
                    given[targets[k]] = true;
                }
                store(target, row, given, defaults, types, ctx);
                keep(row);
            }
            return rows.size();
        }
        int count = 0;
        for (List<Expression> source : rows(insert.source())) {
            ctx.check();
            if (source.size() != targets.length) {
                throw new SQLSyntaxErrorException("INSERT gives " + source.size() + " values for " + targets.length
                        + " columns", "21S01");
            }
            Object[] row = new Object[def.columns().size()];
            boolean[] given = new boolean[row.length];
            for (int k = 0; k < targets.length; k++) {
                Expression e = source.get(k);
                if (e instanceof Expression.DefaultValue) {
                    continue;
                }
                int col = targets[k];
                row[col] = Casts.assign(compiler.compileStored(e, valueScope).eval(Row.EMPTY, ctx), types.get(col));
                given[col] = true;
            }
            store(target, row, given, defaults, types, ctx);
            keep(row);
            count++;
        }
        return count;
    }

    private void keep(Object[] row) {
        if (inserted != null) {
            inserted.add(row.clone());
        }
    }

    /** Fills the columns not given from their defaults, checks the rules, stores the row. */
    private static void store(TableTarget target, Object[] row, boolean[] given, Evaluator[] defaults,
            List<ColumnType> types, StatementContext ctx) throws SQLException, IOException {
        for (int i = 0; i < row.length; i++) {
            if (!given[i] && defaults[i] != null) {
                row[i] = Casts.assign(defaults[i].eval(Row.EMPTY, ctx), types.get(i));
            }
        }
        target.check(row, ctx);
        target.insert(row);
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

    /** Plans the subqueries of this statement's expressions. */
    private Layout.Planner planner() {
        return new SelectExecutor(catalog, defaultSchema, compiler, parameters)::plan;
    }
}
