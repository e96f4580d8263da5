package io.bstack.jdbc;

import io.bstack.sql.eval.ColumnType;
import io.bstack.sql.exec.ResultColumn;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;

/** What a result's columns are: labels, types, and where the engine traced them, their table. Immutable. */
final class BStackResultSetMetaData implements ResultSetMetaData {
    private final List<ResultColumn> columns;
    private final String catalog;

    /** The columns of a result of the database whose catalog name is {@code catalog}. */
    BStackResultSetMetaData(List<ResultColumn> columns, String catalog) {
        this.columns = List.copyOf(columns);
        this.catalog = catalog;
    }

    private ResultColumn column(int column) throws SQLException {
        if (column < 1 || column > columns.size()) {
            throw new SQLException("column " + column + " is not in the result (1.." + columns.size() + ")", "07009");
        }
        return columns.get(column - 1);
    }

    @Override
    public int getColumnCount() {
        return columns.size();
    }

    @Override
    public boolean isAutoIncrement(int column) throws SQLException {
        return column(column).autoIncrement();
    }

    @Override
    public boolean isCaseSensitive(int column) throws SQLException {
        ColumnType.Kind k = column(column).type().kind();
        return k == ColumnType.Kind.CHAR || k == ColumnType.Kind.VARCHAR || k == ColumnType.Kind.CLOB;
    }

    @Override
    public boolean isSearchable(int column) throws SQLException {
        column(column);
        return true;
    }

    @Override
    public boolean isCurrency(int column) throws SQLException {
        column(column);
        return false;
    }

    @Override
    public int isNullable(int column) throws SQLException {
        return switch (column(column).nullable()) {
            case ResultColumn.NO_NULLS -> columnNoNulls;
            case ResultColumn.NULLABLE -> columnNullable;
            default -> columnNullableUnknown;
        };
    }

    @Override
    public boolean isSigned(int column) throws SQLException {
        ColumnType.Kind k = column(column).type().kind();
        return k.isNumeric();
    }

    @Override
    public int getColumnDisplaySize(int column) throws SQLException {
        return JdbcValues.displaySize(column(column).type());
    }

    @Override
    public String getColumnLabel(int column) throws SQLException {
        return column(column).label();
    }

    @Override
    public String getColumnName(int column) throws SQLException {
        return column(column).name();
    }

    @Override
    public String getSchemaName(int column) throws SQLException {
        return column(column).schema();
    }

    @Override
    public int getPrecision(int column) throws SQLException {
        long p = column(column).type().precision();
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, p));
    }

    @Override
    public int getScale(int column) throws SQLException {
        return column(column).type().scale();
    }

    @Override
    public String getTableName(int column) throws SQLException {
        return column(column).table();
    }

    @Override
    public String getCatalogName(int column) throws SQLException {
        return column(column).table().isEmpty() ? "" : catalog;
    }

    @Override
    public int getColumnType(int column) throws SQLException {
        return JdbcValues.jdbcType(column(column).type().kind());
    }

    @Override
    public String getColumnTypeName(int column) throws SQLException {
        return column(column).type().kind().sqlName();
    }

    @Override
    public boolean isReadOnly(int column) throws SQLException {
        return column(column).table().isEmpty();
    }

    @Override
    public boolean isWritable(int column) throws SQLException {
        return !isReadOnly(column);
    }

    @Override
    public boolean isDefinitelyWritable(int column) throws SQLException {
        column(column);
        return false;
    }

    @Override
    public String getColumnClassName(int column) throws SQLException {
        return JdbcValues.javaClassName(column(column).type().kind());
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
