package io.bstack.jdbc;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The JDBC driver for {@code jdbc:bstack:} URLs, registered with {@link DriverManager} when loaded
 * (through {@code META-INF/services/java.sql.Driver}). See {@link ConnectionConfig} for URLs and
 * {@link Option} for their options; {@link #getPropertyInfo} lists every option with its default
 * and what it does. Other URLs give {@code null} from {@link #connect}, as JDBC asks.
 *
 * <p>Thread-safety: safe from any thread.
 */
public final class BStackDriver implements Driver {
    /** The driver's major version ({@link DriverVersion#MAJOR}). */
    public static final int MAJOR = DriverVersion.MAJOR;
    /** The driver's minor version ({@link DriverVersion#MINOR}). */
    public static final int MINOR = DriverVersion.MINOR;

    private static final BStackDriver INSTANCE = new BStackDriver();

    static {
        try {
            DriverManager.registerDriver(INSTANCE);
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        return BStackConnection.open(ConnectionConfig.parse(url, info));
    }

    @Override
    public boolean acceptsURL(String url) throws SQLException {
        if (url == null) {
            throw new SQLException("the URL is null", "HY009");
        }
        return ConnectionConfig.accepts(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        Properties given = info == null ? new Properties() : info;
        ConnectionConfig config = acceptsURL(url) ? ConnectionConfig.parse(url, given) : null;
        Option[] options = Option.values();
        DriverPropertyInfo[] out = new DriverPropertyInfo[options.length];
        for (int i = 0; i < options.length; i++) {
            Option o = options[i];
            DriverPropertyInfo p = new DriverPropertyInfo(o.key(), config == null ? o.defaultValue() : config.get(o));
            p.description = o.description() + " (default " + (o.defaultValue().isEmpty() ? "none" : o.defaultValue())
                    + ")";
            p.required = false;
            p.choices = o.choices().length == 0 ? null : o.choices();
            out[i] = p;
        }
        return out;
    }

    @Override
    public int getMajorVersion() {
        return MAJOR;
    }

    @Override
    public int getMinorVersion() {
        return MINOR;
    }

    /** Not yet: JDBC compliance needs full SQL-92 entry level, which the engine is still completing. */
    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return Logger.getLogger("io.bstack.jdbc");
    }

    /** The registered instance. */
    public static BStackDriver load() {
        return INSTANCE;
    }
}
