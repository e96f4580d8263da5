package io.bstack.btree;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A secondary index: a tree whose keys are the indexed columns' order-preserving encoding and whose
 * values are the row's key in its table. A unique index keys an entry by the columns alone (so a
 * second row with the same values is found and refused); an entry with a NULL among its columns, and
 * every entry of a non-unique index, has the row key appended, which keeps keys distinct while the
 * column prefix still orders and finds them (SQL lets a unique index hold many NULLs). Not
 * thread-safe.
 */
public final class Index {

    private final IndexDef def;
    private final BTree tree;
    private final KeyEncoder encoder;

    Index(IndexDef def, BTree tree, List<SqlType> tableTypes) {
        this.def = def;
        this.tree = tree;
        List<KeyColumn> cols = new ArrayList<>();
        for (int i = 0; i < def.columns().size(); i++) {
            SqlType t = tableTypes.get(def.columns().get(i));
            cols.add(def.descending().get(i) ? KeyColumn.desc(t) : KeyColumn.asc(t));
        }
        this.encoder = new KeyEncoder(cols);
    }

    public IndexDef def() {
        return def;
    }

    BTree tree() {
        return tree;
    }

    private List<Object> values(List<Object> row) throws IOException {
        List<Object> v = new ArrayList<>(def.columns().size());
        for (int c : def.columns()) {
            Object x = row.get(c);
            v.add(x instanceof Lob lob ? lob.materialise() : x);
        }
        return v;
    }

    private byte[] entryKey(List<Object> row, byte[] rowKey) throws IOException {
        List<Object> v = values(row);
        byte[] k = encoder.encode(v);
        if (def.unique() && !v.contains(null)) {
            return k;
        }
        byte[] both = Arrays.copyOf(k, k.length + rowKey.length);
        System.arraycopy(rowKey, 0, both, k.length, rowKey.length);
        return both;
    }

    /**
     * Throws if {@code row} would repeat another row's values in this unique index; entries of the
     * rows whose keys are listed in {@code self} (the row being rewritten) do not count.
     */
    void check(List<Object> row, byte[]... self) throws IOException {
        List<Object> v = values(row);
        if (!def.unique() || v.contains(null)) {
            return;
        }
        byte[] owner = tree.get(encoder.encode(v));
        if (owner == null) {
            return;
        }
        for (byte[] s : self) {
            if (Arrays.equals(owner, s)) {
                return;
            }
        }
        throw new UniqueViolationException(def.name(), "unique index " + def.schema() + "." + def.name() + " on "
                + def.table() + " already holds the values " + v);
    }

    void add(List<Object> row, byte[] rowKey) throws IOException {
        tree.put(entryKey(row, rowKey), rowKey);
    }

    void remove(List<Object> row, byte[] rowKey) throws IOException {
        tree.remove(entryKey(row, rowKey));
    }

    /** The keys of the rows whose first {@code values.size()} indexed columns equal {@code values}, in index order. */
    public List<byte[]> find(List<?> values) throws IOException {
        byte[] prefix = encoder.encodePrefix(values);
        List<byte[]> found = new ArrayList<>();
        Cursor c = tree.cursor();
        for (boolean ok = c.seek(prefix); ok && KeyEncoder.startsWith(c.key(), prefix); ok = c.next()) {
            found.add(c.value());
        }
        return found;
    }

    /**
     * The encoding of the first {@code values.size()} indexed columns (see {@link KeyEncoder#encodePrefix}):
     * bounds for {@link #range}.
     *
     * @throws IllegalArgumentException if there are more values than columns or a value is not of its column's type
     */
    public byte[] encodePrefix(List<?> values) {
        return encoder.encodePrefix(values);
    }

    /**
     * The entries whose keys lie in {@code range}, in index order or reversed; each entry's
     * {@linkplain RangeCursor#value() value} is the row's key in its table.
     */
    public RangeCursor range(KeyRange range, boolean reverse) {
        return new RangeCursor(tree.cursor(), range, reverse);
    }

    /** Number of entries (walks the tree). */
    public long size() throws IOException {
        return tree.verify().entries();
    }
}
