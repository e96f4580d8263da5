package io.bstack.sql.exec;

import io.bstack.sql.ast.OrderItem;
import io.bstack.sql.eval.ColumnType;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Every row of a source, de-duplicated (DISTINCT) and sorted (ORDER BY), as the select list's
 * values followed by the sort keys. Rows are held in memory up to {@link SpillLimit}, then sorted
 * on disk ({@link ExternalSort}); the result is exactly the in-memory one's: ties keep their input
 * order, and DISTINCT keeps the first of equal rows. DISTINCT past the limit tags each row with its
 * input position, sorts by the values to drop duplicates (the first position wins), then sorts the
 * survivors by the keys and position: the first-seen order, as the hash set gives.
 *
 * <p>Not thread-safe. Errors: the source's, the order's, {@code HY000} for spill file I/O, the
 * statement's cancellation; spill files are deleted when the rows end, on {@link #close} and on
 * any failure.
 */
final class GatheredRows implements AutoCloseable {
    private final ExternalSort sorted;
    private final boolean positioned;

    private GatheredRows(ExternalSort sorted, boolean positioned) {
        this.sorted = sorted;
        this.positioned = positioned;
    }

    /**
     * Reads all of {@code source}; {@code order} orders the rows by their last values, of
     * {@code keyTypes} (none: input order), and {@code distinct} drops rows equal in the values
     * before the keys.
     */
    static GatheredRows of(SelectExecutor.Source source, boolean distinct, List<OrderItem> order,
            List<ColumnType> keyTypes, ExternalSort.Checkpoint checkpoint) throws SQLException {
        long limit = SpillLimit.bytes();
        int keys = keyTypes.size();
        RowOrder byKeys = keys == 0 ? null : RowOrder.orderBy(order, keyTypes, 0);
        RowOrder byKeysThenPosition = keys == 0 ? RowOrder.lastPosition()
                : RowOrder.orderBy(order, keyTypes, 1).then(RowOrder.lastPosition());
        if (!distinct) {
            ExternalSort sort = new ExternalSort(byKeys, limit, checkpoint);
            try {
                for (Object[] r = source.next(); r != null; r = source.next()) {
                    sort.add(r);
                }
                sort.finish();
            } catch (SQLException | RuntimeException | Error e) {
                closeQuietly(sort, e);
                throw e;
            }
            return new GatheredRows(sort, false);
        }
        return distinct(source, byKeys, byKeysThenPosition, keys, limit, checkpoint);
    }

    private static GatheredRows distinct(SelectExecutor.Source source, RowOrder order, RowOrder positionedOrder,
            int keys, long limit, ExternalSort.Checkpoint checkpoint) throws SQLException {
        List<Object[]> kept = new ArrayList<>();
        Set<List<Object>> seen = new HashSet<>();
        long bytes = 0;
        ExternalSort dedup = null;
        ExternalSort out = null;
        try {
            long position = 0;
            for (Object[] r = source.next(); r != null; r = source.next(), position++) {
                int width = r.length - keys;
                if (dedup != null) {
                    dedup.add(positioned(r, position));
                    continue;
                }
                if (!seen.add(distinctKey(r, width))) {
                    continue;
                }
                kept.add(r);
                bytes += 2 * SpillLimit.estimate(r); // the row and its key in the set
                if (bytes > limit) {
                    dedup = new ExternalSort(RowOrder.values(width).then(RowOrder.lastPosition()), limit, checkpoint);
                    // kept rows are the first of their values; their positions keep their order among
                    // themselves and stay before every later row
                    for (int i = 0; i < kept.size(); i++) {
                        dedup.add(positioned(kept.get(i), i));
                    }
                    kept = null;
                    seen = null;
                }
            }
            if (dedup == null) {
                out = new ExternalSort(order, limit, checkpoint);
                for (Object[] r : kept) {
                    out.add(r);
                }
                out.finish();
                return new GatheredRows(out, false);
            }
            dedup.finish();
            out = new ExternalSort(positionedOrder, limit, checkpoint);
            Object[] previous = null;
            for (Object[] r = dedup.next(); r != null; r = dedup.next()) {
                if (previous != null && sameValues(previous, r, r.length - 1 - keys)) {
                    continue;
                }
                out.add(r);
                previous = r;
            }
            out.finish();
            return new GatheredRows(out, true);
        } catch (SQLException | RuntimeException | Error e) {
            closeQuietly(dedup, e);
            closeQuietly(out, e);
            throw e;
        }
    }

    private static boolean sameValues(Object[] a, Object[] b, int width) {
        for (int i = 0; i < width; i++) {
            if (RowOrder.compareValues(a[i], b[i]) != 0) {
                return false;
            }
        }
        return true;
    }

    private static Object[] positioned(Object[] row, long position) {
        Object[] r = Arrays.copyOf(row, row.length + 1);
        r[row.length] = position;
        return r;
    }

    private static List<Object> distinctKey(Object[] row, int width) {
        List<Object> key = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
            key.add(row[i] instanceof byte[] b ? ByteBuffer.wrap(b) : row[i]);
        }
        return key;
    }

    private static void closeQuietly(AutoCloseable c, Throwable cause) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                cause.addSuppressed(e);
            }
        }
    }

    /** The next row: the select list's values then the sort keys; null after the last. */
    Object[] next() throws SQLException {
        Object[] r = sorted.next();
        return r == null || !positioned ? r : Arrays.copyOf(r, r.length - 1);
    }

    /** Deletes the spill files; again: nothing. */
    @Override
    public void close() throws SQLException {
        sorted.close();
    }
}
