package io.bstack.jdbc;

import java.sql.ParameterMetaData;
import java.sql.SQLException;
import java.sql.Types;

/**
 * The parameters of a prepared statement: how many, all IN. The engine types a parameter from the
 * value bound to it, so before that its type is reported as {@link Types#OTHER} (any value the
 * setters take), nullability unknown. Immutable.
 */
final class BStackParameterMetaData implements ParameterMetaData {
    private final int count;
    private final boolean returnsValue; // {? = call ...}: parameter 1 is the function's value, OUT

    BStackParameterMetaData(int count) {
        this(count, false);
    }

    /** The parameters of a callable statement: with {@code returnsValue}, parameter 1 is OUT. */
    BStackParameterMetaData(int count, boolean returnsValue) {
        this.count = count;
        this.returnsValue = returnsValue;
    }

    private void check(int param) throws SQLException {
        if (param < 1 || param > count) {
            throw new SQLException("parameter " + param + " is not in the statement (it has " + count + ")", "07009");
        }
    }

    @Override
    public int getParameterCount() {
        return count;
    }

    @Override
    public int isNullable(int param) throws SQLException {
        check(param);
        return parameterNullableUnknown;
    }

    @Override
    public boolean isSigned(int param) throws SQLException {
        check(param);
        return true;
    }

    @Override
    public int getPrecision(int param) throws SQLException {
        check(param);
        return 0;
    }

    @Override
    public int getScale(int param) throws SQLException {
        check(param);
        return 0;
    }

    @Override
    public int getParameterType(int param) throws SQLException {
        check(param);
        return Types.OTHER;
    }

    @Override
    public String getParameterTypeName(int param) throws SQLException {
        check(param);
        return "OTHER";
    }

    @Override
    public String getParameterClassName(int param) throws SQLException {
        check(param);
        return Object.class.getName();
    }

    @Override
    public int getParameterMode(int param) throws SQLException {
        check(param);
        return returnsValue && param == 1 ? parameterModeOut : parameterModeIn;
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
