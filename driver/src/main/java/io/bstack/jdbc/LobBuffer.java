package io.bstack.jdbc;

import io.bstack.btree.Lob;
import io.bstack.btree.LobStreamException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The writable bytes of a {@link BStackBlob}: on the heap while they fit {@link Streams#IN_MEMORY},
 * then moved to a temporary file ({@code bstack-blob-*.tmp}, deleted at {@link #close()} or exit),
 * so a value built with {@code setBytes} or a {@code setBinaryStream} writer can grow past the
 * heap. Positions are 0-based here. Not thread-safe (the blob synchronizes).
 */
final class LobBuffer implements AutoCloseable {
    private byte[] heap;
    private FileChannel file;
    private Path path;
    private long length;

    LobBuffer(byte[] initial) {
        this.heap = initial;
        this.length = initial.length;
    }

    long length() {
        return length;
    }

    /** Whether the bytes live in a temporary file. */
    boolean spilled() {
        return file != null;
    }

    /** Copies {@code n} bytes from {@code at} into {@code dst[off..]}. */
    void read(long at, byte[] dst, int off, int n) throws IOException {
        if (file == null) {
            System.arraycopy(heap, (int) at, dst, off, n);
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(dst, off, n);
        while (b.hasRemaining()) {
            if (file.read(b, at + b.position() - off) < 0) {
                throw new IOException("the blob's temporary file is shorter than the blob");
            }
        }
    }

    /** Writes {@code src[off, off+n)} at {@code at} (at most {@link #length()}), growing the value. */
    void write(long at, byte[] src, int off, int n) throws IOException {
        long end = at + n;
        if (file == null && end > Streams.IN_MEMORY) {
            spill();
        }
        if (file == null) {
            if (end > heap.length) {
                heap = Arrays.copyOf(heap, (int) Math.min(Math.max(end, 2L * heap.length), Streams.IN_MEMORY));
            }
            System.arraycopy(src, off, heap, (int) at, n);
        } else {
            ByteBuffer b = ByteBuffer.wrap(src, off, n);
            while (b.hasRemaining()) {
                file.write(b, at + b.position() - off);
            }
        }
        length = Math.max(length, end);
    }

    void truncate(long len) throws IOException {
        length = len;
        if (file != null) {
            file.truncate(len);
        }
    }

    /** A stream over the bytes from {@code from} to the current end, read as it goes. */
    InputStream stream(long from, long to) {
        return new io.bstack.stack.ChunkedInputStream() {
            private long at = from;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                long end = Math.min(to, length);
                if (len == 0) {
                    return 0;
                }
                if (at >= end) {
                    return -1;
                }
                int n = (int) Math.min(len, end - at);
                LobBuffer.this.read(at, b, off, n);
                at += n;
                return n;
            }
        };
    }

    /** A read-only {@link Lob} over the current bytes (read when the engine stores them). */
    Lob asLob() {
        long n = length;
        return new Lob() {
            @Override
            public boolean isText() {
                return false;
            }

            @Override
            public long length() {
                return n;
            }

            @Override
            public InputStream open(long from) throws IOException {
                if (heap == null && file == null) {
                    throw new LobStreamException("the blob was freed before the statement ran");
                }
                return stream(from, n);
            }
        };
    }

    private void spill() throws IOException {
        path = Files.createTempFile("bstack-blob-", ".tmp");
        path.toFile().deleteOnExit();
        file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        ByteBuffer b = ByteBuffer.wrap(heap, 0, (int) length);
        while (b.hasRemaining()) {
            file.write(b, b.position());
        }
        heap = null;
    }

    /** Drops the bytes and deletes the temporary file. */
    @Override
    public void close() throws IOException {
        heap = null;
        if (file != null) {
            file.close();
            file = null;
            Files.deleteIfExists(path);
        }
    }
}
