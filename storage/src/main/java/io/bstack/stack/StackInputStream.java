package io.bstack.stack;

import java.io.IOException;
import java.io.InputStream;

/** Sequential reads of a live stack from a starting offset; ends at the current length. */
final class StackInputStream extends ChunkedInputStream {
    private final BStack stack;
    private long position;
    private long mark;

    StackInputStream(BStack stack, long offset) {
        this.stack = stack;
        this.position = offset;
        this.mark = offset;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        long available = stack.len() - position;
        if (available <= 0) {
            return -1;
        }
        int n = (int) Math.min(len, available);
        byte[] chunk = off == 0 && n == b.length ? b : new byte[n];
        stack.getInto(position, chunk);
        if (chunk != b) {
            System.arraycopy(chunk, 0, b, off, n);
        }
        position += n;
        return n;
    }

    @Override
    public long skip(long n) {
        long step = Math.max(0, Math.min(n, stack.len() - position));
        position += step;
        return step;
    }

    @Override
    public int available() {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, stack.len() - position));
    }

    @Override
    public boolean markSupported() {
        return true;
    }

    @Override
    public void mark(int readLimit) {
        mark = position;
    }

    @Override
    public void reset() {
        position = mark;
    }
}
