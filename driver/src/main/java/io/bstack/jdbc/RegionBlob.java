package io.bstack.jdbc;

import io.bstack.alloc.Region;
import io.bstack.sql.exec.QueryResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Blob;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * A {@link Blob} over a live SQL region ({@code ResultSet.getBlob} on a {@code REGION} column):
 * every call runs a region function on the connection that made it, in its current transaction —
 * so writes commit or roll back with it, and in auto-commit each call is its own transaction.
 * Nothing is cached: {@link #length()} is the region's, reads see the transaction's view.
 *
 * <p>A region's length is part of its handle, so this Blob cannot change it: {@link #setBytes}
 * and the stream of {@link #setBinaryStream} write inside the region ({@code 22003} past its
 * end), and {@link #truncate} to another length is refused with {@code 0A000} (run
 * {@code REALLOC(h, len)} in SQL and keep the handle it returns). {@link #free()} releases this
 * object only; the region stays allocated ({@code FREE(h)} frees it). Errors of the region
 * functions pass through: {@code 22R01} once the region is freed.
 */
final class RegionBlob implements Blob {
    /** Bytes moved per region call by the streams and searches. */
    static final int CHUNK = 1 << 20;

    private final BStackConnection conn;
    private final Region region;
    private boolean freed;

    RegionBlob(BStackConnection conn, Region region) {
        this.conn = conn;
        this.region = region;
    }

    private Object call(String sql, Object... args) throws SQLException {
        if (freed) {
            throw new SQLException("this Blob was freed", "HY010");
        }
        return conn.locked(() -> {
            try (QueryResult r = conn.session().query(sql, Arrays.asList(args))) {
                r.next();
                return r.get(0);
            }
        });
    }

    private byte[] read(long offset, long len) throws SQLException {
        return (byte[]) call("SELECT REGION_READ(?, ?, ?)", region, offset, len);
    }

    private void write(long offset, byte[] bytes) throws SQLException {
        call("SELECT REGION_WRITE(?, ?, ?)", region, offset, bytes);
    }

    @Override
    public long length() throws SQLException {
        return (Long) call("SELECT REGION_SIZE(?)", region);
    }

    @Override
    public byte[] getBytes(long pos, int length) throws SQLException {
        long size = length();
        if (pos < 1 || length < 0 || pos - 1 > size) {
            throw new SQLException("getBytes(" + pos + ", " + length + ") outside a " + size + "-byte region", "22003");
        }
        return read(pos - 1, Math.min(length, size - (pos - 1)));
    }

    @Override
    public InputStream getBinaryStream() throws SQLException {
        return getBinaryStream(1, length());
    }

    @Override
    public InputStream getBinaryStream(long pos, long length) throws SQLException {
        long size = length();
        if (pos < 1 || length < 0 || pos - 1 + length > size) {
            throw new SQLException("getBinaryStream(" + pos + ", " + length + ") outside a " + size + "-byte region",
                    "22003");
        }
        return new InputStream() {
            private long at = pos - 1;
            private final long end = pos - 1 + length;
            private byte[] buf = new byte[0];
            private int next;

            private boolean fill() throws IOException {
                if (next < buf.length) {
                    return true;
                }
                if (at >= end) {
                    return false;
                }
                try {
                    buf = RegionBlob.this.read(at, Math.min(CHUNK, end - at));
                } catch (SQLException e) {
                    throw new IOException(e.getMessage(), e);
                }
                at += buf.length;
                next = 0;
                return buf.length > 0;
            }

            @Override
            public int read() throws IOException {
                return fill() ? buf[next++] & 0xFF : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                java.util.Objects.checkFromIndexSize(off, len, b.length);
                if (len == 0) {
                    return 0;
                }
                if (!fill()) {
                    return -1;
                }
                int n = Math.min(len, buf.length - next);
                System.arraycopy(buf, next, b, off, n);
                next += n;
                return n;
            }
        };
    }

    @Override
    public long position(byte[] pattern, long start) throws SQLException {
        long size = length();
        if (start < 1) {
            throw new SQLException("position start " + start + " is below 1", "22003");
        }
        if (pattern.length == 0) {
            return start <= size + 1 ? start : -1;
        }
        int window = Math.max(CHUNK, pattern.length * 2);
        for (long at = start - 1; at + pattern.length <= size; at += window - pattern.length + 1) {
            byte[] part = read(at, Math.min(window, size - at));
            int hit = indexOf(part, pattern);
            if (hit >= 0) {
                return at + hit + 1;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public long position(Blob pattern, long start) throws SQLException {
        long n = pattern.length();
        if (n > Integer.MAX_VALUE) {
            return -1;
        }
        return position(pattern.getBytes(1, (int) n), start);
    }

    @Override
    public int setBytes(long pos, byte[] bytes) throws SQLException {
        return setBytes(pos, bytes, 0, bytes.length);
    }

    @Override
    public int setBytes(long pos, byte[] bytes, int offset, int len) throws SQLException {
        if (pos < 1) {
            throw new SQLException("setBytes position " + pos + " is below 1", "22003");
        }
        java.util.Objects.checkFromIndexSize(offset, len, bytes.length);
        write(pos - 1, Arrays.copyOfRange(bytes, offset, offset + len));
        return len;
    }

    @Override
    public OutputStream setBinaryStream(long pos) throws SQLException {
        if (pos < 1) {
            throw new SQLException("setBinaryStream position " + pos + " is below 1", "22003");
        }
        return new OutputStream() {
            private long at = pos - 1;
            private final byte[] buf = new byte[64 * 1024];
            private int used;

            @Override
            public void write(int b) throws IOException {
                if (used == buf.length) {
                    flush();
                }
                buf[used++] = (byte) b;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                java.util.Objects.checkFromIndexSize(off, len, b.length);
                while (len > 0) {
                    if (used == buf.length) {
                        flush();
                    }
                    int n = Math.min(len, buf.length - used);
                    System.arraycopy(b, off, buf, used, n);
                    used += n;
                    off += n;
                    len -= n;
                }
            }

            @Override
            public void flush() throws IOException {
                if (used == 0) {
                    return;
                }
                try {
                    RegionBlob.this.write(at, Arrays.copyOf(buf, used));
                } catch (SQLException e) {
                    throw new IOException(e.getMessage(), e);
                }
                at += used;
                used = 0;
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    @Override
    public void truncate(long len) throws SQLException {
        long size = length();
        if (len == size) {
            return;
        }
        if (len < 0 || len > size) {
            throw new SQLException("truncate(" + len + ") outside a " + size + "-byte region", "22003");
        }
        throw new java.sql.SQLFeatureNotSupportedException("a region's length is part of its handle, so a Blob over"
                + " it cannot truncate it: run REALLOC(h, " + len + ") in SQL and keep the handle it returns", "0A000");
    }

    @Override
    public void free() {
        freed = true;
    }

    /** The handle this Blob reads and writes. */
    Region region() {
        return region;
    }

    @Override
    public String toString() {
        return "RegionBlob[" + new RegionHandle(region.offset(), region.len()) + "]";
    }
}
