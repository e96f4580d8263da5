package io.bstack.btree;

import io.bstack.alloc.BStackAllocator;
import io.bstack.stack.ByteStack;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The database's schema objects — schemas, tables (columns, key, constraint text), indexes,
 * sequences, views, user functions — kept in one system tree in the same stack as the data, so DDL is transactional:
 * it commits and rolls back with the transaction it runs in. Entries are keyed by (kind, schema, name)
 * in the order-preserving key encoding; values are {@link CatalogCodec} records. Names are compared
 * exactly (the SQL engine normalises case). Schema {@value #DEFAULT_SCHEMA} exists from creation.
 * Not thread-safe: one catalog object per transaction.
 */
public final class Catalog {

    public static final String DEFAULT_SCHEMA = "PUBLIC";

    private static final byte SCHEMA = 1;
    private static final byte TABLE = 2;
    private static final byte INDEX = 3;
    private static final byte SEQUENCE = 4;
    private static final byte VIEW = 5;
    /** SQL-allocated regions (ALLOC): key (7, "", offset as 16 hex digits), value len u64 ‖ created millis u64. */
    private static final byte REGION = 7;
    /** Table statistics (kind 9; 8 is left for other catalog objects). */
    private static final byte STATISTICS = 9;
    /** User functions are not in a schema: keyed (FUNCTION, name, ""). */
    private static final byte FUNCTION = 6;
    /**
     * The catalog's version (kind 10, one entry keyed (10, "", "")): a stamp written anew by every
     * change of a definition (schemas, tables, columns, indexes, statistics, sequences' definitions,
     * views, functions), not by data (sequence values, SQL regions). What a plan cache keys on.
     */
    private static final byte VERSION = 10;
    /**
     * Version stamps: unique within this process (a counter), from a random start (a stamp of an
     * earlier process stored in a file is not handed out again but by a 1 in 2^64 chance per pair).
     */
    private static final java.util.concurrent.atomic.AtomicLong STAMPS =
            new java.util.concurrent.atomic.AtomicLong(new java.util.SplittableRandom().nextLong());
    private static final KeyEncoder KEYS = new KeyEncoder(List.of(KeyColumn.asc(SqlType.TINYINT),
            KeyColumn.asc(SqlType.VARCHAR), KeyColumn.asc(SqlType.VARCHAR)));
    private static final KeyDecoder NAMES = new KeyDecoder(KEYS.columns());

    private final ByteStack stack;
    private final BStackAllocator alloc;
    private final BTree tree;

    private Catalog(ByteStack stack, BStackAllocator alloc, BTree tree) {
        this.stack = stack;
        this.alloc = alloc;
        this.tree = tree;
    }

    /** A new catalog with schema {@value #DEFAULT_SCHEMA}. */
    public static Catalog create(ByteStack stack, BStackAllocator alloc, int pageSize) throws IOException {
        Catalog c = new Catalog(stack, alloc, BTree.create(stack, alloc, pageSize));
        c.createSchema(DEFAULT_SCHEMA);
        return c;
    }

    /** The catalog whose system tree's root is {@code root}. */
    public static Catalog open(ByteStack stack, BStackAllocator alloc, int pageSize, long root) throws IOException {
        return new Catalog(stack, alloc, BTree.open(stack, alloc, pageSize, root));
    }

    /** The system tree's root page, the database's entry point. */
    public long root() {
        return tree.root();
    }

    /**
     * The catalog's version as this view sees it: equal versions mean equal definitions (within one
     * process); 0 for a catalog no definition change has stamped yet.
     */
    public long version() throws IOException {
        byte[] v = tree.get(VERSION_KEY);
        return v == null ? 0 : java.nio.ByteBuffer.wrap(v).getLong();
    }

    private static final byte[] VERSION_KEY = key(VERSION, "", "");

    /** Records that a definition changed: a new version stamp. */
    private void changed() throws IOException {
        long stamp;
        do {
            stamp = STAMPS.incrementAndGet();
        } while (stamp == 0);
        tree.put(VERSION_KEY, java.nio.ByteBuffer.allocate(Long.BYTES).putLong(stamp).array());
    }

    private static byte[] key(byte kind, String schema, String name) {
        return KEYS.encode(List.of(kind, schema, name));
    }

    private byte[] entry(byte kind, String schema, String name) throws IOException {
        return tree.get(key(kind, schema, name));
    }

    private List<String> names(byte kind, String schema) throws IOException {
        byte[] prefix = KEYS.encodePrefix(schema == null ? List.of(kind) : List.of(kind, schema));
        List<String> names = new ArrayList<>();
        Cursor c = tree.cursor();
        for (boolean ok = c.seek(prefix); ok && KeyEncoder.startsWith(c.key(), prefix); ok = c.next()) {
            List<Object> k = NAMES.decode(c.key());
            names.add(schema == null ? (String) k.get(1) : (String) k.get(2));
        }
        return names;
    }

    // ---------------------------------------------------------------- schemas

    public void createSchema(String name) throws IOException {
        changed();
        if (entry(SCHEMA, name, "") != null) {
            throw new CatalogException("schema " + name + " already exists");
        }
        tree.put(key(SCHEMA, name, ""), new byte[0]);
    }

    /** Drops an empty schema. */
    public void dropSchema(String name) throws IOException {
        changed();
        requireSchema(name);
        for (byte kind : new byte[] {TABLE, SEQUENCE, VIEW}) {
            if (!names(kind, name).isEmpty()) {
                throw new CatalogException("schema " + name + " is not empty");
            }
        }
        tree.remove(key(SCHEMA, name, ""));
    }

    public List<String> schemas() throws IOException {
        return names(SCHEMA, null);
    }

    private void requireSchema(String schema) throws IOException {
        if (entry(SCHEMA, schema, "") == null) {
            throw new CatalogException("schema " + schema + " does not exist");
        }
    }

    private void requireFree(String schema, String name) throws IOException {
        requireSchema(schema);
        if (entry(TABLE, schema, name) != null || entry(VIEW, schema, name) != null) {
            throw new CatalogException("a table or view " + schema + "." + name + " already exists");
        }
    }

    // ---------------------------------------------------------------- tables

    /** Creates an empty table (its row tree is allocated now). */
    public Table createTable(TableDef def) throws IOException {
        changed();
        requireFree(def.schema(), def.name());
        BTree rows = BTree.create(stack, alloc, tree.pageSize());
        TableDef stored = def.withRoot(rows.root());
        tree.put(key(TABLE, def.schema(), def.name()), CatalogCodec.table(stored));
        return new Table(stored, rows, List.of());
    }

    /** The table, with its indexes, or null. */
    public Table table(String schema, String name) throws IOException {
        byte[] e = entry(TABLE, schema, name);
        if (e == null) {
            return null;
        }
        TableDef def = CatalogCodec.table(schema, name, e);
        List<Index> indexes = new ArrayList<>();
        for (IndexDef d : indexDefs(schema, name)) {
            indexes.add(new Index(d, BTree.open(stack, alloc, tree.pageSize(), d.root()), def.types()));
        }
        return new Table(def, BTree.open(stack, alloc, tree.pageSize(), def.root()), indexes);
    }

    private Table requireTable(String schema, String name) throws IOException {
        Table t = table(schema, name);
        if (t == null) {
            throw new CatalogException("table " + schema + "." + name + " does not exist");
        }
        return t;
    }

    public List<String> tables(String schema) throws IOException {
        return names(TABLE, schema);
    }

    /** Drops a table with its rows, overflow values and indexes. */
    public void dropTable(String schema, String name) throws IOException {
        changed();
        Table t = requireTable(schema, name);
        t.drop();
        for (Index i : t.indexes()) {
            tree.remove(key(INDEX, schema, i.def().name()));
        }
        tree.remove(key(TABLE, schema, name));
        tree.remove(key(STATISTICS, schema, name));
    }

    /** Appends a column; existing rows read it as NULL. */
    public void addColumn(String schema, String table, ColumnDef column) throws IOException {
        changed();
        Table t = requireTable(schema, table);
        if (t.def().columns().stream().anyMatch(c -> c.name().equals(column.name()))) {
            throw new CatalogException("table " + schema + "." + table + " already has a column " + column.name());
        }
        List<ColumnDef> cols = new ArrayList<>(t.def().columns());
        cols.add(column);
        tree.put(key(TABLE, schema, table), CatalogCodec.table(t.def().withColumns(cols)));
    }

    /**
     * Replaces a table's definition in place (same schema, name, row tree): column names, defaults and
     * nullability, constraint texts. The rows stay as they are, so the column types and the primary
     * key must not change ({@link CatalogException} otherwise): a change of those rewrites the table.
     */
    public void redefineTable(TableDef def) throws IOException {
        changed();
        Table t = requireTable(def.schema(), def.name());
        if (!t.def().types().equals(def.types()) || !t.def().primaryKey().equals(def.primaryKey())) {
            throw new CatalogException("redefining table " + def.schema() + "." + def.name()
                    + " would change its row format or key");
        }
        tree.put(key(TABLE, def.schema(), def.name()), CatalogCodec.table(def.withRoot(t.def().root())));
    }

    /** Renames a table; its indexes follow it (their own names stay). */
    public void renameTable(String schema, String from, String to) throws IOException {
        changed();
        Table t = requireTable(schema, from);
        requireFree(schema, to);
        TableDef d = t.def();
        tree.remove(key(TABLE, schema, from));
        tree.put(key(TABLE, schema, to), CatalogCodec.table(new TableDef(schema, to, d.columns(), d.primaryKey(),
                d.constraintsSql(), d.root())));
        for (Index i : t.indexes()) {
            IndexDef x = i.def();
            tree.put(key(INDEX, schema, x.name()), CatalogCodec.index(new IndexDef(schema, x.name(), to, x.columns(),
                    x.descending(), x.unique(), x.root())));
        }
        byte[] stats = entry(STATISTICS, schema, from);
        if (stats != null) {
            tree.remove(key(STATISTICS, schema, from));
            tree.put(key(STATISTICS, schema, to), stats);
        }
    }

    // ---------------------------------------------------------------- statistics

    /** Records what ANALYZE found for an existing table, replacing earlier statistics. */
    public void putStatistics(String schema, String table, TableStats stats) throws IOException {
        changed();
        requireTable(schema, table);
        tree.put(key(STATISTICS, schema, table), CatalogCodec.statistics(stats));
    }

    /** The table's statistics as this view sees them, or null when it was never analysed. */
    public TableStats statistics(String schema, String table) throws IOException {
        byte[] e = entry(STATISTICS, schema, table);
        return e == null ? null : CatalogCodec.statistics(e);
    }

    // ---------------------------------------------------------------- indexes

    /**
     * Creates an index and fills it from the table's rows.
     *
     * @throws UniqueViolationException if a unique index would hold two rows' values (nothing is left behind)
     */
    public Index createIndex(IndexDef def) throws IOException {
        changed();
        requireSchema(def.schema());
        if (entry(INDEX, def.schema(), def.name()) != null) {
            throw new CatalogException("index " + def.schema() + "." + def.name() + " already exists");
        }
        Table t = requireTable(def.schema(), def.table());
        for (int c : def.columns()) {
            if (c < 0 || c >= t.def().columns().size()) {
                throw new CatalogException("index " + def.name() + ": column " + c + " is not a column of " + def.table());
            }
        }
        BTree itree = BTree.create(stack, alloc, tree.pageSize());
        IndexDef stored = def.withRoot(itree.root());
        Index index = new Index(stored, itree, t.def().types());
        try {
            t.attach(index);
        } catch (IOException | RuntimeException e) {
            itree.drop();
            throw e;
        }
        tree.put(key(INDEX, def.schema(), def.name()), CatalogCodec.index(stored));
        return index;
    }

    public void dropIndex(String schema, String name) throws IOException {
        changed();
        byte[] e = entry(INDEX, schema, name);
        if (e == null) {
            throw new CatalogException("index " + schema + "." + name + " does not exist");
        }
        IndexDef def = CatalogCodec.index(schema, name, e);
        BTree.open(stack, alloc, tree.pageSize(), def.root()).drop();
        tree.remove(key(INDEX, schema, name));
    }

    /** The names of the indexes in {@code schema}. */
    public List<String> indexes(String schema) throws IOException {
        return names(INDEX, schema);
    }

    /** The indexes of a table. */
    public List<IndexDef> indexDefs(String schema, String table) throws IOException {
        List<IndexDef> defs = new ArrayList<>();
        for (String n : names(INDEX, schema)) {
            IndexDef d = CatalogCodec.index(schema, n, entry(INDEX, schema, n));
            if (d.table().equals(table)) {
                defs.add(d);
            }
        }
        return defs;
    }

    // ---------------------------------------------------------------- sequences and views

    public void createSequence(SequenceDef def) throws IOException {
        changed();
        requireSchema(def.schema());
        if (entry(SEQUENCE, def.schema(), def.name()) != null) {
            throw new CatalogException("sequence " + def.schema() + "." + def.name() + " already exists");
        }
        tree.put(key(SEQUENCE, def.schema(), def.name()), CatalogCodec.sequence(def));
    }

    /** Returns the sequence's next value and advances it (transactionally, like every catalog change). */
    public long nextValue(String schema, String name) throws IOException {
        byte[] e = entry(SEQUENCE, schema, name);
        if (e == null) {
            throw new CatalogException("sequence " + schema + "." + name + " does not exist");
        }
        SequenceDef s = CatalogCodec.sequence(schema, name, e);
        long after;
        try {
            after = Math.addExact(s.next(), s.increment());
        } catch (ArithmeticException overflow) {
            throw new CatalogException("sequence " + schema + "." + name + " is exhausted");
        }
        tree.put(key(SEQUENCE, schema, name), CatalogCodec.sequence(new SequenceDef(schema, name, after, s.increment())));
        return s.next();
    }

    /** The sequence (its next value and increment, as this view sees them), or null. */
    public SequenceDef sequence(String schema, String name) throws IOException {
        byte[] e = entry(SEQUENCE, schema, name);
        return e == null ? null : CatalogCodec.sequence(schema, name, e);
    }

    /** Renames a sequence; its next value and increment stay. */
    public void renameSequence(String schema, String from, String to) throws IOException {
        changed();
        byte[] e = entry(SEQUENCE, schema, from);
        if (e == null) {
            throw new CatalogException("sequence " + schema + "." + from + " does not exist");
        }
        if (entry(SEQUENCE, schema, to) != null) {
            throw new CatalogException("sequence " + schema + "." + to + " already exists");
        }
        SequenceDef s = CatalogCodec.sequence(schema, from, e);
        tree.remove(key(SEQUENCE, schema, from));
        tree.put(key(SEQUENCE, schema, to), CatalogCodec.sequence(new SequenceDef(schema, to, s.next(), s.increment())));
    }

    public void dropSequence(String schema, String name) throws IOException {
        changed();
        if (!tree.remove(key(SEQUENCE, schema, name))) {
            throw new CatalogException("sequence " + schema + "." + name + " does not exist");
        }
    }

    public List<String> sequences(String schema) throws IOException {
        return names(SEQUENCE, schema);
    }

    public void createView(ViewDef def) throws IOException {
        changed();
        requireFree(def.schema(), def.name());
        tree.put(key(VIEW, def.schema(), def.name()), CatalogCodec.view(def));
    }

    /** The view, or null. */
    public ViewDef view(String schema, String name) throws IOException {
        byte[] e = entry(VIEW, schema, name);
        return e == null ? null : CatalogCodec.view(schema, name, e);
    }

    public void dropView(String schema, String name) throws IOException {
        changed();
        if (!tree.remove(key(VIEW, schema, name))) {
            throw new CatalogException("view " + schema + "." + name + " does not exist");
        }
    }

    public List<String> views(String schema) throws IOException {
        return names(VIEW, schema);
    }

    // ---------------------------------------------------------------- user functions

    /** Records a user function (the engine checked its target); its name must be free. */
    public void createFunction(FunctionDef def) throws IOException {
        changed();
        if (entry(FUNCTION, def.name(), "") != null) {
            throw new CatalogException("function " + def.name() + " already exists");
        }
        tree.put(key(FUNCTION, def.name(), ""), CatalogCodec.function(def));
    }

    /** The user function, or null. */
    public FunctionDef function(String name) throws IOException {
        byte[] e = entry(FUNCTION, name, "");
        return e == null ? null : CatalogCodec.function(name, e);
    }

    public void dropFunction(String name) throws IOException {
        changed();
        if (!tree.remove(key(FUNCTION, name, ""))) {
            throw new CatalogException("function " + name + " does not exist");
        }
    }

    /** The names of the user functions, in order. */
    public List<String> functions() throws IOException {
        return names(FUNCTION, null);
    }

    /**
     * Every region the catalog and its objects own (SQL-allocated regions included), for
     * verification against the allocator.
     */
    public List<io.bstack.alloc.Region> regions() throws IOException {
        List<io.bstack.alloc.Region> all = new ArrayList<>(tree.verify().regions());
        for (String schema : schemas()) {
            for (String t : tables(schema)) {
                all.addAll(requireTable(schema, t).regions());
            }
        }
        for (SqlRegion r : sqlRegions()) {
            all.add(r.region());
        }
        return all;
    }

    /**
     * The owner of every region the catalog knows, by region: {@code CATALOG} (the system tree),
     * {@code TABLE schema.name} (a table's row tree pages), {@code INDEX schema.name} (an index's
     * pages), {@code OVERFLOW} (values spilled out of a row or node), {@code REGION} (SQL-allocated).
     * A table's spilled value exactly one page long is counted as a page of the table.
     */
    public java.util.Map<io.bstack.alloc.Region, String> owners() throws IOException {
        java.util.Map<io.bstack.alloc.Region, String> out = new java.util.TreeMap<>();
        for (io.bstack.alloc.Region r : tree.verify().regions()) {
            out.put(r, "CATALOG");
        }
        for (String schema : schemas()) {
            for (String t : tables(schema)) {
                Table table = requireTable(schema, t);
                java.util.Set<io.bstack.alloc.Region> indexed = new java.util.HashSet<>();
                for (Index i : table.indexes()) {
                    for (io.bstack.alloc.Region r : i.tree().verify().regions()) {
                        indexed.add(r);
                        out.put(r, r.len() == tree.pageSize() ? "INDEX " + schema + "." + i.def().name() : "OVERFLOW");
                    }
                }
                for (io.bstack.alloc.Region r : table.regions()) {
                    if (!indexed.contains(r)) {
                        out.put(r, r.len() == tree.pageSize() ? "TABLE " + schema + "." + t : "OVERFLOW");
                    }
                }
            }
        }
        for (SqlRegion r : sqlRegions()) {
            out.put(r.region(), "REGION");
        }
        return out;
    }

    // ---------------------------------------------------------------- SQL-allocated regions

    /** A region SQL allocated ({@code ALLOC}), live until freed: where it is and when it was made. */
    public record SqlRegion(io.bstack.alloc.Region region, long createdMillis) {}

    private static byte[] regionKey(long offset) {
        return key(REGION, "", String.format("%016x", offset));
    }

    /** Records {@code region} as live (replacing any entry at its offset). */
    public void registerRegion(io.bstack.alloc.Region region, long createdMillis) throws IOException {
        byte[] v = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(region.len())
                .putLong(createdMillis).array();
        tree.put(regionKey(region.offset()), v);
    }

    /** The live SQL region starting at {@code offset}, or null. */
    public SqlRegion sqlRegion(long offset) throws IOException {
        if (offset < 0) {
            return null;
        }
        byte[] v = tree.get(regionKey(offset));
        return v == null ? null : decodeRegion(offset, v);
    }

    private static SqlRegion decodeRegion(long offset, byte[] v) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(v).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        return new SqlRegion(new io.bstack.alloc.Region(offset, b.getLong()), b.getLong());
    }

    /** Forgets the live SQL region at {@code offset}; false if there was none. */
    public boolean unregisterRegion(long offset) throws IOException {
        return tree.remove(regionKey(offset));
    }

    /** Every live SQL region, by offset. */
    public List<SqlRegion> sqlRegions() throws IOException {
        byte[] prefix = KEYS.encodePrefix(List.of(REGION, ""));
        List<SqlRegion> out = new ArrayList<>();
        Cursor c = tree.cursor();
        for (boolean ok = c.seek(prefix); ok && KeyEncoder.startsWith(c.key(), prefix); ok = c.next()) {
            long offset = Long.parseUnsignedLong((String) NAMES.decode(c.key()).get(2), 16);
            out.add(decodeRegion(offset, c.value()));
        }
        return out;
    }

    /** The stack this catalog reads and writes (a transaction or a snapshot). */
    public ByteStack stack() {
        return stack;
    }

    /** The allocator of the writing transaction, or null for a read-only view. */
    public BStackAllocator allocator() {
        return alloc;
    }
}
