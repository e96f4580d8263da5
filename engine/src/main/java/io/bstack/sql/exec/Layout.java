package io.bstack.sql.exec;

import io.bstack.sql.ast.Query;
import io.bstack.sql.eval.Scope;
import java.io.IOException;
import java.sql.SQLException;

/**
 * A scope whose rows the executor lays out: {@link #width()} values, the first {@code prefix} of
 * which are the enclosing query's row (for correlated subqueries: an outer column is read where
 * the outer scope put it). Subqueries compiled in it are planned with it as their parent.
 */
interface Layout extends Scope {

    /** Values in a row of this scope so far (aggregates registered later go after them). */
    int width();

    /** Plans subqueries under a parent layout. */
    @FunctionalInterface
    interface Planner {
        SelectExecutor.Planned plan(Query query, Layout parent) throws SQLException, IOException;
    }
}
