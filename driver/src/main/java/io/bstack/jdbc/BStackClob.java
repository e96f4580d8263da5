package io.bstack.jdbc;

import io.bstack.btree.Lob;
import io.bstack.sql.eval.Lobs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.SQLException;
import java.util.Objects;

/**
 * A {@link Clob} (and {@link NClob}: all our strings are Unicode): what
 * {@code Connection.createClob()}/{@code createNClob()} return and what {@code ResultSet.getClob}
 * gives for a character value. A stored value too large for its row is not copied: the clob decodes
 * its UTF-8 in place as it is read (length, substrings, streams), for as long as the transaction
 * that read it lasts (then {@code 0F001}), and writing to it first copies it. A clob's own text is
 * kept in memory up to {@link Streams#IN_MEMORY} chars, then in a temporary file
 * ({@link CharSpool}), so it can grow past the heap. A value is read whole ({@link #toText},
 * {@code position}, the ASCII stream) only up to the engine's materialisation limit ({@code 54000}
 * above it). Positions count UTF-16 chars from 1, as in JDBC; writes past the end extend the
 * value. The ASCII stream maps chars above 127 to {@code '?'} when reading and bytes to chars
 * 0..255 when writing. After {@link #free()} every method but {@code free} raises SQLState
 * {@code HY010}. Bad positions or lengths raise {@code 22011}, bad offsets {@code 22023}.
 * Thread-safe (all methods synchronize on the clob).
 */
final class BStackClob implements NClob {
    private Lob stored; // a value read from the database, not yet written to; else null
    private long storedChars = -1; // its length in UTF-16 chars, once counted
    private StringBuilder text; // the clob's own text while it is small; else null
    private CharSpool spool; // the clob's own text once it outgrew the heap part; else null
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
    BStackClob(Lob value) {
        this.stored = value;
    }

    /** @return the whole value */
    public synchronized String toText() throws SQLException {
        checkOpen();
        return whole();
    }

    /** What binding this clob as a parameter passes to the engine: the stored value, a spool of the text, or the text. */
    synchronized Object carrier() throws SQLException {
        checkOpen();
        if (stored != null) {
            return stored;
        }
        if (spool != null) {
            return SpooledLob.ofText("", spool.reader(0, spool.length()), spool.length());
        }
        return text.toString();
    }

    private String whole() throws SQLException {
        if (text != null) {
            return text.toString();
        }
        if (stored != null) {
            return (String) Lobs.value(stored); // 54000 past the limit
        }
        long n = spool.length();
        if (2 * n > Lobs.limit()) {
            throw new SQLException("a CLOB of " + n + " chars is larger than the " + Lobs.limit()
                    + " bytes a value may take in memory (" + Lobs.LIMIT_PROPERTY + "); read it as a stream instead",
                    "54000");
        }
        return read(0, (int) n);
    }

    @Override
    public synchronized long length() throws SQLException {
        checkOpen();
        return len();
    }

    private long len() throws SQLException {
        if (text != null) {
            return text.length();
        }
        if (spool != null) {
            return spool.length();
        }
        if (storedChars < 0) {
            try (Reader r = storedReader(0)) {
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
    private Reader storedReader(long from) throws IOException {
        Reader r = new InputStreamReader(stored.open(), StandardCharsets.UTF_8);
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

    /** A reader of chars {@code [from, from + n)} of the value, whatever holds it. */
    private Reader reader(long from, long n) throws SQLException {
        if (text != null) {
            return new StringReader(text.substring((int) from, (int) (from + n)));
        }
        if (spool != null) {
            return spool.reader(from, from + n);
        }
        try {
            return new java.io.FilterReader(storedReader(from)) {
                private long left = n;

                @Override
                public int read() throws IOException {
                    char[] one = new char[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0];
                }

                @Override
                public int read(char[] b, int off, int len) throws IOException {
                    if (left == 0) {
                        return -1;
                    }
                    int k = super.read(b, off, (int) Math.min(len, left));
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

    /** The {@code n} chars from 0-based {@code from} (all within the value). */
    private String read(long from, int n) throws SQLException {
        if (text != null) {
            return text.substring((int) from, (int) from + n);
        }
        try {
            if (spool != null) {
                return spool.read(from, n);
            }
            try (Reader r = reader(from, n)) {
                char[] out = new char[n];
                int got = 0;
                while (got < n) {
                    int k = r.read(out, got, n - got);
                    if (k < 0) {
                        break;
                    }
                    got += k;
                }
                return new String(out, 0, got);
            }
        } catch (IOException e) {
            throw BStackBlob.unreadable(e);
        }
    }

    @Override
    public synchronized String getSubString(long pos, int len) throws SQLException {
        checkOpen();
        long from = BStackBlob.start(pos, len());
        if (len < 0) {
            throw SqlExceptions.of("negative length " + len, SqlExceptions.SUBSTRING, null);
        }
        return read(from, (int) Math.min(len, len() - from));
    }

    @Override
    public synchronized Reader getCharacterStream() throws SQLException {
        checkOpen();
        return text != null ? new StringReader(text.toString()) : reader(0, len());
    }

    @Override
    public synchronized Reader getCharacterStream(long pos, long len) throws SQLException {
        checkOpen();
        long from = BStackBlob.start(pos, len());
        if (len < 0 || len > len() - from) {
            throw SqlExceptions.of("length " + len + " from position " + pos + " exceeds the clob length "
                    + len(), SqlExceptions.SUBSTRING, null);
        }
        return reader(from, len);
    }

    @Override
    public synchronized InputStream getAsciiStream() throws SQLException {
        checkOpen();
        String all = whole();
        byte[] b = new byte[all.length()];
        for (int i = 0; i < b.length; i++) {
            char c = all.charAt(i);
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
        if (start > len() + 1L) {
            return -1;
        }
        int i = whole().indexOf(pattern, (int) start - 1);
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
        long at = BStackBlob.start(pos, len());
        if (offset < 0 || len < 0 || offset > str.length() - len) {
            throw SqlExceptions.of("offset " + offset + " and length " + len + " do not fit a string of "
                    + str.length(), SqlExceptions.INVALID_PARAMETER, null);
        }
        write(at, str, offset, len);
        return len;
    }

    /** Writes {@code s[offset, offset+len)} at 0-based {@code at} (at most the length). */
    private void write(long at, CharSequence s, int offset, int len) throws SQLException {
        try {
            ownText();
            if (text != null && at + len > Streams.IN_MEMORY) {
                spool = CharSpool.of(text);
                text = null;
            }
            if (spool != null) {
                spool.write(at, s, offset, len);
                return;
            }
        } catch (IOException e) {
            throw new SQLException("writing the clob's temporary file failed: " + e, "HY000", e);
        }
        int i = (int) at;
        int overlap = Math.min(len, text.length() - i);
        text.replace(i, i + overlap, s.subSequence(offset, offset + overlap).toString());
        text.append(s, offset + overlap, offset + len);
    }

    /** A stored value becomes the clob's own text (in memory or spooled) before its first change. */
    private void ownText() throws SQLException, IOException {
        if (stored == null) {
            return;
        }
        long n = len();
        if (n <= Streams.IN_MEMORY) {
            text = new StringBuilder(read(0, (int) n));
        } else {
            CharSpool copy = CharSpool.of("");
            try (Reader r = reader(0, n)) {
                char[] buf = new char[1 << 14];
                long at = 0;
                for (int k = r.read(buf); k >= 0; k = r.read(buf)) {
                    copy.write(at, java.nio.CharBuffer.wrap(buf), 0, k);
                    at += k;
                }
            }
            spool = copy;
        }
        stored = null;
    }

    @Override
    public synchronized OutputStream setAsciiStream(long pos) throws SQLException {
        checkOpen();
        Writer w = writer(BStackBlob.start(pos, len()));
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
        return writer(BStackBlob.start(pos, len()));
    }

    private Writer writer(long at) {
        return new Writer() {
            private long next = at;

            @Override
            public void write(char[] cbuf, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, cbuf.length);
                synchronized (BStackClob.this) {
                    if (freed) {
                        throw new IOException("the clob was freed");
                    }
                    try {
                        BStackClob.this.write(Math.min(next, len()), java.nio.CharBuffer.wrap(cbuf), off, len);
                    } catch (SQLException e) {
                        throw new IOException(e.getMessage(), e);
                    }
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
        try {
            ownText();
            if (spool != null) {
                spool.truncate(len);
            } else {
                text.setLength((int) len);
            }
        } catch (IOException e) {
            throw new SQLException("truncating the clob's temporary file failed: " + e, "HY000", e);
        }
    }

    @Override
    public synchronized void free() {
        freed = true;
        stored = null;
        text = new StringBuilder();
        if (spool != null) {
            try {
                spool.close();
            } catch (IOException e) {
                // the temporary file is deleted at exit at the latest
            }
            spool = null;
        }
    }

    @Override
    public synchronized String toString() {
        if (freed) {
            return "BStackClob[freed]";
        }
        return stored != null ? "BStackClob[stored, " + stored.length() + " UTF-8 bytes]"
                : "BStackClob[" + (text != null ? text.length() : spool.length()) + " chars"
                + (spool != null ? ", spooled" : "") + "]";
    }

    private void checkOpen() throws SQLException {
        if (freed) {
            throw SqlExceptions.of("the clob was freed", SqlExceptions.FUNCTION_SEQUENCE, null);
        }
    }
}
