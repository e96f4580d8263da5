package io.bstack.sql.eval;

import io.bstack.sql.ast.Expression;
import io.bstack.sql.ast.Query;
import java.sql.SQLException;

/**
 * The binder's view for one expression context (a select list, WHERE, HAVING, ...), implemented by
 * the planner. Errors are SQLExceptions with the states of {@link SqlErrors}: {@code 42S22} column
 * not found, {@code 42702} ambiguous column.
 */
public interface Scope {
    /** @return where the column is in the evaluated row and its type */
    ColumnBinding resolve(Expression.ColumnRef column) throws SQLException;

    /**
     * @return the row slot holding the result of an aggregate call (COUNT, SUM, ...) computed by the
     *         executor; throws 42000 where aggregates are not allowed
     */
    ColumnBinding aggregateSlot(Expression.FunctionCall aggregate) throws SQLException;

    /** @return the subquery prepared for execution; throws 42000 where subqueries are not allowed */
    CompiledSubquery compileSubquery(Query query) throws SQLException;

    /** @return the declared type of parameter {@code index}, or {@link ColumnType#NULL} while it is unknown */
    default ColumnType parameterType(int index) {
        return ColumnType.NULL;
    }

}
