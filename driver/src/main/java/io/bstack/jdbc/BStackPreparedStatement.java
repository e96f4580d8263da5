package io.bstack.jdbc;

import io.bstack.sql.Session;
import io.bstack.sql.exec.QueryResult;
import io.bstack.sql.exec.StatementControl;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;

/**
 * A prepared statement: parsed once, run with the parameter values set on it. Setters convert the
 * Java values to the engine's (see {@link JdbcValues}); a value of a type the engine cannot hold is
 * {@code 22018} at the setter. Batches run entry by entry; a failing entry ends the batch with a
 * {@link java.sql.BatchUpdateException} holding the counts of the entries before it.
 */
class BStackPreparedStatement extends BStackStatement implements PreparedStatement {
    final Session.Prepared prepared;
    private final KeyRequest keys;
    private Object[] values;
    private boolean[] set;
    private final List<Object[]> batch = new ArrayList<>();

    BStackPreparedStatement(BStackConnection conn, ResultKind kind, String sql, KeyRequest keys) throws SQLException {
        super(conn, kind);
        this.keys = keys;
        this.prepared = conn.locked(() -> {
            try {
                return conn.session().prepare(sql);
            } catch (SQLException e) {
                throw SqlExceptions.translate(e);
            }
        });
        this.values = new Object[prepared.parameterCount()];
        this.set = new boolean[values.length];
    }

    private List<Object> parameters() throws SQLException {
        for (int i = 0; i < set.length; i++) {
            if (!set[i]) {
                throw new SQLException("parameter " + (i + 1) + " is not set", "07001");
            }
        }
        return Arrays.asList(values.clone());
    }

    // ---- execution ------------------------------------------------------------------------------

    @Override
    public ResultSet executeQuery() throws SQLException {
        checkOpen();
        if (!prepared.returnsRows()) {
            throw new SQLException("executeQuery needs a query: " + prepared.sql(), "07003");
        }
        run(List.of(prepared), KeyRequest.NONE, parameters());
        return getResultSet();
    }

    @Override
    public int executeUpdate() throws SQLException {
        return (int) Math.min(Integer.MAX_VALUE, executeLargeUpdate());
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        checkOpen();
        if (prepared.returnsRows()) {
            throw new SQLException("executeUpdate cannot run a query: " + prepared.sql(), "07003");
        }
        run(List.of(prepared), keys, parameters());
        return getLargeUpdateCount();
    }

    @Override
    public boolean execute() throws SQLException {
        checkOpen();
        run(List.of(prepared), keys, parameters());
        return getResultSet() != null;
    }

    @Override
    public void addBatch() throws SQLException {
        checkOpen();
        if (prepared.returnsRows()) {
            throw new SQLException("a batch cannot hold a query: " + prepared.sql(), "07003");
        }
        batch.add(parameters().toArray());
    }

    @Override
    public void clearBatch() throws SQLException {
        super.clearBatch();
        batch.clear();
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        List<Object[]> todo = new ArrayList<>(batch);
        batch.clear();
        long[] counts = new long[todo.size()];
        List<Object[]> keyRows = new ArrayList<>(); // the generated keys of every entry, not only the last
        List<io.bstack.sql.exec.ResultColumn> keyColumns = null;
        try {
            for (int i = 0; i < todo.size(); i++) {
                try {
                    run(List.of(prepared), keys, Arrays.asList(todo.get(i)));
                    counts[i] = getLargeUpdateCount();
                } catch (SQLException e) {
                    throw BatchFailure.of(e, Arrays.copyOf(counts, i));
                }
                BStackResultSet k = generatedKeysResult();
                if (k != null && k.rowList() != null) {
                    keyColumns = k.columns();
                    keyRows.addAll(k.rowList());
                }
            }
        } finally {
            if (keyColumns != null) {
                generatedKeysResult(BStackResultSet.of(this, keyColumns, keyRows));
            }
        }
        return counts;
    }

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
        Arrays.fill(values, null);
        Arrays.fill(set, false);
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        if (!prepared.returnsRows()) {
            return null;
        }
        List<Object> nulls = Arrays.asList(new Object[values.length]);
        StatementControl probe = StatementControl.create();
        return conn.call(probe, queryTimeoutMillis(), () -> {
            try (QueryResult r = conn.session().run(prepared, nulls, probe, null).rows()) {
                return new BStackResultSetMetaData(r.columns(), conn.shared().name());
            }
        });
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        checkOpen();
        return new BStackParameterMetaData(values.length);
    }

    // ---- setters --------------------------------------------------------------------------------

    /** The engine's number of JDBC parameter {@code index} (callable statements shift it). */
    int engineIndex(int index) throws SQLException {
        return index;
    }

    final void bind(int jdbcIndex, Object carrier) throws SQLException {
        checkOpen();
        int index = engineIndex(jdbcIndex);
        if (index < 1 || index > values.length) {
            throw new SQLException("parameter " + index + " is not in the statement (it has " + values.length + ")",
                    "07009");
        }
        values[index - 1] = carrier;
        set[index - 1] = true;
    }

    @Override
    public void setNull(int index, int sqlType) throws SQLException {
        checkOpen();
        bind(index, JdbcValues.toCarrier(null, sqlType)); // checks the type code, as setObject(i, null, type) does
    }

    @Override
    public void setNull(int index, int sqlType, String typeName) throws SQLException {
        setNull(index, sqlType);
    }

    @Override
    public void setBoolean(int index, boolean x) throws SQLException {
        bind(index, x);
    }

    @Override
    public void setByte(int index, byte x) throws SQLException {
        bind(index, x);
    }

    @Override
    public void setShort(int index, short x) throws SQLException {
        bind(index, x);
    }

    @Override
    public void setInt(int index, int x) throws SQLException {
        bind(index, x);
    }

    @Override
    public void setLong(int index, long x) throws SQLException {
        bind(index, x);
    }

    @Override
    public void setFloat(int index, float x) throws SQLException {
        bind(index, x);
    }

    @Override
    public void setDouble(int index, double x) throws SQLException {
        bind(index, x);
    }

    @Override
    public void setBigDecimal(int index, BigDecimal x) throws SQLException {
        bind(index, x);
    }

    @Override
    public void setString(int index, String x) throws SQLException {
        bind(index, x);
    }

    @Override
    public void setNString(int index, String x) throws SQLException {
        bind(index, x);
    }

    @Override
    public void setBytes(int index, byte[] x) throws SQLException {
        bind(index, x == null ? null : x.clone());
    }

    @Override
    public void setDate(int index, Date x) throws SQLException {
        bind(index, JdbcValues.toCarrier(x));
    }

    @Override
    public void setTime(int index, Time x) throws SQLException {
        bind(index, JdbcValues.toCarrier(x));
    }

    @Override
    public void setTimestamp(int index, Timestamp x) throws SQLException {
        bind(index, JdbcValues.toCarrier(x));
    }

    @Override
    public void setDate(int index, Date x, Calendar cal) throws SQLException {
        bind(index, x == null ? null : JdbcValues.fromSqlDate(x, cal));
    }

    @Override
    public void setTime(int index, Time x, Calendar cal) throws SQLException {
        bind(index, x == null ? null : JdbcValues.fromSqlTime(x, cal));
    }

    @Override
    public void setTimestamp(int index, Timestamp x, Calendar cal) throws SQLException {
        bind(index, x == null ? null : JdbcValues.fromSqlTimestamp(x, cal));
    }

    @Override
    public void setObject(int index, Object x) throws SQLException {
        bind(index, JdbcValues.toCarrier(x));
    }

    @Override
    public void setObject(int index, Object x, int targetSqlType) throws SQLException {
        bind(index, JdbcValues.toCarrier(x, targetSqlType, -1));
    }

    @Override
    public void setObject(int index, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        bind(index, JdbcValues.toCarrier(x, targetSqlType, scaleOrLength));
    }

    @Override
    public void setObject(int index, Object x, SQLType targetSqlType) throws SQLException {
        bind(index, JdbcValues.toCarrier(x, vendorNumber(targetSqlType), -1));
    }

    @Override
    public void setObject(int index, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        bind(index, JdbcValues.toCarrier(x, vendorNumber(targetSqlType), scaleOrLength));
    }

    private static int vendorNumber(SQLType type) throws SQLException {
        if (type == null || type.getVendorTypeNumber() == null) {
            throw new SQLException("no target SQL type given", "HY004");
        }
        return type.getVendorTypeNumber();
    }

    @Override
    public void setAsciiStream(int index, InputStream x, int length) throws SQLException {
        setAsciiStream(index, x, (long) length);
    }

    @Override
    public void setAsciiStream(int index, InputStream x, long length) throws SQLException {
        bind(index, x == null ? null : new String(Streams.bytes(x, length), java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Override
    public void setAsciiStream(int index, InputStream x) throws SQLException {
        setAsciiStream(index, x, -1L);
    }

    @Override
    @SuppressWarnings("deprecation")
    public void setUnicodeStream(int index, InputStream x, int length) throws SQLException {
        bind(index, x == null ? null : new String(Streams.bytes(x, length), java.nio.charset.StandardCharsets.UTF_16BE));
    }

    @Override
    public void setBinaryStream(int index, InputStream x, int length) throws SQLException {
        setBinaryStream(index, x, (long) length);
    }

    @Override
    public void setBinaryStream(int index, InputStream x, long length) throws SQLException {
        bind(index, x == null ? null : Streams.binary(x, length));
    }

    @Override
    public void setBinaryStream(int index, InputStream x) throws SQLException {
        setBinaryStream(index, x, -1L);
    }

    @Override
    public void setCharacterStream(int index, Reader x, int length) throws SQLException {
        setCharacterStream(index, x, (long) length);
    }

    @Override
    public void setCharacterStream(int index, Reader x, long length) throws SQLException {
        bind(index, x == null ? null : Streams.text(x, length, true));
    }

    @Override
    public void setCharacterStream(int index, Reader x) throws SQLException {
        setCharacterStream(index, x, -1L);
    }

    @Override
    public void setNCharacterStream(int index, Reader x, long length) throws SQLException {
        setCharacterStream(index, x, length);
    }

    @Override
    public void setNCharacterStream(int index, Reader x) throws SQLException {
        setCharacterStream(index, x, -1L);
    }

    @Override
    public void setBlob(int index, Blob x) throws SQLException {
        if (x != null && !(x instanceof BStackBlob) && x.length() > Streams.IN_MEMORY) {
            bind(index, Streams.binary(x.getBinaryStream(), x.length())); // streamed, not read whole
            return;
        }
        bind(index, JdbcValues.toCarrier(x));
    }

    @Override
    public void setBlob(int index, InputStream x, long length) throws SQLException {
        setBinaryStream(index, x, length);
    }

    @Override
    public void setBlob(int index, InputStream x) throws SQLException {
        setBinaryStream(index, x, -1L);
    }

    @Override
    public void setClob(int index, Clob x) throws SQLException {
        if (x != null && !(x instanceof BStackClob) && x.length() > Streams.IN_MEMORY) {
            bind(index, Streams.text(x.getCharacterStream(), x.length(), true)); // spooled, not held
            return;
        }
        bind(index, JdbcValues.toCarrier(x));
    }

    @Override
    public void setClob(int index, Reader x, long length) throws SQLException {
        setCharacterStream(index, x, length);
    }

    @Override
    public void setClob(int index, Reader x) throws SQLException {
        setCharacterStream(index, x, -1L);
    }

    @Override
    public void setNClob(int index, NClob x) throws SQLException {
        bind(index, JdbcValues.toCarrier(x));
    }

    @Override
    public void setNClob(int index, Reader x, long length) throws SQLException {
        setCharacterStream(index, x, length);
    }

    @Override
    public void setNClob(int index, Reader x) throws SQLException {
        setCharacterStream(index, x, -1L);
    }

    @Override
    public void setURL(int index, URL x) throws SQLException {
        bind(index, x == null ? null : x.toString());
    }

    @Override
    public void setRef(int index, Ref x) throws SQLException {
        checkOpen();
        throw new SQLFeatureNotSupportedException("BStack DB has no REF type", "0A000");
    }

    @Override
    public void setArray(int index, Array x) throws SQLException {
        checkOpen();
        throw new SQLFeatureNotSupportedException("BStack DB has no ARRAY type", "0A000");
    }

    @Override
    public void setRowId(int index, RowId x) throws SQLException {
        checkOpen();
        throw new SQLFeatureNotSupportedException("BStack DB has no ROWID type", "0A000");
    }

    @Override
    public void setSQLXML(int index, SQLXML x) throws SQLException {
        checkOpen();
        throw new SQLFeatureNotSupportedException("BStack DB has no XML type", "0A000");
    }

    // ---- what a prepared statement must not do ---------------------------------------------------

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        throw textOnPrepared();
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        throw textOnPrepared();
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        throw textOnPrepared();
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        throw textOnPrepared();
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        throw textOnPrepared();
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        throw textOnPrepared();
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        throw textOnPrepared();
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        throw textOnPrepared();
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        throw textOnPrepared();
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        throw textOnPrepared();
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        throw textOnPrepared();
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        throw textOnPrepared();
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        throw textOnPrepared();
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        throw textOnPrepared();
    }

    private SQLException textOnPrepared() throws SQLException {
        checkOpen();
        return new SQLException("a PreparedStatement runs its own SQL: this method takes SQL text", "HY000");
    }
}
