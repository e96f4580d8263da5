package io.bstack.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * A callable statement for functions: {@code {? = call f(?, ?)}} (parameter 1 is the function's
 * value, OUT; the others IN), {@code {call f(?)}} and {@code CALL f(?)} (the value as a one-row
 * result). BStack DB has no stored procedures, so there are no other OUT parameters and no
 * parameter names: those calls are {@code 0A000}.
 */
final class BStackCallableStatement extends BStackPreparedStatement implements CallableStatement {
    private final boolean returnsValue;
    private boolean registered;
    private Object outValue;
    private boolean hasOut;
    private boolean outNull;
    private io.bstack.sql.eval.ColumnType.Kind outKind; // the function value's type: CLOB reads as a Clob

    BStackCallableStatement(BStackConnection conn, ResultKind kind, String sql) throws SQLException {
        this(conn, kind, JdbcEscapes.returnsValue(sql), conn.nativeSQL(sql));
    }

    private BStackCallableStatement(BStackConnection conn, ResultKind kind, boolean returnsValue, String translated)
            throws SQLException {
        super(conn, kind, translated, KeyRequest.NONE);
        this.returnsValue = returnsValue;
    }

    private SQLException named() throws SQLException {
        checkOpen();
        return new SQLFeatureNotSupportedException("functions have no parameter names: use parameter positions",
                "0A000");
    }

    private void registerOut(int index) throws SQLException {
        checkOpen();
        if (!returnsValue || index != 1) {
            throw new SQLFeatureNotSupportedException("only {? = call ...} has an OUT parameter, number 1; parameter "
                    + index + " is IN", "0A000");
        }
        registered = true;
    }

    private Object out(int index) throws SQLException {
        checkOpen();
        if (!returnsValue || index != 1) {
            throw new SQLException("parameter " + index + " is not an OUT parameter", "07009");
        }
        if (!registered) {
            throw new SQLException("OUT parameter 1 was not registered", "07009");
        }
        if (!hasOut) {
            throw new SQLException("the statement has not run yet", "HY010");
        }
        outNull = outValue == null;
        return outValue;
    }

    private <T> T outAs(int index, Class<T> type) throws SQLException {
        Object v = out(index);
        return v == null ? null : JdbcValues.get(v, type);
    }

    @Override
    public boolean execute() throws SQLException {
        checkOpen();
        boolean rows = super.execute();
        if (returnsValue) {
            hasOut = false;
            ResultSet rs = getResultSet();
            if (rs != null) {
                try (rs) {
                    BStackResultSet r = rs.unwrap(BStackResultSet.class);
                    outValue = rs.next() ? r.currentRow()[0] : null;
                    outKind = r.columns().isEmpty() ? null : r.columns().get(0).type().kind();
                }
                hasOut = true;
                return false;
            }
        }
        return rows;
    }

    @Override
    public int executeUpdate() throws SQLException {
        checkOpen();
        if (returnsValue) {
            execute();
            return 0;
        }
        return super.executeUpdate();
    }

    @Override
    public java.sql.ParameterMetaData getParameterMetaData() throws SQLException {
        int engineParameters = super.getParameterMetaData().getParameterCount();
        return new BStackParameterMetaData(engineParameters + (returnsValue ? 1 : 0), returnsValue);
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        checkOpen();
        if (returnsValue) {
            execute();
            return 0;
        }
        return super.executeLargeUpdate();
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        checkOpen();
        if (returnsValue) {
            throw new SQLException("{? = call ...} gives its value as OUT parameter 1: use execute()", "07003");
        }
        return super.executeQuery();
    }

    @Override
    int engineIndex(int index) throws SQLException {
        if (!returnsValue) {
            return index;
        }
        if (index == 1) {
            throw new SQLException("parameter 1 of {? = call ...} is the function's value (OUT): it takes no value",
                    "07009");
        }
        return index - 1;
    }

    @Override
    public <T> T getObject(int p0, Class<T> p1) throws SQLException {
        Object v = out(p0);
        return v == null ? null : JdbcValues.get(v, p1);
    }

    @Override
    public <T> T getObject(String p0, Class<T> p1) throws SQLException {
        throw named();
    }

    @Override
    public boolean getBoolean(int p0) throws SQLException {
        Boolean v = outAs(p0, Boolean.class);
        return v == null ? false : v;
    }

    @Override
    public boolean getBoolean(String p0) throws SQLException {
        throw named();
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkOpen();
        return outNull;
    }

    @Override
    public byte getByte(int p0) throws SQLException {
        Byte v = outAs(p0, Byte.class);
        return v == null ? (byte) 0 : v;
    }

    @Override
    public byte getByte(String p0) throws SQLException {
        throw named();
    }

    @Override
    public byte[] getBytes(int p0) throws SQLException {
        return outAs(p0, byte[].class);
    }

    @Override
    public byte[] getBytes(String p0) throws SQLException {
        throw named();
    }

    @Override
    public double getDouble(int p0) throws SQLException {
        Double v = outAs(p0, Double.class);
        return v == null ? 0d : v;
    }

    @Override
    public double getDouble(String p0) throws SQLException {
        throw named();
    }

    @Override
    public float getFloat(int p0) throws SQLException {
        Float v = outAs(p0, Float.class);
        return v == null ? 0f : v;
    }

    @Override
    public float getFloat(String p0) throws SQLException {
        throw named();
    }

    @Override
    public int getInt(int p0) throws SQLException {
        Integer v = outAs(p0, Integer.class);
        return v == null ? 0 : v;
    }

    @Override
    public int getInt(String p0) throws SQLException {
        throw named();
    }

    @Override
    public Reader getCharacterStream(int p0) throws SQLException {
        return outAs(p0, Reader.class);
    }

    @Override
    public Reader getCharacterStream(String p0) throws SQLException {
        throw named();
    }

    @Override
    public Reader getNCharacterStream(int p0) throws SQLException {
        return outAs(p0, Reader.class);
    }

    @Override
    public Reader getNCharacterStream(String p0) throws SQLException {
        throw named();
    }

    @Override
    public Object getObject(int p0) throws SQLException {
        Object v = out(p0);
        return v == null ? null : outKind == null ? JdbcValues.getObject(v) : JdbcValues.getObject(v, outKind);
    }

    @Override
    public Object getObject(int p0, Map<String, Class<?>> p1) throws SQLException {
        return getObject(p0); // no user-defined types: the map never applies
    }

    @Override
    public Object getObject(String p0) throws SQLException {
        throw named();
    }

    @Override
    public Object getObject(String p0, Map<String, Class<?>> p1) throws SQLException {
        throw named();
    }

    @Override
    public String getNString(int p0) throws SQLException {
        return outAs(p0, String.class);
    }

    @Override
    public String getNString(String p0) throws SQLException {
        throw named();
    }

    @Override
    public String getString(int p0) throws SQLException {
        return outAs(p0, String.class);
    }

    @Override
    public String getString(String p0) throws SQLException {
        throw named();
    }

    @Override
    public BigDecimal getBigDecimal(int p0) throws SQLException {
        return outAs(p0, BigDecimal.class);
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int p0, int p1) throws SQLException {
        BigDecimal d = getBigDecimal(p0);
        return d == null ? null : d.setScale(p1, java.math.RoundingMode.HALF_UP);
    }

    @Override
    public BigDecimal getBigDecimal(String p0) throws SQLException {
        throw named();
    }

    @Override
    public URL getURL(int p0) throws SQLException {
        String s = getString(p0);
        try {
            return s == null ? null : java.net.URI.create(s).toURL();
        } catch (java.net.MalformedURLException | IllegalArgumentException e) {
            throw new SQLException("parameter " + p0 + " is not a URL: " + s, "22018", e);
        }
    }

    @Override
    public URL getURL(String p0) throws SQLException {
        throw named();
    }

    @Override
    public Array getArray(int p0) throws SQLException {
        checkOpen();
        throw new SQLFeatureNotSupportedException("BStack DB has no ARRAY type", "0A000");
    }

    @Override
    public Array getArray(String p0) throws SQLException {
        throw named();
    }

    @Override
    public Blob getBlob(int p0) throws SQLException {
        return outAs(p0, Blob.class);
    }

    @Override
    public Blob getBlob(String p0) throws SQLException {
        throw named();
    }

    @Override
    public Clob getClob(int p0) throws SQLException {
        return outAs(p0, Clob.class);
    }

    @Override
    public Clob getClob(String p0) throws SQLException {
        throw named();
    }

    @Override
    public Date getDate(int p0) throws SQLException {
        return outAs(p0, Date.class);
    }

    @Override
    public Date getDate(int p0, Calendar p1) throws SQLException {
        Object v = out(p0);
        return v == null ? null : JdbcValues.toSqlDate(v, p1);
    }

    @Override
    public Date getDate(String p0) throws SQLException {
        throw named();
    }

    @Override
    public Date getDate(String p0, Calendar p1) throws SQLException {
        throw named();
    }

    @Override
    public NClob getNClob(int p0) throws SQLException {
        return outAs(p0, NClob.class);
    }

    @Override
    public NClob getNClob(String p0) throws SQLException {
        throw named();
    }

    @Override
    public Ref getRef(int p0) throws SQLException {
        checkOpen();
        throw new SQLFeatureNotSupportedException("BStack DB has no REF type", "0A000");
    }

    @Override
    public Ref getRef(String p0) throws SQLException {
        throw named();
    }

    @Override
    public RowId getRowId(int p0) throws SQLException {
        checkOpen();
        throw new SQLFeatureNotSupportedException("BStack DB has no ROWID type", "0A000");
    }

    @Override
    public RowId getRowId(String p0) throws SQLException {
        throw named();
    }

    @Override
    public SQLXML getSQLXML(int p0) throws SQLException {
        checkOpen();
        throw new SQLFeatureNotSupportedException("BStack DB has no SQLXML type", "0A000");
    }

    @Override
    public SQLXML getSQLXML(String p0) throws SQLException {
        throw named();
    }

    @Override
    public Time getTime(int p0) throws SQLException {
        return outAs(p0, Time.class);
    }

    @Override
    public Time getTime(int p0, Calendar p1) throws SQLException {
        Object v = out(p0);
        return v == null ? null : JdbcValues.toSqlTime(v, p1);
    }

    @Override
    public Time getTime(String p0) throws SQLException {
        throw named();
    }

    @Override
    public Time getTime(String p0, Calendar p1) throws SQLException {
        throw named();
    }

    @Override
    public Timestamp getTimestamp(int p0) throws SQLException {
        return outAs(p0, Timestamp.class);
    }

    @Override
    public Timestamp getTimestamp(int p0, Calendar p1) throws SQLException {
        Object v = out(p0);
        return v == null ? null : JdbcValues.toSqlTimestamp(v, p1);
    }

    @Override
    public Timestamp getTimestamp(String p0) throws SQLException {
        throw named();
    }

    @Override
    public Timestamp getTimestamp(String p0, Calendar p1) throws SQLException {
        throw named();
    }

    @Override
    public long getLong(int p0) throws SQLException {
        Long v = outAs(p0, Long.class);
        return v == null ? 0L : v;
    }

    @Override
    public long getLong(String p0) throws SQLException {
        throw named();
    }

    @Override
    public short getShort(int p0) throws SQLException {
        Short v = outAs(p0, Short.class);
        return v == null ? (short) 0 : v;
    }

    @Override
    public short getShort(String p0) throws SQLException {
        throw named();
    }

    @Override
    public void registerOutParameter(int p0, int p1) throws SQLException {
        registerOut(p0);
    }

    @Override
    public void registerOutParameter(int p0, int p1, int p2) throws SQLException {
        registerOut(p0);
    }

    @Override
    public void registerOutParameter(int p0, int p1, String p2) throws SQLException {
        registerOut(p0);
    }

    @Override
    public void registerOutParameter(String p0, int p1) throws SQLException {
        throw named();
    }

    @Override
    public void registerOutParameter(String p0, int p1, int p2) throws SQLException {
        throw named();
    }

    @Override
    public void registerOutParameter(String p0, int p1, String p2) throws SQLException {
        throw named();
    }

    @Override
    public void setAsciiStream(String p0, InputStream p1) throws SQLException {
        throw named();
    }

    @Override
    public void setAsciiStream(String p0, InputStream p1, int p2) throws SQLException {
        throw named();
    }

    @Override
    public void setAsciiStream(String p0, InputStream p1, long p2) throws SQLException {
        throw named();
    }

    @Override
    public void setBigDecimal(String p0, BigDecimal p1) throws SQLException {
        throw named();
    }

    @Override
    public void setBinaryStream(String p0, InputStream p1) throws SQLException {
        throw named();
    }

    @Override
    public void setBinaryStream(String p0, InputStream p1, int p2) throws SQLException {
        throw named();
    }

    @Override
    public void setBinaryStream(String p0, InputStream p1, long p2) throws SQLException {
        throw named();
    }

    @Override
    public void setBlob(String p0, InputStream p1) throws SQLException {
        throw named();
    }

    @Override
    public void setBlob(String p0, InputStream p1, long p2) throws SQLException {
        throw named();
    }

    @Override
    public void setBlob(String p0, Blob p1) throws SQLException {
        throw named();
    }

    @Override
    public void setBoolean(String p0, boolean p1) throws SQLException {
        throw named();
    }

    @Override
    public void setByte(String p0, byte p1) throws SQLException {
        throw named();
    }

    @Override
    public void setBytes(String p0, byte[] p1) throws SQLException {
        throw named();
    }

    @Override
    public void setCharacterStream(String p0, Reader p1) throws SQLException {
        throw named();
    }

    @Override
    public void setCharacterStream(String p0, Reader p1, int p2) throws SQLException {
        throw named();
    }

    @Override
    public void setCharacterStream(String p0, Reader p1, long p2) throws SQLException {
        throw named();
    }

    @Override
    public void setClob(String p0, Reader p1) throws SQLException {
        throw named();
    }

    @Override
    public void setClob(String p0, Reader p1, long p2) throws SQLException {
        throw named();
    }

    @Override
    public void setClob(String p0, Clob p1) throws SQLException {
        throw named();
    }

    @Override
    public void setDate(String p0, Date p1) throws SQLException {
        throw named();
    }

    @Override
    public void setDate(String p0, Date p1, Calendar p2) throws SQLException {
        throw named();
    }

    @Override
    public void setDouble(String p0, double p1) throws SQLException {
        throw named();
    }

    @Override
    public void setFloat(String p0, float p1) throws SQLException {
        throw named();
    }

    @Override
    public void setInt(String p0, int p1) throws SQLException {
        throw named();
    }

    @Override
    public void setLong(String p0, long p1) throws SQLException {
        throw named();
    }

    @Override
    public void setNCharacterStream(String p0, Reader p1) throws SQLException {
        throw named();
    }

    @Override
    public void setNCharacterStream(String p0, Reader p1, long p2) throws SQLException {
        throw named();
    }

    @Override
    public void setNClob(String p0, Reader p1) throws SQLException {
        throw named();
    }

    @Override
    public void setNClob(String p0, Reader p1, long p2) throws SQLException {
        throw named();
    }

    @Override
    public void setNClob(String p0, NClob p1) throws SQLException {
        throw named();
    }

    @Override
    public void setNString(String p0, String p1) throws SQLException {
        throw named();
    }

    @Override
    public void setNull(String p0, int p1) throws SQLException {
        throw named();
    }

    @Override
    public void setNull(String p0, int p1, String p2) throws SQLException {
        throw named();
    }

    @Override
    public void setObject(String p0, Object p1) throws SQLException {
        throw named();
    }

    @Override
    public void setObject(String p0, Object p1, int p2) throws SQLException {
        throw named();
    }

    @Override
    public void setObject(String p0, Object p1, int p2, int p3) throws SQLException {
        throw named();
    }

    @Override
    public void setRowId(String p0, RowId p1) throws SQLException {
        throw named();
    }

    @Override
    public void setSQLXML(String p0, SQLXML p1) throws SQLException {
        throw named();
    }

    @Override
    public void setShort(String p0, short p1) throws SQLException {
        throw named();
    }

    @Override
    public void setString(String p0, String p1) throws SQLException {
        throw named();
    }

    @Override
    public void setTime(String p0, Time p1) throws SQLException {
        throw named();
    }

    @Override
    public void setTime(String p0, Time p1, Calendar p2) throws SQLException {
        throw named();
    }

    @Override
    public void setTimestamp(String p0, Timestamp p1) throws SQLException {
        throw named();
    }

    @Override
    public void setTimestamp(String p0, Timestamp p1, Calendar p2) throws SQLException {
        throw named();
    }

    @Override
    public void setURL(String p0, URL p1) throws SQLException {
        throw named();
    }

    @Override
    public void registerOutParameter(int p0, SQLType p1) throws SQLException {
        registerOut(p0);
    }

    @Override
    public void registerOutParameter(int p0, SQLType p1, int p2) throws SQLException {
        registerOut(p0);
    }

    @Override
    public void registerOutParameter(int p0, SQLType p1, String p2) throws SQLException {
        registerOut(p0);
    }

    @Override
    public void registerOutParameter(String p0, SQLType p1) throws SQLException {
        throw named();
    }

    @Override
    public void registerOutParameter(String p0, SQLType p1, int p2) throws SQLException {
        throw named();
    }

    @Override
    public void registerOutParameter(String p0, SQLType p1, String p2) throws SQLException {
        throw named();
    }

    @Override
    public void setObject(String p0, Object p1, SQLType p2) throws SQLException {
        throw named();
    }

    @Override
    public void setObject(String p0, Object p1, SQLType p2, int p3) throws SQLException {
        throw named();
    }
}
