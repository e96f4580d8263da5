package io.bstack.sql.function;

import java.sql.SQLException;

/**
 * The user functions a statement may call beside a {@link FunctionRegistry}'s: those {@code CREATE
 * FUNCTION} and {@code CREATE AGGREGATE} stored in the database, as the statement's transaction
 * sees them, bound under its session's {@link FunctionClassAllowlist}. Asked only for names the
 * registry does not have.
 */
public interface RoutineLookup {
    /**
     * @param name the upper-case name
     * @return the user scalar function called {@code name}, or null when there is none
     * @throws SQLException when there is one but it cannot be called here (its class is not allowed:
     *                      {@code 42501}; it no longer resolves: {@code 42883}, ...)
     */
    ScalarFunction scalar(String name) throws SQLException;

    /**
     * @param name the upper-case name
     * @return the user aggregate called {@code name}, or null when there is none
     * @throws SQLException when there is one but it cannot be called here
     */
    AggregateFunction aggregate(String name) throws SQLException;
}
