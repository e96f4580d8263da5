package io.bstack.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.sql.SQLException;

/** Reads what a stream setter gives: all of it, or exactly {@code length} units. */
final class Streams {
    private Streams() {
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
            byte[] b = in.readNBytes((int) length);
            if (b.length < length) {
                throw new SQLException("the stream ended after " + b.length + " of the " + length + " bytes promised",
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
