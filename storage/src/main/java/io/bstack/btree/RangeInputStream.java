package io.bstack.btree;

import io.bstack.stack.ByteStack;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/** Reads {@code [offset, offset+length)} of a stack in chunks, never holding the whole range. Not thread-safe. */
final class RangeInputStream extends InputStream {

    private static final int CHUNK = 16 * 1024;

    private final ByteStack stack;
    private long position;
    private final long end;

    RangeInputStream(ByteStack stack, long offset, long length) {
        this.stack = stack;
        this.position = offset;
        this.end = offset + length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (position >= end) {
            return -1;
        }
        int n = (int) Math.min(Math.min(len, CHUNK), end - position);
        byte[] chunk = new byte[n];
        stack.getInto(position, chunk);
        System.arraycopy(chunk, 0, b, off, n);
        position += n;
        return n;
    }

    @Override
    public long skip(long n) {
        long skipped = Math.max(0, Math.min(n, end - position));
        position += skipped;
        return skipped;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, end - position);
    }
}
