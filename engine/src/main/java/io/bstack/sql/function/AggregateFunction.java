package io.bstack.sql.function;

import io.bstack.sql.eval.ColumnType;
import java.sql.SQLException;
import java.util.List;

/**
 * An aggregate SQL function {@code NAME(arg, ...)} computed by the executor, which creates one
 * {@link Accumulator} per group. Implementations are stateless and thread-safe.
 */
public interface AggregateFunction {
    /** @return the upper-case name the function is called by */
    String name();

    /** @return the least number of arguments */
    int minArguments();

    /** @return the most number of arguments */
    int maxArguments();

    /** @return the static type of the result for arguments of these types */
    ColumnType resultType(List<ColumnType> arguments) throws SQLException;

    /** @return a fresh accumulator for one group */
    Accumulator newAccumulator(List<ColumnType> arguments);
}
