package io.bstack.jdbc;

import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;

/**
 * Builds the {@link SQLException} subclass a JDBC application expects for a SQLState, following the
 * class table of JDBC 4.3 (section 8.5):
 * <ul>
 * <li>{@code 08xxx} (connection exception, e.g. 08001, 08003, 08006, 08S01):
 * {@link SQLNonTransientConnectionException}. No state is reported as transient: an embedded
 * database that cannot be opened or was closed will not become reachable by retrying the same
 * call;</li>
 * <li>{@code 0Axxx}: {@link SQLFeatureNotSupportedException};</li>
 * <li>{@code 22xxx}: {@link SQLDataException};</li>
 * <li>{@code 23xxx}: {@link SQLIntegrityConstraintViolationException};</li>
 * <li>{@code 28xxx}: {@link SQLInvalidAuthorizationSpecException};</li>
 * <li>{@code 40xxx}: {@link SQLTransactionRollbackException};</li>
 * <li>{@code 42xxx}: {@link SQLSyntaxErrorException};</li>
 * <li>{@code HYT00}, {@code HYT01}: {@link SQLTimeoutException};</li>
 * <li>anything else, and a null state: plain {@link SQLException}.</li>
 * </ul>
 * Stateless and thread-safe.
 */
final class SqlExceptions {
    /** General error. */
    public static final String GENERAL = "HY000";
    /** Function sequence error: the object is closed or freed, or called out of order. */
    public static final String FUNCTION_SEQUENCE = "HY010";
    /** Invalid SQL data type. */
    public static final String INVALID_SQL_TYPE = "HY004";
    /** Optional feature not implemented. */
    public static final String FEATURE_NOT_SUPPORTED = "0A000";
    /** Syntax error or access rule violation. */
    public static final String SYNTAX = "42000";
    /** Numeric value out of range. */
    public static final String OUT_OF_RANGE = "22003";
    /** Invalid character value for cast: a value that cannot be converted. */
    public static final String INVALID_CONVERSION = "22018";
    /** Substring error: a position or length outside a string or LOB. */
    public static final String SUBSTRING = "22011";
    /** Invalid parameter value. */
    public static final String INVALID_PARAMETER = "22023";

    private SqlExceptions() {
    }

    /** @return a new exception of the class {@code sqlState} calls for, vendor code 0 */
    public static SQLException of(String message, String sqlState, Throwable cause) {
        return of(message, sqlState, 0, cause);
    }

    /** @return a new exception of the class {@code sqlState} calls for */
    public static SQLException of(String message, String sqlState, int vendorCode, Throwable cause) {
        Kind kind = kindOf(sqlState);
        return switch (kind) {
            case CONNECTION -> new SQLNonTransientConnectionException(message, sqlState, vendorCode, cause);
            case FEATURE -> new SQLFeatureNotSupportedException(message, sqlState, vendorCode, cause);
            case DATA -> new SQLDataException(message, sqlState, vendorCode, cause);
            case INTEGRITY -> new SQLIntegrityConstraintViolationException(message, sqlState, vendorCode, cause);
            case AUTHORIZATION -> new SQLInvalidAuthorizationSpecException(message, sqlState, vendorCode, cause);
            case ROLLBACK -> new SQLTransactionRollbackException(message, sqlState, vendorCode, cause);
            case SYNTAX -> new SQLSyntaxErrorException(message, sqlState, vendorCode, cause);
            case TIMEOUT -> new SQLTimeoutException(message, sqlState, vendorCode, cause);
            case OTHER -> new SQLException(message, sqlState, vendorCode, cause);
        };
    }

    /**
     * Re-types {@code e} by its SQLState. Returns {@code e} itself when it already is an instance of
     * the class its state calls for (or the state calls for no particular class); otherwise a new
     * exception of the right class with the same message, SQLState and vendor code, {@code e} as its
     * cause and {@code e}'s {@link SQLException#getNextException() next exceptions} (unchanged) as
     * its chain.
     */
    public static SQLException translate(SQLException e) {
        Kind kind = kindOf(e.getSQLState());
        if (kind == Kind.OTHER || kind.type.isInstance(e)) {
            return e;
        }
        SQLException t = of(e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
        SQLException next = e.getNextException();
        if (next != null) {
            t.setNextException(next);
        }
        return t;
    }

    /** {@code Wrapper.unwrap} of an object that wraps nothing: itself when it is an {@code iface}, else HY024. */
    public static <T> T unwrap(Class<T> iface, Object self) throws SQLException {
        if (wraps(iface, self)) {
            return iface.cast(self);
        }
        throw new SQLException("not a wrapper for " + iface.getName(), "HY024");
    }

    /**
     * What {@code unwrap} and {@code isWrapperFor} ask: whether {@code self} is an {@code iface}.
     *
     * @throws SQLException {@code HY009} when {@code iface} is null
     */
    public static boolean wraps(Class<?> iface, Object self) throws SQLException {
        if (iface == null) {
            throw new SQLException("the interface is null", "HY009");
        }
        return iface.isInstance(self);
    }

    /** @return the exception class JDBC assigns to {@code sqlState} */
    public static Class<? extends SQLException> classOf(String sqlState) {
        return kindOf(sqlState).type;
    }

    private static Kind kindOf(String state) {
        if (state == null || state.length() < 2) {
            return Kind.OTHER;
        }
        if (state.equals("HYT00") || state.equals("HYT01")) {
            return Kind.TIMEOUT;
        }
        return switch (state.substring(0, 2)) {
            case "08" -> Kind.CONNECTION;
            case "0A" -> Kind.FEATURE;
            case "22" -> Kind.DATA;
            case "23" -> Kind.INTEGRITY;
            case "28" -> Kind.AUTHORIZATION;
            case "40" -> Kind.ROLLBACK;
            case "42" -> Kind.SYNTAX;
            default -> Kind.OTHER;
        };
    }

    private enum Kind {
        CONNECTION(SQLNonTransientConnectionException.class),
        FEATURE(SQLFeatureNotSupportedException.class),
        DATA(SQLDataException.class),
        INTEGRITY(SQLIntegrityConstraintViolationException.class),
        AUTHORIZATION(SQLInvalidAuthorizationSpecException.class),
        ROLLBACK(SQLTransactionRollbackException.class),
        SYNTAX(SQLSyntaxErrorException.class),
        TIMEOUT(SQLTimeoutException.class),
        OTHER(SQLException.class);

        final Class<? extends SQLException> type;

        Kind(Class<? extends SQLException> type) {
            this.type = type;
        }
    }
}
