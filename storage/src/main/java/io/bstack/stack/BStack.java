package io.bstack.stack;

import static io.bstack.stack.StackArguments.checkArrayLength;
import static io.bstack.stack.StackArguments.checkLength;
import static io.bstack.stack.StackArguments.checkRange;
import static io.bstack.stack.StackArguments.checkedEnd;
import static io.bstack.stack.StackArguments.repeatTotal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A persistent, fsync-durable binary stack in one file, byte-compatible with the Rust
 * {@code bstack} crate's format 0.4 (see {@link StackHeader} for the layout).
 *
 * <p>Guarantees: when a mutating call returns, its effect is durable; when the process dies
 * during a call, the next {@link #open} shows the stack either before or after that call, never
 * in between. Offsets are payload offsets (0 = first byte after the header). Readers run
 * concurrently with each other (positional reads); writers are serialised. The file is locked
 * exclusively while open: a second open, from this JVM or another process, fails at once with
 * {@link BStackLockedException}.
 *
 * <p>If a file call fails during a mutation, the stack runs its crash recovery in place before
 * rethrowing, so the failed call is all or nothing; if even that fails, the stack refuses further
 * calls until it is reopened.
 */
public final class BStack implements ByteStack, AutoCloseable {

    private final Path path;
    private final OpenFiles.Claim claim;
    private final StackFile file;
    private final Journal journal;
    private final FileLock lock;
    private final boolean testing;
    private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
    private volatile long clen;
    private volatile long writes; // written under the write lock
    private volatile long locked;
    private volatile boolean closed;
    private volatile IOException broken;

    private BStack(Path path, OpenFiles.Claim claim, StackFile file, FileLock lock, StackOptions options, long clen) {
        this.path = path;
        this.claim = claim;
        this.file = file;
        this.journal = new Journal(file);
        this.lock = lock;
        this.testing = options.isTesting();
        this.clen = clen;
    }

    /** Opens the stack in {@code path}, creating it if absent, and recovers an interrupted operation. */
    public static BStack open(Path path) throws IOException {
        return open(path, StackOptions.defaults());
    }

    /** Opens with explicit options (test hooks come only from {@link StackOptions#testing()}). */
    public static BStack open(Path path, StackOptions options) throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(options, "options");
        OpenFiles.Claim claim = OpenFiles.claim(path, true);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(claim.path(), StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new BStackLockedException(claim.path(), "by another process");
            }
            // Recovery runs before any caller can see the stack; faults are not injected into it.
            StackFile file = new StackFile(channel, options);
            file.faultPolicy(FaultPolicy.none());
            long clen = Recovery.recover(file, claim.path(), true);
            file.faultPolicy(options.faults());
            return new BStack(path, claim, file, lock, options, clen);
        } catch (IOException | RuntimeException | Error e) {
            try {
                OpenFiles.closeAndRelease(claim, channel == null ? () -> { } : channel);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Converts a 0.1.x file in place to format 0.4; the file must not be open. */
    public static void migrate(Path path) throws IOException {
        Migration.migrate(Objects.requireNonNull(path, "path"));
    }

    /** The path this stack was opened with. */
    public Path path() {
        return path;
    }

    /** Test hook: installs a fault policy (only on a stack opened with testing options). */
    public void faultPolicy(FaultPolicy policy) {
        if (!testing) {
            throw new IllegalStateException("fault injection is only available on stacks opened with StackOptions.testing()");
        }
        file.faultPolicy(Objects.requireNonNull(policy, "policy"));
    }

    // ---------------------------------------------------------------- base

    /** Appends {@code data}; returns the offset it was written at (the length before the call). */
    public long push(byte[] data) throws IOException {
        Objects.requireNonNull(data, "data");
        return mutate(() -> {
            long at = clen;
            pushLocked(data);
            return at;
        });
    }

    /** Appends {@code n} zero bytes; returns their offset. */
    public long extend(long n) throws IOException {
        checkLength(n, "n");
        return mutate(() -> {
            long at = clen;
            growLocked(n);
            return at;
        });
    }

    /** Removes and returns the last {@code n} bytes. */
    public byte[] pop(long n) throws IOException {
        checkArrayLength(n);
        byte[] out = new byte[(int) n];
        popInto(out);
        return out;
    }

    /** Removes the last {@code buf.length} bytes into {@code buf}. */
    public void popInto(byte[] buf) throws IOException {
        Objects.requireNonNull(buf, "buf");
        mutate(() -> {
            checkShrink(buf.length);
            if (buf.length > 0) {
                file.read(StackHeader.physical(clen - buf.length), buf, 0, buf.length);
                clen = journal.truncate(clen, buf.length);
            }
            return null;
        });
    }

    /** Removes the last {@code n} bytes. */
    public void discard(long n) throws IOException {
        checkLength(n, "n");
        mutate(() -> {
            shrinkLocked(n);
            return null;
        });
    }

    /** Grows with zeros or shrinks to {@code target}; returns the old length. */
    public long resize(long target) throws IOException {
        checkLength(target, "target");
        return mutate(() -> {
            long old = clen;
            if (target > old) {
                growLocked(target - old);
            } else {
                shrinkLocked(old - target);
            }
            return old;
        });
    }

    /** Grows with zeros to at least {@code target}; never shrinks; returns the old length. */
    public long ensure(long target) throws IOException {
        checkLength(target, "target");
        return mutate(() -> {
            long old = clen;
            growLocked(Math.max(0, target - old));
            return old;
        });
    }

    /** The bytes from {@code offset} to the end. */
    public byte[] peek(long offset) throws IOException {
        checkLength(offset, "offset");
        return reading(Long.MAX_VALUE, () -> {
            long len = clen;
            checkRange(offset, len, len);
            checkArrayLength(len - offset);
            byte[] out = new byte[(int) (len - offset)];
            file.read(StackHeader.physical(offset), out, 0, out.length);
            return out;
        });
    }

    /** Fills {@code buf} from {@code offset}. */
    public void peekInto(long offset, byte[] buf) throws IOException {
        getInto(offset, buf);
    }

    /** The bytes of {@code [start, end)}. */
    public byte[] get(long start, long end) throws IOException {
        checkLength(start, "start");
        checkLength(end, "end");
        if (start > end) {
            throw new BStackInvalidInputException("start " + start + " > end " + end);
        }
        checkArrayLength(end - start);
        byte[] out = new byte[(int) (end - start)];
        getInto(start, out);
        return out;
    }

    /** Fills {@code buf} with the bytes starting at {@code start}. */
    public void getInto(long start, byte[] buf) throws IOException {
        Objects.requireNonNull(buf, "buf");
        checkLength(start, "start");
        long end = checkedEnd(start, buf.length);
        reading(end, () -> {
            checkRange(start, end, clen);
            file.read(StackHeader.physical(start), buf, 0, buf.length);
            return null;
        });
    }

    /** Counts the mutating calls made so far (see {@link ByteStack#writeCount()}). */
    @Override
    public long writeCount() {
        return writes;
    }

    /**
     * Fills {@code buf} from {@code start} without waiting for a call in progress on another thread.
     * Only for a caller that knows no concurrent call changes {@code [start, start+buf.length)} —
     * the transaction layer reading pages of its main file that a checkpoint is not rewriting —
     * so that readers never queue behind a long synced write elsewhere in the file. Bounds are
     * checked against the committed length as {@link #getInto} does.
     */
    public void getIntoConcurrently(long start, byte[] buf) throws IOException {
        Objects.requireNonNull(buf, "buf");
        checkLength(start, "start");
        long end = checkedEnd(start, buf.length);
        ensureUsable();
        checkRange(start, end, clen);
        file.read(StackHeader.physical(start), buf, 0, buf.length);
    }

    /** The committed payload length. */
    public long len() {
        return clen;
    }

    public boolean isEmpty() {
        return clen == 0;
    }

    /**
     * Whether a failed call left this stack refusing further calls: its recovery in place failed
     * too, so {@link #len()} may be stale until the file is reopened.
     */
    public boolean needsReopen() {
        return broken != null;
    }

    // ---------------------------------------------------------------- in place

    /** Overwrites {@code [offset, offset+data.length)}, all or nothing. */
    public void set(long offset, byte[] data) throws IOException {
        Objects.requireNonNull(data, "data");
        checkLength(offset, "offset");
        long end = checkedEnd(offset, data.length);
        mutate(() -> {
            checkWritable(offset, end);
            if (data.length > 0) {
                journal.set(clen, offset, data);
            }
            return null;
        });
    }

    /** Zeroes {@code [offset, offset+n)}, all or nothing. */
    public void zero(long offset, long n) throws IOException {
        repeat(offset, new byte[] {0}, n);
    }

    /** Writes {@code pattern} {@code count} times from {@code offset}, all or nothing. */
    public void repeat(long offset, byte[] pattern, long count) throws IOException {
        Objects.requireNonNull(pattern, "pattern");
        checkLength(offset, "offset");
        long total = repeatTotal(pattern, count);
        long end = checkedEnd(offset, total);
        mutate(() -> {
            checkWritable(offset, end);
            if (total > 0) {
                journal.repeat(clen, offset, pattern.clone(), count);
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- atomic compound

    /** Removes the last {@code n} bytes and appends {@code tail}, as one atomic step. */
    public void atrunc(long n, byte[] tail) throws IOException {
        Objects.requireNonNull(tail, "tail");
        checkLength(n, "n");
        mutate(() -> {
            atruncLocked(n, tail);
            return null;
        });
    }

    /** Like {@link #atrunc} and returns the removed bytes. */
    public byte[] splice(long n, byte[] tail) throws IOException {
        checkArrayLength(n);
        byte[] removed = new byte[(int) n];
        spliceInto(removed, tail);
        return removed;
    }

    /** Removes the last {@code removed.length} bytes into {@code removed} and appends {@code tail}, atomically. */
    public void spliceInto(byte[] removed, byte[] tail) throws IOException {
        Objects.requireNonNull(removed, "removed");
        Objects.requireNonNull(tail, "tail");
        mutate(() -> {
            checkShrink(removed.length);
            file.read(StackHeader.physical(clen - removed.length), removed, 0, removed.length);
            atruncLocked(removed.length, tail);
            return null;
        });
    }

    /** Replaces the last {@code n} bytes with what {@code f} makes of them, atomically. */
    public void replace(long n, UnaryOperator<byte[]> f) throws IOException {
        Objects.requireNonNull(f, "f");
        checkArrayLength(n);
        mutate(() -> {
            checkShrink(n);
            byte[] old = new byte[(int) n];
            file.read(StackHeader.physical(clen - n), old, 0, old.length);
            byte[] tail = Objects.requireNonNull(f.apply(old), "replacement returned null");
            atruncLocked(n, tail);
            return null;
        });
    }

    /** Pushes {@code data} only if the length is {@code expectedLen}; says whether it did. */
    public boolean tryExtend(long expectedLen, byte[] data) throws IOException {
        Objects.requireNonNull(data, "data");
        checkLength(expectedLen, "expectedLen");
        return mutate(() -> {
            if (clen != expectedLen) {
                return false;
            }
            pushLocked(data);
            return true;
        });
    }

    /** Appends {@code n} zeros only if the length is {@code expectedLen}. */
    public boolean tryExtendZeros(long expectedLen, long n) throws IOException {
        checkLength(expectedLen, "expectedLen");
        checkLength(n, "n");
        return mutate(() -> {
            if (clen != expectedLen) {
                return false;
            }
            growLocked(n);
            return true;
        });
    }

    /** Discards {@code n} bytes only if the length is {@code expectedLen}. */
    public boolean tryDiscard(long expectedLen, long n) throws IOException {
        checkLength(expectedLen, "expectedLen");
        checkLength(n, "n");
        if (n == 0) {
            return reading(Long.MAX_VALUE, () -> clen == expectedLen);
        }
        return mutate(() -> {
            if (clen != expectedLen) {
                return false;
            }
            shrinkLocked(n);
            return true;
        });
    }

    /** Writes {@code data} at {@code offset} and returns the bytes it replaced, atomically. */
    public byte[] swap(long offset, byte[] data) throws IOException {
        byte[] buf = data.clone();
        swapInto(offset, buf);
        return buf;
    }

    /** Exchanges {@code buf} with the bytes at {@code offset}: the file gets {@code buf}, {@code buf} gets the old bytes. */
    public void swapInto(long offset, byte[] buf) throws IOException {
        Objects.requireNonNull(buf, "buf");
        checkLength(offset, "offset");
        long end = checkedEnd(offset, buf.length);
        mutate(() -> {
            checkWritable(offset, end);
            byte[] old = new byte[buf.length];
            file.read(StackHeader.physical(offset), old, 0, old.length);
            if (buf.length > 0) {
                journal.set(clen, offset, buf.clone());
            }
            System.arraycopy(old, 0, buf, 0, old.length);
            return null;
        });
    }

    /** Writes {@code replacement} at {@code offset} only if the bytes there equal {@code expected}. */
    public boolean cas(long offset, byte[] expected, byte[] replacement) throws IOException {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(replacement, "replacement");
        checkLength(offset, "offset");
        long end = checkedEnd(offset, expected.length);
        return mutate(() -> {
            checkWritable(offset, end);
            if (expected.length != replacement.length) {
                return false;
            }
            byte[] current = new byte[expected.length];
            file.read(StackHeader.physical(offset), current, 0, current.length);
            if (!Arrays.equals(current, expected)) {
                return false;
            }
            if (replacement.length > 0) {
                journal.set(clen, offset, replacement.clone());
            }
            return true;
        });
    }

    /** Lets {@code f} edit the bytes of {@code [start, end)} in place, then writes them back atomically. */
    public void process(long start, long end, Consumer<byte[]> f) throws IOException {
        Objects.requireNonNull(f, "f");
        checkLength(start, "start");
        checkLength(end, "end");
        if (start > end) {
            throw new BStackInvalidInputException("start " + start + " > end " + end);
        }
        checkArrayLength(end - start);
        mutate(() -> {
            checkWritable(start, end);
            byte[] bytes = new byte[(int) (end - start)];
            file.read(StackHeader.physical(start), bytes, 0, bytes.length);
            f.accept(bytes);
            if (bytes.length > 0) {
                journal.set(clen, start, bytes);
            }
            return null;
        });
    }

    /** Copies {@code n} bytes from {@code src} to {@code dst} (ranges may overlap), atomically. */
    public void copy(long src, long dst, long n) throws IOException {
        checkLength(src, "src");
        checkLength(dst, "dst");
        checkLength(n, "n");
        long srcEnd = checkedEnd(src, n);
        long dstEnd = checkedEnd(dst, n);
        mutate(() -> {
            checkRange(src, srcEnd, clen);
            checkWritable(dst, dstEnd);
            if (n > 0 && src != dst) {
                journal.copy(clen, src, dst, n);
            }
            return null;
        });
    }

    /** Exchanges the disjoint ranges {@code [a, a+n)} and {@code [b, b+n)}, atomically. */
    public void crossExchange(long a, long b, long n) throws IOException {
        checkLength(a, "a");
        checkLength(b, "b");
        checkLength(n, "n");
        long aEnd = checkedEnd(a, n);
        long bEnd = checkedEnd(b, n);
        mutate(() -> {
            checkWritable(a, aEnd);
            checkWritable(b, bEnd);
            if (n == 0 || a == b) {
                return null;
            }
            if (a < bEnd && b < aEnd) {
                throw new BStackInvalidInputException("ranges [" + a + ", " + aEnd + ") and [" + b + ", " + bEnd + ") overlap");
            }
            journal.exchange(clen, a, b, n);
            return null;
        });
    }

    /**
     * Writes several ranges in place and syncs once, without the journal: every byte is durable
     * when the call returns, but a crash during the call may leave any mix of old and new bytes in
     * the ranges (torn writes), and a failed call leaves them unspecified. One write per run of
     * adjacent ranges (a gathering write) and one sync in all, where {@link #setBatched} stages, arms and writes every byte twice with four
     * syncs. Only for callers that keep another durable copy of every byte written until the call
     * returns and read nothing from a range in between (the transaction layer's checkpoints and
     * direct page writes, whose pages stay shadowed by WAL versions until then).
     */
    public void setUnjournaled(List<StackWrite> writes) throws IOException {
        Objects.requireNonNull(writes, "writes");
        for (StackWrite w : writes) {
            checkLength(w.offset(), "offset");
            checkedEnd(w.offset(), w.data().length);
        }
        mutate(() -> {
            for (StackWrite w : writes) {
                checkWritable(w.offset(), w.offset() + w.data().length);
            }
            file.writeAll(writes);
            file.sync();
            return null;
        });
    }

    /**
     * {@link #setUnjournaled(List)} of one range, {@code data[from, to)} at payload {@code offset},
     * written straight from the caller's array (no copy of the slice).
     */
    public void setUnjournaled(long offset, byte[] data, int from, int to) throws IOException {
        Objects.requireNonNull(data, "data");
        if (from < 0 || from > to || to > data.length) {
            throw new BStackInvalidInputException("slice [" + from + ", " + to + ") is not within an array of "
                    + data.length + " bytes");
        }
        checkLength(offset, "offset");
        checkedEnd(offset, to - from);
        mutate(() -> {
            checkWritable(offset, offset + (to - from));
            file.write(StackHeader.physical(offset), java.nio.ByteBuffer.wrap(data, from, to - from));
            file.sync();
            return null;
        });
    }

    /**
     * When the file holds fewer than {@code min} bytes past the payload's end, writes zeros there
     * until it holds {@code target} (written, so allocated, but not synced), so that the next pushes write into space the file already has and
     * their syncs need not record a new file size (on many file systems a much cheaper sync). The
     * payload does not change: bytes past it are not part of the stack, any call that cuts the
     * file (pop, discard, a journaled write's clean-up) drops them, and opening cuts them off.
     */
    public void reserveTail(long min, long target) throws IOException {
        checkLength(min, "min");
        checkLength(target, "target");
        mutate(() -> {
            long size = file.size();
            if (size < StackHeader.physical(clen) + min) {
                file.writeZeros(size, StackHeader.physical(clen) + target);
            }
            return null;
        });
    }

    /** Applies several non-overlapping writes, all or nothing. */
    public void setBatched(List<StackWrite> writes) throws IOException {
        Objects.requireNonNull(writes, "writes");
        List<StackWrite> all = List.copyOf(writes);
        List<StackWrite> sorted = new ArrayList<>();
        for (StackWrite w : all) {
            checkLength(w.offset(), "offset");
            checkedEnd(w.offset(), w.data().length);
            if (w.data().length > 0) {
                sorted.add(new StackWrite(w.offset(), w.data().clone()));
            }
        }
        sorted.sort(Comparator.comparingLong(StackWrite::offset));
        for (int i = 1; i < sorted.size(); i++) {
            StackWrite prev = sorted.get(i - 1);
            if (prev.offset() + prev.data().length > sorted.get(i).offset()) {
                throw new BStackInvalidInputException("batched writes at " + prev.offset() + " and "
                        + sorted.get(i).offset() + " overlap");
            }
        }
        mutate(() -> {
            for (StackWrite w : all) {
                checkWritable(w.offset(), w.offset() + w.data().length);
            }
            if (sorted.size() == 1) {
                journal.set(clen, sorted.get(0).offset(), sorted.get(0).data());
            } else if (!sorted.isEmpty()) {
                journal.multiWrite(clen, sorted);
            }
            return null;
        });
    }

    /** Reads several ranges under one read lock, so they come from the same committed state. */
    public List<byte[]> getBatched(List<StackRange> ranges) throws IOException {
        Objects.requireNonNull(ranges, "ranges");
        List<byte[]> out = new ArrayList<>(ranges.size());
        for (StackRange r : ranges) {
            Objects.requireNonNull(r, "range");
            checkLength(r.start(), "start");
            checkLength(r.end(), "end");
            if (r.start() > r.end()) {
                throw new BStackInvalidInputException("start " + r.start() + " > end " + r.end());
            }
            checkArrayLength(r.end() - r.start());
            out.add(new byte[(int) (r.end() - r.start())]);
        }
        long[] starts = ranges.stream().mapToLong(StackRange::start).toArray();
        getBatchedInto(starts, out.toArray(new byte[0][]));
        return out;
    }

    /** Fills {@code buffers[i]} from {@code starts[i]} for every i, under one read lock. */
    public void getBatchedInto(long[] starts, byte[][] buffers) throws IOException {
        Objects.requireNonNull(starts, "starts");
        Objects.requireNonNull(buffers, "buffers");
        if (starts.length != buffers.length) {
            throw new BStackInvalidInputException(starts.length + " starts for " + buffers.length + " buffers");
        }
        long[] ends = new long[starts.length];
        for (int i = 0; i < starts.length; i++) {
            checkLength(starts[i], "start");
            ends[i] = checkedEnd(starts[i], Objects.requireNonNull(buffers[i], "buffer").length);
        }
        reading(Long.MAX_VALUE, () -> {
            for (int i = 0; i < starts.length; i++) {
                checkRange(starts[i], ends[i], clen);
            }
            for (int i = 0; i < starts.length; i++) {
                file.read(StackHeader.physical(starts[i]), buffers[i], 0, buffers[i].length);
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- locked prefix

    /**
     * Declares {@code [0, n)} immutable for this open handle (never persisted; monotonic). Reads
     * inside it take no lock; writes and shrinks that would touch it are refused.
     */
    public void lockUpTo(long n) throws IOException {
        checkLength(n, "n");
        mutate(() -> {
            if (n > clen) {
                throw new BStackInvalidInputException("cannot lock " + n + " bytes of a " + clen + "-byte stack");
            }
            if (n < locked) {
                throw new BStackInvalidInputException("the locked prefix is " + locked + " bytes and cannot shrink to " + n);
            }
            locked = n;
            return null;
        });
    }

    /** Length of the locked prefix. */
    public long lockedLen() {
        return locked;
    }

    // ---------------------------------------------------------------- adapters

    /** A stream over the payload from offset 0; it reads the live stack. */
    public InputStream reader() {
        return readerAt(0);
    }

    /** A stream over the payload from {@code offset}; a negative offset is an {@link IllegalArgumentException}. */
    public InputStream readerAt(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        return new StackInputStream(this, offset);
    }

    /** A stream whose every write is a durable {@link #push}. */
    public OutputStream writer() {
        return new StackOutputStream(this);
    }

    /** A channel over the payload: reads are positional, each write is one atomic call, truncate discards. */
    public SeekableByteChannel channel() {
        return new StackChannel(this);
    }

    // ---------------------------------------------------------------- lifecycle

    /** Releases the lock and the file; further calls fail with {@link ClosedChannelException}. */
    @Override
    public void close() throws IOException {
        rw.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (lock.isValid()) {
                    lock.release();
                }
            } finally {
                OpenFiles.closeAndRelease(claim, file::close);
            }
        } finally {
            rw.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "BStack[format 0.4, " + path + ", len=" + clen + "]";
    }

    // ---------------------------------------------------------------- internals

    @FunctionalInterface
    private interface Action<T> {
        T run() throws IOException;
    }

    private void pushLocked(byte[] data) throws IOException {
        checkGrowth(clen, data.length);
        if (data.length > 0) {
            clen = journal.push(clen, ByteBuffer.wrap(data));
        }
    }

    private void growLocked(long n) throws IOException {
        checkGrowth(clen, n);
        if (n > 0) {
            clen = journal.extend(clen, n);
        }
    }

    private void shrinkLocked(long n) throws IOException {
        checkShrink(n);
        if (n > 0) {
            clen = journal.truncate(clen, n);
        }
    }

    private void atruncLocked(long n, byte[] tail) throws IOException {
        checkShrink(n);
        checkGrowth(clen - n, tail.length);
        clen = journal.atrunc(clen, n, tail.clone());
    }

    private <T> T mutate(Action<T> action) throws IOException {
        rw.writeLock().lock();
        try {
            ensureUsable();
            try {
                return action.run();
            } catch (BStackInvalidInputException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                repairAfter(e);
                throw e;
            }
        } finally {
            writes++;
            rw.writeLock().unlock();
        }
    }

    private <T> T reading(long end, Action<T> action) throws IOException {
        if (end <= locked) {
            ensureUsable();
            return action.run();
        }
        rw.readLock().lock();
        try {
            ensureUsable();
            return action.run();
        } finally {
            rw.readLock().unlock();
        }
    }

    /** After a failed mutation: bring the file back to rest, or refuse further calls. */
    private void repairAfter(Exception failure) {
        try {
            clen = Recovery.recover(file, claim.path(), false);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
            broken = new BStackException("BStack file " + claim.path() + " needs to be reopened: recovery after a failed call failed", e);
        }
    }

    private void ensureUsable() throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        IOException b = broken;
        if (b != null) {
            throw new BStackException(b.getMessage(), b);
        }
    }

    private void checkWritable(long start, long end) throws BStackInvalidInputException {
        checkRange(start, end, clen);
        if (start < locked && end > start) {
            throw new BStackInvalidInputException("range [" + start + ", " + end + ") touches the locked prefix [0, " + locked + ")");
        }
    }

    private void checkShrink(long n) throws BStackInvalidInputException {
        if (n > clen) {
            throw new BStackInvalidInputException("cannot remove " + n + " bytes from a " + clen + "-byte stack");
        }
        if (n > 0 && clen - n < locked) {
            throw new BStackInvalidInputException("removing " + n + " bytes would cut into the locked prefix [0, " + locked + ")");
        }
    }

    private static void checkGrowth(long len, long n) throws BStackInvalidInputException {
        if (n > Long.MAX_VALUE - StackHeader.SIZE - len) {
            throw new BStackInvalidInputException("a stack cannot grow beyond 2^63-1 bytes");
        }
    }




}
