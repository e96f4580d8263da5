package io.bstack.sql.routine;

import io.bstack.sql.eval.ColumnType;
import io.bstack.sql.eval.SqlErrors;
import io.bstack.sql.function.ScalarFunction;
import java.lang.reflect.Method;
import java.sql.SQLException;
import java.util.List;
import java.util.NavigableMap;

/**
 * A user function over public static Java methods of one name, one per number of arguments. The
 * arguments are converted to the parameters' Java types ({@link JavaTypes}); NULL for a primitive
 * parameter makes the result NULL without running the method. Deterministic only when declared so.
 * Immutable; thread-safe when the application's method is.
 */
final class JavaScalarFunction implements ScalarFunction {
    private final String name;
    private final NavigableMap<Integer, Method> byArity;
    private final boolean deterministic;

    JavaScalarFunction(String name, NavigableMap<Integer, Method> byArity, boolean deterministic) {
        this.name = name;
        this.byArity = byArity;
        this.deterministic = deterministic;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int minArguments() {
        return byArity.firstKey();
    }

    @Override
    public int maxArguments() {
        return byArity.lastKey();
    }

    private Method method(int arguments) throws SQLException {
        Method m = byArity.get(arguments);
        if (m == null) {
            throw SqlErrors.argumentCount(name + " (overloads take " + byArity.keySet() + ")", minArguments(),
                    maxArguments());
        }
        return m;
    }

    @Override
    public ColumnType resultType(List<ColumnType> arguments) throws SQLException {
        return JavaTypes.sqlType(method(arguments.size()).getReturnType());
    }

    @Override
    public Object apply(Object[] arguments) throws SQLException {
        Method m = method(arguments.length);
        Class<?>[] types = m.getParameterTypes();
        Object[] values = new Object[arguments.length];
        for (int i = 0; i < values.length; i++) {
            if (arguments[i] == null) {
                if (types[i].isPrimitive()) {
                    return null; // as H2: NULL for a primitive parameter gives NULL
                }
                continue;
            }
            values[i] = JavaTypes.toJava(arguments[i], JavaTypes.sqlType(types[i]));
        }
        Object result = JavaCalls.run(name, () -> m.invoke(null, values));
        return JavaTypes.toSql(result, JavaTypes.sqlType(m.getReturnType()));
    }

    @Override
    public boolean deterministic() {
        return deterministic;
    }
}
