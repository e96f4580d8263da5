package io.bstack.sql.exec;

import io.bstack.btree.Catalog;
import io.bstack.sql.eval.ExpressionCompiler;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;

/** A planned UPDATE, DELETE or MERGE, kept by {@link PlanCache} and run in any transaction it fits. */
interface RowChange {

    /** Whether the plan can run again (nothing of it was read when it was planned). */
    boolean reusable();

    /** Runs the statement in the transaction of {@code catalog}; returns the rows it changed. */
    int run(Catalog catalog, String schema, ExpressionCompiler compiler, List<?> parameters)
            throws SQLException, IOException;
}
