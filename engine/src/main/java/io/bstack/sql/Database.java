package io.bstack.sql;

import io.bstack.alloc.BStackAllocator;
import io.bstack.alloc.GhostTreeAllocator;
import io.bstack.btree.Catalog;
import io.bstack.sql.eval.ExpressionCompiler;
import io.bstack.sql.exec.SessionInfo;
import io.bstack.sql.exec.SystemInfo;
import io.bstack.stack.BStackCorruptException;
import io.bstack.stack.BStackLockedException;
import io.bstack.stack.ByteStack;
import io.bstack.tx.ReadTx;
import io.bstack.tx.TxOptions;
import io.bstack.tx.TxStore;
import io.bstack.tx.WriteTx;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A BStack DB database: one file in the BStack format (its WAL beside it) holding the catalog and
 * every table and index, shared by all sessions that open it.
 *
 * <p>Layout (as {@code ARCHITECTURE.md} has it): a {@link GhostTreeAllocator} hands out the regions
 * of the transactional stack, and the first {@value #HEADER_BYTES} bytes of its header, which the
 * allocator leaves to its user, are the database superblock, written when the file is created:
 * {@code "BStackDB"}, the format version (u32 LE), the page size of tree nodes (u32 LE), the
 * catalog's root (u64 LE), the allocator kind (one byte, {@code 'G'} for GhostTree), zeros. Every
 * region belongs to the catalog and the trees it names.
 *
 * <p>Errors: a file that cannot be opened (missing while {@code createIfMissing} is off, locked by
 * another process, unreadable) is a {@link SQLNonTransientConnectionException} with SQLState
 * {@code 08001}; a file that is not a BStack DB database, or whose header is damaged or of a newer
 * format, is a {@link SQLException} with SQLState {@code HY000} naming the file and what is wrong.
 *
 * <p>Thread-safety: safe to share; sessions run their own transactions on its store.
 */
public final class Database implements AutoCloseable {

    /** The format this version writes and reads. */
    public static final int FORMAT = 1;
    /** Where the superblock lives: the allocator header's user-reserved bytes. */
    static final long HEADER_AT = 0;
    static final int HEADER_BYTES = 32;
    /** Where GhostTree's arena starts: no region lies below. */
    private static final long ARENA_START = 48;
    private static final byte GHOST_TREE = 'G';
    private static final byte[] MAGIC = "BStackDB".getBytes(StandardCharsets.US_ASCII);
    private static final Duration CREATE_WAIT = Duration.ofSeconds(10);

    private final Path file;
    private final TxStore store;
    private final int pageSize;
    private final long catalogRoot;
    private final ExpressionCompiler compiler = ExpressionCompiler.standard();
    private volatile ShutdownHook shutdownHook;
    /** Statements parsed by any session, by SQL text (immutable syntax trees, shared). */
    private final java.util.concurrent.ConcurrentHashMap<String, Session.Prepared> parsed =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_PARSED = 2048;
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
    };

    private Database(Path file, TxStore store, int pageSize, long catalogRoot) {
        this.file = file;
        this.store = store;
        this.pageSize = pageSize;
        this.catalogRoot = catalogRoot;
    }

    /** Opens the database in {@code file}, creating it (with an empty catalog) when missing. */
    public static Database open(Path file, TxOptions options) throws SQLException {
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
            return boot(file, store, options.pageSize());
        } catch (SQLException | RuntimeException e) {
            try {
                store.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static Database boot(Path file, TxStore store, int pageSize) throws SQLException {
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
                BStackAllocator alloc = new GhostTreeAllocator(tx);
                long root = Catalog.create(tx, alloc, pageSize).root();
                tx.set(HEADER_AT, header(pageSize, root));
                tx.commit();
                store.flush(); // a created database is durable and visible, whatever the durability mode
                return new Database(file, store, pageSize, root);
            }
        } catch (IOException e) {
            throw new SQLException("cannot read or create the catalog of " + file + ": " + e, "HY000", e);
        }
    }

    static byte[] header(int pageSize, long catalogRoot) {
        return ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN).put(MAGIC).putInt(FORMAT)
                .putInt(pageSize).putLong(catalogRoot).put(GHOST_TREE).array();
    }

    private static Database fromHeader(Path file, TxStore store, ByteStack view) throws IOException, SQLException {
        if (view.len() < ARENA_START) {
            throw notADatabase(file, "it holds " + view.len() + " bytes, too few for a database header");
        }
        ByteBuffer h = ByteBuffer.wrap(view.get(HEADER_AT, HEADER_AT + HEADER_BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[MAGIC.length];
        h.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw notADatabase(file, "no \"BStackDB\" header at offset " + HEADER_AT);
        }
        int format = h.getInt();
        if (format > FORMAT) {
            throw notADatabase(file, "its format " + format + " is newer than this version reads (" + FORMAT + ")");
        }
        int pageSize = h.getInt();
        long root = h.getLong();
        byte allocator = h.get();
        if (Integer.bitCount(pageSize) != 1 || pageSize < 512 || pageSize > 65536 || root < ARENA_START
                || root > view.len() - pageSize || allocator != GHOST_TREE) {
            throw notADatabase(file, "its header is damaged (page size " + pageSize + ", catalog at " + root
                    + ", allocator kind " + allocator + ")");
        }
        return new Database(file, store, pageSize, root);
    }

    private static SQLException notADatabase(Path file, String why) {
        return new SQLException("file " + file + " is not a BStack DB database: " + why, "HY000");
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
        return new GhostTreeAllocator(tx);
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
