package io.bstack.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.zip.CRC32;

/**
 * Deterministic large test values made on the fly (never held whole): a byte stream and a text
 * reader with non-ASCII characters (2-, 3- and 4-byte UTF-8, the last as surrogate pairs), and the
 * streaming checksums tests compare them by.
 */
final class LobData {
    /** The repeating text: ASCII, é (2 UTF-8 bytes), € (3), 😀 (4, two UTF-16 chars). */
    static final String TEXT_UNIT = "abcé€😀xyz\n";

    private LobData() {
    }

    /** Byte i of the binary value: a pattern that differs between neighbours and across 1 MiB chunks. */
    static byte byteAt(long i) {
        return (byte) (i * 31 + (i >>> 20) * 7 + (i >>> 9));
    }

    /** {@code n} bytes of the pattern from {@link #byteAt}. */
    static InputStream bytes(long n) {
        return new InputStream() {
            private long at;

            @Override
            public int read() {
                return at < n ? byteAt(at++) & 0xFF : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                if (at >= n) {
                    return -1;
                }
                int k = (int) Math.min(len, n - at);
                for (int j = 0; j < k; j++) {
                    b[off + j] = byteAt(at + j);
                }
                at += k;
                return k;
            }
        };
    }

    /** {@code chars} UTF-16 chars of {@link #TEXT_UNIT} repeated (a multiple of its length). */
    static Reader text(long chars) {
        return new Reader() {
            private long at;

            @Override
            public int read(char[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                if (at >= chars) {
                    return -1;
                }
                int k = (int) Math.min(len, chars - at);
                for (int j = 0; j < k; j++) {
                    b[off + j] = TEXT_UNIT.charAt((int) ((at + j) % TEXT_UNIT.length()));
                }
                at += k;
                return k;
            }

            @Override
            public void close() {
            }
        };
    }

    /** The CRC-32 of a stream read to its end in chunks. */
    static long crc(InputStream in) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[1 << 16];
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            crc.update(buf, 0, n);
        }
        return crc.getValue();
    }

    /** The CRC-32 of a reader's chars (each as two bytes) and their count, read in chunks. */
    static long[] crc(Reader in) throws IOException {
        CRC32 crc = new CRC32();
        char[] buf = new char[1 << 14];
        byte[] two = new byte[buf.length * 2];
        long count = 0;
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            for (int j = 0; j < n; j++) {
                two[2 * j] = (byte) (buf[j] >>> 8);
                two[2 * j + 1] = (byte) buf[j];
            }
            crc.update(two, 0, 2 * n);
            count += n;
        }
        return new long[] {crc.getValue(), count};
    }
}
