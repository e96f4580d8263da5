package io.bstack.sql.exec;

import io.bstack.sql.ast.Expression;
import io.bstack.sql.function.FunctionRegistry;
import io.bstack.sql.function.ScalarFunction;
import java.lang.reflect.RecordComponent;
import java.util.List;

/**
 * Whether a statement calls a function that changes the database ({@link ScalarFunction#writesDatabase()},
 * e.g. {@code ALLOC}) or takes a sequence's next value ({@code NEXT VALUE FOR}) anywhere, subqueries
 * included: such a query must run as a writing statement.
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

    /** A key by identity: parsed statements are shared, so each is searched once. */
    private record Identity(Object node) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Identity other && other.node == node;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(node);
        }
    }

    private static final int MAX_KNOWN = 4096;
    private static final java.util.concurrent.ConcurrentHashMap<Identity, Boolean> KNOWN =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * {@link #writes} of a parsed query, remembered by the query's identity (a database's parse cache
     * hands the same query object to every run of its SQL text, and its functions do not change).
     */
    public static boolean writesRemembered(Object query, FunctionRegistry functions) {
        Identity key = new Identity(query);
        Boolean known = KNOWN.get(key);
        if (known != null) {
            return known;
        }
        boolean w = writes(query, functions);
        if (KNOWN.size() >= MAX_KNOWN) {
            KNOWN.clear();
        }
        KNOWN.put(key, w);
        return w;
    }

    /** Whether {@code node} (a statement, query or expression) calls a function that writes. */
    public static boolean writes(Object node, FunctionRegistry functions) {
        if (node instanceof Expression.NextValueFor) {
            return true; // a sequence advances: the query writes the catalog
        }
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
