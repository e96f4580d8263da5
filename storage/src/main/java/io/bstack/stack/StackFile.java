package io.bstack.stack;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.List;

/**
 * The file calls a stack makes, in physical file offsets, and nothing else: positional reads and
 * writes, length changes and the durability barrier. Every call passes the fault policy first,
 * so tests can fail any one of them. Positional reads are safe from many threads at once.
 *
 * <p>The barrier is {@code FileChannel.force(false)}, which is {@code fdatasync} on Linux: it
 * makes the data and the file length durable (POSIX requires the metadata needed to read the
 * data back, which includes the size).
 */
final class StackFile {
    /** Chunk used to move bytes inside the file without holding them whole on the heap. */
    static final int CHUNK = 64 * 1024;
    /** The most buffers one gathering write takes (the usual IOV_MAX). */
    static final int GATHER_MAX = 1024;

    private final FileChannel channel;
    private final boolean sync;
    private final SyncObserver observer;
    private volatile FaultPolicy faults;
    private long calls;

    StackFile(FileChannel channel, StackOptions options) {
        this.channel = channel;
        this.sync = options.sync();
        this.observer = options.observer();
        this.faults = options.faults();
    }

    void faultPolicy(FaultPolicy policy) {
        synchronized (this) {
            faults = policy;
            calls = 0;
        }
    }

    long size() throws IOException {
        return channel.size();
    }

    /** Reads exactly {@code dst.remaining()} bytes at {@code pos}; the file must hold them. */
    void read(long pos, ByteBuffer dst) throws IOException {
        check(FileOp.READ);
        long p = pos;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, p);
            if (n < 0) {
                throw new EOFException("file ends at " + channel.size() + " before byte " + p);
            }
            p += n;
        }
    }

    void read(long pos, byte[] dst, int off, int len) throws IOException {
        read(pos, ByteBuffer.wrap(dst, off, len));
    }

    void write(long pos, ByteBuffer src) throws IOException {
        check(FileOp.WRITE);
        long p = pos;
        while (src.hasRemaining()) {
            p += channel.write(src, p);
        }
    }

    void write(long pos, byte[] src) throws IOException {
        write(pos, ByteBuffer.wrap(src));
    }

    /**
     * Writes each of {@code writes} at its payload offset, runs of adjacent ones as one gathering
     * write (one system call for up to {@value #GATHER_MAX} buffers). A gathering write moves the
     * channel's position, which no other call of this class uses (reads and writes are
     * positional); the caller holds the stack's write lock.
     */
    void writeAll(List<StackWrite> writes) throws IOException {
        int i = 0;
        while (i < writes.size()) {
            long end = writes.get(i).offset() + writes.get(i).data().length;
            int j = i + 1;
            while (j < writes.size() && j - i < GATHER_MAX && writes.get(j).offset() == end) {
                end += writes.get(j++).data().length;
            }
            if (j - i == 1) {
                write(StackHeader.physical(writes.get(i).offset()), writes.get(i).data());
            } else {
                ByteBuffer[] srcs = new ByteBuffer[j - i];
                for (int k = i; k < j; k++) {
                    srcs[k - i] = ByteBuffer.wrap(writes.get(k).data());
                }
                check(FileOp.WRITE);
                channel.position(StackHeader.physical(writes.get(i).offset()));
                int first = 0;
                while (first < srcs.length) {
                    channel.write(srcs, first, srcs.length - first);
                    while (first < srcs.length && !srcs[first].hasRemaining()) {
                        first++;
                    }
                }
            }
            i = j;
        }
    }

    /** Writes zeros over physical offsets {@code [from, to)} (allocating them, unlike a sparse grow). */
    void writeZeros(long from, long to) throws IOException {
        byte[] zeros = new byte[(int) Math.min(Math.max(0, to - from), CHUNK * 16L)];
        for (long at = from; at < to; at += zeros.length) {
            write(at, ByteBuffer.wrap(zeros, 0, (int) Math.min(zeros.length, to - at)));
        }
    }

    /** Cuts the file or grows it with zeros (sparse where the file system allows). */
    void setLength(long length) throws IOException {
        check(FileOp.SET_LENGTH);
        long current = channel.size();
        if (length < current) {
            channel.truncate(length);
        } else if (length > current) {
            channel.write(ByteBuffer.allocate(1), length - 1);
        }
    }

    /** The durability barrier. */
    void sync() throws IOException {
        check(FileOp.SYNC);
        if (sync) {
            channel.force(false);
        }
        if (observer != null) {
            observer.synced(image());
        }
    }

    /** Copies {@code n} bytes from {@code src} to {@code dst} (physical offsets), in chunks. */
    void move(long src, long dst, long n) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(n, 1)));
        boolean backwards = dst > src && dst < src + n;
        for (long done = 0; done < n; ) {
            int step = (int) Math.min(buf.capacity(), n - done);
            long at = backwards ? n - done - step : done;
            buf.clear().limit(step);
            read(src + at, buf);
            buf.flip();
            write(dst + at, buf);
            done += step;
        }
    }

    /** Writes {@code pattern} {@code count} times starting at {@code pos}, in chunks. */
    void writeRepeated(long pos, byte[] pattern, long count) throws IOException {
        long total = pattern.length * count;
        int per = (int) Math.max(1, Math.min(count, CHUNK / pattern.length));
        byte[] chunk = new byte[per * pattern.length];
        for (int i = 0; i < per; i++) {
            System.arraycopy(pattern, 0, chunk, i * pattern.length, pattern.length);
        }
        for (long done = 0; done < total; ) {
            int step = (int) Math.min(chunk.length, total - done);
            write(pos + done, ByteBuffer.wrap(chunk, 0, step));
            done += step;
        }
    }

    void close() throws IOException {
        channel.close();
    }

    FileChannel channel() {
        return channel;
    }

    private void check(FileOp op) throws InjectedFaultException {
        FaultPolicy policy = faults;
        long seq;
        synchronized (this) {
            seq = calls++;
        }
        if (policy.shouldFail(op, seq)) {
            throw new InjectedFaultException(op, seq);
        }
    }

    private byte[] image() throws IOException {
        byte[] all = new byte[Math.toIntExact(channel.size())];
        ByteBuffer buf = ByteBuffer.wrap(all);
        while (buf.hasRemaining() && channel.read(buf, buf.position()) >= 0) {
            // keep reading until the whole file is in
        }
        return Arrays.copyOf(all, buf.position());
    }
}
