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
 * A {@link Clob} (and {@link NClob}: all our strings are Unicode): what
 * {@code Connection.createClob()}/{@code createNClob()} return (held in memory) and what
 * {@code ResultSet.getClob} gives for a character value. A stored value too large for its row is
 * not copied: the clob decodes its UTF-8 in place as it is read (length, substrings, streams), for
 * as long as the transaction that read it lasts (then {@code 0F001}); writing to it first reads it
 * into memory, up to the engine's materialisation limit ({@code 54000} above it).
 * Positions count UTF-16 chars from 1, as in JDBC; writes past the end
 * extend the value. The ASCII stream maps chars above 127 to {@code '?'} when reading and bytes to
 * chars 0..255 when writing. After {@link #free()} every method but {@code free} raises SQLState
 * {@code HY010}. Bad positions or lengths raise {@code 22011}, bad offsets {@code 22023}.
 * Thread-safe (all methods synchronize on the clob).
 */
final class BStackClob implements NClob {
    private io.bstack.btree.Lob stored; // a value read from the database, not yet written to; else null
    private long storedChars = -1; // its length in UTF-16 chars, once counted
    private StringBuilder text;
    private boolean freed;

    /** An empty clob. */
    public BStackClob() {
        this("");
    }

    /** A clob holding {@code s}. */
    public BStackClob(String s) {
        this.text = new StringBuilder(s);
    }

    /** A clob decoding {@code value} (UTF-8 text) in place until it is written to. */
    BStackClob(io.bstack.btree.Lob value) {
        this.stored = value;
    }

    /** @return the whole value */
    public synchronized String toText() throws SQLException {
        checkOpen();
        return text().toString();
    }

    /** What binding this clob as a parameter passes to the engine: the stored value itself, or the text. */
    synchronized Object carrier() throws SQLException {
        checkOpen();
        return stored != null ? stored : text.toString();
    }

    /** The value in memory (a stored one is read now, and kept). */
    private StringBuilder text() throws SQLException {
        if (stored != null) {
            text = new StringBuilder((String) io.bstack.sql.eval.Lobs.value(stored));
            stored = null;
        }
        return text;
    }

    @Override
    public synchronized long length() throws SQLException {
        checkOpen();
        return len();
    }

    private long len() throws SQLException {
        if (stored == null) {
            return text.length();
        }
        if (storedChars < 0) {
            try (Reader r = reader(0)) {
                long n = 0;
                char[] buf = new char[8192];
                for (int k = r.read(buf); k >= 0; k = r.read(buf)) {
                    n += k;
                }
                storedChars = n;
            } catch (IOException e) {
                throw BStackBlob.unreadable(e);
            }
        }
        return storedChars;
    }

    /** A reader of the stored value from 0-based char {@code from}. */
    private Reader reader(long from) throws IOException {
        Reader r = new java.io.InputStreamReader(stored.open(), java.nio.charset.StandardCharsets.UTF_8);
        long left = from;
        while (left > 0) {
            long k = r.skip(left);
            if (k <= 0) {
                throw new IOException("the stored text ended before char " + from);
            }
            left -= k;
        }
        return r;
    }

    @Override
    public synchronized String getSubString(long pos, int len) throws SQLException {
        checkOpen();
        long from = BStackBlob.start(pos, len());
        if (len < 0) {
            throw SqlExceptions.of("negative length " + len, SqlExceptions.SUBSTRING, null);
        }
        int n = (int) Math.min(len, len() - from);
        if (stored == null) {
            return text.substring((int) from, (int) from + n);
        }
        try (Reader r = reader(from)) {
            char[] out = new char[n];
            int got = r.read(out, 0, n);
            while (got < n && got >= 0) {
                int k = r.read(out, got, n - got);
                if (k < 0) {
                    break;
                }
                got += k;
            }
            return new String(out, 0, Math.max(got, 0));
        } catch (IOException e) {
            throw BStackBlob.unreadable(e);
        }
    }

    @Override
    public synchronized Reader getCharacterStream() throws SQLException {
        checkOpen();
        if (stored != null) {
            try {
                return reader(0);
            } catch (IOException e) {
                throw BStackBlob.unreadable(e);
            }
        }
        return new StringReader(text.toString());
    }

    @Override
    public synchronized Reader getCharacterStream(long pos, long len) throws SQLException {
        checkOpen();
        long from = BStackBlob.start(pos, len());
        if (len < 0 || len > len() - from) {
            throw SqlExceptions.of("length " + len + " from position " + pos + " exceeds the clob length "
                    + len(), SqlExceptions.SUBSTRING, null);
        }
        if (stored != null) {
            try {
                Reader r = reader(from);
                return new java.io.FilterReader(r) {
                    private long left = len;

                    @Override
                    public int read() throws IOException {
                        char[] one = new char[1];
                        return read(one, 0, 1) < 0 ? -1 : one[0];
                    }

                    @Override
                    public int read(char[] b, int off, int n) throws IOException {
                        if (left == 0) {
                            return -1;
                        }
                        int k = super.read(b, off, (int) Math.min(n, left));
                        if (k > 0) {
                            left -= k;
                        }
                        return k;
                    }
                };
            } catch (IOException e) {
                throw BStackBlob.unreadable(e);
            }
        }
        return new StringReader(text.substring((int) from, (int) (from + len)));
    }

    @Override
    public synchronized InputStream getAsciiStream() throws SQLException {
        checkOpen();
        StringBuilder text = text();
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
        StringBuilder text = text();
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
        int at = (int) BStackBlob.start(pos, text().length());
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
        Writer w = writer((int) BStackBlob.start(pos, text().length()));
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
        return writer((int) BStackBlob.start(pos, text().length()));
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
        if (len < 0 || len > len()) {
            throw SqlExceptions.of("truncate length " + len + " is not in 0.." + len(),
                    SqlExceptions.SUBSTRING, null);
        }
        text().setLength((int) len);
    }

    @Override
    public synchronized void free() {
        freed = true;
        stored = null;
        text = new StringBuilder();
    }

    @Override
    public synchronized String toString() {
        return freed ? "BStackClob[freed]" : stored != null ? "BStackClob[stored, " + stored.length() + " UTF-8 bytes]"
                : "BStackClob[" + text.length() + " chars]";
    }

    private void checkOpen() throws SQLException {
        if (freed) {
            throw SqlExceptions.of("the clob was freed", SqlExceptions.FUNCTION_SEQUENCE, null);
        }
    }
}
