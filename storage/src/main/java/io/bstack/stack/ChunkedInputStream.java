package io.bstack.stack;

import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that reads in chunks: subclasses give {@link #read(byte[], int, int)}, and a
 * single-byte {@link #read()} goes through it (one shared one-byte buffer per stream).
 */
public abstract class ChunkedInputStream extends InputStream {
    private final byte[] one = new byte[1];

    @Override
    public int read() throws IOException {
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public abstract int read(byte[] b, int off, int len) throws IOException;
}
