package io.bstack.jdbc;

import java.io.PrintWriter;
import java.io.Serial;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.ConnectionPoolDataSource;
import javax.sql.DataSource;
import javax.sql.PooledConnection;

/**
 * A {@link DataSource} (and {@link ConnectionPoolDataSource}) for BStack DB: a JavaBean with a
 * no-argument constructor and a setter per option, so pools configure it by class name and
 * properties (HikariCP's {@code dataSourceClassName} with {@code dataSource.url},
 * {@code dataSource.sync}, ...). {@link #setUrl} takes a {@code jdbc:bstack:} URL, or
 * {@link #setDatabaseName} a path or {@code mem:NAME}; the setters' options join the URL's.
 *
 * <p>Thread-safety: configure it first, then share it; connecting is safe from any thread.
 */
public class BStackDataSource implements DataSource, ConnectionPoolDataSource, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private String url;
    private final Properties options = new Properties();
    private int loginTimeout;
    private transient PrintWriter logWriter;

    public BStackDataSource() {
    }

    /** The database URL, {@code jdbc:bstack:...}. */
    public void setUrl(String url) {
        this.url = url;
    }

    public String getUrl() {
        return url;
    }

    /** H2's and HikariCP's other spelling of {@link #setUrl}. */
    public void setURL(String url) {
        setUrl(url);
    }

    public String getURL() {
        return url;
    }

    /** The database as a path or {@code mem:NAME}: the URL {@code jdbc:bstack:NAME}. */
    public void setDatabaseName(String name) {
        this.url = name == null ? null : ConnectionConfig.PREFIX + name;
    }

    public String getDatabaseName() {
        return url == null ? null : url.substring(ConnectionConfig.PREFIX.length());
    }

    private void set(Option o, String value) {
        if (value == null) {
            options.remove(o.key());
        } else {
            options.setProperty(o.key(), value);
        }
    }

    private String get(Option o) {
        return options.getProperty(o.key(), o.defaultValue());
    }

    public void setSync(String sync) {
        set(Option.SYNC, sync);
    }

    public String getSync() {
        return get(Option.SYNC);
    }

    /** The allocator of a database this data source creates: ghosttree, firstfit or segregated. */
    public void setAllocator(String allocator) {
        set(Option.ALLOCATOR, allocator);
    }

    public String getAllocator() {
        return get(Option.ALLOCATOR);
    }

    public void setPageSize(int bytes) {
        set(Option.PAGE_SIZE, Integer.toString(bytes));
    }

    public int getPageSize() {
        return Integer.parseInt(get(Option.PAGE_SIZE));
    }

    public void setCacheSize(int kib) {
        set(Option.CACHE_SIZE, Integer.toString(kib));
    }

    public int getCacheSize() {
        return Integer.parseInt(get(Option.CACHE_SIZE));
    }

    /** The largest region SQL may allocate ({@code ALLOC}, {@code REALLOC}), in bytes. */
    public void setMaxRegionSize(long bytes) {
        set(Option.MAX_REGION_SIZE, Long.toString(bytes));
    }

    public long getMaxRegionSize() {
        return Long.parseLong(get(Option.MAX_REGION_SIZE));
    }

    public void setLockTimeout(long millis) {
        set(Option.LOCK_TIMEOUT, Long.toString(millis));
    }

    public long getLockTimeout() {
        return Long.parseLong(get(Option.LOCK_TIMEOUT));
    }

    public void setReadOnly(boolean readOnly) {
        set(Option.READ_ONLY, Boolean.toString(readOnly));
    }

    public boolean isReadOnly() {
        return Boolean.parseBoolean(get(Option.READ_ONLY));
    }

    public void setCreateIfMissing(boolean create) {
        set(Option.CREATE_IF_MISSING, Boolean.toString(create));
    }

    public boolean isCreateIfMissing() {
        return Boolean.parseBoolean(get(Option.CREATE_IF_MISSING));
    }

    public void setCloseDelay(long millis) {
        set(Option.CLOSE_DELAY, Long.toString(millis));
    }

    public long getCloseDelay() {
        return Long.parseLong(get(Option.CLOSE_DELAY));
    }

    /**
     * The Java classes SQL on this data source's connections may name in {@code CREATE FUNCTION} /
     * {@code CREATE AGGREGATE} and call through stored user functions: class names and package
     * prefixes ending in {@code .*}, comma-separated (e.g. {@code com.example.Fns,com.example.util.*});
     * none by default.
     */
    public void setFunctionClasses(String classes) {
        set(Option.FUNCTION_CLASSES, classes);
    }

    public String getFunctionClasses() {
        return get(Option.FUNCTION_CLASSES);
    }

    /** Accepted and ignored: an embedded database has no accounts. */
    public void setUser(String user) {
        set(Option.USER, user);
    }

    public String getUser() {
        return options.getProperty(Option.USER.key());
    }

    /** Accepted and ignored: an embedded database has no accounts. */
    public void setPassword(String password) {
        set(Option.PASSWORD, password);
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (url == null) {
            throw new SQLException("no database set: call setUrl or setDatabaseName", "HY024");
        }
        Properties p = new Properties();
        p.putAll(options);
        return BStackConnection.open(ConnectionConfig.parse(url, p));
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PooledConnection getPooledConnection() throws SQLException {
        return new BStackPooledConnection(getConnection());
    }

    @Override
    public PooledConnection getPooledConnection(String user, String password) throws SQLException {
        return getPooledConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return Logger.getLogger("io.bstack.jdbc");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return SqlExceptions.unwrap(iface, this);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return SqlExceptions.wraps(iface, this);
    }
}
