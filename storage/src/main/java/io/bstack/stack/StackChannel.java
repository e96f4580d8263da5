package io.bstack.stack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A byte channel over the payload. A write inside the payload is one {@link BStack#set}; a write
 * that reaches past the end is one {@link BStack#atrunc} that replaces the bytes from the position
 * on (padding with zeros when the position is past the end), so every write is atomic and durable
 * when it returns. {@code truncate} discards.
 */
final class StackChannel implements SeekableByteChannel {
    private final BStack stack;
    private long position;
    private boolean open = true;

    StackChannel(BStack stack) {
        this.stack = stack;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        ensureOpen();
        long available = stack.len() - position;
        if (available <= 0) {
            return dst.hasRemaining() ? -1 : 0;
        }
        int n = (int) Math.min(dst.remaining(), available);
        byte[] chunk = new byte[n];
        stack.getInto(position, chunk);
        dst.put(chunk);
        position += n;
        return n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        ensureOpen();
        int n = src.remaining();
        if (n == 0) {
            return 0;
        }
        long len = stack.len();
        if (position + n <= len) {
            byte[] bytes = new byte[n];
            src.get(bytes);
            stack.set(position, bytes);
        } else {
            long removed = Math.max(0, len - position);
            long gap = Math.max(0, position - len);
            byte[] tail = new byte[Math.toIntExact(gap + n)];
            src.get(tail, (int) gap, n);
            stack.atrunc(removed, tail);
        }
        position += n;
        return n;
    }

    @Override
    public long position() throws IOException {
        ensureOpen();
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        ensureOpen();
        return stack.len();
    }

    @Override
    public SeekableByteChannel truncate(long size) throws IOException {
        ensureOpen();
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        long len = stack.len();
        if (size < len) {
            stack.discard(len - size);
        }
        position = Math.min(position, size);
        return this;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }
}
