package io.bstack.sql.exec;

import io.bstack.sql.ast.Query;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.function.Predicate;

/** Finds a node in an AST (records and lists of them), without descending into subqueries. */
final class AstSearch {
    private AstSearch() {}

    /** Whether {@code node} or anything under it (outside subqueries) satisfies {@code hit}. */
    static boolean any(Object node, Predicate<Object> hit) {
        if (hit.test(node)) {
            return true;
        }
        if (node instanceof Query) {
            return false; // a subquery's names and aggregates are its own
        }
        if (node instanceof List<?> list) {
            return list.stream().anyMatch(o -> any(o, hit));
        }
        if (node instanceof Record r) {
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                try {
                    if (any(c.getAccessor().invoke(r), hit)) {
                        return true;
                    }
                } catch (ReflectiveOperationException x) {
                    throw new IllegalStateException("cannot read " + c.getName() + " of " + r, x);
                }
            }
        }
        return false;
    }
}
