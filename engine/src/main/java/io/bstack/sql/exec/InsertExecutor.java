package io.bstack.sql.exec;

import io.bstack.btree.Catalog;
import io.bstack.btree.ColumnDef;
import io.bstack.btree.Table;
import io.bstack.btree.TableDef;
import io.bstack.btree.UniqueViolationException;
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
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code INSERT INTO t [(columns)] VALUES (..), (..)} and {@code INSERT ... DEFAULT VALUES}: each
 * value compiled once, assigned to its column's declared type (22xxx on a bad value), omitted
 * columns take their DEFAULT (identity columns their sequence's next value), then NOT NULL
 * ({@code 23502}), CHECK ({@code 23513}) and unique keys ({@code 23505}) are checked before the row is
 * stored. A failing row leaves the statement undone (the session's statement savepoint). Tables
 * with FOREIGN KEY constraints are refused ({@code 0A000}) until references are enforced.
 */
final class InsertExecutor {
    private final Catalog catalog;
    private final String defaultSchema;
    private final ExpressionCompiler compiler;

    InsertExecutor(Catalog catalog, String defaultSchema, ExpressionCompiler compiler) {
        this.catalog = catalog;
        this.defaultSchema = defaultSchema;
        this.compiler = compiler;
    }

    int execute(Statement.Insert insert) throws SQLException, IOException {
        String schema = insert.table().schema() == null ? defaultSchema : insert.table().schema();
        Table table = catalog.table(schema, insert.table().name());
        if (table == null) {
            throw new SQLSyntaxErrorException("table " + schema + "." + insert.table().name() + " does not exist",
                    "42S02");
        }
        TableDef def = table.def();
        if (def.constraintsSql().stream().anyMatch(c -> c.contains("FOREIGN KEY"))) {
            throw new SQLFeatureNotSupportedException("table " + def.name() + " has FOREIGN KEY constraints, which this"
                    + " version does not enforce yet: it refuses to change the table", "0A000");
        }
        TableScope scope = TableScope.of(def, null);
        int[] targets = insert.source() == null ? new int[0] : targets(def, insert.columns());
        List<ColumnType> types = scope.types();
        Evaluator[] defaults = new Evaluator[def.columns().size()];
        for (int i = 0; i < defaults.length; i++) {
            String sql = def.columns().get(i).defaultSql();
            defaults[i] = sql == null ? null : compiler.compile(expression(sql), TableScope.none());
        }
        List<Evaluator> checks = new ArrayList<>();
        for (String c : def.constraintsSql()) {
            if (c.contains("CHECK")) {
                checks.add(compiler.compile(checkCondition(c), scope));
            }
        }
        StatementContext ctx = new StatementContext(catalog, defaultSchema);
        List<List<Expression>> rows = rows(insert.source());
        int count = 0;
        for (List<Expression> source : rows) {
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
                row[col] = Casts.assign(compiler.compile(e, TableScope.none()).eval(Row.EMPTY, ctx), types.get(col));
                given[col] = true;
            }
            for (int i = 0; i < row.length; i++) {
                if (!given[i] && defaults[i] != null) {
                    row[i] = Casts.assign(defaults[i].eval(Row.EMPTY, ctx), types.get(i));
                }
                ColumnDef c = def.columns().get(i);
                if (row[i] == null && !c.nullable()) {
                    throw new SQLIntegrityConstraintViolationException("NULL not allowed for column \"" + c.name()
                            + "\" of table " + def.name(), "23502");
                }
            }
            Row view = i -> row[i];
            for (int k = 0; k < checks.size(); k++) {
                if (Boolean.FALSE.equals(checks.get(k).eval(view, ctx))) {
                    throw new SQLIntegrityConstraintViolationException("check constraint violated: "
                            + def.constraintsSql().stream().filter(c -> c.contains("CHECK")).toList().get(k)
                            + " on table " + def.name(), "23513");
                }
            }
            try {
                table.insert(Arrays.asList(row));
            } catch (UniqueViolationException e) {
                throw new SQLIntegrityConstraintViolationException("unique constraint " + e.constraint()
                        + " violated on table " + def.name() + ": " + e.getMessage(), "23505", e);
            }
            count++;
        }
        return count;
    }

    private static int[] targets(TableDef def, List<String> columns) throws SQLException {
        if (columns.isEmpty()) {
            int[] all = new int[def.columns().size()];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int[] t = new int[columns.size()];
        for (int k = 0; k < t.length; k++) {
            t[k] = -1;
            for (int i = 0; i < def.columns().size(); i++) {
                if (def.columns().get(i).name().equals(columns.get(k))) {
                    t[k] = i;
                }
            }
            if (t[k] < 0) {
                throw new SQLSyntaxErrorException("column " + columns.get(k) + " not found in table " + def.name(),
                        "42S22");
            }
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
        if (source instanceof Query.Values v) {
            return v.rows();
        }
        throw new SQLFeatureNotSupportedException("INSERT ... SELECT is not executed by this version yet", "0A000");
    }

    /** The expression of a stored DEFAULT or CHECK text. */
    static Expression expression(String sql) throws SQLException {
        Statement st = Parser.parse("SELECT " + sql);
        Query.Select s = (Query.Select) ((Statement.QueryStatement) st).query();
        return ((SelectItem.Column) s.items().get(0)).expression();
    }

    private static Expression checkCondition(String constraintSql) throws SQLException {
        Statement st = Parser.parse("CREATE TABLE x (c INT, " + constraintSql + ")");
        var k = ((Statement.CreateTable) st).constraints().get(0);
        return ((io.bstack.sql.ast.TableConstraint.Check) k).condition();
    }
}
