package io.bstack.sql;

import io.bstack.alloc.BStackAllocator;
import io.bstack.sql.ast.Query;
import io.bstack.sql.ast.SelectItem;
import io.bstack.sql.ast.Statement;
import io.bstack.sql.exec.GeneratedKeys;
import io.bstack.sql.exec.StatementControl;
import io.bstack.sql.exec.DdlExecutor;
import io.bstack.sql.exec.Executors;
import io.bstack.sql.exec.QueryResult;
import io.bstack.sql.eval.ExpressionCompiler;
import io.bstack.sql.function.FunctionClassAllowlist;
import io.bstack.sql.routine.UserRoutines;
import io.bstack.sql.parse.Parser;
import io.bstack.stack.ByteStack;
import io.bstack.tx.Durability;
import io.bstack.tx.ReadTx;
import io.bstack.tx.Savepoint;
import io.bstack.tx.TxAbortedException;
import io.bstack.tx.TxLockTimeoutException;
import io.bstack.tx.WriteTx;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One connection's transaction state over a {@link Database}: auto-commit (each statement its own
 * transaction) or an explicit transaction from {@link #begin} to {@link #commit} or
 * {@link #rollback}, with named savepoints.
 *
 * <p>Isolation: snapshot. A transaction reads the state as of its first statement (a read
 * snapshot that never blocks anyone); its first write takes the database's single write lock, and
 * if another session committed since the snapshot, the transaction is rolled back with SQLState
 * {@code 40001} (serialization failure) rather than writing over a state it did not read. A snapshot
 * includes every commit made before it, in every durability mode: under {@code NORMAL} the store's
 * queued commits are pushed first (one sync, only when some are queued; {@code OFF} pushes them
 * without syncing).
 *
 * <p>Errors: waiting longer than the lock timeout for the write lock is {@code HYT00}; a
 * transaction the store aborted (a failed WAL push under it) is {@code 40001}; I/O failures are
 * {@code HY000}. Not thread-safe: one thread at a time, like a JDBC connection.
 */
public final class Session implements AutoCloseable {

    /** What a statement does with the view it is given. */
    @FunctionalInterface
    public interface Work<T> {
        T run(ByteStack view, BStackAllocator alloc) throws IOException, SQLException;
    }

    private final Database db;
    private Duration lockTimeout = Duration.ofSeconds(10);
    private boolean autoCommit = true;
    private boolean explicit;
    private ReadTx snapshot;
    private WriteTx write;
    private BStackAllocator alloc;
    private final Map<String, Savepoint> savepoints = new LinkedHashMap<>();
    private boolean closed;
    private String schema = io.bstack.btree.Catalog.DEFAULT_SCHEMA;
    private volatile StatementControl running;
    private final SessionActivity activity;
    private boolean readOnly;
    private FunctionClassAllowlist functionClasses = FunctionClassAllowlist.NONE;
    private final Object lockWait = new Object();
    private Thread lockWaiter; // guarded by lockWait: the thread waiting for the write lock

    public Session(Database db) {
        this.db = Objects.requireNonNull(db, "db");
        this.activity = db.openSession();
    }

    public Database database() {
        return db;
    }

    /** Whether this session refuses every write ({@code 25006}); it still reads. */
    public void readOnly(boolean on) throws SQLException {
        ensureOpen();
        if (on && write != null) {
            throw new SQLException("the transaction has written: commit or roll back before making the session"
                    + " read-only", "25001");
        }
        readOnly = on;
    }

    public boolean readOnly() {
        return readOnly;
    }

    /**
     * The Java classes this session's SQL may name in {@code CREATE FUNCTION}/{@code CREATE AGGREGATE}
     * and call through stored user functions ({@link FunctionClassAllowlist#NONE} by default). A
     * function stored by another session whose class this list does not cover fails here when
     * called ({@code 42501}).
     */
    public void functionClasses(FunctionClassAllowlist allowed) {
        this.functionClasses = Objects.requireNonNull(allowed, "allowed");
    }

    public FunctionClassAllowlist functionClasses() {
        return functionClasses;
    }

    /** The compiler of a statement reading {@code view}: the database's functions and its stored user functions. */
    private ExpressionCompiler compiler(ByteStack view) {
        return db.compiler().withRoutines(new UserRoutines(() -> db.catalog(view, null), functionClasses));
    }

    /** How long a write waits for another session's transaction to end. */
    public void lockTimeout(Duration timeout) {
        this.lockTimeout = Objects.requireNonNull(timeout, "timeout");
    }

    public boolean autoCommit() {
        return autoCommit;
    }

    /** Turning auto-commit on commits the open transaction, as JDBC says. */
    public void autoCommit(boolean on) throws SQLException {
        ensureOpen();
        if (on && !autoCommit) {
            commit();
        }
        autoCommit = on;
    }

    /** Whether a transaction is open (explicit, or implicit with auto-commit off). */
    public boolean inTransaction() {
        return snapshot != null || write != null;
    }

    /**
     * A statement parsed once, to run any number of times; {@code whole} tells whether it is all of
     * {@code sql} (false for one statement of a script): only then is its plan kept by that text.
     */
    public record Prepared(String sql, Statement statement, int parameterCount, boolean whole) {
        public Prepared {
            Objects.requireNonNull(sql, "sql");
            Objects.requireNonNull(statement, "statement");
        }

        /** Whether running it gives rows (a query, EXPLAIN of one, CALL) rather than an update count. */
        public boolean returnsRows() {
            return statement instanceof Statement.QueryStatement || statement instanceof Statement.Call
                    || statement instanceof Statement.Explain e && e.statement() instanceof Statement.QueryStatement;
        }
    }

    /**
     * What running a statement gave: rows (a query; {@code updateCount} -1) or an update count (0 for
     * DDL and transaction control), and for an INSERT asked for them, its generated keys.
     */
    public record Outcome(long updateCount, QueryResult rows, QueryResult generatedKeys) {}

    /**
     * Parses one statement ({@code 42000} and the position when it is not valid SQL). Parsed
     * statements are shared by every session of the database, by SQL text: a statement prepared
     * again, on any connection, is not parsed again.
     */
    public Prepared prepare(String sql) throws SQLException {
        ensureOpen();
        Objects.requireNonNull(sql, "sql");
        try {
            Prepared known = db.parsed(sql);
            if (known != null) {
                return known;
            }
            return db.parsed(new Prepared(sql, Parser.parse(sql), Parser.parameterCount(sql), true));
        } catch (RuntimeException e) {
            throw internal(sql, e);
        }
    }

    /** Parses a script of statements separated by {@code ;}; none runs if any is invalid. */
    public List<Prepared> prepareScript(String sql) throws SQLException {
        ensureOpen();
        Objects.requireNonNull(sql, "sql");
        try {
            List<Prepared> out = new java.util.ArrayList<>();
            for (Statement st : Parser.parseStatements(sql)) {
                out.add(new Prepared(sql, st, 0, false));
            }
            return out;
        } catch (RuntimeException e) {
            throw internal(sql, e);
        }
    }

    /**
     * Runs one SQL statement that returns no rows and gives its update count (0 for DDL and
     * transaction control); queries go through {@link #query}.
     */
    public int execute(String sql) throws SQLException {
        return execute(sql, List.of());
    }

    /** {@link #execute(String)} with values for the statement's {@code ?} parameters, in order. */
    public int execute(String sql, List<?> parameters) throws SQLException {
        Prepared p = prepare(sql);
        if (p.returnsRows()) {
            throw new SQLException("a query returns rows: run it with query()", "07003");
        }
        return (int) run(p, parameters, StatementControl.NONE, null).updateCount();
    }

    /**
     * Runs a query and returns its rows, which stream until the result is closed. In auto-commit the
     * result reads its own snapshot (closed with it); in a transaction, the transaction's view.
     * {@code EXPLAIN query} returns one row: the plan (column {@code PLAN}).
     */
    public QueryResult query(String sql) throws SQLException {
        return query(sql, List.of());
    }

    /** {@link #query(String)} with values for the query's {@code ?} parameters, in order. */
    public QueryResult query(String sql, List<?> parameters) throws SQLException {
        Prepared p = prepare(sql);
        if (!p.returnsRows()) {
            throw new SQLException("not a query: " + sql, "07003");
        }
        return run(p, parameters, StatementControl.NONE, null).rows();
    }

    /**
     * Runs {@code p} with these parameter values under {@code control} (cancel and deadline; its
     * deadline also bounds the wait for the write lock). {@code keys}, when not null, asks an INSERT
     * for its generated keys (other statements give none).
     */
    public Outcome run(Prepared p, List<?> parameters, StatementControl control, GeneratedKeys keys)
            throws SQLException {
        ensureOpen();
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(control, "control");
        StatementControl.Scope scope = StatementControl.enter(control);
        activity.started(p.sql());
        try {
            control.check();
            control.checkDeadline();
            running = control;
            return run0(p.whole() ? p.sql() : null, p.statement(), parameters, keys);
        } catch (RuntimeException e) {
            throw internal(p.sql(), e);
        } finally {
            running = null;
            scope.close();
            activity.finished(explicit || inTransaction());
        }
    }

    /**
     * A failure no rule of this engine foresaw: reported as {@code HY000} naming the statement, never
     * as an unchecked exception (the statement was undone before it got here).
     */
    static SQLException internal(String sql, RuntimeException e) {
        return new SQLException("internal error running \"" + sql + "\": " + e, "HY000", e);
    }

    /** Runs {@code st}, parsed from {@code sql} (null: a statement of a script, whose plans are not kept). */
    private Outcome run0(String sql, Statement st, List<?> parameters, GeneratedKeys keys) throws SQLException {
        switch (st) {
            case Statement.QueryStatement q -> {
                return new Outcome(-1, select(sql, q.query(), parameters, false), null);
            }
            case Statement.Explain e when e.statement() instanceof Statement.QueryStatement q -> {
                return new Outcome(-1, select(null, q.query(), parameters, true), null);
            }
            case Statement.Call c -> {
                Query.Select one = new Query.Select(false, List.of(new SelectItem.Column(c.expression(), null)),
                        List.of(), null, List.of(), null);
                return new Outcome(-1, select(sql, one, parameters, false), null);
            }
            case Statement.Begin b -> begin();
            case Statement.Commit c -> commit();
            case Statement.Rollback r -> {
                if (r.savepoint() == null) {
                    rollback();
                } else {
                    rollbackTo(r.savepoint());
                }
            }
            case Statement.Savepoint sp -> savepoint(sp.name());
            case Statement.ReleaseSavepoint r -> release(r.name());
            case Statement.SetTransactionIsolation i -> {
                // every level is met by snapshot isolation with write-conflict detection
            }
            case Statement.SetSchema s -> schema(s.name());
            case Statement.Shutdown s -> {
                rollback();
                db.shutdown();
            }
            case Statement.Insert insert when sql != null -> {
                Executors.Inserted done = write((view, alloc) -> db.plans().insert(sql, db.catalog(view, alloc), schema,
                        compiler(view), functionClasses, parameters, insert, keys, db.systemInfo()));
                return new Outcome(done.count(), null, done.keys());
            }
            case Statement.Insert insert when keys != null -> {
                Executors.Inserted done = write((view, alloc) -> Executors.insert(db.catalog(view, alloc), schema,
                        compiler(view), parameters, insert, keys, db.systemInfo()));
                return new Outcome(done.count(), null, done.keys());
            }
            case Statement.Insert insert -> {
                return new Outcome(write((view, alloc) -> Executors.insert(db.catalog(view, alloc), schema,
                        compiler(view), parameters, insert, db.systemInfo())), null, null);
            }
            case Statement.Update u when sql != null -> {
                return new Outcome(changeKept(sql, u, parameters), null, null);
            }
            case Statement.Delete d when sql != null -> {
                return new Outcome(changeKept(sql, d, parameters), null, null);
            }
            case Statement.Merge m when sql != null -> {
                return new Outcome(changeKept(sql, m, parameters), null, null);
            }
            case Statement.Update update -> {
                return new Outcome(write((view, alloc) -> Executors.update(db.catalog(view, alloc), schema,
                        compiler(view), parameters, update, db.systemInfo())), null, null);
            }
            case Statement.Delete delete -> {
                return new Outcome(write((view, alloc) -> Executors.delete(db.catalog(view, alloc), schema,
                        compiler(view), parameters, delete, db.systemInfo())), null, null);
            }
            case Statement.Merge merge -> {
                return new Outcome(write((view, alloc) -> Executors.merge(db.catalog(view, alloc), schema,
                        compiler(view), parameters, merge, db.systemInfo())), null, null);
            }
            case Statement.CreateFunction f -> write((view, alloc) -> {
                UserRoutines.create(db.catalog(view, alloc), f, db.compiler().functions(), functionClasses);
                return null;
            });
            case Statement.DropFunction f -> write((view, alloc) -> {
                UserRoutines.drop(db.catalog(view, alloc), f);
                return null;
            });
            default -> {
                if (!DdlExecutor.handles(st)) {
                    throw new SQLFeatureNotSupportedException(st.getClass().getSimpleName()
                            + " statements are not executed by this version yet", "0A000");
                }
                write((view, alloc) -> {
                    new DdlExecutor(db.catalog(view, alloc), schema, compiler(view)).execute(st);
                    return null;
                });
            }
        }
        return new Outcome(0, null, null);
    }

    /** Runs UPDATE, DELETE or MERGE {@code st}, parsed from {@code sql}, with the plan the database keeps for it. */
    private int changeKept(String sql, Statement st, List<?> parameters) throws SQLException {
        return write((view, alloc) -> db.plans().change(sql, db.catalog(view, alloc), schema, compiler(view),
                functionClasses, parameters, st, db.systemInfo()));
    }

    /**
     * Runs (or, {@code explain}, explains) {@code query}, parsed from {@code sql}: with the plan the
     * database keeps for that text when it can ({@link io.bstack.sql.exec.PlanCache}); a null
     * {@code sql} plans anew.
     */
    private QueryResult select(String sql, Query query, List<?> parameters, boolean explain) throws SQLException {
        if (!explain && io.bstack.sql.exec.FunctionUse.writesRemembered(query, db.compiler().functions())) {
            // a query calling ALLOC and the like changes the database: a writing statement, computed here
            return write((view, alloc) -> Executors.selectAll(db.catalog(view, alloc), schema, db.compiler(),
                    parameters, query, db.systemInfo()));
        }
        try {
            if (inTransactionMode()) {
                ByteStack view = write != null ? write : snapshot();
                return explain ? Executors.explain(db.catalog(view, null), schema, compiler(view), parameters, query, () -> { }, db.systemInfo())
                        : sql != null ? db.plans().select(sql, db.catalog(view, null), schema, compiler(view), functionClasses,
                                parameters, query, () -> { }, db.systemInfo())
                        : Executors.select(db.catalog(view, null), schema, compiler(view), parameters, query, () -> { }, db.systemInfo());
            }
            ReadTx own = openSnapshot();
            try {
                return explain ? Executors.explain(db.catalog(own, null), schema, compiler(own), parameters, query, own::close, db.systemInfo())
                        : sql != null ? db.plans().select(sql, db.catalog(own, null), schema, compiler(own), functionClasses,
                                parameters, query, own::close, db.systemInfo())
                        : Executors.select(db.catalog(own, null), schema, compiler(own), parameters, query, own::close, db.systemInfo());
            } catch (SQLException | IOException | RuntimeException e) {
                own.close();
                throw e;
            }
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /**
     * Cancels the statement running under {@code control}: it stops at its next row, or, while it
     * waits for the write lock, at once. Safe from any thread.
     */
    public void cancel(StatementControl control) {
        control.cancel();
        synchronized (lockWait) {
            if (lockWaiter != null && running == control) {
                lockWaiter.interrupt();
            }
        }
    }

    /**
     * {@code SET SCHEMA}: unqualified names resolve in {@code name} from now on ({@code 3F000} when
     * there is no such schema).
     */
    public void schema(String name) throws SQLException {
        ensureOpen();
        Objects.requireNonNull(name, "name");
        boolean exists = read((view, alloc) -> db.catalog(view, alloc).schemas().contains(name));
        if (!exists) {
            throw new SQLException("schema " + name + " does not exist", "3F000");
        }
        schema = name;
    }

    /** The schema unqualified names resolve in. */
    public String schema() {
        return schema;
    }

    /** {@code BEGIN} / {@code START TRANSACTION}: statements run in one transaction until commit or rollback. */
    public void begin() throws SQLException {
        ensureOpen();
        if (explicit) {
            return; // as H2: BEGIN inside a transaction keeps it
        }
        if (autoCommit) {
            commit(); // nothing should be open, but never leave a half state
        }
        explicit = true;
        activity.inTransaction(true);
    }

    /** Runs a statement that only reads. */
    public <T> T read(Work<T> work) throws SQLException {
        ensureOpen();
        boolean single = !inTransactionMode();
        try {
            ByteStack view = write != null ? write : snapshot();
            return work.run(view, write != null ? alloc : null);
        } catch (IOException e) {
            throw failed(e);
        } finally {
            if (single) {
                endSnapshot();
            }
        }
    }

    /** Runs a statement that writes: all of it or, on any error, none of it. */
    public <T> T write(Work<T> work) throws SQLException {
        ensureOpen();
        boolean single = !inTransactionMode();
        writeTx();
        Savepoint statement;
        try {
            statement = write.savepoint();
        } catch (IOException e) {
            throw failed(e);
        }
        try {
            T result = work.run(write, alloc);
            write.release(statement);
            if (single) {
                commit();
            }
            return result;
        } catch (IOException e) {
            undoStatement(statement, single);
            throw failed(e);
        } catch (SQLException | RuntimeException e) {
            undoStatement(statement, single);
            throw e;
        }
    }

    private void undoStatement(Savepoint statement, boolean single) throws SQLException {
        if (single || write == null || !write.isActive()) {
            rollback();
            return;
        }
        write.rollbackTo(statement);
        try {
            write.release(statement);
        } catch (IOException e) {
            rollback(); // the statement's undo could not finish: the transaction goes with it
            throw failed(e);
        }
        reopenAllocator();
    }

    private boolean inTransactionMode() {
        return explicit || !autoCommit;
    }

    private ReadTx snapshot() throws SQLException {
        if (snapshot == null) {
            snapshot = openSnapshot();
        }
        return snapshot;
    }

    private ReadTx openSnapshot() throws SQLException {
        try {
            if (db.store().options().durability() == Durability.NORMAL) {
                db.store().flush(); // commits NORMAL has not pushed yet are committed: readers see them
            }
            return db.store().beginRead();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private void writeTx() throws SQLException {
        if (write != null) {
            return;
        }
        if (readOnly) {
            throw new SQLException("the session is read-only: it cannot write", "25006");
        }
        WriteTx tx;
        StatementControl control = running == null ? StatementControl.NONE : running;
        Duration wait = lockTimeout;
        if (control.remainingNanos() < wait.toNanos()) {
            wait = Duration.ofNanos(control.remainingNanos());
        }
        synchronized (lockWait) {
            lockWaiter = Thread.currentThread();
        }
        activity.waitingForWriter(true);
        try {
            tx = db.store().beginWrite(wait);
        } catch (TxLockTimeoutException e) {
            control.checkDeadline();
            throw new SQLTimeoutException("timed out after " + lockTimeout.toMillis() + " ms waiting for another"
                    + " transaction's write lock on " + db.file() + ": " + e.getMessage(), "HYT00", e);
        } catch (java.io.InterruptedIOException e) {
            if (control.cancelled()) {
                Thread.interrupted(); // the interrupt was ours: the caller's thread keeps no trace of it
                throw new SQLException("the statement was cancelled while waiting for the write lock", "HY008", e);
            }
            throw failed(e);
        } catch (IOException e) {
            throw failed(e);
        } finally {
            synchronized (lockWait) {
                lockWaiter = null;
            }
            activity.waitingForWriter(false);
        }
        if (snapshot != null && snapshot.snapshotSeq() != tx.baseSeq()) {
            tx.rollback();
            long seen = snapshot.snapshotSeq();
            rollback();
            throw new SQLTransactionRollbackException("another transaction committed since this one began (it read"
                    + " commit " + seen + "); the transaction was rolled back: retry it", "40001");
        }
        write = tx;
        activity.writer(true);
        endSnapshot();
        try {
            alloc = db.allocator(tx);
        } catch (IOException e) {
            rollback();
            throw failed(e);
        }
    }

    private void reopenAllocator() throws SQLException {
        try {
            alloc = db.allocator(write);
        } catch (IOException e) {
            rollback();
            throw failed(e);
        }
    }

    /** Commits the open transaction (nothing to do without one) and leaves explicit mode. */
    public void commit() throws SQLException {
        ensureOpen();
        explicit = false;
        savepoints.clear();
        endSnapshot();
        activity.inTransaction(false);
        if (write == null) {
            return;
        }
        WriteTx tx = write;
        write = null;
        alloc = null;
        activity.writer(false);
        try {
            tx.commit();
        } catch (TxAbortedException e) {
            throw new SQLTransactionRollbackException("the transaction was rolled back: " + e.getMessage(), "40001", e);
        } catch (IOException e) {
            throw failed(e);
        } finally {
            tx.close();
        }
    }

    /** Discards the open transaction and leaves explicit mode. */
    public void rollback() {
        explicit = false;
        savepoints.clear();
        endSnapshot();
        if (write != null) {
            write.close();
            write = null;
            alloc = null;
        }
        activity.writer(false);
        activity.inTransaction(false);
    }

    /** {@code SAVEPOINT name}: a point to roll back to inside the transaction (replacing one of that name). */
    public void savepoint(String name) throws SQLException {
        ensureOpen();
        if (!inTransactionMode()) {
            throw new SQLException("SAVEPOINT " + name + " outside a transaction (auto-commit is on)", "3B001");
        }
        writeTx();
        try {
            savepoints.remove(name);
            savepoints.put(name, write.savepoint());
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** {@code ROLLBACK TO SAVEPOINT name}: undoes what came after it; the savepoint stays. */
    public void rollbackTo(String name) throws SQLException {
        Savepoint sp = savepoint0(name);
        write.rollbackTo(sp);
        boolean later = false;
        for (var it = savepoints.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (later) {
                it.remove();
            }
            later |= e.getKey().equals(name);
        }
        reopenAllocator();
    }

    /** {@code RELEASE SAVEPOINT name}: forgets it (and later ones), keeping their changes. */
    public void release(String name) throws SQLException {
        Savepoint sp = savepoint0(name);
        try {
            write.release(sp);
        } catch (IOException e) {
            throw failed(e);
        }
        boolean from = false;
        for (var it = savepoints.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            from |= e.getKey().equals(name);
            if (from) {
                it.remove();
            }
        }
    }

    private Savepoint savepoint0(String name) throws SQLException {
        ensureOpen();
        Savepoint sp = savepoints.get(name);
        if (sp == null || write == null) {
            throw new SQLException("savepoint " + name + " does not exist", "3B001");
        }
        return sp;
    }

    private void endSnapshot() {
        if (snapshot != null) {
            snapshot.close();
            snapshot = null;
        }
    }

    private SQLException failed(IOException e) {
        if (e instanceof TxAbortedException) {
            rollback();
            return new SQLTransactionRollbackException("the transaction was rolled back: " + e.getMessage(), "40001", e);
        }
        if (e instanceof io.bstack.btree.KeyTooLongException) {
            return new SQLException(e.getMessage() + ": keep keys (primary key and indexed columns) shorter, or use a"
                    + " larger pageSize", "54000", e);
        }
        if (e instanceof io.bstack.btree.LobStreamException) {
            return new SQLException(e.getMessage(), "22023", e); // a bound stream broke or fell short
        }
        return new SQLException("I/O error on " + db.file() + ": " + e, "HY000", e);
    }

    private void ensureOpen() throws SQLException {
        if (closed) {
            throw new SQLException("the session is closed", "08003");
        }
    }

    /** Rolls back what is open and ends the session; the database stays open. */
    @Override
    public void close() {
        if (!closed) {
            rollback();
            closed = true;
            db.closeSession(activity);
        }
    }
}
