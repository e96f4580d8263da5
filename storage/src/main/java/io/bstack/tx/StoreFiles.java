package io.bstack.tx;

import io.bstack.buffer.BufferPool;
import io.bstack.buffer.BufferPoolConfig;
import io.bstack.buffer.PinnedPage;
import io.bstack.stack.BStack;
import io.bstack.stack.StackOptions;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The two files of a store and the buffer pool over the main one, plus the page read path every
 * transaction uses: resolve a page in the {@link VersionIndex}, then read the version (memory,
 * WAL, zeros) or the main page through the pool.
 *
 * <p>The buffer pool lives as long as the store. Whenever main-file pages change under it, the
 * affected pages are invalidated ({@link BufferPool#invalidate}) under the write side of the lock,
 * when no read holds a pin: the pages whose versions a WAL truncation drops (every page a
 * checkpoint rewrote, zeroed or cut since the previous truncation; until then each of them is
 * shadowed by a version in the index, so a stale frame is never read) and the pages a direct write
 * or a cut-back touches.
 *
 * <p>Thread-safety: reads run under the read side of one lock, so any number run at once; the
 * write side is taken only to swap the WAL handle when a checkpoint truncates the WAL and to
 * invalidate pool pages (short steps). WAL pushes, checkpoints and main-file writes are
 * serialized by the caller ({@link CommitLog}'s push lock).
 */
final class StoreFiles {
    private final Path mainPath;
    private final Path walPath;
    private final BStack main;
    private final StackOptions walOptions;
    private final int pageSize;
    private final long poolBytes;
    private final VersionIndex index;
    private final ReentrantReadWriteLock io = new ReentrantReadWriteLock();
    private volatile BStack wal;
    private final BufferPool pool;
    private volatile long checkpointLen;
    private volatile long checkpointSeq;
    private volatile boolean broken;
    /** Pages {@code [reservedFrom, reservedEnd)} the open writer wrote early (see {@link EarlyWriter}); 0, 0 when none. */
    private volatile long reservedFrom;
    private volatile long reservedEnd;
    /** See {@link #holdCheckpoints}. */
    private volatile boolean checkpointsHeld;
    private boolean closed; // guarded by io

    StoreFiles(Path mainPath, BStack main, Path walPath, BStack wal, StackOptions walOptions, int pageSize,
            long poolBytes, VersionIndex index, long checkpointSeq, long checkpointLen) {
        this.mainPath = mainPath;
        this.walPath = walPath;
        this.main = main;
        this.wal = wal;
        this.walOptions = walOptions;
        this.pageSize = pageSize;
        this.poolBytes = poolBytes;
        this.index = index;
        this.checkpointSeq = checkpointSeq;
        this.checkpointLen = checkpointLen;
        this.pool = newPool();
    }

    private BufferPool newPool() {
        long bytes = Math.max(16L * pageSize, poolBytes / pageSize * pageSize);
        return BufferPool.open(new MainPageStore(main, pageSize), BufferPoolConfig.of(pageSize, bytes));
    }

    int pageSize() {
        return pageSize;
    }

    BStack main() {
        return main;
    }

    BStack wal() {
        return wal;
    }

    Path mainPath() {
        return mainPath;
    }

    Path walPath() {
        return walPath;
    }

    VersionIndex index() {
        return index;
    }

    /** The buffer pool over the main file (for statistics and tests). */
    BufferPool pool() {
        return pool;
    }

    /** Records a new superblock sequence and length (after the checkpoint wrote it). */
    void checkpointed(long seq, long len) {
        checkpointSeq = seq;
        checkpointLen = len;
    }

    /** The commit sequence the main file holds (the superblock's). */
    long checkpointSeq() {
        return checkpointSeq;
    }

    /**
     * The main file length the durable-or-queued state needs: the superblock page, the
     * checkpointed pages, every page a commit in the index placed there, and the pages the open
     * writer wrote early (its reservation). Bytes beyond it are
     * either zero or belong to no commit, so cutting them is always safe.
     */
    long neededMainLen() {
        long dataPages = Math.max((checkpointLen + pageSize - 1) / pageSize, index.directEnd());
        return pageSize + Math.max(dataPages, reservedEnd) * pageSize;
    }

    /**
     * Keeps main-file pages {@code [from, end)} (written early by the open writer) out of every cut
     * and checkpoint resize until {@link #unreserve()}; the caller holds the push lock.
     */
    void reserve(long from, long end) {
        reservedFrom = from;
        reservedEnd = end;
    }

    /** Drops the reservation (the caller holds the push lock). */
    void unreserve() {
        reserve(0, 0);
    }

    /**
     * Whether the open writer wrote pages over their main-file copy ({@link ThroughWriter}): no
     * checkpoint runs until its commit is in the index or it ended (the caller holds the push lock
     * to change it).
     */
    void holdCheckpoints(boolean hold) {
        checkpointsHeld = hold;
    }

    boolean checkpointsHeld() {
        return checkpointsHeld;
    }

    /** The reserved page range {first, end}, or null when none. */
    long[] reserved() {
        long from = reservedFrom;
        long end = reservedEnd;
        return end > from ? new long[] {from, end} : null;
    }

    /** Drops pages {@code [from, to)} from the buffer pool, waiting for reads in flight. */
    void invalidate(long from, long to) {
        io.writeLock().lock();
        try {
            if (!closed) {
                for (long p = from; p < to; p++) {
                    pool.invalidate(p);
                }
            }
        } finally {
            io.writeLock().unlock();
        }
    }

    /** Whether a file needs to be reopened before the store can continue. */
    boolean needsReopen() {
        return broken || main.needsReopen() || wal.needsReopen();
    }

    void markBroken() {
        broken = true;
    }

    /**
     * Copies {@code n} bytes at {@code inPage} of page {@code pageNo}, as of commit {@code snapshot},
     * into {@code dst[off..]}.
     */
    void read(long pageNo, long snapshot, int inPage, byte[] dst, int off, int n) throws IOException {
        io.readLock().lock();
        try {
            if (closed) {
                throw new ClosedChannelException();
            }
            VersionIndex.Version v = index.resolve(pageNo, snapshot);
            if (v == null) {
                readMain(pageNo, inPage, dst, off, n);
            } else if (v.image() != null) {
                System.arraycopy(v.image(), inPage, dst, off, n);
            } else if (v.isZero()) {
                Arrays.fill(dst, off, off + n, (byte) 0);
            } else if (v.isInMain()) {
                readMain(pageNo, inPage, dst, off, n);
            } else {
                readWal(v, inPage, dst, off, n);
            }
        } finally {
            io.readLock().unlock();
        }
    }

    /**
     * Copies {@code n} bytes at {@code inPage} of main-file page {@code pageNo} (through the pool)
     * into {@code dst[off..]}: the writer's read of a page it wrote early.
     */
    void readMainPage(long pageNo, int inPage, byte[] dst, int off, int n) throws IOException {
        io.readLock().lock();
        try {
            if (closed) {
                throw new ClosedChannelException();
            }
            readMain(pageNo, inPage, dst, off, n);
        } finally {
            io.readLock().unlock();
        }
    }

    /** The full image of one version (for a checkpoint; the caller holds the push lock). */
    byte[] image(VersionIndex.Version v) throws IOException {
        if (v.image() != null) {
            return v.image();
        }
        byte[] out = new byte[pageSize];
        if (v.isInMain()) {
            throw new IllegalStateException("a version at commit " + v.seq() + " lives in the main file; it has no other image");
        }
        if (!v.isZero()) {
            readWal(v, 0, out, 0, pageSize);
        }
        return out;
    }

    /** Bytes {@code [inPage, inPage+n)} of a version stored in the WAL, whole or around its zero hole. */
    private void readWal(VersionIndex.Version v, int inPage, byte[] dst, int off, int n) throws IOException {
        if (v.hole() == WalFormat.NO_HOLE) {
            readWalBytes(v.walOffset() + inPage, dst, off, n);
            return;
        }
        int head = v.hole() >>> 16;
        int tail = v.hole() & 0xFFFF;
        int tailStart = pageSize - tail;
        int end = inPage + n;
        int headPart = Math.max(0, Math.min(end, head) - inPage);
        if (headPart > 0) {
            readWalBytes(v.walOffset() + inPage, dst, off, headPart);
        }
        int zeroFrom = Math.max(inPage, head);
        int zeroTo = Math.min(end, tailStart);
        if (zeroTo > zeroFrom) {
            Arrays.fill(dst, off + (zeroFrom - inPage), off + (zeroTo - inPage), (byte) 0);
        }
        int tailFrom = Math.max(inPage, tailStart);
        if (end > tailFrom) {
            readWalBytes(v.walOffset() + head + (tailFrom - tailStart), dst, off + (tailFrom - inPage), end - tailFrom);
        }
    }

    private void readWalBytes(long at, byte[] dst, int off, int n) throws IOException {
        byte[] part = off == 0 && n == dst.length ? dst : new byte[n];
        wal.getInto(at, part);
        if (part != dst) {
            System.arraycopy(part, 0, dst, off, n);
        }
    }

    private void readMain(long pageNo, int inPage, byte[] dst, int off, int n) throws IOException {
        try (PinnedPage page = pool.pin(pageNo)) {
            page.read(inPage, dst, off, n);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Replaces the WAL by a fresh one holding only {@code header} and forgets every version at or
     * below {@code seq}: the main file holds that state now. The new WAL is written and synced under
     * a side name and renamed over the old one (atomic, directory synced) while readers go on reading
     * the old file through its open handle; then, under the write lock — which only waits for reads
     * already in flight, no I/O happens inside it — the store switches handles, drops the versions and
     * invalidates exactly the pool pages that lost one. The old file (already unlinked) closes last.
     * Where a file system refuses to rename over an open file, the WAL is cut in place instead, with
     * readers held for that one sync.
     */
    void truncateWal(byte[] header, long seq, long len) throws IOException {
        Path side = sideWalPath(walPath);
        BStack next = null;
        try {
            Files.deleteIfExists(side);
            next = BStack.open(side, walOptions);
            next.push(header);
            next.lockUpTo(next.len());
            Files.move(side, walPath, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(walPath);
        } catch (IOException | RuntimeException e) {
            if (next != null) {
                closeQuietly(next, e);
            }
            Files.deleteIfExists(side);
            truncateInPlace(header, seq, len);
            return;
        }
        BStack old;
        io.writeLock().lock();
        try {
            old = wal;
            wal = next;
            for (long p : index.dropUpTo(seq, len)) {
                pool.invalidate(p);
            }
        } finally {
            io.writeLock().unlock();
        }
        old.close();
    }

    /** The name a fresh WAL is written under before it replaces {@code wal}. */
    static Path sideWalPath(Path wal) {
        return wal.resolveSibling(wal.getFileName() + ".new");
    }

    private static void syncDirectory(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    private static void closeQuietly(BStack s, Exception cause) {
        try {
            s.close();
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** The fallback: reopen the WAL (its locked prefix cannot shrink on an open handle) and cut it, holding readers. */
    private void truncateInPlace(byte[] header, long seq, long len) throws IOException {
        io.writeLock().lock();
        try {
            try {
                wal.close();
                BStack fresh = BStack.open(walPath, walOptions);
                wal = fresh;
                fresh.atrunc(fresh.len(), header);
                fresh.lockUpTo(fresh.len());
            } catch (IOException | RuntimeException e) {
                broken = true;
                throw e;
            } finally {
                for (long p : index.dropUpTo(seq, len)) {
                    pool.invalidate(p);
                }
            }
        } finally {
            io.writeLock().unlock();
        }
    }

    /** Closes the pool and both files, keeping the first failure. */
    void close() throws IOException {
        io.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            IOException first = null;
            try {
                pool.close();
            } catch (RuntimeException e) {
                first = new IOException("closing the buffer pool of " + mainPath, e);
            }
            for (BStack s : new BStack[] {wal, main}) {
                try {
                    s.close();
                } catch (IOException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            io.writeLock().unlock();
        }
    }
}
