package io.bstack.sql.exec;

import io.bstack.sql.ast.Query;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.function.Predicate;

/** Finds a node in an AST (records and lists of them), without descending into subqueries. */
final class AstSearch {
    private AstSearch() {}

    /** Each record type's component accessors, looked up once (the search runs on every statement). */
    private static final ClassValue<MethodHandle[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected MethodHandle[] computeValue(Class<?> type) {
            if (!type.isRecord()) {
                return new MethodHandle[0];
            }
            RecordComponent[] components = type.getRecordComponents();
            MethodHandle[] out = new MethodHandle[components.length];
            MethodType getter = MethodType.methodType(Object.class, Object.class);
            try {
                for (int i = 0; i < out.length; i++) {
                    out[i] = MethodHandles.publicLookup().unreflect(components[i].getAccessor()).asType(getter);
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read the components of " + type, e);
            }
            return out;
        }
    };

    /** Whether {@code node} or anything under it (outside subqueries) satisfies {@code hit}. */
    static boolean any(Object node, Predicate<Object> hit) {
        if (hit.test(node)) {
            return true;
        }
        if (node instanceof Query) {
            return false; // a subquery's names and aggregates are its own
        }
        if (node instanceof List<?> list) {
            for (Object o : list) {
                if (any(o, hit)) {
                    return true;
                }
            }
            return false;
        }
        if (node instanceof Record r) {
            for (MethodHandle component : COMPONENTS.get(r.getClass())) {
                Object value;
                try {
                    value = (Object) component.invokeExact((Object) r);
                } catch (Throwable t) {
                    throw new IllegalStateException("cannot read a component of " + r, t);
                }
                if (any(value, hit)) {
                    return true;
                }
            }
        }
        return false;
    }
}
