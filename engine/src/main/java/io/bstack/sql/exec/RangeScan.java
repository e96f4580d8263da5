package io.bstack.sql.exec;

import io.bstack.btree.Index;
import io.bstack.btree.KeyEncoder;
import io.bstack.btree.KeyRange;
import io.bstack.btree.RangeCursor;
import io.bstack.btree.RowView;
import io.bstack.btree.Table;
import io.bstack.sql.eval.Casts;
import io.bstack.sql.eval.ColumnType;
import io.bstack.sql.eval.Comparisons;
import io.bstack.sql.eval.Evaluator;
import io.bstack.sql.eval.Row;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads one base table through a key (its primary key or an index): the key's leading columns
 * each fixed to one value or to a list of values (several lookups, in key order, duplicates
 * read once), then optional bounds on the next column; forward or reversed, lazily. When a
 * constant is NULL where the column cannot match, nothing is read; when one does not convert
 * exactly to its column's type the key is read whole (the WHERE decides, and reports errors as a
 * scan would); a bound that does not convert exactly is dropped. Each open is one run; not
 * thread-safe.
 */
final class RangeScan {

    /** The values one key column is fixed to: one, NULL, or a list (evaluated per run). */
    record Fixed(List<Evaluator> values, boolean isNull) {}

    /** Bounds on the column after the fixed ones (either may be null). */
    record Bounds(Evaluator lower, boolean lowerInclusive, Evaluator upper, boolean upperInclusive) {}

    private final Table table;
    private final Index index; // null: the primary key
    private final List<ColumnType> types; // of the key's columns
    private final List<Boolean> descending;
    private final List<Fixed> fixed;
    private final Bounds bounds;
    private final boolean reverse;

    RangeScan(Table table, Index index, List<ColumnType> types, List<Boolean> descending, List<Fixed> fixed,
            Bounds bounds, boolean reverse) {
        this.table = table;
        this.index = index;
        this.types = types;
        this.descending = descending;
        this.fixed = fixed;
        this.bounds = bounds;
        this.reverse = reverse;
    }

    /** Every row of the table, in key order ({key, values}). */
    static KeyedRows all(Table table) {
        return new RangeScan(table, null, List.of(), List.of(), List.of(), null, false).read(table, null,
                List.of(KeyRange.ALL));
    }

    /** The rows for one run; the constants read {@code row} (the outer row of a join probe; else empty). */
    KeyedRows open(StatementContext ctx, Row row) throws SQLException {
        Table t = ctx.table(table);
        Index ix = index == null ? null : t.index(index.def().name());
        List<List<Object>> prefixes = new ArrayList<>();
        prefixes.add(List.of());
        for (int k = 0; k < fixed.size(); k++) {
            Fixed f = fixed.get(k);
            List<Object> values = new ArrayList<>();
            if (f.isNull()) {
                values.add(null);
            }
            for (Evaluator e : f.values()) {
                Object v = e.eval(row, ctx);
                if (v == null) {
                    continue; // never equal: no row has it
                }
                Object c = convert(v, types.get(k));
                if (c == null) {
                    return read(t, ix, List.of(KeyRange.ALL)); // the WHERE decides (and reports) on every row
                }
                if (c != NONE) {
                    values.add(c);
                }
            }
            List<List<Object>> longer = new ArrayList<>();
            for (List<Object> p : prefixes) {
                for (Object v : values) {
                    List<Object> q = new ArrayList<>(p);
                    q.add(v);
                    longer.add(q);
                }
            }
            prefixes = longer;
        }
        Object lower = null;
        Object upper = null;
        if (bounds != null) {
            ColumnType type = types.get(fixed.size());
            if (bounds.lower() != null) {
                Object v = bounds.lower().eval(row, ctx);
                if (v == null) {
                    return read(t, ix, List.of());
                }
                lower = exact(v, type);
            }
            if (bounds.upper() != null) {
                Object v = bounds.upper().eval(row, ctx);
                if (v == null) {
                    return read(t, ix, List.of());
                }
                upper = exact(v, type);
            }
        }
        try {
            List<Prefix> sorted = new ArrayList<>();
            for (List<Object> p : prefixes) {
                sorted.add(new Prefix(encode(p), p));
            }
            sorted.sort((a, b) -> Arrays.compareUnsigned(a.bytes(), b.bytes()));
            List<KeyRange> ranges = new ArrayList<>();
            for (int i = 0; i < sorted.size(); i++) {
                if (i > 0 && Arrays.equals(sorted.get(i).bytes(), sorted.get(i - 1).bytes())) {
                    continue; // a value listed twice is read once
                }
                KeyRange r = range(sorted.get(i).values(), sorted.get(i).bytes(), lower, upper);
                if (r != null && !r.empty()) {
                    ranges.add(r);
                }
            }
            if (reverse) {
                java.util.Collections.reverse(ranges);
            }
            return read(t, ix, ranges);
        } catch (IllegalArgumentException unencodable) {
            return read(t, ix, List.of(KeyRange.ALL)); // a value the key cannot hold: the WHERE decides
        }
    }

    private record Prefix(byte[] bytes, List<Object> values) {}

    /** The keys starting with {@code prefix} whose next column lies within the bounds; null if none can. */
    private KeyRange range(List<Object> prefix, byte[] encodedPrefix, Object lower, Object upper) {
        byte[] low = encodedPrefix;
        byte[] high = encodedPrefix.length == 0 ? null : KeyEncoder.successor(encodedPrefix);
        if (bounds == null) {
            return new KeyRange(low, high);
        }
        boolean desc = descending.get(fixed.size());
        Object keyLow = desc ? upper : lower;
        boolean keyLowInclusive = desc ? bounds.upperInclusive() : bounds.lowerInclusive();
        Object keyHigh = desc ? lower : upper;
        boolean keyHighInclusive = desc ? bounds.lowerInclusive() : bounds.upperInclusive();
        if (keyLow != null) {
            byte[] p = encode(with(prefix, keyLow));
            if (keyLowInclusive) {
                low = p;
            } else {
                low = KeyEncoder.successor(p);
                if (low == null) {
                    return null;
                }
            }
        }
        if (keyHigh != null) {
            byte[] p = encode(with(prefix, keyHigh));
            if (keyHighInclusive) {
                byte[] s = KeyEncoder.successor(p);
                high = s != null ? s : high;
            } else {
                high = p;
            }
        }
        return new KeyRange(low, high);
    }

    private static List<Object> with(List<Object> prefix, Object v) {
        List<Object> out = new ArrayList<>(prefix);
        out.add(v);
        return out;
    }

    private byte[] encode(List<Object> values) {
        return index == null ? table.encodeKeyPrefix(values) : index.encodePrefix(values);
    }

    /** Stands for a value no value of the column equals (out of its range, or between two of its values). */
    private static final Object NONE = new Object();

    /**
     * {@code v} in the column's type when the key's order compares it as the WHERE does; {@link #NONE}
     * when it is a number the column's (narrower) numbers never equal; else null.
     */
    private static Object convert(Object v, ColumnType type) {
        try {
            ColumnType common = Casts.comparisonType(Casts.typeOf(v), type);
            if (common.kind() == type.kind()) {
                return Casts.cast(v, type);
            }
            if (!(v instanceof Number) || !NUMBERS.contains(type.kind()) || !NUMBERS.contains(common.kind())) {
                return null; // compared in another type (a string column and a number): the scan decides
            }
            Object c;
            try {
                c = Casts.cast(v, type);
            } catch (SQLException outOfRange) {
                return NONE;
            }
            return Comparisons.comparator(type, Casts.typeOf(v)).compare(c, v) == 0 ? c : NONE;
        } catch (SQLException conversion) {
            return null;
        }
    }

    private static final java.util.Set<ColumnType.Kind> NUMBERS = java.util.EnumSet.of(ColumnType.Kind.TINYINT,
            ColumnType.Kind.SMALLINT, ColumnType.Kind.INTEGER, ColumnType.Kind.BIGINT, ColumnType.Kind.DECIMAL);

    /** {@code v} in the column's type when it compares equal to {@code v} as the WHERE compares; else null (no bound). */
    private static Object exact(Object v, ColumnType type) {
        Object c = convert(v, type);
        try {
            return c != null && c != NONE && Comparisons.comparator(type, Casts.typeOf(v)).compare(c, v) == 0 ? c : null;
        } catch (SQLException | RuntimeException incomparable) {
            return null;
        }
    }

    /** The rows of the ranges, one range after the other. */
    private KeyedRows read(Table table, Index index, List<KeyRange> ranges) {
        return new KeyedRows() {
            private int next;
            private RangeCursor cursor;

            @Override
            public Object[] next() throws SQLException {
                try {
                    while (true) {
                        if (cursor == null) {
                            if (next >= ranges.size()) {
                                return null;
                            }
                            KeyRange r = ranges.get(next++);
                            cursor = index == null ? table.range(r, reverse) : index.range(r, reverse);
                        }
                        if (!cursor.next()) {
                            cursor = null;
                            continue;
                        }
                        if (index == null) {
                            RowsRead.one();
                            return new Object[] {cursor.key(), table.byReference(table.row(cursor))};
                        }
                        byte[] key = cursor.value();
                        RowView v = table.get(key);
                        if (v != null) {
                            RowsRead.one();
                            return new Object[] {key, table.byReference(v)};
                        }
                    }
                } catch (IOException e) {
                    throw new SQLException("reading a table failed: " + e, "HY000", e);
                }
            }
        };
    }
}
