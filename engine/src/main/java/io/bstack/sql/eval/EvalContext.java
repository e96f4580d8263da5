package io.bstack.sql.eval;

import io.bstack.sql.ast.QualifiedName;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/**
 * What evaluation needs beyond the row: parameter values, the statement's one current timestamp
 * (every CURRENT_* in a statement sees the same instant), subqueries and sequences. Implemented by
 * the executor, one per statement execution.
 */
public interface EvalContext extends io.bstack.sql.function.FunctionContext {
    /**
     * @param index 1-based parameter index
     * @return the bound value (a storage carrier or null)
     * @throws SQLException if the parameter is not bound
     */
    Object parameter(int index) throws SQLException;

    /**
     * The parameter's value for an expression: a large value bound by reference
     * ({@link io.bstack.btree.Lob}) read whole ({@link Lobs#value}); implementations may read it once
     * per statement.
     */
    default Object parameterValue(int index) throws SQLException {
        return Lobs.value(parameter(index));
    }

    /** @return the statement's current timestamp, identical for every call during one statement */
    OffsetDateTime currentTimestamp();

    /** @return the runner of this statement's subqueries */
    SubqueryRunner subqueries();

    /** @return the next value of {@code sequence} (a Long) */
    Object nextValue(QualifiedName sequence) throws SQLException;
}
