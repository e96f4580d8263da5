package io.bstack.sql.exec;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Rebuilds an AST (records and lists of them) with some nodes replaced: {@code replace} sees every
 * node, parents before children, and returns the node to keep (itself to descend into it). Used to
 * carry a column rename into stored constraint texts. Stateless.
 */
final class AstRewrite {
    private AstRewrite() {}

    /** {@code node} with every node {@code replace} changes replaced (the same object when none is). */
    @SuppressWarnings("unchecked")
    static <T> T map(T node, UnaryOperator<Object> replace) {
        Object n = replace.apply(node);
        if (n != node) {
            return (T) n;
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            boolean changed = false;
            for (Object o : list) {
                Object m = map(o, replace);
                changed |= m != o;
                out.add(m);
            }
            return changed ? (T) out : node;
        }
        if (node instanceof Record r) {
            RecordComponent[] parts = r.getClass().getRecordComponents();
            Object[] values = new Object[parts.length];
            Class<?>[] types = new Class<?>[parts.length];
            boolean changed = false;
            try {
                for (int i = 0; i < parts.length; i++) {
                    Object v = parts[i].getAccessor().invoke(r);
                    values[i] = map(v, replace);
                    changed |= values[i] != v;
                    types[i] = parts[i].getType();
                }
                if (!changed) {
                    return node;
                }
                Constructor<?> c = r.getClass().getDeclaredConstructor(types);
                return (T) c.newInstance(values);
            } catch (ReflectiveOperationException x) {
                throw new IllegalStateException("cannot rebuild " + r.getClass().getSimpleName(), x);
            }
        }
        return node;
    }
}
