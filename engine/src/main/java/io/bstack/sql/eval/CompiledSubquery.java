package io.bstack.sql.eval;

/**
 * A subquery the planner has prepared for an expression; the {@link SubqueryRunner} of the
 * {@link EvalContext} runs it. Opaque to the compiler except for the type of its first column.
 */
public interface CompiledSubquery {
    /** @return the type of the subquery's first (for scalar and IN subqueries: only) column */
    ColumnType type();

    /** @return the number of columns the subquery returns */
    int columnCount();
}
