package io.bstack.jdbc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.Writer;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.SQLException;
import java.util.Objects;

/**
 * A {@link Clob} (and {@link NClob}: all our strings are Unicode) held in memory: what
 * {@code Connection.createClob()}/{@code createNClob()} return and what {@code ResultSet.getClob}
 * wraps a character value in. Positions count UTF-16 chars from 1, as in JDBC; writes past the end
 * extend the value. The ASCII stream maps chars above 127 to {@code '?'} when reading and bytes to
 * chars 0..255 when writing. After {@link #free()} every method but {@code free} raises SQLState
 * {@code HY010}. Bad positions or lengths raise {@code 22011}, bad offsets {@code 22023}.
 * Thread-safe (all methods synchronize on the clob).
 */
final class BStackClob implements NClob {
    private final StringBuilder text;
    private boolean freed;

    /** An empty clob. */
    public BStackClob() {
        this("");
    }

    /** A clob holding {@code s}. */
    public BStackClob(String s) {
        this.text = new StringBuilder(s);
    }

    /** @return the whole value */
    public synchronized String toText() throws SQLException {
        checkOpen();
        return text.toString();
    }

    @Override
    public synchronized long length() throws SQLException {
        checkOpen();
        return text.length();
    }

    @Override
    public synchronized String getSubString(long pos, int len) throws SQLException {
        checkOpen();
        int from = BStackBlob.start(pos, text.length());
        if (len < 0) {
            throw SqlExceptions.of("negative length " + len, SqlExceptions.SUBSTRING, null);
        }
        return text.substring(from, from + Math.min(len, text.length() - from));
    }

    @Override
    public synchronized Reader getCharacterStream() throws SQLException {
        checkOpen();
        return new StringReader(text.toString());
    }

    @Override
    public synchronized Reader getCharacterStream(long pos, long len) throws SQLException {
        checkOpen();
        int from = BStackBlob.start(pos, text.length());
        if (len < 0 || len > text.length() - from) {
            throw SqlExceptions.of("length " + len + " from position " + pos + " exceeds the clob length "
                    + text.length(), SqlExceptions.SUBSTRING, null);
        }
        return new StringReader(text.substring(from, from + (int) len));
    }

    @Override
    public synchronized InputStream getAsciiStream() throws SQLException {
        checkOpen();
        byte[] b = new byte[text.length()];
        for (int i = 0; i < b.length; i++) {
            char c = text.charAt(i);
            b[i] = (byte) (c < 128 ? c : '?');
        }
        return new ByteArrayInputStream(b);
    }

    @Override
    public synchronized long position(String pattern, long start) throws SQLException {
        checkOpen();
        if (start < 1) {
            throw SqlExceptions.of("start position " + start + " is less than 1", SqlExceptions.SUBSTRING, null);
        }
        if (start > text.length() + 1L) {
            return -1;
        }
        int i = text.indexOf(pattern, (int) start - 1);
        return i < 0 ? -1 : i + 1L;
    }

    @Override
    public long position(Clob pattern, long start) throws SQLException {
        checkOpen();
        if (pattern == null) {
            throw SqlExceptions.of("the pattern is null", "HY009", null);
        }
        long n = pattern.length();
        if (n > Integer.MAX_VALUE) {
            return -1;
        }
        return position(pattern.getSubString(1, (int) n), start);
    }

    @Override
    public int setString(long pos, String str) throws SQLException {
        return setString(pos, str, 0, str == null ? 0 : str.length());
    }

    @Override
    public synchronized int setString(long pos, String str, int offset, int len) throws SQLException {
        checkOpen();
        if (str == null) {
            throw SqlExceptions.of("the string is null", "HY009", null);
        }
        int at = BStackBlob.start(pos, text.length());
        if (offset < 0 || len < 0 || offset > str.length() - len) {
            throw SqlExceptions.of("offset " + offset + " and length " + len + " do not fit a string of "
                    + str.length(), SqlExceptions.INVALID_PARAMETER, null);
        }
        write(at, str, offset, len);
        return len;
    }

    private void write(int at, CharSequence s, int offset, int len) {
        int overlap = Math.min(len, text.length() - at);
        text.replace(at, at + overlap, s.subSequence(offset, offset + overlap).toString());
        text.append(s, offset + overlap, offset + len);
    }

    @Override
    public synchronized OutputStream setAsciiStream(long pos) throws SQLException {
        checkOpen();
        Writer w = writer(BStackBlob.start(pos, text.length()));
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                w.write((char) (b & 0xff));
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                char[] c = new char[len];
                for (int i = 0; i < len; i++) {
                    c[i] = (char) (b[off + i] & 0xff);
                }
                w.write(c, 0, len);
            }
        };
    }

    @Override
    public synchronized Writer setCharacterStream(long pos) throws SQLException {
        checkOpen();
        return writer(BStackBlob.start(pos, text.length()));
    }

    private Writer writer(int at) {
        return new Writer() {
            private int next = at;

            @Override
            public void write(char[] cbuf, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, cbuf.length);
                synchronized (BStackClob.this) {
                    if (freed) {
                        throw new IOException("the clob was freed");
                    }
                    BStackClob.this.write(Math.min(next, text.length()), java.nio.CharBuffer.wrap(cbuf), off, len);
                    next += len;
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public synchronized void truncate(long len) throws SQLException {
        checkOpen();
        if (len < 0 || len > text.length()) {
            throw SqlExceptions.of("truncate length " + len + " is not in 0.." + text.length(),
                    SqlExceptions.SUBSTRING, null);
        }
        text.setLength((int) len);
    }

    @Override
    public synchronized void free() {
        freed = true;
        text.setLength(0);
        text.trimToSize();
    }

    @Override
    public synchronized String toString() {
        return freed ? "BStackClob[freed]" : "BStackClob[" + text.length() + " chars]";
    }

    private void checkOpen() throws SQLException {
        if (freed) {
            throw SqlExceptions.of("the clob was freed", SqlExceptions.FUNCTION_SEQUENCE, null);
        }
    }
}
