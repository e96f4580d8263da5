package io.bstack.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.sql.SQLException;

/**
 * Reads what a stream setter gives: all of it, or exactly {@code length} units. {@link #binary} and
 * {@link #text} keep a value of up to {@link #IN_MEMORY} units on the heap and pass a larger one on
 * without holding it: a binary stream of known length unread ({@link BoundStream}), anything else
 * spooled to a temporary file ({@link SpooledLob}).
 */
final class Streams {
    /** The largest value a stream setter reads into memory (bytes, or chars); above, it is streamed. */
    static final int IN_MEMORY = 1 << 20;

    private Streams() {
    }

    /** A binary stream's value: a byte[] if small, else a {@link BoundStream} or a {@link SpooledLob}. */
    static Object binary(InputStream in, long length) throws SQLException {
        if (length > IN_MEMORY) {
            return new BoundStream(in, length);
        }
        if (length >= 0) {
            return bytes(in, length);
        }
        byte[] head;
        try {
            head = in.readNBytes(IN_MEMORY + 1);
        } catch (IOException e) {
            throw new SQLException("reading the stream failed: " + e, "HY000", e);
        }
        return head.length <= IN_MEMORY ? head : SpooledLob.ofBytes(head, in, -1);
    }

    /** A reader's value: a String if small, else a {@link SpooledLob} of its UTF-8. */
    static Object text(Reader in, long length, boolean spool) throws SQLException {
        if (!spool) {
            return text(in, length);
        }
        StringBuilder head = new StringBuilder();
        try {
            char[] buf = new char[8192];
            long limit = length < 0 ? IN_MEMORY + 1L : Math.min(length, IN_MEMORY + 1L);
            while (head.length() < limit) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, limit - head.length()));
                if (n < 0) {
                    break;
                }
                head.append(buf, 0, n);
            }
        } catch (IOException e) {
            throw new SQLException("reading the stream failed: " + e, "HY000", e);
        }
        if (head.length() <= IN_MEMORY && (length < 0 || head.length() == length)) {
            return head.toString();
        }
        if (length >= 0 && head.length() < length && head.length() <= IN_MEMORY) {
            throw new SQLException("the reader ended after " + head.length() + " of the " + length
                    + " characters promised", "22023");
        }
        return SpooledLob.ofText(head, in, length);
    }

    /** The stream's bytes: all (length -1) or exactly {@code length} ({@code 22001}-free: a short stream is an error). */
    static byte[] bytes(InputStream in, long length) throws SQLException {
        try {
            if (length < 0) {
                return in.readAllBytes();
            }
            if (length > Integer.MAX_VALUE - 8) {
                throw new SQLException("a stream of " + length + " bytes is longer than a value can be", "22001");
            }
            byte[] b = new byte[(int) length]; // read in place: no chunks to join
            int n = in.readNBytes(b, 0, b.length);
            if (n < length) {
                throw new SQLException("the stream ended after " + n + " of the " + length + " bytes promised",
                        "22023");
            }
            return b;
        } catch (IOException e) {
            throw new SQLException("reading the stream failed: " + e, "HY000", e);
        }
    }

    /** The reader's text: all (length -1) or exactly {@code length} characters. */
    static String text(Reader in, long length) throws SQLException {
        try {
            StringBuilder sb = new StringBuilder();
            char[] buf = new char[8192];
            long left = length < 0 ? Long.MAX_VALUE : length;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    break;
                }
                sb.append(buf, 0, n);
                left -= n;
            }
            if (length >= 0 && sb.length() < length) {
                throw new SQLException("the reader ended after " + sb.length() + " of the " + length
                        + " characters promised", "22023");
            }
            return sb.toString();
        } catch (IOException e) {
            throw new SQLException("reading the stream failed: " + e, "HY000", e);
        }
    }
}
