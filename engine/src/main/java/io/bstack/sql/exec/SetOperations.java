package io.bstack.sql.exec;

import io.bstack.sql.ast.Query;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * UNION, INTERSECT and EXCEPT over materialised rows, with SQL's set semantics: without ALL the
 * result has no duplicates; UNION ALL keeps every row; INTERSECT ALL keeps a row min(m, n) times and
 * EXCEPT ALL max(m - n, 0) times. NULLs compare equal here, as the standard says for set operations.
 */
final class SetOperations {
    private SetOperations() {}

    static List<Object[]> apply(Query.SetOperator op, boolean all, List<Object[]> left, List<Object[]> right) {
        if (op == Query.SetOperator.UNION && all) {
            List<Object[]> out = new ArrayList<>(left);
            out.addAll(right);
            return out;
        }
        Map<List<Object>, Integer> rightCounts = counts(right);
        Map<List<Object>, Object[]> firstSeen = new LinkedHashMap<>();
        Map<List<Object>, Integer> leftCounts = new LinkedHashMap<>();
        for (Object[] r : left) {
            List<Object> k = key(r);
            firstSeen.putIfAbsent(k, r);
            leftCounts.merge(k, 1, Integer::sum);
        }
        List<Object[]> out = new ArrayList<>();
        switch (op) {
            case UNION -> {
                for (Object[] r : right) {
                    firstSeen.putIfAbsent(key(r), r);
                }
                out.addAll(firstSeen.values());
            }
            case INTERSECT -> leftCounts.forEach((k, m) -> {
                int n = rightCounts.getOrDefault(k, 0);
                for (int i = 0; i < (all ? Math.min(m, n) : Math.min(1, n)); i++) {
                    out.add(firstSeen.get(k));
                }
            });
            case EXCEPT -> leftCounts.forEach((k, m) -> {
                int n = rightCounts.getOrDefault(k, 0);
                for (int i = 0; i < (all ? Math.max(m - n, 0) : (n == 0 ? 1 : 0)); i++) {
                    out.add(firstSeen.get(k));
                }
            });
        }
        return out;
    }

    private static Map<List<Object>, Integer> counts(List<Object[]> rows) {
        Map<List<Object>, Integer> c = new HashMap<>();
        for (Object[] r : rows) {
            c.merge(key(r), 1, Integer::sum);
        }
        return c;
    }

    private static List<Object> key(Object[] row) {
        List<Object> k = new ArrayList<>(row.length);
        for (Object v : row) {
            k.add(v instanceof byte[] b ? ByteBuffer.wrap(b) : v instanceof java.math.BigDecimal d
                    ? d.stripTrailingZeros() : v);
        }
        return k;
    }
}
