package io.bstack.sql.exec;

import io.bstack.sql.ast.OrderItem;
import io.bstack.sql.eval.ColumnType;
import io.bstack.sql.eval.Comparisons;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/**
 * An order of rows, which may fail (values that cannot be compared: {@code 42804} and the like).
 * {@link #orderBy} is the order of ORDER BY over the sort keys at the end of a row; {@link #values}
 * is a total order of carrier values whose equal values are exactly the {@code equals} ones (byte
 * strings by content), for grouping and duplicate elimination.
 *
 * <p>Implementations here are thread-safe once made (ORDER BY's makes its comparators at the first
 * comparison, idempotently).
 */
@FunctionalInterface
interface RowOrder {
    int compare(Object[] a, Object[] b) throws SQLException;

    /**
     * ORDER BY {@code order}: key {@code k} is value {@code row.length - keys.size() - trailing + k}
     * of a row; {@code trailing} values follow the keys (ignored here). NULLS FIRST/LAST and DESC as
     * the items say; NULLs first by default when ascending.
     */
    static RowOrder orderBy(List<OrderItem> order, List<ColumnType> keys, int trailing) {
        int n = keys.size();
        boolean[] nullsFirst = new boolean[n];
        boolean[] descending = new boolean[n];
        for (int k = 0; k < n; k++) {
            OrderItem o = order.get(k);
            descending[k] = o.descending();
            nullsFirst[k] = o.nulls() == OrderItem.NullOrder.DEFAULT ? !o.descending()
                    : o.nulls() == OrderItem.NullOrder.FIRST;
        }
        Comparisons.Comparator[] cmp = new Comparisons.Comparator[n];
        return (a, b) -> {
            int first = a.length - n - trailing;
            for (int k = 0; k < n; k++) {
                Object x = a[first + k];
                Object y = b[first + k];
                int c;
                if (x == null || y == null) {
                    c = x == y ? 0 : (x == null) == nullsFirst[k] ? -1 : 1;
                } else {
                    if (cmp[k] == null) {
                        cmp[k] = Comparisons.comparator(keys.get(k), keys.get(k));
                    }
                    c = cmp[k].compare(x, y);
                    c = descending[k] ? -c : c;
                }
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
    }

    /** The first {@code count} values in {@link #compareValues} order, left to right. */
    static RowOrder values(int count) {
        return (a, b) -> {
            for (int i = 0; i < count; i++) {
                int c = compareValues(a[i], b[i]);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
    }

    /** Then {@code next} when this order finds two rows equal. */
    default RowOrder then(RowOrder next) {
        return (a, b) -> {
            int c = compare(a, b);
            return c != 0 ? c : next.compare(a, b);
        };
    }

    /** The last value of each row, a {@code Long} (an input position). */
    static RowOrder lastPosition() {
        return (a, b) -> Long.compare((Long) a[a.length - 1], (Long) b[b.length - 1]);
    }

    /**
     * A total order of carrier values: null first, then by class, then by value; zero exactly when
     * the values are {@code equals} (decimals by value then scale, byte strings by content).
     */
    static int compareValues(Object x, Object y) {
        if (x == null || y == null) {
            return x == y ? 0 : x == null ? -1 : 1;
        }
        if (x.getClass() != y.getClass()) {
            return x.getClass().getName().compareTo(y.getClass().getName());
        }
        if (x instanceof byte[] p) {
            return Arrays.compare(p, (byte[]) y);
        }
        if (x instanceof java.math.BigDecimal d) {
            java.math.BigDecimal e = (java.math.BigDecimal) y;
            int c = d.compareTo(e);
            return c != 0 ? c : Integer.compare(d.scale(), e.scale());
        }
        @SuppressWarnings("unchecked")
        Comparable<Object> c = (Comparable<Object>) x;
        return c.compareTo(y);
    }
}
