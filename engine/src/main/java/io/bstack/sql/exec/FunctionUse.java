package io.bstack.sql.exec;

import io.bstack.sql.ast.Expression;
import io.bstack.sql.function.FunctionRegistry;
import io.bstack.sql.function.ScalarFunction;
import java.lang.reflect.RecordComponent;
import java.util.List;

/**
 * Whether a statement calls a function that changes the database ({@link ScalarFunction#writesDatabase()},
 * e.g. {@code ALLOC}) anywhere, subqueries included: such a query must run as a writing statement.
 */
public final class FunctionUse {
    private FunctionUse() {
    }

    /** Each record type's components, looked up once (the search runs on every query). */
    private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
            return type.isRecord() ? type.getRecordComponents() : new RecordComponent[0];
        }
    };

    /** Whether {@code node} (a statement, query or expression) calls a function that writes. */
    public static boolean writes(Object node, FunctionRegistry functions) {
        if (node instanceof Expression.FunctionCall call) {
            ScalarFunction f = functions.scalar(call.name());
            if (f != null && f.writesDatabase()) {
                return true;
            }
        }
        if (node instanceof List<?> list) {
            for (Object o : list) {
                if (writes(o, functions)) {
                    return true;
                }
            }
            return false;
        }
        if (node instanceof Record r) {
            for (RecordComponent c : COMPONENTS.get(r.getClass())) {
                Object value;
                try {
                    value = c.getAccessor().invoke(r);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + c + " of " + r, e);
                }
                if (writes(value, functions)) {
                    return true;
                }
            }
        }
        return false;
    }
}
