package io.bstack.btree;

import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of one overflow region, exactly {@code length} of them: reads stop at the length, and
 * a store stream that ends early raises {@link RecordFormatException} rather than a short value.
 * Not thread-safe.
 */
final class RowOverflowStream extends InputStream {
    private final InputStream in;
    private long left;

    RowOverflowStream(InputStream in, long length) {
        this.in = in;
        this.left = length;
    }

    @Override
    public int read() throws IOException {
        if (left == 0) {
            return -1;
        }
        int b = in.read();
        if (b < 0) {
            throw early();
        }
        left--;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (left == 0) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, left));
        if (n < 0) {
            throw early();
        }
        left -= n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(in.available(), left);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private RecordFormatException early() {
        return new RecordFormatException("overflow value ended " + left + " byte(s) early");
    }
}
