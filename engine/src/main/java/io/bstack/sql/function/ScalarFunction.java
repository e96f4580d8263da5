package io.bstack.sql.function;

import io.bstack.sql.eval.ColumnType;
import java.sql.SQLException;
import java.util.List;

/**
 * A scalar SQL function {@code NAME(arg, ...)}. Implementations are stateless and thread-safe.
 * {@link #apply} receives the evaluated arguments (storage carriers, SQL NULL as null) and handles
 * NULL itself (most functions return null for a null argument; CONCAT skips them).
 */
public interface ScalarFunction {
    /** @return the upper-case name the function is called by */
    String name();

    /** @return the least number of arguments */
    int minArguments();

    /** @return the most number of arguments ({@link Integer#MAX_VALUE} for variadic functions) */
    int maxArguments();

    /**
     * @param arguments the static types of the arguments (NULL kind for an untyped NULL or parameter)
     * @return the static type of the result
     * @throws SQLException 42804 if the argument types are not accepted
     */
    ColumnType resultType(List<ColumnType> arguments) throws SQLException;

    /**
     * The result type when some arguments are compile-time constants (e.g. the unit of DATEADD).
     * By default {@link #resultType(List)}.
     *
     * @param constants one entry per argument: its folded value, or {@link #NOT_CONSTANT}
     */
    default ColumnType resultType(List<ColumnType> arguments, Object[] constants) throws SQLException {
        return resultType(arguments);
    }

    /** Marks, in {@link #resultType(List, Object[])}, an argument whose value is not known at compile time. */
    Object NOT_CONSTANT = new Object() {
        @Override
        public String toString() {
            return "NOT_CONSTANT";
        }
    };

    /**
     * @param arguments the argument values; the array is the function's to read, not to keep
     * @return the result, a carrier of (a type convertible to) {@link #resultType}
     */
    Object apply(Object[] arguments) throws SQLException;

    /**
     * The call with the statement's services (e.g. {@link FunctionContext#regions()}); the engine
     * always calls this one. By default {@link #apply(Object[])}: override it for a function that
     * needs the context.
     */
    default Object apply(Object[] arguments, FunctionContext context) throws SQLException {
        return apply(arguments);
    }

    /**
     * Whether a call changes the database (e.g. {@code ALLOC}): a query calling such a function
     * runs as a writing statement (in a write transaction, refused in a read-only session with
     * {@code 25006}), and its rows are computed before it returns. Such functions must not be
     * {@link #deterministic()}. False by default.
     */
    default boolean writesDatabase() {
        return false;
    }

    /** @return whether equal arguments always give equal results (so constant calls may be folded) */
    default boolean deterministic() {
        return true;
    }
}
