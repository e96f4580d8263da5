package io.bstack.btree;

import io.bstack.alloc.Region;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A table's rows in a tree keyed by a 64-bit row id (tables without a primary key; ids given out in
 * ascending order from one above the largest present) or by the primary key's order-preserving
 * encoding, each row in {@link RowFormat} with large column values in overflow regions; and the
 * table's secondary indexes kept in step. Guarantees: a change that would repeat the primary key or a
 * unique index's values throws {@link UniqueViolationException} before anything is written; the
 * indexes always hold exactly one entry per row; a deleted or rewritten row's overflow regions are
 * freed. Other constraints (NOT NULL, CHECK, foreign keys) are the SQL engine's. Not thread-safe.
 */
public final class Table {

    private static final KeyEncoder ROW_ID = new KeyEncoder(List.of(KeyColumn.asc(SqlType.BIGINT)));

    private final TableDef def;
    private final BTree rows;
    private final RegionOverflow overflow;
    private final RowFormat format;
    private final KeyEncoder primaryKey;
    private final List<Index> indexes;
    /** The next row id of a table keyed by row id; 0 until the first insert looks it up. */
    private long nextRowId;

    Table(TableDef def, BTree rows, List<Index> indexes) {
        this.def = def;
        this.rows = rows;
        this.overflow = new RegionOverflow(rows.stack(), rows.allocator());
        this.format = new RowFormat(def.types(), Math.max(RowFormat.MIN_OVERFLOW_THRESHOLD, rows.pageSize() / 8), overflow);
        List<KeyColumn> pk = new ArrayList<>();
        for (int k : def.primaryKey()) {
            pk.add(KeyColumn.asc(def.columns().get(k).type()));
        }
        this.primaryKey = pk.isEmpty() ? null : new KeyEncoder(pk);
        this.indexes = new ArrayList<>(indexes);
    }

    /**
     * This table read and written through {@code view} and {@code alloc} instead: the same
     * definition, row format and key encoders, trees opened at the same roots. Valid only while
     * {@code view}'s catalog holds the same definitions ({@link Catalog#version()} unchanged) — what a
     * cached plan checks before it binds its tables to a new transaction.
     */
    public Table on(io.bstack.stack.ByteStack view, io.bstack.alloc.BStackAllocator alloc) throws IOException {
        int pageSize = rows.pageSize();
        List<Index> bound = new ArrayList<>(indexes.size());
        for (Index i : indexes) {
            bound.add(new Index(i.def(), BTree.open(view, alloc, pageSize, i.tree().root()), def.types()));
        }
        return new Table(def, BTree.open(view, alloc, pageSize, rows.root()), bound);
    }

    /** The index named {@code name} of this table, or null. */
    public Index index(String name) {
        for (Index i : indexes) {
            if (i.def().name().equals(name)) {
                return i;
            }
        }
        return null;
    }

    public TableDef def() {
        return def;
    }

    public List<Index> indexes() {
        return List.copyOf(indexes);
    }

    BTree rows() {
        return rows;
    }

    void attach(Index index) throws IOException {
        TableCursor c = cursor();
        for (boolean ok = c.first(); ok; ok = c.next()) {
            List<Object> row = c.row().values();
            index.check(row, c.key());
            index.add(row, c.key());
        }
        indexes.add(index);
    }

    void detach(Index index) {
        indexes.remove(index);
    }

    /** The key of row id {@code id} (tables keyed by row id). */
    public static byte[] rowIdKey(long id) {
        return ROW_ID.encode(List.of(id));
    }

    static Object decodeRowId(byte[] key) throws RecordFormatException {
        return new KeyDecoder(List.of(KeyColumn.asc(SqlType.BIGINT))).decode(key).get(0);
    }

    /** The key a row with these values has (its primary key's encoding); tables keyed by row id have none. */
    public byte[] keyOf(List<Object> row) {
        if (primaryKey == null) {
            throw new IllegalStateException("table " + def.name() + " is keyed by row id");
        }
        List<Object> k = new ArrayList<>();
        for (int c : def.primaryKey()) {
            if (row.get(c) == null) {
                throw new IllegalArgumentException("primary key column " + def.columns().get(c).name() + " of "
                        + def.name() + " is NULL");
            }
            k.add(row.get(c));
        }
        return primaryKey.encode(k);
    }

    private void checkArity(List<Object> row) {
        if (row.size() != def.columns().size()) {
            throw new IllegalArgumentException("table " + def.name() + " has " + def.columns().size() + " columns, the row "
                    + row.size());
        }
    }

    /**
     * Inserts a row; returns its key (a new row id's key for tables keyed by row id).
     *
     * @throws UniqueViolationException if the primary key or a unique index already holds its values
     */
    public byte[] insert(List<Object> row) throws IOException {
        checkArity(row);
        if (primaryKey == null && nextRowId == 0) {
            Cursor last = rows.cursor();
            nextRowId = last.last() ? (Long) decodeRowId(last.key()) + 1 : 1;
        }
        byte[] key = primaryKey == null ? rowIdKey(nextRowId) : keyOf(row);
        if (primaryKey != null && rows.contains(key)) {
            throw new UniqueViolationException("PRIMARY KEY", "table " + def.schema() + "." + def.name()
                    + " already has a row with this primary key");
        }
        for (Index i : indexes) {
            i.check(row);
        }
        rows.put(key, format.write(row));
        for (Index i : indexes) {
            i.add(row, key);
        }
        if (primaryKey == null) {
            nextRowId++;
        }
        return key;
    }

    /** The database view the table reads and writes through (what a {@link StoredLob} of its rows reads). */
    public io.bstack.stack.ByteStack view() {
        return rows.stack();
    }

    /** The row with key {@code key}, or null. */
    public RowView get(byte[] key) throws IOException {
        byte[] bytes = rows.get(key);
        return bytes == null ? null : new RowView(def.types(), bytes, overflow);
    }

    /** Deletes the row with key {@code key}; returns whether there was one. */
    public boolean delete(byte[] key) throws IOException {
        RowView old = get(key);
        if (old == null) {
            return false;
        }
        List<Object> values = referenced(old);
        for (Index i : indexes) {
            i.remove(values, key);
        }
        freeOverflow(old);
        rows.remove(key);
        return true;
    }

    /**
     * Replaces the row with key {@code key} by {@code row} (its key changes with its primary key);
     * returns the row's key afterwards.
     *
     * @throws UniqueViolationException if the new values repeat another row's key or unique values
     * @throws IllegalArgumentException if there is no such row
     */
    public byte[] update(byte[] key, List<Object> row) throws IOException {
        checkArity(row);
        RowView old = get(key);
        if (old == null) {
            throw new IllegalArgumentException("table " + def.name() + " has no row with that key");
        }
        byte[] newKey = primaryKey == null ? key : keyOf(row);
        boolean moves = !Arrays.equals(key, newKey);
        if (moves && rows.contains(newKey)) {
            throw new UniqueViolationException("PRIMARY KEY", "table " + def.schema() + "." + def.name()
                    + " already has a row with this primary key");
        }
        for (Index i : indexes) {
            i.check(row, key, newKey);
        }
        List<Object> before = referenced(old);
        for (Index i : indexes) {
            i.remove(before, key);
        }
        byte[] encoded = format.write(row); // before freeing: a value may be streamed from the old row's region
        freeOverflow(old);
        if (moves) {
            rows.remove(key);
        }
        rows.put(newKey, encoded);
        for (Index i : indexes) {
            i.add(row, newKey);
        }
        return newKey;
    }

    /** The row's values with spilled VARCHAR/VARBINARY values as {@link StoredLob}s (indexes read only theirs). */
    private List<Object> referenced(RowView row) throws IOException {
        return Arrays.asList(byReference(row));
    }

    /**
     * A row of this table's values in a new array, spilled VARCHAR/VARBINARY values as
     * {@link StoredLob}s over this table's view rather than read (see {@link RowView#lob}).
     */
    public Object[] byReference(RowView row) throws IOException {
        Object[] v = new Object[row.columnCount()];
        for (int c = 0; c < v.length; c++) {
            v[c] = row.lob(c, rows.stack());
        }
        return v;
    }

    private void freeOverflow(RowView row) throws IOException {
        for (int c = 0; c < row.storedColumnCount(); c++) {
            if (!row.isNull(c) && row.isOverflow(c)) {
                Region r = row.overflowRef(c);
                overflow.free(r);
            }
        }
    }

    /**
     * The encoding of the first {@code values.size()} primary key columns: bounds for {@link #range}.
     *
     * @throws IllegalStateException if the table is keyed by row id
     * @throws IllegalArgumentException if a value is not of its column's type
     */
    public byte[] encodeKeyPrefix(List<?> values) {
        if (primaryKey == null) {
            throw new IllegalStateException("table " + def.name() + " is keyed by row id");
        }
        return primaryKey.encodePrefix(values);
    }

    /** The rows whose keys lie in {@code range}, in key order or reversed; read each with {@link #row}. */
    public RangeCursor range(KeyRange range, boolean reverse) {
        return new RangeCursor(rows.cursor(), range, reverse);
    }

    /** The row a cursor of {@link #range} is on. */
    public RowView row(RangeCursor cursor) throws IOException {
        return new RowView(def.types(), cursor.value(), overflow);
    }

    /** An estimate of the number of rows, cheap to get: see {@link BTree#estimateEntries()}. */
    public long estimatedRows() throws IOException {
        return rows.estimateEntries();
    }

    /** A cursor over the rows in key order. */
    public TableCursor cursor() {
        return new TableCursor(rows.cursor(), def.types(), overflow, rows.stack());
    }

    /** Frees every row, overflow value, index and the row tree itself. */
    void drop() throws IOException {
        TableCursor c = cursor();
        for (boolean ok = c.first(); ok; ok = c.next()) {
            freeOverflow(c.row());
        }
        for (Index i : indexes) {
            i.tree().drop();
        }
        rows.drop();
    }

    /** Every region the table owns (rows, indexes, overflow values), for verification. */
    public List<Region> regions() throws IOException {
        List<Region> all = new ArrayList<>(rows.verify().regions());
        for (Index i : indexes) {
            all.addAll(i.tree().verify().regions());
        }
        TableCursor c = cursor();
        for (boolean ok = c.first(); ok; ok = c.next()) {
            RowView row = c.row();
            for (int col = 0; col < row.storedColumnCount(); col++) {
                if (!row.isNull(col) && row.isOverflow(col)) {
                    all.add(row.overflowRef(col));
                }
            }
        }
        return all;
    }
}
