package io.bstack.jdbc;

import io.bstack.btree.Lob;
import io.bstack.btree.LobStreamException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A binary stream bound with its length ({@code setBinaryStream(i, in, length)}), passed to the
 * engine unread so that it is copied straight into the database in chunks: the value never sits on
 * the heap or in a temporary file. It can be read once — executing the statement again needs the
 * stream bound again (an error {@code 22023} says so). The engine's reads raise
 * {@link LobStreamException} when the stream fails or ends before {@code length} bytes. Not thread-safe.
 */
final class BoundStream implements Lob {
    private final InputStream in;
    private final long length;
    private boolean used;

    BoundStream(InputStream in, long length) {
        this.in = in;
        this.length = length;
    }

    @Override
    public boolean isText() {
        return false;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public synchronized InputStream open(long from) throws IOException {
        if (used) {
            throw new LobStreamException("the stream bound with setBinaryStream was already read by an earlier"
                    + " execution: bind it again");
        }
        if (from != 0) {
            throw new LobStreamException("a bound stream can only be read from its start");
        }
        used = true;
        return new io.bstack.stack.ChunkedInputStream() {
            private long left = length;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left == 0) {
                    return -1;
                }
                int n;
                try {
                    n = in.read(b, off, (int) Math.min(len, left));
                } catch (IOException e) {
                    throw new LobStreamException("reading the bound stream failed: " + e.getMessage(), e);
                }
                if (n < 0) {
                    throw new LobStreamException("the stream ended after " + (length - left) + " of the " + length
                            + " bytes promised");
                }
                left -= n;
                return n;
            }
        };
    }

    @Override
    public String toString() {
        return "BoundStream[" + length + " bytes" + (used ? ", read" : "") + "]";
    }
}
