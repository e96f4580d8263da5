package io.bstack.sql.exec;

import io.bstack.btree.Catalog;
import io.bstack.sql.ast.Query;
import io.bstack.sql.ast.Statement;
import io.bstack.sql.eval.ExpressionCompiler;
import java.io.IOException;
import java.sql.SQLException;

/** The entry points a session runs statements through, each on the catalog of its transaction's view. */
public final class Executors {
    private Executors() {}

    /** Runs an INSERT; returns the number of rows inserted. */
    public static int insert(Catalog catalog, String schema, ExpressionCompiler compiler, java.util.List<?> parameters, Statement.Insert insert)
            throws SQLException, IOException {
        return new InsertExecutor(catalog, schema, compiler, parameters).execute(insert);
    }

    /** Runs an UPDATE; returns the number of rows changed. */
    public static int update(Catalog catalog, String schema, ExpressionCompiler compiler, java.util.List<?> parameters, Statement.Update update)
            throws SQLException, IOException {
        return new ChangeExecutor(catalog, schema, compiler, parameters).update(update);
    }

    /** Runs a DELETE; returns the number of rows deleted. */
    public static int delete(Catalog catalog, String schema, ExpressionCompiler compiler, java.util.List<?> parameters, Statement.Delete delete)
            throws SQLException, IOException {
        return new ChangeExecutor(catalog, schema, compiler, parameters).delete(delete);
    }

    /** Runs a MERGE; returns the number of rows inserted, updated and deleted. */
    public static int merge(Catalog catalog, String schema, ExpressionCompiler compiler, java.util.List<?> parameters, Statement.Merge merge)
            throws SQLException, IOException {
        return new MergeExecutor(catalog, schema, compiler, parameters).execute(merge);
    }

    /** {@code EXPLAIN query}: one row, column {@code PLAN}, the plan the query would run. */
    public static QueryResult explain(Catalog catalog, String schema, ExpressionCompiler compiler, java.util.List<?> parameters, Query query,
            AutoCloseable onClose) throws SQLException, IOException {
        String plan = new SelectExecutor(catalog, schema, compiler, parameters).explain(query);
        java.util.Iterator<Object[]> it = java.util.List.<Object[]>of(new Object[] {plan}).iterator();
        return new SelectExecutor.Result(java.util.List.of("PLAN"), java.util.List.of(io.bstack.sql.eval.ColumnType.VARCHAR),
                () -> it.hasNext() ? it.next() : null, 0, Long.MAX_VALUE, onClose);
    }

    /** Runs a query; {@code onClose} runs when the result is closed. */
    public static QueryResult select(Catalog catalog, String schema, ExpressionCompiler compiler, java.util.List<?> parameters, Query query,
            AutoCloseable onClose) throws SQLException, IOException {
        return new SelectExecutor(catalog, schema, compiler, parameters).execute(query, onClose);
    }
}
