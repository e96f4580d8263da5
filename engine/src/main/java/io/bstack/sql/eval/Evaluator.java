package io.bstack.sql.eval;

import java.sql.SQLException;

/**
 * A compiled expression: built once per plan by {@link ExpressionCompiler}, then evaluated per row
 * without looking at the AST again. Thread-safe if the row and context are confined to the caller.
 */
public interface Evaluator {
    /** @return the value for {@code row}: a carrier of {@link #type()}'s storage type, or null */
    Object eval(Row row, EvalContext ctx) throws SQLException;

    /** @return the static type of the values (NULL kind for an untyped NULL or parameter) */
    ColumnType type();
}
