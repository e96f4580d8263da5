package io.bstack.stack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A byte channel over the payload. A write overwrites the bytes that exist at the position
 * ({@link BStack#set}), pads with zeros if the position is past the end, and pushes the rest;
 * {@code truncate} discards. Each write call is durable when it returns.
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
        byte[] bytes = new byte[n];
        src.get(bytes);
        long len = stack.len();
        if (position > len) {
            stack.extend(position - len);
            len = position;
        }
        int overlap = (int) Math.min(n, len - position);
        if (overlap > 0) {
            stack.set(position, java.util.Arrays.copyOf(bytes, overlap));
        }
        if (overlap < n) {
            stack.push(java.util.Arrays.copyOfRange(bytes, overlap, n));
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
