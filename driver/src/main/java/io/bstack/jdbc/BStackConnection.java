package io.bstack.jdbc;

import io.bstack.sql.Session;
import io.bstack.sql.exec.StatementControl;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.ClientInfoStatus;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A connection: one engine {@link Session} on a {@link SharedDatabase}.
 *
 * <p>Transactions are snapshot-isolated with write-conflict detection, which gives serializable
 * executions: every isolation level asked for runs as {@link #TRANSACTION_SERIALIZABLE}, reported
 * as such (with a warning when a weaker one was asked). Results hold over commit by default
 * ({@link ResultSet#HOLD_CURSORS_OVER_COMMIT}: an open result of the transaction is read to its end
 * in memory before the commit); {@link ResultSet#CLOSE_CURSORS_AT_COMMIT} closes them.
 *
 * <p>Timeouts: {@link #setNetworkTimeout} bounds every call into the engine (a statement's
 * execution, each {@code next()}, a wait for the write lock); past it the call fails and the
 * connection is closed (SQLState {@code 08S01}), as JDBC says. A statement's query timeout bounds
 * each call likewise, failing with {@code HYT00} and leaving the connection usable.
 *
 * <p>Thread-safety: calls from several threads are serialised (one runs at a time);
 * {@link Statement#cancel}, {@link #abort}, {@link #isValid} and {@link #isClosed} never wait for them.
 */
final class BStackConnection implements Connection {
    private static final Set<String> CLIENT_INFO = Set.of("ApplicationName", "ClientUser", "ClientHostname");

    private final SharedDatabase shared;
    private final Session session;
    private final String url;
    private final ReentrantLock use = new ReentrantLock();
    private final Set<BStackStatement> statements = ConcurrentHashMap.newKeySet();
    private final Map<String, String> clientInfo = new ConcurrentHashMap<>();
    private final Warnings warnings = new Warnings();
    private volatile boolean closed;
    private volatile String closedWhy = "the connection is closed";
    private int holdability = ResultSet.HOLD_CURSORS_OVER_COMMIT;
    private volatile int networkTimeoutMillis;
    private int savepointIds;
    private Map<String, Class<?>> typeMap = new HashMap<>();

    private BStackConnection(ConnectionConfig config, SharedDatabase shared) throws SQLException {
        this.shared = shared;
        this.url = config.url();
        this.session = new Session(shared.db);
        session.lockTimeout(config.lockTimeout());
        session.functionClasses(config.functionClasses());
        if (config.readOnly()) {
            session.readOnly(true);
        }
    }

    /** Opens a connection to the database {@code config} names. */
    static BStackConnection open(ConnectionConfig config) throws SQLException {
        List<SQLWarning> warnings = new ArrayList<>();
        BStackConnection c = DatabaseRegistry.INSTANCE.attach(config, warnings, s -> new BStackConnection(config, s));
        warnings.forEach(c.warnings::add);
        return c;
    }

    // ---- internal API for statements and results ---------------------------------------------

    Session session() {
        return session;
    }

    SharedDatabase shared() {
        return shared;
    }

    String url() {
        return url;
    }

    /** Runs {@code work} alone on this connection (calls from other threads wait their turn). */
    <T> T locked(SqlWork<T> work) throws SQLException {
        use.lock();
        try {
            checkOpen();
            return work.run();
        } finally {
            use.unlock();
        }
    }

    /** A call into the engine under {@code control}: its limits restarted, its failures translated. */
    <T> T call(StatementControl control, long queryTimeoutMillis, SqlWork<T> work) throws SQLException {
        use.lock();
        try {
            checkOpen();
            long network = networkTimeoutMillis;
            boolean networkBinds = network > 0 && (queryTimeoutMillis == 0 || network <= queryTimeoutMillis);
            if (networkBinds) {
                control.limit(network, "network timeout " + network + " ms");
            } else {
                control.limit(queryTimeoutMillis, "query timeout " + queryTimeoutMillis + " ms");
            }
            control.restart();
            try {
                return work.run();
            } catch (SQLException e) {
                if (networkBinds && e instanceof SQLTimeoutException && control.expired()) {
                    closeBecause("the network timeout of " + network + " ms passed during a call; the connection"
                            + " was closed");
                    throw new SQLNonTransientConnectionException(closedWhy, "08S01", e);
                }
                throw SqlExceptions.translate(e);
            }
        } finally {
            use.unlock();
        }
    }

    /** What statements and results run. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run() throws SQLException;
    }

    void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLNonTransientConnectionException(closedWhy, "08003");
        }
    }

    void forget(BStackStatement statement) {
        statements.remove(statement);
    }

    /** Before a commit or rollback: results of the transaction are read into memory or closed. */
    void endingTransaction() throws SQLException {
        for (BStackStatement s : statements) {
            s.transactionEnding();
        }
    }

    /** Runs SQL of the connection's own (transaction control) through the engine. */
    private void control(SqlWork<Void> work) throws SQLException {
        locked(() -> {
            try {
                return work.run();
            } catch (SQLException e) {
                throw SqlExceptions.translate(e);
            }
        });
    }

    // ---- statements -----------------------------------------------------------------------------

    @Override
    public Statement createStatement() throws SQLException {
        return createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, holdability);
    }

    @Override
    public Statement createStatement(int type, int concurrency) throws SQLException {
        return createStatement(type, concurrency, holdability);
    }

    @Override
    public Statement createStatement(int type, int concurrency, int holdability) throws SQLException {
        checkOpen();
        BStackStatement s = new BStackStatement(this, ResultKind.of(type, concurrency, holdability, warnings));
        statements.add(s);
        return s;
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, holdability);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency) throws SQLException {
        return prepareStatement(sql, type, concurrency, holdability);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency, int holdability)
            throws SQLException {
        checkOpen();
        return prepare(sql, ResultKind.of(type, concurrency, holdability, warnings), KeyRequest.NONE);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        checkOpen();
        return prepare(sql, ResultKind.DEFAULT, KeyRequest.of(autoGeneratedKeys));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        checkOpen();
        return prepare(sql, ResultKind.DEFAULT, KeyRequest.of(columnIndexes));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        checkOpen();
        return prepare(sql, ResultKind.DEFAULT, KeyRequest.of(columnNames));
    }

    private PreparedStatement prepare(String sql, ResultKind kind, KeyRequest keys) throws SQLException {
        checkOpen();
        BStackPreparedStatement s = new BStackPreparedStatement(this, kind, nativeSQL(sql), keys);
        statements.add(s);
        return s;
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        return prepareCall(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, holdability);
    }

    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency) throws SQLException {
        return prepareCall(sql, type, concurrency, holdability);
    }

    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency, int holdability) throws SQLException {
        checkOpen();
        if (sql == null) {
            throw new SQLException("the SQL text is null", "HY009");
        }
        BStackCallableStatement s = new BStackCallableStatement(this, ResultKind.of(type, concurrency, holdability,
                warnings), sql);
        statements.add(s);
        return s;
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        checkOpen();
        if (sql == null) {
            throw new SQLException("the SQL text is null", "HY009");
        }
        return JdbcEscapes.translate(sql);
    }

    // ---- transactions ---------------------------------------------------------------------------

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        control(() -> {
            if (autoCommit && !session.autoCommit()) {
                endingTransaction();
            }
            session.autoCommit(autoCommit);
            return null;
        });
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        return session.autoCommit();
    }

    @Override
    public void commit() throws SQLException {
        control(() -> {
            if (session.autoCommit() && !session.inTransaction()) {
                return null; // nothing is pending: a no-op, as in H2 (pools and frameworks call it blindly)
            }
            endingTransaction();
            session.commit();
            return null;
        });
    }

    @Override
    public void rollback() throws SQLException {
        control(() -> {
            if (session.autoCommit() && !session.inTransaction()) {
                return null; // nothing is pending: a no-op
            }
            endingTransaction();
            session.rollback();
            return null;
        });
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        return locked(() -> {
            int id = ++savepointIds;
            BStackSavepoint sp = new BStackSavepoint(id, null);
            savepoint(sp);
            return sp;
        });
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        if (name == null) {
            throw new SQLException("the savepoint name is null", "HY009");
        }
        return locked(() -> {
            BStackSavepoint sp = new BStackSavepoint(0, name);
            savepoint(sp);
            return sp;
        });
    }

    private void savepoint(BStackSavepoint sp) throws SQLException {
        if (session.autoCommit()) {
            throw new SQLException("a savepoint needs a transaction: auto-commit is on", "3B001");
        }
        try {
            session.savepoint(sp.engineName());
        } catch (SQLException e) {
            throw SqlExceptions.translate(e);
        }
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        checkOpen();
        BStackSavepoint sp = savepointOf(savepoint);
        control(() -> {
            if (session.autoCommit()) {
                throw new SQLException("rollback to a savepoint in auto-commit mode", "3B001");
            }
            session.rollbackTo(sp.engineName());
            return null;
        });
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        checkOpen();
        BStackSavepoint sp = savepointOf(savepoint);
        control(() -> {
            session.release(sp.engineName());
            return null;
        });
    }

    private static BStackSavepoint savepointOf(Savepoint savepoint) throws SQLException {
        if (!(savepoint instanceof BStackSavepoint sp)) {
            throw new SQLException("not a savepoint of this driver: " + savepoint, "3B001");
        }
        return sp;
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        switch (level) {
            case TRANSACTION_READ_UNCOMMITTED, TRANSACTION_READ_COMMITTED, TRANSACTION_REPEATABLE_READ ->
                    warnings.add(new SQLWarning("isolation level " + level + " runs as SERIALIZABLE (snapshot"
                            + " isolation with write-conflict detection)", "01000"));
            case TRANSACTION_SERIALIZABLE -> {
                // what every transaction gets
            }
            default -> throw new SQLException("not an isolation level: " + level, "HY024");
        }
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        return TRANSACTION_SERIALIZABLE;
    }

    // ---- state ----------------------------------------------------------------------------------

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        control(() -> {
            if (!readOnly && Boolean.parseBoolean(shared.options.getOrDefault(Option.READ_ONLY, "false"))) {
                return null;
            }
            session.readOnly(readOnly);
            return null;
        });
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return session.readOnly();
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        checkOpen(); // one catalog per database: JDBC says a driver without others ignores this
    }

    @Override
    public String getCatalog() throws SQLException {
        checkOpen();
        return shared.name();
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        if (schema == null) {
            throw new SQLException("the schema is null", "HY009");
        }
        control(() -> {
            session.schema(schema);
            return null;
        });
    }

    @Override
    public String getSchema() throws SQLException {
        checkOpen();
        return session.schema();
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        checkOpen();
        if (holdability != ResultSet.HOLD_CURSORS_OVER_COMMIT && holdability != ResultSet.CLOSE_CURSORS_AT_COMMIT) {
            throw new SQLException("not a holdability: " + holdability, "HY024");
        }
        this.holdability = holdability;
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return holdability;
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        checkOpen();
        return typeMap;
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        checkOpen();
        if (map == null) {
            throw new SQLException("the type map is null", "HY009");
        }
        if (!map.isEmpty()) {
            throw new SQLFeatureNotSupportedException("user-defined types are not supported: the type map must be"
                    + " empty", "0A000");
        }
        this.typeMap = map;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return warnings.first();
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
        warnings.clear();
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkOpen();
        return new BStackDatabaseMetaData(this);
    }

    // ---- objects --------------------------------------------------------------------------------

    @Override
    public Clob createClob() throws SQLException {
        checkOpen();
        return new BStackClob();
    }

    @Override
    public Blob createBlob() throws SQLException {
        checkOpen();
        return new BStackBlob();
    }

    @Override
    public NClob createNClob() throws SQLException {
        checkOpen();
        return new BStackClob();
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        checkOpen();
        throw new SQLFeatureNotSupportedException("BStack DB has no XML type", "0A000");
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        checkOpen();
        throw new SQLFeatureNotSupportedException("BStack DB has no ARRAY type", "0A000");
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        checkOpen();
        throw new SQLFeatureNotSupportedException("BStack DB has no structured types", "0A000");
    }

    @Override
    public void setShardingKey(ShardingKey shardingKey, ShardingKey superShardingKey) throws SQLException {
        checkOpen();
        throw new SQLFeatureNotSupportedException("BStack DB is not sharded", "0A000");
    }

    @Override
    public void setShardingKey(ShardingKey shardingKey) throws SQLException {
        setShardingKey(shardingKey, null);
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey shardingKey, ShardingKey superShardingKey, int timeout)
            throws SQLException {
        setShardingKey(shardingKey, superShardingKey);
        return false;
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey shardingKey, int timeout) throws SQLException {
        setShardingKey(shardingKey, null);
        return false;
    }

    // ---- client info ----------------------------------------------------------------------------

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        if (closed) {
            throw new SQLClientInfoException(closedWhy, "08003", 0, Map.of(String.valueOf(name),
                    ClientInfoStatus.REASON_UNKNOWN));
        }
        if (name == null || !CLIENT_INFO.contains(name)) {
            throw new SQLClientInfoException("unknown client info property " + name + "; known are " + CLIENT_INFO,
                    "HY024", 0, Map.of(String.valueOf(name), ClientInfoStatus.REASON_UNKNOWN_PROPERTY));
        }
        if (value == null) {
            clientInfo.remove(name);
        } else {
            clientInfo.put(name, value);
        }
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        if (properties == null) {
            throw new SQLClientInfoException("the client info properties are null", "HY009", 0, Map.of());
        }
        Map<String, ClientInfoStatus> failed = new HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (!CLIENT_INFO.contains(name)) {
                failed.put(name, ClientInfoStatus.REASON_UNKNOWN_PROPERTY);
            }
        }
        if (closed || !failed.isEmpty()) {
            throw new SQLClientInfoException(closed ? closedWhy : "unknown client info properties " + failed.keySet(),
                    closed ? "08003" : "HY024", 0, failed);
        }
        clientInfo.clear();
        for (String name : properties.stringPropertyNames()) {
            clientInfo.put(name, properties.getProperty(name));
        }
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        checkOpen();
        if (name == null) {
            throw new SQLException("the client info property name is null", "HY009");
        }
        return clientInfo.get(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        checkOpen();
        Properties p = new Properties();
        p.putAll(clientInfo);
        return p;
    }

    // ---- life -----------------------------------------------------------------------------------

    @Override
    public boolean isValid(int timeout) throws SQLException {
        if (timeout < 0) {
            throw new SQLException("the timeout is negative: " + timeout, "HY024");
        }
        return !closed && !shared.closed;
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        checkOpen();
        if (executor == null) {
            throw new SQLException("the executor is null", "HY009");
        }
        if (milliseconds < 0) {
            throw new SQLException("the network timeout is negative: " + milliseconds, "HY024");
        }
        this.networkTimeoutMillis = milliseconds;
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        checkOpen();
        return networkTimeoutMillis;
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        if (executor == null) {
            throw new SQLException("the executor is null", "HY009");
        }
        if (closed) {
            return;
        }
        closed = true;
        closedWhy = "the connection was aborted";
        for (BStackStatement s : statements) {
            s.cancelQuietly();
        }
        executor.execute(this::release);
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        for (BStackStatement s : statements) {
            s.cancelQuietly();
        }
        release();
    }

    /** Closes without the caller's lock (SHUTDOWN from another connection, JVM exit). */
    void closeAfterShutdown() {
        closedWhy = "the database was shut down";
        closed = true;
        for (BStackStatement s : statements) {
            s.cancelQuietly();
        }
        release();
    }

    private void closeBecause(String why) {
        closedWhy = why;
        closed = true;
        release();
    }

    /** Rolls back what is pending, closes statements and the session, leaves the database. */
    private void release() {
        use.lock();
        try {
            for (BStackStatement s : new ArrayList<>(statements)) {
                s.closeQuietly();
            }
            statements.clear();
            session.close(); // rolls back pending work
        } finally {
            use.unlock();
            DatabaseRegistry.INSTANCE.detach(shared, this);
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return SqlExceptions.unwrap(iface, this);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return SqlExceptions.wraps(iface, this);
    }

    @Override
    public String toString() {
        return "BStackConnection[" + url + (closed ? ", closed" : "") + "]";
    }
}
