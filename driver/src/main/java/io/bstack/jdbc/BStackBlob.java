package io.bstack.jdbc;

import io.bstack.btree.Lob;
import io.bstack.sql.eval.Lobs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Blob;
import java.sql.SQLException;

/**
 * A {@link Blob}: what {@code Connection.createBlob()} returns and what {@code ResultSet.getBlob}
 * gives for a binary value. A stored value too large for its row is not copied: the blob reads it
 * in place ({@link Lob}), positionally, for as long as the transaction that read it lasts (later
 * reads raise {@code 0F001}), and it never shows a later writer's bytes. Writing to such a blob
 * first copies it. Written values live on the heap up to {@link Streams#IN_MEMORY} bytes, then in a
 * temporary file ({@link LobBuffer}), so a blob can grow past the heap. Positions are 1-based as in
 * JDBC; writes past the end extend the value. After {@link #free()} every method but {@code free}
 * raises SQLState {@code HY010}. Bad positions or lengths raise {@code 22011}, bad array offsets
 * {@code 22023}. A value is read whole ({@link #toBytes}, {@code position}) only up to the engine's
 * materialisation limit ({@code 54000} above it). Streams of {@link #getBinaryStream()} over an
 * in-memory value read a snapshot; the stream of {@link #setBinaryStream(long)} writes through.
 * Thread-safe (all methods synchronize on the blob).
 */
final class BStackBlob implements Blob {
    private Lob stored; // a value read from the database, not yet written to; else null
    private LobBuffer buffer; // the blob's own bytes once created or written to
    private boolean freed;

    /** An empty blob. */
    public BStackBlob() {
        this(new byte[0]);
    }

    /** A blob holding a copy of {@code bytes}. */
    public BStackBlob(byte[] bytes) {
        this.buffer = new LobBuffer(bytes.clone());
    }

    /** A blob reading {@code value} in place until it is written to. */
    BStackBlob(Lob value) {
        this.stored = value;
    }

    /** @return a copy of the whole value */
    public synchronized byte[] toBytes() throws SQLException {
        checkOpen();
        if (stored != null) {
            return (byte[]) Lobs.value(stored);
        }
        long n = buffer.length();
        if (n > Lobs.limit()) {
            Lobs.value(buffer.asLob()); // raises the 54000 of a value too large to hold
        }
        byte[] out = new byte[(int) n];
        read(0, out, 0, (int) n);
        return out;
    }

    /** What binding this blob as a parameter passes to the engine: its value, read when stored. */
    synchronized Object carrier() throws SQLException {
        checkOpen();
        if (stored != null) {
            return stored;
        }
        return buffer.spilled() ? buffer.asLob() : toBytes();
    }

    @Override
    public synchronized long length() throws SQLException {
        checkOpen();
        return len();
    }

    private long len() {
        return stored != null ? stored.length() : buffer.length();
    }

    @Override
    public synchronized byte[] getBytes(long pos, int len) throws SQLException {
        checkOpen();
        long from = start(pos, len());
        if (len < 0) {
            throw SqlExceptions.of("negative length " + len, SqlExceptions.SUBSTRING, null);
        }
        int n = (int) Math.min(len, len() - from);
        byte[] out = new byte[n];
        read(from, out, 0, n);
        return out;
    }

    private void read(long from, byte[] out, int off, int n) throws SQLException {
        try {
            if (stored != null) {
                try (InputStream in = stored.open(from)) {
                    if (in.readNBytes(out, off, n) != n) {
                        throw new IOException("the stored value ended early");
                    }
                }
            } else {
                buffer.read(from, out, off, n);
            }
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /** A read of a stored value failed: its transaction ended (JDBC's lifetime of a Blob) or I/O failed. */
    static SQLException unreadable(IOException e) {
        if (e instanceof java.nio.channels.ClosedChannelException) {
            return new SQLException("the large value can no longer be read: the transaction that read it has ended"
                    + " (read it before commit, or copy it)", "0F001", e);
        }
        return new SQLException("reading the large value failed: " + e, "HY000", e);
    }

    @Override
    public synchronized InputStream getBinaryStream() throws SQLException {
        checkOpen();
        return stream(0, len());
    }

    @Override
    public synchronized InputStream getBinaryStream(long pos, long len) throws SQLException {
        checkOpen();
        long from = start(pos, len());
        if (len < 0 || len > len() - from) {
            throw SqlExceptions.of("length " + len + " from position " + pos + " exceeds the blob length " + len(),
                    SqlExceptions.SUBSTRING, null);
        }
        return stream(from, len);
    }

    private InputStream stream(long from, long n) throws SQLException {
        if (stored != null) {
            try {
                InputStream in = stored.open(from);
                return new io.bstack.stack.ChunkedInputStream() {
                    private long left = n;

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        if (left == 0) {
                            return -1;
                        }
                        int r = in.read(b, off, (int) Math.min(len, left));
                        if (r > 0) {
                            left -= r;
                        }
                        return r;
                    }

                    @Override
                    public void close() throws IOException {
                        in.close();
                    }
                };
            } catch (IOException e) {
                throw unreadable(e);
            }
        }
        if (!buffer.spilled()) {
            byte[] copy = new byte[(int) n];
            read(from, copy, 0, (int) n);
            return new ByteArrayInputStream(copy);
        }
        return buffer.stream(from, from + n);
    }

    @Override
    public synchronized long position(byte[] pattern, long start) throws SQLException {
        checkOpen();
        if (start < 1) {
            throw SqlExceptions.of("start position " + start + " is less than 1", SqlExceptions.SUBSTRING, null);
        }
        if (start > len() + 1L) {
            return -1;
        }
        byte[] data = toBytes();
        int last = data.length - pattern.length;
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
        long at = start(pos, len());
        if (offset < 0 || len < 0 || offset > bytes.length - len) {
            throw SqlExceptions.of("offset " + offset + " and length " + len + " do not fit an array of " + bytes.length,
                    SqlExceptions.INVALID_PARAMETER, null);
        }
        write(at, bytes, offset, len);
        return len;
    }

    private void write(long at, byte[] bytes, int offset, int len) throws SQLException {
        try {
            writable().write(at, bytes, offset, len);
        } catch (IOException e) {
            throw new SQLException("writing the blob's temporary file failed: " + e, "HY000", e);
        }
    }

    /** The blob's own bytes: a stored value is copied (in chunks) on its first change. */
    private LobBuffer writable() throws SQLException {
        if (stored != null) {
            LobBuffer copy = new LobBuffer(new byte[0]);
            byte[] chunk = new byte[1 << 16];
            try (InputStream in = stored.open()) {
                long at = 0;
                for (int n = in.read(chunk); n > 0; n = in.read(chunk)) {
                    copy.write(at, chunk, 0, n);
                    at += n;
                }
            } catch (IOException e) {
                throw unreadable(e);
            }
            buffer = copy;
            stored = null;
        }
        return buffer;
    }

    @Override
    public synchronized OutputStream setBinaryStream(long pos) throws SQLException {
        checkOpen();
        long at = start(pos, len());
        return new OutputStream() {
            private long next = at;

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
                        BStackBlob.this.write(Math.min(next, len()), b, off, len);
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
        if (len < 0 || len > len()) {
            throw SqlExceptions.of("truncate length " + len + " is not in 0.." + len(), SqlExceptions.SUBSTRING, null);
        }
        try {
            writable().truncate(len);
        } catch (IOException e) {
            throw new SQLException("truncating the blob's temporary file failed: " + e, "HY000", e);
        }
    }

    @Override
    public synchronized void free() {
        freed = true;
        stored = null;
        if (buffer != null) {
            try {
                buffer.close();
            } catch (IOException e) {
                // the temporary file is deleted at exit at the latest
            }
        }
    }

    @Override
    public synchronized String toString() {
        return freed ? "BStackBlob[freed]" : "BStackBlob[" + len() + " bytes" + (stored != null ? ", stored" : "") + "]";
    }

    private void checkOpen() throws SQLException {
        if (freed) {
            throw SqlExceptions.of("the blob was freed", SqlExceptions.FUNCTION_SEQUENCE, null);
        }
    }

    /** @return the 0-based index of 1-based {@code pos}, which may be one past the end */
    static long start(long pos, long length) throws SQLException {
        if (pos < 1 || pos > length + 1L) {
            throw SqlExceptions.of("position " + pos + " is not in 1.." + (length + 1L), SqlExceptions.SUBSTRING, null);
        }
        return pos - 1;
    }
}
