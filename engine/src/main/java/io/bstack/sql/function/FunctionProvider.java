package io.bstack.sql.function;

import java.util.List;

/**
 * A {@link java.util.ServiceLoader} service contributing SQL functions: list the implementation in
 * {@code META-INF/services/io.bstack.sql.function.FunctionProvider}. Names must be unique across
 * all providers on the class path.
 */
public interface FunctionProvider {
    /** @return the scalar functions this provider contributes */
    List<ScalarFunction> scalarFunctions();

    /** @return the aggregate functions this provider contributes (none by default) */
    default List<AggregateFunction> aggregateFunctions() {
        return List.of();
    }
}
