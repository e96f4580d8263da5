package io.bstack.sql.exec;

import io.bstack.sql.ast.Query;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * UNION, INTERSECT and EXCEPT of two inputs, with SQL's set semantics: without ALL the result has
 * no duplicates; UNION ALL keeps every row (and streams: the left rows, then the right ones);
 * INTERSECT ALL keeps a row min(m, n) times and EXCEPT ALL max(m - n, 0) times. NULLs compare equal
 * here, as the standard says for set operations, and decimals equal by value.
 *
 * <p>The other operations count each distinct row's occurrences on either side, in memory while
 * the distinct rows stay under {@link SpillLimit} (rows then come in the order first seen, left
 * before right); past it, every distinct row with its counts so far and every row still to read go
 * to an {@link ExternalSort} by value, and equal rows are summed as they come out of the sort (rows
 * then come in value order). Either way each distinct row is represented by the first of its equal
 * rows. Not thread-safe; spill files are deleted at the end of the rows, on {@link #close} and on
 * failure.
 */
final class SetOperationRows implements SelectExecutor.Input {
    private final Query.SetOperator op;
    private final boolean all;
    private final int width;
    private final StatementContext ctx;
    private final RowOrder byValue;
    private Iterator<Counted> memory;
    private ExternalSort sorted;
    private Object[] lookahead;
    private Object[] pending;
    private long repeats;

    /** A distinct row (its first occurrence) and how often each side had it. */
    private static final class Counted {
        final Object[] row;
        long left;
        long right;

        Counted(Object[] row) {
            this.row = row;
        }
    }

    private SetOperationRows(Query.SetOperator op, boolean all, int width, StatementContext ctx) {
        this.op = op;
        this.all = all;
        this.width = width;
        this.ctx = ctx;
        this.byValue = RowOrder.values(width);
    }

    /** The rows of {@code left op right} (both of {@code width} values, of the same types). */
    static SelectExecutor.Input of(Query.SetOperator op, boolean all, SelectExecutor.Input left,
            SelectExecutor.Input right, int width, StatementContext ctx) throws SQLException {
        if (op == Query.SetOperator.UNION && all) {
            return concatenation(left, right);
        }
        SetOperationRows rows = new SetOperationRows(op, all, width, ctx);
        try {
            rows.count(left, right);
        } catch (SQLException | RuntimeException | Error e) {
            rows.close();
            throw e;
        } finally {
            left.close();
            right.close();
        }
        return rows;
    }

    private static SelectExecutor.Input concatenation(SelectExecutor.Input left, SelectExecutor.Input right) {
        return new SelectExecutor.Input() {
            private boolean onRight;

            @Override
            public Object[] next() throws SQLException {
                if (!onRight) {
                    Object[] r = left.next();
                    if (r != null) {
                        return r;
                    }
                    onRight = true;
                    left.close();
                }
                return right.next();
            }

            @Override
            public void close() throws SQLException {
                try {
                    left.close();
                } finally {
                    right.close();
                }
            }
        };
    }

    private void count(SelectExecutor.Input left, SelectExecutor.Input right) throws SQLException {
        long limit = SpillLimit.bytes();
        Map<List<Object>, Counted> counts = new LinkedHashMap<>();
        long bytes = 0;
        boolean onRight = false;
        for (Object[] r = left.next(); ; r = onRight ? right.next() : left.next()) {
            if (r == null) {
                if (onRight) {
                    break;
                }
                onRight = true;
                continue;
            }
            ctx.check();
            if (sorted != null) {
                sorted.add(record(r, onRight ? 0 : 1, onRight ? 1 : 0));
                continue;
            }
            List<Object> key = key(r);
            Counted c = counts.get(key);
            if (c == null) {
                if (onRight && op != Query.SetOperator.UNION) {
                    continue; // INTERSECT and EXCEPT keep only rows the left side has
                }
                c = new Counted(r);
                counts.put(key, c);
                bytes += SpillLimit.estimate(r) * 2;
                if (bytes > limit) {
                    spill(counts, limit);
                    counts = null;
                    if (onRight) {
                        sorted.add(record(r, 0, 1));
                    } else {
                        sorted.add(record(r, 1, 0));
                    }
                    continue;
                }
            }
            if (onRight) {
                c.right++;
            } else {
                c.left++;
            }
        }
        if (sorted != null) {
            sorted.finish();
        } else {
            memory = counts.values().iterator();
        }
    }

    /** Moves the counted rows to a sort by value, each as one record with its counts. */
    private void spill(Map<List<Object>, Counted> counts, long limit) throws SQLException {
        sorted = new ExternalSort(byValue, limit, ctx::check);
        for (Counted c : counts.values()) {
            if (c.left + c.right > 0) {
                sorted.add(record(c.row, c.left, c.right));
            }
        }
    }

    /** A sort record: the row's values made comparable for equality, its counts, then the row itself. */
    private Object[] record(Object[] row, long left, long right) {
        Object[] rec = new Object[width * 2 + 2];
        for (int i = 0; i < width; i++) {
            rec[i] = row[i] instanceof BigDecimal d ? normal(d) : row[i];
        }
        rec[width] = left;
        rec[width + 1] = right;
        System.arraycopy(row, 0, rec, width + 2, width);
        return rec;
    }

    private static BigDecimal normal(BigDecimal d) {
        return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
    }

    @Override
    public Object[] next() throws SQLException {
        while (repeats == 0) {
            Counted c = nextCounted();
            if (c == null) {
                close();
                return null;
            }
            pending = c.row;
            repeats = times(c.left, c.right);
        }
        repeats--;
        return pending;
    }

    private long times(long m, long n) {
        return switch (op) {
            case UNION -> 1;
            case INTERSECT -> all ? Math.min(m, n) : (m > 0 && n > 0 ? 1 : 0);
            case EXCEPT -> all ? Math.max(m - n, 0) : (m > 0 && n == 0 ? 1 : 0);
        };
    }

    private Counted nextCounted() throws SQLException {
        if (memory != null) {
            return memory.hasNext() ? memory.next() : null;
        }
        if (sorted == null) {
            return null;
        }
        Object[] first = lookahead != null ? lookahead : sorted.next();
        lookahead = null;
        if (first == null) {
            return null;
        }
        Counted c = new Counted(Arrays.copyOfRange(first, width + 2, width * 2 + 2));
        c.left = (Long) first[width];
        c.right = (Long) first[width + 1];
        for (Object[] r = sorted.next(); r != null; r = sorted.next()) {
            if (byValue.compare(first, r) != 0) {
                lookahead = r;
                break;
            }
            c.left += (Long) r[width];
            c.right += (Long) r[width + 1];
        }
        return c;
    }

    @Override
    public void close() throws SQLException {
        memory = null;
        if (sorted != null) {
            ExternalSort s = sorted;
            sorted = null;
            s.close();
        }
    }

    /** The row's values as a hash key: NULLs equal, byte strings by content, decimals by value. */
    private static List<Object> key(Object[] row) {
        List<Object> k = new ArrayList<>(row.length);
        for (Object v : row) {
            k.add(v instanceof byte[] b ? ByteBuffer.wrap(b) : v instanceof BigDecimal d ? normal(d) : v);
        }
        return k;
    }
}
