package io.bstack.jdbc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Blob;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * A {@link Blob} held in memory: what {@code Connection.createBlob()} returns and what
 * {@code ResultSet.getBlob} wraps a binary value in. Positions are 1-based as in JDBC; writes past
 * the end extend the value. After {@link #free()} every method but {@code free} raises SQLState
 * {@code HY010}. Bad positions or lengths raise {@code 22011}, bad array offsets {@code 22023}.
 * Streams returned by {@link #getBinaryStream()} read a snapshot; the stream of
 * {@link #setBinaryStream(long)} writes through. Thread-safe (all methods synchronize on the blob).
 */
final class BStackBlob implements Blob {
    private byte[] data;
    private int length;
    private boolean freed;

    /** An empty blob. */
    public BStackBlob() {
        this(new byte[0]);
    }

    /** A blob holding a copy of {@code bytes}. */
    public BStackBlob(byte[] bytes) {
        this.data = bytes.clone();
        this.length = bytes.length;
    }

    /** @return a copy of the whole value */
    public synchronized byte[] toBytes() throws SQLException {
        checkOpen();
        return Arrays.copyOf(data, length);
    }

    @Override
    public synchronized long length() throws SQLException {
        checkOpen();
        return length;
    }

    @Override
    public synchronized byte[] getBytes(long pos, int len) throws SQLException {
        checkOpen();
        int from = start(pos, length);
        if (len < 0) {
            throw SqlExceptions.of("negative length " + len, SqlExceptions.SUBSTRING, null);
        }
        return Arrays.copyOfRange(data, from, from + Math.min(len, length - from));
    }

    @Override
    public synchronized InputStream getBinaryStream() throws SQLException {
        checkOpen();
        return new ByteArrayInputStream(Arrays.copyOf(data, length));
    }

    @Override
    public synchronized InputStream getBinaryStream(long pos, long len) throws SQLException {
        checkOpen();
        int from = start(pos, length);
        if (len < 0 || len > length - from) {
            throw SqlExceptions.of("length " + len + " from position " + pos + " exceeds the blob length " + length,
                    SqlExceptions.SUBSTRING, null);
        }
        return new ByteArrayInputStream(Arrays.copyOfRange(data, from, from + (int) len));
    }

    @Override
    public synchronized long position(byte[] pattern, long start) throws SQLException {
        checkOpen();
        if (start < 1) {
            throw SqlExceptions.of("start position " + start + " is less than 1", SqlExceptions.SUBSTRING, null);
        }
        if (start > length + 1L) {
            return -1;
        }
        int last = length - pattern.length;
        outer:
        for (int i = (int) start - 1; i <= last; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i + 1L;
        }
        return -1;
    }

    @Override
    public long position(Blob pattern, long start) throws SQLException {
        checkOpen();
        if (pattern == null) {
            throw SqlExceptions.of("the pattern is null", "HY009", null);
        }
        long n = pattern.length();
        if (n > Integer.MAX_VALUE) {
            return -1;
        }
        return position(pattern.getBytes(1, (int) n), start);
    }

    @Override
    public int setBytes(long pos, byte[] bytes) throws SQLException {
        return setBytes(pos, bytes, 0, bytes == null ? 0 : bytes.length);
    }

    @Override
    public synchronized int setBytes(long pos, byte[] bytes, int offset, int len) throws SQLException {
        checkOpen();
        if (bytes == null) {
            throw SqlExceptions.of("the bytes are null", "HY009", null);
        }
        int at = start(pos, length);
        if (offset < 0 || len < 0 || offset > bytes.length - len) {
            throw SqlExceptions.of("offset " + offset + " and length " + len + " do not fit an array of " + bytes.length,
                    SqlExceptions.INVALID_PARAMETER, null);
        }
        write(at, bytes, offset, len);
        return len;
    }

    private void write(int at, byte[] bytes, int offset, int len) throws SQLException {
        long end = (long) at + len;
        if (end > Integer.MAX_VALUE - 8) {
            throw SqlExceptions.of("a blob cannot exceed " + (Integer.MAX_VALUE - 8) + " bytes",
                    SqlExceptions.INVALID_PARAMETER, null);
        }
        if (end > data.length) {
            data = Arrays.copyOf(data, (int) Math.min(Math.max(end, 2L * data.length), Integer.MAX_VALUE - 8));
        }
        System.arraycopy(bytes, offset, data, at, len);
        length = Math.max(length, (int) end);
    }

    @Override
    public synchronized OutputStream setBinaryStream(long pos) throws SQLException {
        checkOpen();
        int at = start(pos, length);
        return new OutputStream() {
            private int next = at;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                java.util.Objects.checkFromIndexSize(off, len, b.length);
                synchronized (BStackBlob.this) {
                    try {
                        checkOpen();
                        BStackBlob.this.write(Math.min(next, length), b, off, len);
                    } catch (SQLException e) {
                        throw new IOException(e.getMessage(), e);
                    }
                    next += len;
                }
            }
        };
    }

    @Override
    public synchronized void truncate(long len) throws SQLException {
        checkOpen();
        if (len < 0 || len > length) {
            throw SqlExceptions.of("truncate length " + len + " is not in 0.." + length, SqlExceptions.SUBSTRING, null);
        }
        length = (int) len;
    }

    @Override
    public synchronized void free() {
        freed = true;
        data = new byte[0];
        length = 0;
    }

    @Override
    public synchronized String toString() {
        return freed ? "BStackBlob[freed]" : "BStackBlob[" + length + " bytes]";
    }

    private void checkOpen() throws SQLException {
        if (freed) {
            throw SqlExceptions.of("the blob was freed", SqlExceptions.FUNCTION_SEQUENCE, null);
        }
    }

    /** @return the 0-based index of 1-based {@code pos}, which may be one past the end */
    static int start(long pos, int length) throws SQLException {
        if (pos < 1 || pos > length + 1L) {
            throw SqlExceptions.of("position " + pos + " is not in 1.." + (length + 1L), SqlExceptions.SUBSTRING, null);
        }
        return (int) (pos - 1);
    }
}
