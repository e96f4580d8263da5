package io.bstack.jdbc;

import io.bstack.sql.exec.QueryResult;
import io.bstack.sql.exec.ResultColumn;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLType;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rows of a query. Forward-only results stream from the engine, one row per {@link #next}
 * (each call bounded by the statement's query timeout and the connection's network timeout);
 * scroll-insensitive ones, and results held over a commit, are read into memory. Getters convert
 * as {@link JdbcValues} says. Updatable when the statement asked for it and the query reads one
 * table with a primary key, every key column among its columns ({@link RowUpdater}); otherwise
 * read-only, with a warning.
 *
 * <p>Errors: reading a closed result, before the first row or after the last is {@code 24000}; a
 * bad column index {@code 07009}; an unknown label {@code 42S22}; scrolling a forward-only result
 * {@code HY106}; changing a read-only one {@code HY000}.
 */
final class BStackResultSet implements ResultSet {
    private final BStackStatement statement;
    private final List<ResultColumn> columns;
    private final ResultKind kind;
    private final long maxRows;
    private final Warnings warnings = new Warnings();
    private QueryResult stream; // null once read into rows, or closed
    private List<Object[]> rows; // null while streaming
    private Object[] current;
    private int position; // 0 before first; rows.size()+1 after last (streaming: count of rows read)
    private boolean afterLast;
    private boolean closed;
    private boolean wasNull;
    private int fetchSize;
    private int fetchDirection = FETCH_FORWARD;
    private final RowUpdater updater;

    BStackResultSet(BStackStatement statement, QueryResult result, ResultKind kind, long maxRows, boolean materialise)
            throws SQLException {
        this.statement = statement;
        this.columns = result.columns();
        this.kind = kind;
        this.maxRows = maxRows;
        this.stream = result;
        if (kind.scrollable() || materialise) {
            readAll();
        }
        this.updater = kind.concurrency() == CONCUR_UPDATABLE ? RowUpdater.of(this, statement.conn, columns, warnings)
                : null;
    }

    private BStackResultSet(BStackStatement statement, List<ResultColumn> columns, List<Object[]> rows) {
        this.statement = statement;
        this.columns = columns;
        this.kind = new ResultKind(TYPE_SCROLL_INSENSITIVE, CONCUR_READ_ONLY, HOLD_CURSORS_OVER_COMMIT);
        this.maxRows = 0;
        this.rows = rows;
        this.updater = null;
    }

    /** A result of {@code result}'s rows, read into memory now (generated keys). */
    static BStackResultSet materialised(BStackStatement statement, QueryResult result) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (result) {
            int width = result.labels().size();
            while (result.next()) {
                Object[] row = new Object[width];
                for (int i = 0; i < width; i++) {
                    row[i] = io.bstack.sql.eval.Lobs.value(result.get(i));
                }
                rows.add(row);
            }
        }
        return new BStackResultSet(statement, result.columns(), rows);
    }

    /** The rows of a result held in memory (null while streaming). */
    List<Object[]> rowList() {
        return rows;
    }

    /** A result without columns or rows. */
    static BStackResultSet empty(BStackStatement statement) {
        return new BStackResultSet(statement, List.of(), new ArrayList<>());
    }

    /** A result of given rows (metadata queries answered in memory). */
    static BStackResultSet of(BStackStatement statement, List<ResultColumn> columns, List<Object[]> rows) {
        return new BStackResultSet(statement, columns, rows);
    }

    List<ResultColumn> columns() {
        return columns;
    }

    Object[] currentRow() {
        return current;
    }

    // ---- reading rows ---------------------------------------------------------------------------

    private void readAll() throws SQLException {
        List<Object[]> all = new ArrayList<>();
        QueryResult s = stream;
        try (s) {
            while ((maxRows == 0 || all.size() < maxRows) && s.next()) {
                all.add(kept(row(s)));
            }
        } catch (SQLException e) {
            throw SqlExceptions.translate(e);
        }
        stream = null;
        rows = all;
    }

    /** The stream's current row; large stored values stay in place (readable while the stream is open). */
    private Object[] row(QueryResult s) throws SQLException {
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = s.get(i);
        }
        return row;
    }

    /** A row kept after its stream closes: large values are read whole (their snapshot ends with the stream). */
    private static Object[] kept(Object[] row) throws SQLException {
        for (int i = 0; i < row.length; i++) {
            row[i] = io.bstack.sql.eval.Lobs.value(row[i]);
        }
        return row;
    }

    /** Before a commit: the rest of a streaming result is read into memory, so it outlives the transaction. */
    void holdOverCommit() throws SQLException {
        if (closed || stream == null) {
            return;
        }
        List<Object[]> rest = new ArrayList<>();
        if (peeked != null) {
            rest.add(kept(peeked));
            peeked = null;
        }
        QueryResult s = stream;
        try (s) {
            while ((maxRows == 0 || position + rest.size() < maxRows) && s.next()) {
                rest.add(kept(row(s)));
            }
        }
        stream = null;
        // keep forward-only semantics: the rows still to come, the cursor before them
        rows = rest;
        position = 0;
        heldOffset = true;
    }

    private boolean heldOffset; // rows hold only what was left when the result was held over a commit
    private Object[] peeked; // streaming: the first row, read ahead by isBeforeFirst (JDBC: false when empty)

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        if (updater != null) {
            updater.leaveInsertRow();
        }
        if (rows != null) {
            if (position <= rows.size()) {
                position++;
            }
            current = position <= rows.size() ? rows.get(position - 1) : null;
            afterLast = current == null;
            return current != null;
        }
        if (peeked != null) {
            current = peeked;
            peeked = null;
            position++;
            return true;
        }
        if (afterLast) {
            return false;
        }
        if (maxRows > 0 && position >= maxRows) {
            current = null;
            afterLast = true;
            closeStream();
            return false;
        }
        QueryResult s = stream;
        boolean more = statement.conn.call(statement.control, statement.queryTimeoutMillis(), s::next);
        if (!more) {
            current = null;
            afterLast = true;
            closeStream();
            return false;
        }
        current = row(s);
        position++;
        return true;
    }

    private void closeStream() throws SQLException {
        if (stream != null) {
            QueryResult s = stream;
            stream = null;
            s.close();
        }
    }

    void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("the result set is closed", "24000");
        }
        statement.conn.checkOpen();
    }

    private void checkScrollable() throws SQLException {
        checkOpen();
        if (!kind.scrollable()) {
            throw new SQLException("the result set is TYPE_FORWARD_ONLY: it cannot scroll", "HY106");
        }
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            closeStream();
        } finally {
            statement.resultClosed(this);
        }
    }

    void closeQuietly() {
        closed = true;
        try {
            closeStream();
        } catch (SQLException e) {
            // the connection is closing
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkOpen();
        return wasNull;
    }

    // ---- values ---------------------------------------------------------------------------------

    private Object value(int columnIndex) throws SQLException {
        checkOpen();
        if (columnIndex < 1 || columnIndex > columns.size()) {
            throw new SQLException("column " + columnIndex + " is not in the result (1.." + columns.size() + ")",
                    "07009");
        }
        Object v;
        if (updater != null && updater.has(columnIndex)) {
            v = updater.value(columnIndex);
        } else {
            if (current == null) {
                throw new SQLException(position == 0 && !afterLast ? "no current row: call next() first"
                        : "no current row: the cursor is after the last row", "24000");
            }
            v = current[columnIndex - 1];
        }
        wasNull = v == null;
        return v;
    }

    private <T> T get(int columnIndex, Class<T> type) throws SQLException {
        Object v = value(columnIndex);
        T out = v == null ? null : JdbcValues.get(v, type);
        int max = statement.maxFieldSizeValue();
        if (max > 0 && out instanceof String s && s.length() > max) {
            return type.cast(s.substring(0, max));
        }
        if (max > 0 && out instanceof byte[] b && b.length > max) {
            return type.cast(java.util.Arrays.copyOf(b, max));
        }
        return out;
    }

    @Override
    public int findColumn(String columnLabel) throws SQLException {
        checkOpen();
        if (columnLabel == null) {
            throw new SQLException("the column label is null", "HY009");
        }
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).label().equalsIgnoreCase(columnLabel)) {
                return i + 1;
            }
        }
        for (int i = 0; i < columns.size(); i++) { // t.c as written by the caller
            ResultColumn c = columns.get(i);
            if (!c.table().isEmpty() && (c.table() + "." + c.name()).equalsIgnoreCase(columnLabel)) {
                return i + 1;
            }
        }
        throw new SQLException("column " + columnLabel + " is not in the result; it has "
                + columns.stream().map(ResultColumn::label).toList(), "42S22");
    }

    @Override
    public String getString(int columnIndex) throws SQLException {
        return get(columnIndex, String.class);
    }

    @Override
    public String getString(String columnLabel) throws SQLException {
        return getString(findColumn(columnLabel));
    }

    @Override
    public boolean getBoolean(int columnIndex) throws SQLException {
        Boolean v = get(columnIndex, Boolean.class);
        return v == null ? false : v;
    }

    @Override
    public boolean getBoolean(String columnLabel) throws SQLException {
        return getBoolean(findColumn(columnLabel));
    }

    @Override
    public byte getByte(int columnIndex) throws SQLException {
        Byte v = get(columnIndex, Byte.class);
        return v == null ? (byte) 0 : v;
    }

    @Override
    public byte getByte(String columnLabel) throws SQLException {
        return getByte(findColumn(columnLabel));
    }

    @Override
    public short getShort(int columnIndex) throws SQLException {
        Short v = get(columnIndex, Short.class);
        return v == null ? (short) 0 : v;
    }

    @Override
    public short getShort(String columnLabel) throws SQLException {
        return getShort(findColumn(columnLabel));
    }

    @Override
    public int getInt(int columnIndex) throws SQLException {
        Integer v = get(columnIndex, Integer.class);
        return v == null ? 0 : v;
    }

    @Override
    public int getInt(String columnLabel) throws SQLException {
        return getInt(findColumn(columnLabel));
    }

    @Override
    public long getLong(int columnIndex) throws SQLException {
        Long v = get(columnIndex, Long.class);
        return v == null ? 0L : v;
    }

    @Override
    public long getLong(String columnLabel) throws SQLException {
        return getLong(findColumn(columnLabel));
    }

    @Override
    public float getFloat(int columnIndex) throws SQLException {
        Float v = get(columnIndex, Float.class);
        return v == null ? 0f : v;
    }

    @Override
    public float getFloat(String columnLabel) throws SQLException {
        return getFloat(findColumn(columnLabel));
    }

    @Override
    public double getDouble(int columnIndex) throws SQLException {
        Double v = get(columnIndex, Double.class);
        return v == null ? 0d : v;
    }

    @Override
    public double getDouble(String columnLabel) throws SQLException {
        return getDouble(findColumn(columnLabel));
    }

    @Override
    public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
        return get(columnIndex, BigDecimal.class);
    }

    @Override
    public BigDecimal getBigDecimal(String columnLabel) throws SQLException {
        return getBigDecimal(findColumn(columnLabel));
    }

    @Override
    public byte[] getBytes(int columnIndex) throws SQLException {
        return get(columnIndex, byte[].class);
    }

    @Override
    public byte[] getBytes(String columnLabel) throws SQLException {
        return getBytes(findColumn(columnLabel));
    }

    @Override
    public Date getDate(int columnIndex) throws SQLException {
        return get(columnIndex, Date.class);
    }

    @Override
    public Date getDate(String columnLabel) throws SQLException {
        return getDate(findColumn(columnLabel));
    }

    @Override
    public Time getTime(int columnIndex) throws SQLException {
        return get(columnIndex, Time.class);
    }

    @Override
    public Time getTime(String columnLabel) throws SQLException {
        return getTime(findColumn(columnLabel));
    }

    @Override
    public Timestamp getTimestamp(int columnIndex) throws SQLException {
        return get(columnIndex, Timestamp.class);
    }

    @Override
    public Timestamp getTimestamp(String columnLabel) throws SQLException {
        return getTimestamp(findColumn(columnLabel));
    }

    @Override
    public InputStream getAsciiStream(int columnIndex) throws SQLException {
        String s = get(columnIndex, String.class);
        return s == null ? null : new java.io.ByteArrayInputStream(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Override
    public InputStream getAsciiStream(String columnLabel) throws SQLException {
        return getAsciiStream(findColumn(columnLabel));
    }

    @Override
    public InputStream getBinaryStream(int columnIndex) throws SQLException {
        return get(columnIndex, InputStream.class);
    }

    @Override
    public InputStream getBinaryStream(String columnLabel) throws SQLException {
        return getBinaryStream(findColumn(columnLabel));
    }

    @Override
    public Reader getCharacterStream(int columnIndex) throws SQLException {
        return get(columnIndex, Reader.class);
    }

    @Override
    public Reader getCharacterStream(String columnLabel) throws SQLException {
        return getCharacterStream(findColumn(columnLabel));
    }

    @Override
    public Reader getNCharacterStream(int columnIndex) throws SQLException {
        return get(columnIndex, Reader.class);
    }

    @Override
    public Reader getNCharacterStream(String columnLabel) throws SQLException {
        return getNCharacterStream(findColumn(columnLabel));
    }

    @Override
    public Blob getBlob(int columnIndex) throws SQLException {
        if (value(columnIndex) instanceof io.bstack.alloc.Region r) {
            return new RegionBlob(statement.conn, r); // a Blob over the region, in the connection's transaction
        }
        return get(columnIndex, Blob.class);
    }

    @Override
    public Blob getBlob(String columnLabel) throws SQLException {
        return getBlob(findColumn(columnLabel));
    }

    @Override
    public Clob getClob(int columnIndex) throws SQLException {
        return get(columnIndex, Clob.class);
    }

    @Override
    public Clob getClob(String columnLabel) throws SQLException {
        return getClob(findColumn(columnLabel));
    }

    @Override
    public NClob getNClob(int columnIndex) throws SQLException {
        return get(columnIndex, NClob.class);
    }

    @Override
    public NClob getNClob(String columnLabel) throws SQLException {
        return getNClob(findColumn(columnLabel));
    }

    @Override
    public String getNString(int columnIndex) throws SQLException {
        return get(columnIndex, String.class);
    }

    @Override
    public String getNString(String columnLabel) throws SQLException {
        return getNString(findColumn(columnLabel));
    }
    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
        BigDecimal d = getBigDecimal(columnIndex);
        return d == null ? null : d.setScale(scale, java.math.RoundingMode.HALF_UP);
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(String columnLabel, int scale) throws SQLException {
        return getBigDecimal(findColumn(columnLabel), scale);
    }

    @Override
    @Deprecated
    public InputStream getUnicodeStream(int columnIndex) throws SQLException {
        String s = getString(columnIndex);
        return s == null ? null : new java.io.ByteArrayInputStream(s.getBytes(java.nio.charset.StandardCharsets.UTF_16BE));
    }

    @Override
    @Deprecated
    public InputStream getUnicodeStream(String columnLabel) throws SQLException {
        return getUnicodeStream(findColumn(columnLabel));
    }

    @Override
    public Date getDate(int columnIndex, Calendar cal) throws SQLException {
        Object v = value(columnIndex);
        return v == null ? null : JdbcValues.toSqlDate(v, cal);
    }

    @Override
    public Date getDate(String columnLabel, Calendar cal) throws SQLException {
        return getDate(findColumn(columnLabel), cal);
    }

    @Override
    public Time getTime(int columnIndex, Calendar cal) throws SQLException {
        Object v = value(columnIndex);
        return v == null ? null : JdbcValues.toSqlTime(v, cal);
    }

    @Override
    public Time getTime(String columnLabel, Calendar cal) throws SQLException {
        return getTime(findColumn(columnLabel), cal);
    }

    @Override
    public Timestamp getTimestamp(int columnIndex, Calendar cal) throws SQLException {
        Object v = value(columnIndex);
        return v == null ? null : JdbcValues.toSqlTimestamp(v, cal);
    }

    @Override
    public Timestamp getTimestamp(String columnLabel, Calendar cal) throws SQLException {
        return getTimestamp(findColumn(columnLabel), cal);
    }

    @Override
    public Object getObject(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        return v == null ? null : JdbcValues.getObject(v, columns.get(columnIndex - 1).type().kind());
    }

    @Override
    public Object getObject(String columnLabel) throws SQLException {
        return getObject(findColumn(columnLabel));
    }

    @Override
    public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
        if (type == null) {
            throw new SQLException("the target class is null", "HY009");
        }
        return get(columnIndex, type);
    }

    @Override
    public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
        return getObject(findColumn(columnLabel), type);
    }

    @Override
    public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
        return getObject(columnIndex); // no user-defined types: the map never applies
    }

    @Override
    public Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException {
        return getObject(findColumn(columnLabel));
    }

    @Override
    public URL getURL(int columnIndex) throws SQLException {
        String s = getString(columnIndex);
        if (s == null) {
            return null;
        }
        try {
            return URI.create(s).toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new SQLException("column " + columnIndex + " is not a URL: " + s, "22018", e);
        }
    }

    @Override
    public URL getURL(String columnLabel) throws SQLException {
        return getURL(findColumn(columnLabel));
    }

    @Override
    public Ref getRef(int columnIndex) throws SQLException {
        checkOpen();
        throw new SQLFeatureNotSupportedException("BStack DB has no REF type", "0A000");
    }

    @Override
    public Ref getRef(String columnLabel) throws SQLException {
        return getRef(findColumn(columnLabel));
    }

    @Override
    public Array getArray(int columnIndex) throws SQLException {
        checkOpen();
        throw new SQLFeatureNotSupportedException("BStack DB has no ARRAY type", "0A000");
    }

    @Override
    public Array getArray(String columnLabel) throws SQLException {
        return getArray(findColumn(columnLabel));
    }

    @Override
    public RowId getRowId(int columnIndex) throws SQLException {
        checkOpen();
        throw new SQLFeatureNotSupportedException("BStack DB has no ROWID type", "0A000");
    }

    @Override
    public RowId getRowId(String columnLabel) throws SQLException {
        return getRowId(findColumn(columnLabel));
    }

    @Override
    public SQLXML getSQLXML(int columnIndex) throws SQLException {
        checkOpen();
        throw new SQLFeatureNotSupportedException("BStack DB has no XML type", "0A000");
    }

    @Override
    public SQLXML getSQLXML(String columnLabel) throws SQLException {
        return getSQLXML(findColumn(columnLabel));
    }

    // ---- scrolling ------------------------------------------------------------------------------

    @Override
    public boolean isBeforeFirst() throws SQLException {
        checkOpen();
        if (rows != null) {
            return position == 0 && !rows.isEmpty() && !heldOffset;
        }
        if (position == 0 && !afterLast && peeked == null && stream != null) {
            QueryResult s = stream;
            if (statement.conn.call(statement.control, statement.queryTimeoutMillis(), s::next)) {
                peeked = row(s);
            } else {
                afterLast = true;
                closeStream();
            }
        }
        return position == 0 && !afterLast;
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        checkOpen();
        return afterLast && (rows == null ? position > 0 : !rows.isEmpty());
    }

    @Override
    public boolean isFirst() throws SQLException {
        checkOpen();
        return current != null && position == 1 && !heldOffset;
    }

    @Override
    public boolean isLast() throws SQLException {
        checkOpen();
        if (current == null) {
            return false;
        }
        if (rows != null) {
            return position == rows.size();
        }
        checkScrollable(); // a stream cannot know without reading on
        return false;
    }

    @Override
    public void beforeFirst() throws SQLException {
        checkScrollable();
        position = 0;
        current = null;
        afterLast = false;
    }

    @Override
    public void afterLast() throws SQLException {
        checkScrollable();
        position = rows.size() + 1;
        current = null;
        afterLast = true;
    }

    @Override
    public boolean first() throws SQLException {
        return absolute(1);
    }

    @Override
    public boolean last() throws SQLException {
        return absolute(-1);
    }

    @Override
    public int getRow() throws SQLException {
        checkOpen();
        return current == null || heldOffset ? 0 : position;
    }

    @Override
    public boolean absolute(int row) throws SQLException {
        checkScrollable();
        int n = rows.size();
        int target = row >= 0 ? row : n + 1 + row;
        if (target <= 0) {
            position = 0;
            current = null;
            afterLast = false;
            return false;
        }
        if (target > n) {
            position = n + 1;
            current = null;
            afterLast = true;
            return false;
        }
        position = target;
        current = rows.get(target - 1);
        afterLast = false;
        return true;
    }

    @Override
    public boolean relative(int rows) throws SQLException {
        checkScrollable();
        if (current == null && rows != 0) {
            int from = afterLast ? this.rows.size() + 1 : 0;
            return absolute(Math.max(0, Math.min(this.rows.size() + 1, from + rows)));
        }
        return absolute(Math.max(0, Math.min(this.rows.size() + 1, position + rows)));
    }

    @Override
    public boolean previous() throws SQLException {
        checkScrollable();
        return relative(-1);
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        if (direction != FETCH_FORWARD && direction != FETCH_REVERSE && direction != FETCH_UNKNOWN) {
            throw new SQLException("not a fetch direction: " + direction, "HY024");
        }
        if (direction != FETCH_FORWARD && !kind.scrollable()) {
            throw new SQLException("a TYPE_FORWARD_ONLY result only fetches forward", "HY106");
        }
        fetchDirection = direction;
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return fetchDirection;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0) {
            throw new SQLException("fetch size is negative: " + rows, "HY024");
        }
        fetchSize = rows;
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return fetchSize;
    }

    @Override
    public int getType() throws SQLException {
        checkOpen();
        return kind.type();
    }

    @Override
    public int getConcurrency() throws SQLException {
        checkOpen();
        return updater != null ? CONCUR_UPDATABLE : CONCUR_READ_ONLY;
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return kind.holdability();
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
    public String getCursorName() throws SQLException {
        checkOpen();
        throw new SQLFeatureNotSupportedException("positioned UPDATE/DELETE (WHERE CURRENT OF) is not supported: use"
                + " an updatable result set", "0A000");
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return new BStackResultSetMetaData(columns, statement.conn.shared().name());
    }

    @Override
    public Statement getStatement() throws SQLException {
        checkOpen();
        return statement instanceof BStackMetaStatement ? null : statement;
    }

    // ---- updates --------------------------------------------------------------------------------

    private RowUpdater updater() throws SQLException {
        checkOpen();
        if (updater == null) {
            throw new SQLException("the result set is read-only (CONCUR_READ_ONLY)", "HY000");
        }
        return updater;
    }

    private void update(int columnIndex, Object carrier) throws SQLException {
        if (columnIndex < 1 || columnIndex > columns.size()) {
            updater();
            throw new SQLException("column " + columnIndex + " is not in the result (1.." + columns.size() + ")",
                    "07009");
        }
        updater().set(columnIndex, carrier);
    }

    private static int typeNumber(SQLType type) throws SQLException {
        if (type == null || type.getVendorTypeNumber() == null) {
            throw new SQLException("no target SQL type given", "HY004");
        }
        return type.getVendorTypeNumber();
    }

    @Override
    public void updateNull(int columnIndex) throws SQLException {
        update(columnIndex, null);
    }

    @Override
    public void updateNull(String columnLabel) throws SQLException {
        updateNull(findColumn(columnLabel));
    }

    @Override
    public void updateBoolean(int columnIndex, boolean x) throws SQLException {
        update(columnIndex, x);
    }

    @Override
    public void updateBoolean(String columnLabel, boolean x) throws SQLException {
        updateBoolean(findColumn(columnLabel), x);
    }

    @Override
    public void updateByte(int columnIndex, byte x) throws SQLException {
        update(columnIndex, x);
    }

    @Override
    public void updateByte(String columnLabel, byte x) throws SQLException {
        updateByte(findColumn(columnLabel), x);
    }

    @Override
    public void updateShort(int columnIndex, short x) throws SQLException {
        update(columnIndex, x);
    }

    @Override
    public void updateShort(String columnLabel, short x) throws SQLException {
        updateShort(findColumn(columnLabel), x);
    }

    @Override
    public void updateInt(int columnIndex, int x) throws SQLException {
        update(columnIndex, x);
    }

    @Override
    public void updateInt(String columnLabel, int x) throws SQLException {
        updateInt(findColumn(columnLabel), x);
    }

    @Override
    public void updateLong(int columnIndex, long x) throws SQLException {
        update(columnIndex, x);
    }

    @Override
    public void updateLong(String columnLabel, long x) throws SQLException {
        updateLong(findColumn(columnLabel), x);
    }

    @Override
    public void updateFloat(int columnIndex, float x) throws SQLException {
        update(columnIndex, x);
    }

    @Override
    public void updateFloat(String columnLabel, float x) throws SQLException {
        updateFloat(findColumn(columnLabel), x);
    }

    @Override
    public void updateDouble(int columnIndex, double x) throws SQLException {
        update(columnIndex, x);
    }

    @Override
    public void updateDouble(String columnLabel, double x) throws SQLException {
        updateDouble(findColumn(columnLabel), x);
    }

    @Override
    public void updateBigDecimal(int columnIndex, BigDecimal x) throws SQLException {
        update(columnIndex, x);
    }

    @Override
    public void updateBigDecimal(String columnLabel, BigDecimal x) throws SQLException {
        updateBigDecimal(findColumn(columnLabel), x);
    }

    @Override
    public void updateString(int columnIndex, String x) throws SQLException {
        update(columnIndex, x);
    }

    @Override
    public void updateString(String columnLabel, String x) throws SQLException {
        updateString(findColumn(columnLabel), x);
    }

    @Override
    public void updateNString(int columnIndex, String x) throws SQLException {
        update(columnIndex, x);
    }

    @Override
    public void updateNString(String columnLabel, String x) throws SQLException {
        updateNString(findColumn(columnLabel), x);
    }

    @Override
    public void updateBytes(int columnIndex, byte[] x) throws SQLException {
        update(columnIndex, x == null ? null : x.clone());
    }

    @Override
    public void updateBytes(String columnLabel, byte[] x) throws SQLException {
        updateBytes(findColumn(columnLabel), x);
    }

    @Override
    public void updateDate(int columnIndex, Date x) throws SQLException {
        update(columnIndex, JdbcValues.toCarrier(x));
    }

    @Override
    public void updateDate(String columnLabel, Date x) throws SQLException {
        updateDate(findColumn(columnLabel), x);
    }

    @Override
    public void updateTime(int columnIndex, Time x) throws SQLException {
        update(columnIndex, JdbcValues.toCarrier(x));
    }

    @Override
    public void updateTime(String columnLabel, Time x) throws SQLException {
        updateTime(findColumn(columnLabel), x);
    }

    @Override
    public void updateTimestamp(int columnIndex, Timestamp x) throws SQLException {
        update(columnIndex, JdbcValues.toCarrier(x));
    }

    @Override
    public void updateTimestamp(String columnLabel, Timestamp x) throws SQLException {
        updateTimestamp(findColumn(columnLabel), x);
    }

    @Override
    public void updateObject(int columnIndex, Object x) throws SQLException {
        update(columnIndex, JdbcValues.toCarrier(x));
    }

    @Override
    public void updateObject(String columnLabel, Object x) throws SQLException {
        updateObject(findColumn(columnLabel), x);
    }

    @Override
    public void updateObject(int columnIndex, Object x, int scaleOrLength) throws SQLException {
        update(columnIndex, JdbcValues.toCarrier(x));
    }

    @Override
    public void updateObject(String columnLabel, Object x, int scaleOrLength) throws SQLException {
        updateObject(findColumn(columnLabel), x, scaleOrLength);
    }

    @Override
    public void updateObject(int columnIndex, Object x, SQLType targetSqlType) throws SQLException {
        update(columnIndex, JdbcValues.toCarrier(x, typeNumber(targetSqlType), -1));
    }

    @Override
    public void updateObject(String columnLabel, Object x, SQLType targetSqlType) throws SQLException {
        updateObject(findColumn(columnLabel), x, targetSqlType);
    }

    @Override
    public void updateObject(int columnIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        update(columnIndex, JdbcValues.toCarrier(x, typeNumber(targetSqlType), scaleOrLength));
    }

    @Override
    public void updateObject(String columnLabel, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        updateObject(findColumn(columnLabel), x, targetSqlType, scaleOrLength);
    }

    @Override
    public void updateAsciiStream(int columnIndex, InputStream x, int length) throws SQLException {
        update(columnIndex, x == null ? null : new String(Streams.bytes(x, length), java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Override
    public void updateAsciiStream(String columnLabel, InputStream x, int length) throws SQLException {
        updateAsciiStream(findColumn(columnLabel), x, length);
    }

    @Override
    public void updateAsciiStream(int columnIndex, InputStream x, long length) throws SQLException {
        update(columnIndex, x == null ? null : new String(Streams.bytes(x, length), java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Override
    public void updateAsciiStream(String columnLabel, InputStream x, long length) throws SQLException {
        updateAsciiStream(findColumn(columnLabel), x, length);
    }

    @Override
    public void updateAsciiStream(int columnIndex, InputStream x) throws SQLException {
        update(columnIndex, x == null ? null : new String(Streams.bytes(x, -1), java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Override
    public void updateAsciiStream(String columnLabel, InputStream x) throws SQLException {
        updateAsciiStream(findColumn(columnLabel), x);
    }

    @Override
    public void updateBinaryStream(int columnIndex, InputStream x, int length) throws SQLException {
        update(columnIndex, x == null ? null : Streams.bytes(x, length));
    }

    @Override
    public void updateBinaryStream(String columnLabel, InputStream x, int length) throws SQLException {
        updateBinaryStream(findColumn(columnLabel), x, length);
    }

    @Override
    public void updateBinaryStream(int columnIndex, InputStream x, long length) throws SQLException {
        update(columnIndex, x == null ? null : Streams.bytes(x, length));
    }

    @Override
    public void updateBinaryStream(String columnLabel, InputStream x, long length) throws SQLException {
        updateBinaryStream(findColumn(columnLabel), x, length);
    }

    @Override
    public void updateBinaryStream(int columnIndex, InputStream x) throws SQLException {
        update(columnIndex, x == null ? null : Streams.bytes(x, -1));
    }

    @Override
    public void updateBinaryStream(String columnLabel, InputStream x) throws SQLException {
        updateBinaryStream(findColumn(columnLabel), x);
    }

    @Override
    public void updateCharacterStream(int columnIndex, Reader x, int length) throws SQLException {
        update(columnIndex, x == null ? null : Streams.text(x, length));
    }

    @Override
    public void updateCharacterStream(String columnLabel, Reader x, int length) throws SQLException {
        updateCharacterStream(findColumn(columnLabel), x, length);
    }

    @Override
    public void updateCharacterStream(int columnIndex, Reader x, long length) throws SQLException {
        update(columnIndex, x == null ? null : Streams.text(x, length));
    }

    @Override
    public void updateCharacterStream(String columnLabel, Reader x, long length) throws SQLException {
        updateCharacterStream(findColumn(columnLabel), x, length);
    }

    @Override
    public void updateCharacterStream(int columnIndex, Reader x) throws SQLException {
        update(columnIndex, x == null ? null : Streams.text(x, -1));
    }

    @Override
    public void updateCharacterStream(String columnLabel, Reader x) throws SQLException {
        updateCharacterStream(findColumn(columnLabel), x);
    }

    @Override
    public void updateNCharacterStream(int columnIndex, Reader x, long length) throws SQLException {
        update(columnIndex, x == null ? null : Streams.text(x, length));
    }

    @Override
    public void updateNCharacterStream(String columnLabel, Reader x, long length) throws SQLException {
        updateNCharacterStream(findColumn(columnLabel), x, length);
    }

    @Override
    public void updateNCharacterStream(int columnIndex, Reader x) throws SQLException {
        update(columnIndex, x == null ? null : Streams.text(x, -1));
    }

    @Override
    public void updateNCharacterStream(String columnLabel, Reader x) throws SQLException {
        updateNCharacterStream(findColumn(columnLabel), x);
    }

    @Override
    public void updateBlob(int columnIndex, Blob x) throws SQLException {
        update(columnIndex, JdbcValues.toCarrier(x));
    }

    @Override
    public void updateBlob(String columnLabel, Blob x) throws SQLException {
        updateBlob(findColumn(columnLabel), x);
    }

    @Override
    public void updateBlob(int columnIndex, InputStream x, long length) throws SQLException {
        update(columnIndex, x == null ? null : Streams.bytes(x, length));
    }

    @Override
    public void updateBlob(String columnLabel, InputStream x, long length) throws SQLException {
        updateBlob(findColumn(columnLabel), x, length);
    }

    @Override
    public void updateBlob(int columnIndex, InputStream x) throws SQLException {
        update(columnIndex, x == null ? null : Streams.bytes(x, -1));
    }

    @Override
    public void updateBlob(String columnLabel, InputStream x) throws SQLException {
        updateBlob(findColumn(columnLabel), x);
    }

    @Override
    public void updateClob(int columnIndex, Clob x) throws SQLException {
        update(columnIndex, JdbcValues.toCarrier(x));
    }

    @Override
    public void updateClob(String columnLabel, Clob x) throws SQLException {
        updateClob(findColumn(columnLabel), x);
    }

    @Override
    public void updateClob(int columnIndex, Reader x, long length) throws SQLException {
        update(columnIndex, x == null ? null : Streams.text(x, length));
    }

    @Override
    public void updateClob(String columnLabel, Reader x, long length) throws SQLException {
        updateClob(findColumn(columnLabel), x, length);
    }

    @Override
    public void updateClob(int columnIndex, Reader x) throws SQLException {
        update(columnIndex, x == null ? null : Streams.text(x, -1));
    }

    @Override
    public void updateClob(String columnLabel, Reader x) throws SQLException {
        updateClob(findColumn(columnLabel), x);
    }

    @Override
    public void updateNClob(int columnIndex, NClob x) throws SQLException {
        update(columnIndex, JdbcValues.toCarrier(x));
    }

    @Override
    public void updateNClob(String columnLabel, NClob x) throws SQLException {
        updateNClob(findColumn(columnLabel), x);
    }

    @Override
    public void updateNClob(int columnIndex, Reader x, long length) throws SQLException {
        update(columnIndex, x == null ? null : Streams.text(x, length));
    }

    @Override
    public void updateNClob(String columnLabel, Reader x, long length) throws SQLException {
        updateNClob(findColumn(columnLabel), x, length);
    }

    @Override
    public void updateNClob(int columnIndex, Reader x) throws SQLException {
        update(columnIndex, x == null ? null : Streams.text(x, -1));
    }

    @Override
    public void updateNClob(String columnLabel, Reader x) throws SQLException {
        updateNClob(findColumn(columnLabel), x);
    }
    @Override
    public void updateRef(int columnIndex, Ref x) throws SQLException {
        getRef(columnIndex);
    }

    @Override
    public void updateRef(String columnLabel, Ref x) throws SQLException {
        getRef(findColumn(columnLabel));
    }

    @Override
    public void updateArray(int columnIndex, Array x) throws SQLException {
        getArray(columnIndex);
    }

    @Override
    public void updateArray(String columnLabel, Array x) throws SQLException {
        getArray(findColumn(columnLabel));
    }

    @Override
    public void updateRowId(int columnIndex, RowId x) throws SQLException {
        getRowId(columnIndex);
    }

    @Override
    public void updateRowId(String columnLabel, RowId x) throws SQLException {
        getRowId(findColumn(columnLabel));
    }

    @Override
    public void updateSQLXML(int columnIndex, SQLXML x) throws SQLException {
        getSQLXML(columnIndex);
    }

    @Override
    public void updateSQLXML(String columnLabel, SQLXML x) throws SQLException {
        getSQLXML(findColumn(columnLabel));
    }

    @Override
    public boolean rowUpdated() throws SQLException {
        return updater().updated(position);
    }

    @Override
    public boolean rowInserted() throws SQLException {
        updater();
        return false;
    }

    @Override
    public boolean rowDeleted() throws SQLException {
        return updater().deleted(position);
    }

    @Override
    public void insertRow() throws SQLException {
        updater().insertRow();
    }

    @Override
    public void updateRow() throws SQLException {
        RowUpdater u = updater();
        if (current == null) {
            throw new SQLException("no current row to update", "24000");
        }
        u.updateRow(current, position);
    }

    @Override
    public void deleteRow() throws SQLException {
        RowUpdater u = updater();
        if (current == null) {
            throw new SQLException("no current row to delete", "24000");
        }
        u.deleteRow(current, position);
    }

    @Override
    public void refreshRow() throws SQLException {
        RowUpdater u = updater();
        if (current == null) {
            throw new SQLException("no current row to refresh", "24000");
        }
        Object[] fresh = u.refresh(current);
        System.arraycopy(fresh, 0, current, 0, fresh.length);
    }

    @Override
    public void cancelRowUpdates() throws SQLException {
        updater().cancel();
    }

    @Override
    public void moveToInsertRow() throws SQLException {
        updater().moveToInsertRow();
    }

    @Override
    public void moveToCurrentRow() throws SQLException {
        updater().leaveInsertRow();
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
        return "BStackResultSet" + columns.stream().map(c -> c.label().toUpperCase(Locale.ROOT)).toList();
    }
}
