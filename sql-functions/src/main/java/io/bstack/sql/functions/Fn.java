package io.bstack.sql.functions;

import io.bstack.sql.eval.ColumnType;
import io.bstack.sql.function.ScalarFunction;
import java.sql.SQLException;
import java.util.List;

/**
 * A scalar function assembled from a name, an arity range, a result-type rule and a body.
 * {@link #strict} bodies are not called when an argument is NULL: the result is NULL.
 */
record Fn(String name, int minArguments, int maxArguments, TypeRule rule, Body body, boolean strict,
          boolean deterministic) implements ScalarFunction {

    /** Computes the result type from the argument types and any constant argument values. */
    @FunctionalInterface
    interface TypeRule {
        ColumnType type(List<ColumnType> arguments, Object[] constants) throws SQLException;
    }

    /** The function's work on evaluated arguments. */
    @FunctionalInterface
    interface Body {
        Object apply(Object[] arguments) throws SQLException;
    }

    /** @return a deterministic function returning NULL for any NULL argument */
    static Fn strict(String name, int min, int max, TypeRule rule, Body body) {
        return new Fn(name, min, max, rule, body, true, true);
    }

    /** @return a deterministic function that sees NULL arguments */
    static Fn lenient(String name, int min, int max, TypeRule rule, Body body) {
        return new Fn(name, min, max, rule, body, false, true);
    }

    /** @return a rule giving always {@code type} */
    static TypeRule fixed(ColumnType type) {
        return (args, constants) -> type;
    }

    /** @return the same function under another name */
    Fn alias(String other) {
        return new Fn(other, minArguments, maxArguments, rule, body, strict, deterministic);
    }

    @Override
    public ColumnType resultType(List<ColumnType> arguments) throws SQLException {
        Object[] unknown = new Object[arguments.size()];
        java.util.Arrays.fill(unknown, NOT_CONSTANT);
        return rule.type(arguments, unknown);
    }

    @Override
    public ColumnType resultType(List<ColumnType> arguments, Object[] constants) throws SQLException {
        return rule.type(arguments, constants);
    }

    @Override
    public Object apply(Object[] arguments) throws SQLException {
        if (strict) {
            for (Object a : arguments) {
                if (a == null) {
                    return null;
                }
            }
        }
        return body.apply(arguments);
    }
}
