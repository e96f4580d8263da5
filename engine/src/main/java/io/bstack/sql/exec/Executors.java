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
    public static int insert(Catalog catalog, String schema, ExpressionCompiler compiler, Statement.Insert insert)
            throws SQLException, IOException {
        return new InsertExecutor(catalog, schema, compiler).execute(insert);
    }

    /** Runs a query; {@code onClose} runs when the result is closed. */
    public static QueryResult select(Catalog catalog, String schema, ExpressionCompiler compiler, Query query,
            AutoCloseable onClose) throws SQLException, IOException {
        return new SelectExecutor(catalog, schema, compiler).execute(query, onClose);
    }
}
