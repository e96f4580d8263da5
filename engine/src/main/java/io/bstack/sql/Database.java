package io.bstack.sql;

import io.bstack.alloc.BStackAllocator;
import io.bstack.btree.Catalog;
import io.bstack.buffer.BufferPoolStats;
import io.bstack.sql.eval.ExpressionCompiler;
import io.bstack.sql.exec.SessionInfo;
import io.bstack.sql.exec.SystemInfo;
import io.bstack.stack.BStackCorruptException;
import io.bstack.stack.BStackLockedException;
import io.bstack.stack.ByteStack;
import io.bstack.tx.ReadTx;
import io.bstack.tx.TxOptions;
import io.bstack.tx.TxStats;
import io.bstack.tx.TxStore;
import io.bstack.tx.WriteTx;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A BStack DB database: one file in the BStack format (its WAL beside it) holding the catalog and
 * every table and index, shared by all sessions that open it.
 *
 * <p>Layout (as {@code ARCHITECTURE.md} has it): an allocator chosen at creation
 * ({@link AllocatorKind}: GhostTree by default, first-fit or segregated) hands out the regions of
 * the transactional stack, and the first bytes of its header, which every allocator leaves to its
 * user, are the database superblock, written when the file is created. On GhostTree (format 1, 32
 * bytes): {@code "BStackDB"}, the format (u32 LE, 1), the page size of tree nodes (u32 LE), the
 * catalog's root (u64 LE), {@code 'G'}, zeros. On the others (format 2, 16 bytes): {@code "BSDB"},
 * the format (u8, 2), the allocator ({@code 'F'}, {@code 'S'} or {@code 'L'}), log2 of the page size (u8), 0, the
 * catalog's root (u64 LE); on linear, which reserves nothing for its user, the first region
 * ({@code [0, 16)}) holds that format-2 header. Every other region belongs to the catalog, the
 * trees it names, or the registry of SQL-allocated regions.
 *
 * <p>Errors: a file that cannot be opened (missing while {@code createIfMissing} is off, locked by
 * another process, unreadable) is a {@link SQLNonTransientConnectionException} with SQLState
 * {@code 08001}; a file that is not a BStack DB database, or whose header is damaged or of a newer
 * format, is a {@link SQLException} with SQLState {@code HY000} naming the file and what is wrong.
 *
 * <p>Thread-safety: safe to share; sessions run their own transactions on its store.
 */
public final class Database implements AutoCloseable {

    /** The newest format this version writes and reads (it reads format 1 too, and writes it on GhostTree). */
    public static final int FORMAT = 2;
    /** Where the superblock lives: the allocator header's user-reserved bytes. */
    static final long HEADER_AT = 0;
    static final int HEADER_BYTES = 32;
    /** Format 2's magic, in the 16 bytes every allocator leaves its user. */
    private static final byte[] MAGIC2 = "BSDB".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER2_BYTES = 16;
    private static final byte[] MAGIC = "BStackDB".getBytes(StandardCharsets.US_ASCII);
    private static final Duration CREATE_WAIT = Duration.ofSeconds(10);

    private final Path file;
    private final AllocatorKind allocatorKind;
    private final TxStore store;
    private final int pageSize;
    private final long catalogRoot;
    private final ExpressionCompiler compiler = ExpressionCompiler.standard();
    private volatile ShutdownHook shutdownHook;
    /** Statements parsed by any session, by SQL text (immutable syntax trees, shared). */
    private final java.util.concurrent.ConcurrentHashMap<String, Session.Prepared> parsed =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_PARSED = 2048;

    /** The SQL texts whose query plans are kept, for every session ({@link PlanCache}). */
    static final int PLAN_CACHE_TEXTS = 512;

    private final io.bstack.sql.exec.PlanCache plans = new io.bstack.sql.exec.PlanCache(PLAN_CACHE_TEXTS);
    /** The open sessions by id, for INFORMATION_SCHEMA.SESSIONS (read from any thread). */
    private final ConcurrentSkipListMap<Integer, SessionActivity> sessions = new ConcurrentSkipListMap<>();
    private final AtomicInteger sessionIds = new AtomicInteger();
    private final SystemInfo systemInfo = new SystemInfo() {
        @Override
        public String catalogName() {
            return name();
        }

        @Override
        public List<SessionInfo> sessions() {
            int writer = 0;
            for (SessionActivity a : sessions.values()) {
                if (a.holdsWriter()) {
                    writer = a.id();
                }
            }
            int blocker = writer;
            return sessions.values().stream().map(a -> a.snapshot(blocker)).toList();
        }

        @Override
        public Map<String, Long> statistics() {
            return Database.this.statistics();
        }

        @Override
        public long maxRegionSize() {
            return maxRegionSize;
        }

        @Override
        public io.bstack.sql.exec.AllocatorInfo allocator() {
            return allocatorKind;
        }
    };
    private volatile long maxRegionSize = SystemInfo.DEFAULT_MAX_REGION_SIZE;

    private Database(Path file, TxStore store, int pageSize, long catalogRoot, AllocatorKind allocatorKind) {
        this.file = file;
        this.allocatorKind = allocatorKind;
        this.store = store;
        this.pageSize = pageSize;
        this.catalogRoot = catalogRoot;
    }

    /** Opens the database in {@code file}, creating it (with an empty catalog, on GhostTree) when missing. */
    public static Database open(Path file, TxOptions options) throws SQLException {
        return open(file, options, AllocatorKind.GHOSTTREE);
    }

    /**
     * Opens the database in {@code file}, creating it when missing with its regions handed out by
     * {@code allocator}; an existing database keeps the allocator it was created with
     * ({@link #allocatorKind}).
     */
    public static Database open(Path file, TxOptions options, AllocatorKind allocator) throws SQLException {
        TxStore store;
        try {
            store = TxStore.open(file, options);
        } catch (NoSuchFileException e) {
            throw new SQLNonTransientConnectionException("database " + file + " does not exist", "08001", e);
        } catch (BStackLockedException e) {
            throw new SQLNonTransientConnectionException("database " + file + " is in use by another process: "
                    + e.getMessage(), "08001", e);
        } catch (BStackCorruptException e) {
            throw new SQLException("file " + file + " is not a BStack DB database, or is damaged: " + e.getMessage(),
                    "HY000", e);
        } catch (IOException e) {
            throw new SQLNonTransientConnectionException("cannot open database " + file + ": " + e, "08001", e);
        }
        try {
            return boot(file, store, options.pageSize(), allocator);
        } catch (SQLException | RuntimeException e) {
            try {
                store.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static Database boot(Path file, TxStore store, int pageSize, AllocatorKind kind) throws SQLException {
        try {
            try (ReadTx r = store.beginRead()) {
                if (r.len() > 0) {
                    return fromHeader(file, store, r);
                }
            }
            try (WriteTx tx = store.beginWrite(CREATE_WAIT)) {
                if (tx.len() > 0) { // another opener in this process created it meanwhile
                    return fromHeader(file, store, tx);
                }
                BStackAllocator alloc = kind.open(tx);
                if (kind == AllocatorKind.LINEAR) {
                    alloc.alloc(HEADER2_BYTES); // linear leaves no bytes to its user: the first region is the header
                }
                long root = Catalog.create(tx, alloc, pageSize).root();
                tx.set(HEADER_AT, kind == AllocatorKind.GHOSTTREE ? header(pageSize, root) : header2(kind, pageSize, root));
                tx.commit();
                store.flush(); // a created database is durable and visible, whatever the durability mode
                return new Database(file, store, pageSize, root, kind);
            }
        } catch (IOException e) {
            throw new SQLException("cannot read or create the catalog of " + file + ": " + e, "HY000", e);
        }
    }

    /** Format 1, GhostTree's 32 user bytes: "BStackDB", format, page size, catalog root, 'G'. */
    static byte[] header(int pageSize, long catalogRoot) {
        return ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN).put(MAGIC).putInt(1)
                .putInt(pageSize).putLong(catalogRoot).put(AllocatorKind.GHOSTTREE.code()).array();
    }

    /**
     * Format 2, for allocators that leave their user 16 bytes: "BSDB", format (u8, 2), allocator
     * kind (u8), log2 of the page size (u8), 0, catalog root (u64 LE).
     */
    static byte[] header2(AllocatorKind kind, int pageSize, long catalogRoot) {
        return ByteBuffer.allocate(HEADER2_BYTES).order(ByteOrder.LITTLE_ENDIAN).put(MAGIC2).put((byte) 2)
                .put(kind.code()).put((byte) Integer.numberOfTrailingZeros(pageSize)).put((byte) 0).putLong(catalogRoot)
                .array();
    }

    private static Database fromHeader(Path file, TxStore store, ByteStack view) throws IOException, SQLException {
        if (view.len() < HEADER_BYTES + 16) {
            throw notADatabase(file, "it holds " + view.len() + " bytes, too few for a database header");
        }
        ByteBuffer h = ByteBuffer.wrap(view.get(HEADER_AT, HEADER_AT + HEADER_BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[MAGIC.length];
        h.get(magic);
        int format;
        int pageSize;
        long root;
        AllocatorKind kind;
        if (Arrays.equals(magic, MAGIC)) {
            format = h.getInt();
            pageSize = h.getInt();
            root = h.getLong();
            kind = h.get() == AllocatorKind.GHOSTTREE.code() ? AllocatorKind.GHOSTTREE : null;
            if (format != 1) {
                throw notADatabase(file, "its format " + format + " is " + (format > FORMAT ? "newer than this version"
                        + " reads (" + FORMAT + ")" : "unknown"));
            }
        } else if (Arrays.equals(Arrays.copyOf(magic, MAGIC2.length), MAGIC2)) {
            h.position(MAGIC2.length);
            format = h.get();
            if (format > FORMAT || format < 2) {
                throw notADatabase(file, "its format " + format + " is " + (format > FORMAT ? "newer than this version"
                        + " reads (" + FORMAT + ")" : "unknown"));
            }
            kind = AllocatorKind.ofCode(h.get());
            int shift = h.get();
            pageSize = shift < 9 || shift > 16 ? 0 : 1 << shift;
            h.get();
            root = h.getLong();
            if (kind == AllocatorKind.GHOSTTREE) {
                kind = null; // GhostTree databases are written in format 1
            }
        } else {
            throw notADatabase(file, "no \"BStackDB\" header at offset " + HEADER_AT);
        }
        if (kind == null || Integer.bitCount(pageSize) != 1 || pageSize < 512 || pageSize > 65536
                || root < kind.arenaStart() || root > view.len() - pageSize) {
            throw notADatabase(file, "its header is damaged (page size " + pageSize + ", catalog at " + root
                    + ", allocator " + kind + ")");
        }
        return new Database(file, store, pageSize, root, kind);
    }

    private static SQLException notADatabase(Path file, String why) {
        return new SQLException("file " + file + " is not a BStack DB database: " + why, "HY000");
    }

    /** The query plans the sessions share. */
    io.bstack.sql.exec.PlanCache plans() {
        return plans;
    }

    /** The statement parsed earlier from {@code sql}, by any session, or null. */
    Session.Prepared parsed(String sql) {
        return parsed.get(sql);
    }

    /** Keeps {@code p} for later sessions that prepare the same text; returns it. */
    Session.Prepared parsed(Session.Prepared p) {
        if (parsed.size() >= MAX_PARSED) {
            parsed.clear(); // a workload of more distinct texts than this gains little from keeping them
        }
        parsed.putIfAbsent(p.sql(), p);
        return p;
    }

    /** The expression compiler with every function the class path registers (loaded once per database). */
    public ExpressionCompiler compiler() {
        return compiler;
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /**
     * The database's name, the catalog name {@code INFORMATION_SCHEMA} gives every object: the file's
     * name without its {@code .bstack} extension, upper-cased (as H2 does).
     */
    public String name() {
        String n = file.getFileName().toString();
        if (n.endsWith(".bstack")) {
            n = n.substring(0, n.length() - ".bstack".length());
        }
        return n.toUpperCase(Locale.ROOT);
    }

    /**
     * What {@code INFORMATION_SCHEMA} shows beside the catalog: this database's name and its open
     * sessions (each row one session's consistent state; the rows are taken one after another).
     */
    public SystemInfo systemInfo() {
        return systemInfo;
    }

    /**
     * The figures of {@code INFORMATION_SCHEMA.DATABASE_STATS}: the main file's and the WAL's size
     * on disk, the page size, the buffer pool's counters and the store's commit counters (with the
     * pages commits wrote straight to the main file instead of the WAL).
     */
    private Map<String, Long> statistics() {
        Map<String, Long> out = new LinkedHashMap<>();
        TxStats tx = store.stats();
        BufferPoolStats pool = store.poolStats();
        out.put("FILE_BYTES", sizeOnDisk(file));
        out.put("WAL_BYTES", sizeOnDisk(TxStore.walPath(file)));
        out.put("WAL_PAYLOAD_BYTES", tx.walBytes());
        out.put("PAGE_SIZE", (long) pageSize);
        out.put("BUFFER_POOL_HITS", pool.hits());
        out.put("BUFFER_POOL_MISSES", pool.misses());
        out.put("BUFFER_POOL_EVICTIONS", pool.evictions());
        out.put("BUFFER_POOL_RESIDENT_BYTES", pool.bytesResident());
        out.put("COMMITS", tx.commits());
        out.put("WAL_SYNCS", tx.syncs());
        out.put("CHECKPOINTS", tx.checkpoints());
        out.put("DIRECT_PAGES", tx.directPages());
        out.put("LIVE_SNAPSHOTS", (long) tx.liveSnapshots());
        out.put("PLAN_CACHE_HITS", plans.hits());
        out.put("PLAN_CACHE_MISSES", plans.misses());
        out.put("PLAN_CACHE_TEXTS", (long) plans.size());
        return out;
    }

    /** A file's size in bytes, or null when it cannot be read (gone, or no permission). */
    private static Long sizeOnDisk(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return null;
        }
    }

    /** Registers a new session: its activity, under the next session id (from 1). */
    SessionActivity openSession() {
        SessionActivity a = new SessionActivity(sessionIds.incrementAndGet());
        sessions.put(a.id(), a);
        return a;
    }

    /** A session closed: it leaves {@code INFORMATION_SCHEMA.SESSIONS}. */
    void closeSession(SessionActivity activity) {
        sessions.remove(activity.id());
    }

    /** The transactional store every session of this database uses. */
    public TxStore store() {
        return store;
    }

    /** The size of tree nodes (tables, indexes, the catalog). */
    public int pageSize() {
        return pageSize;
    }

    /** Where the catalog's system tree starts. */
    public long catalogRoot() {
        return catalogRoot;
    }

    /** The allocator a write transaction uses: opened over it, as every writer must. */
    public BStackAllocator allocator(WriteTx tx) throws IOException {
        return allocatorKind.open(tx);
    }

    /** The largest region SQL may allocate ({@code ALLOC}, {@code REALLOC}); 1 GiB by default. */
    public long maxRegionSize() {
        return maxRegionSize;
    }

    /**
     * Sets the largest region SQL may allocate; larger requests fail with {@code 22003}.
     *
     * @throws SQLException {@code 22023} unless {@code bytes} is positive
     */
    public void maxRegionSize(long bytes) throws SQLException {
        if (bytes <= 0) {
            throw new java.sql.SQLDataException("maxRegionSize must be positive, got " + bytes, "22023");
        }
        this.maxRegionSize = bytes;
    }

    /** The allocator this database was created with. */
    public AllocatorKind allocatorKind() {
        return allocatorKind;
    }

    /** The catalog as {@code view} sees it; {@code alloc} null for a read-only view. */
    public Catalog catalog(ByteStack view, BStackAllocator alloc) throws IOException {
        return Catalog.open(view, alloc, pageSize, catalogRoot);
    }

    /**
     * What {@code SHUTDOWN} does: {@code hook} (a driver closes its connections and then the
     * database); without one, {@link #close}.
     */
    public void onShutdown(ShutdownHook hook) {
        this.shutdownHook = hook;
    }

    /** Runs {@code SHUTDOWN}. */
    void shutdown() throws SQLException {
        ShutdownHook hook = shutdownHook;
        if (hook != null) {
            hook.shutdown(this);
        } else {
            close();
        }
    }

    /** What {@code SHUTDOWN} runs. */
    @FunctionalInterface
    public interface ShutdownHook {
        void shutdown(Database db) throws SQLException;
    }

    /** Closes the store: pushes what is queued, checkpoints, releases the file. */
    @Override
    public void close() throws SQLException {
        try {
            store.close();
        } catch (IOException e) {
            throw new SQLException("closing database " + file + " failed: " + e, "HY000", e);
        }
    }

    @Override
    public String toString() {
        return "Database[" + file + ", page " + pageSize + "]";
    }
}
