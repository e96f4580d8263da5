package io.bstack.tx;

import io.bstack.buffer.BufferPoolStats;
import io.bstack.stack.BStack;
import io.bstack.stack.BStackCorruptException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * A transactional database over two BStack files: the main file {@code NAME.bstack} (superblock
 * page, then the data pages as of the last checkpoint) and the write-ahead log
 * {@code NAME.bstack-wal} next to it (layout on {@link WalFormat}, superblock on
 * {@link Superblock}).
 *
 * <p>Guarantees: write transactions are serialized (one at a time, {@link #beginWrite} with a
 * timeout) and all-or-nothing; a commit that returned under {@link Durability#FULL} survives a
 * crash; after a crash at any instant, reopening shows a prefix of the commit sequence (every
 * commit whose push completed, none partially). Read transactions see one snapshot and never
 * block or are blocked by the writer. A WAL whose database id differs from the main file's is
 * refused ({@link TxForeignWalException}); a damaged superblock is
 * {@link BStackCorruptException}.
 *
 * <p>Failure rule: a failed WAL push takes back every not-yet-durable commit (the failed group
 * and any commit built on it, which fail with the push's exception or
 * {@link TxAbortedException}); the store stays usable unless a file reports
 * {@link #needsReopen()}. Pages such commits wrote straight to the main file (see
 * {@link TxOptions#withDirectWriteMinPages}) are cut off the main file before they fail; on open,
 * the main file is cut back to the larger of the superblock's length and the furthest page a
 * replayed record placed there.
 *
 * <p>Thread-safety: all methods are safe from any thread.
 */
public final class TxStore implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.bstack.tx");

    private final StoreFiles files;
    private final CommitLog log;
    private final Checkpointer checkpointer;
    private final SnapshotRegistry snapshots;
    private final WriterLock writerLock = new WriterLock();
    private final TxOptions options;
    private volatile boolean closed;

    private TxStore(StoreFiles files, SnapshotRegistry snapshots, TxOptions options, Superblock sb, long lastSeq) {
        this.files = files;
        this.snapshots = snapshots;
        this.options = options;
        this.log = new CommitLog(files, snapshots, options, lastSeq);
        this.checkpointer = new Checkpointer(files, log, snapshots, options, sb);
        log.afterPush(checkpointer::afterPush);
        log.startFlusher();
    }

    /** The WAL path of a main file: the same name with {@code -wal} appended. */
    public static Path walPath(Path mainFile) {
        return mainFile.resolveSibling(mainFile.getFileName() + "-wal");
    }

    /**
     * Opens (or creates, with {@link TxOptions#createIfMissing()}) the database in {@code mainFile}
     * and replays its WAL: records up to the first torn one (bad magic, bounds or CRC), whose bytes
     * are then discarded.
     */
    public static TxStore open(Path mainFile, TxOptions options) throws IOException {
        Objects.requireNonNull(mainFile, "mainFile");
        Objects.requireNonNull(options, "options");
        if (!options.createIfMissing() && !Files.exists(mainFile)) {
            throw new NoSuchFileException(mainFile.toString(), null, "database does not exist and createIfMissing is off");
        }
        Path walFile = walPath(mainFile);
        BStack main = BStack.open(mainFile, options.mainStackOptions());
        BStack wal = null;
        try {
            Superblock sb = readOrCreateSuperblock(main, mainFile, options);
            // a fresh WAL a checkpoint wrote but did not rename before a crash: the old WAL is still whole
            java.nio.file.Files.deleteIfExists(StoreFiles.sideWalPath(walFile));
            wal = BStack.open(walFile, options.walStackOptions());
            checkWalHeader(wal, walFile, mainFile, sb);
            VersionIndex index = new VersionIndex(sb.checkpointSeq(), sb.logicalLength());
            WalFormat.Scan scan = WalFormat.scan(wal, sb.pageSize(), walFile);
            long lastSeq = sb.checkpointSeq();
            long directEnd = 0;
            for (WalFormat.Replayed r : scan.records()) {
                if (r.seq() > sb.checkpointSeq()) {
                    index.addReplayed(r);
                    lastSeq = r.seq();
                    directEnd = Math.max(directEnd, r.directEnd());
                }
            }
            cutMainBack(main, mainFile, sb, directEnd);
            if (scan.end() < wal.len()) {
                LOG.log(System.Logger.Level.WARNING, "WAL " + walFile + ": discarding a torn tail of "
                        + (wal.len() - scan.end()) + " bytes after commit " + lastSeq);
                wal.discard(wal.len() - scan.end());
            }
            wal.lockUpTo(wal.len());
            StoreFiles files = new StoreFiles(mainFile, main, walFile, wal, options.walStackOptions(), sb.pageSize(),
                    options.poolBytes(), index, sb.checkpointSeq(), sb.logicalLength());
            return new TxStore(files, new SnapshotRegistry(), options, sb, lastSeq);
        } catch (IOException | RuntimeException | Error e) {
            for (BStack s : new BStack[] {wal, main}) {
                if (s != null) {
                    try {
                        s.close();
                    } catch (IOException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
            }
            throw e;
        }
    }

    private static Superblock readOrCreateSuperblock(BStack main, Path file, TxOptions options) throws IOException {
        if (main.len() == 0) {
            byte[] id = new byte[16];
            new SecureRandom().nextBytes(id);
            Superblock sb = new Superblock(options.pageSize(), id, 0, 0);
            byte[] page = new byte[options.pageSize()];
            byte[] enc = sb.encode();
            System.arraycopy(enc, 0, page, 0, enc.length);
            main.push(page);
            return sb;
        }
        if (main.len() < Superblock.SIZE) {
            throw new BStackCorruptException("main file " + file + " is too short (" + main.len() + " bytes) for a superblock");
        }
        Superblock sb = Superblock.decode(main.get(0, Superblock.SIZE), file);
        if (main.len() < sb.pageSize()) {
            throw new BStackCorruptException("main file " + file + " is shorter than its superblock page");
        }
        return sb;
    }

    /**
     * The recovery rule for pages written straight to the main file: cut the main file back to the
     * larger of the superblock's length and the end of the furthest page a durable (replayed)
     * record newer than the checkpoint placed there. Whatever lies beyond belongs to a commit whose
     * record never became durable (or is zero); the cut makes it read zero for every later extend.
     */
    private static void cutMainBack(BStack main, Path file, Superblock sb, long directEndPage) throws IOException {
        int ps = sb.pageSize();
        long dataPages = Math.max((sb.logicalLength() + ps - 1) / ps, directEndPage);
        long needed = ps + dataPages * ps;
        if (main.len() > needed) {
            LOG.log(System.Logger.Level.INFO, "main file " + file + ": cutting " + (main.len() - needed)
                    + " bytes beyond the committed state (written by a commit that never became durable)");
            main.resize(needed);
        }
    }

    private static void checkWalHeader(BStack wal, Path walFile, Path mainFile, Superblock sb) throws IOException {
        if (wal.len() == 0) {
            wal.push(WalFormat.header(sb.pageSize(), sb.databaseId(), sb.checkpointSeq()));
            return;
        }
        if (wal.len() < WalFormat.HEADER_SIZE) {
            throw new BStackCorruptException("WAL file " + walFile + " is too short (" + wal.len() + " bytes) for its header");
        }
        WalFormat.Header h = WalFormat.decodeHeader(wal.get(0, WalFormat.HEADER_SIZE), walFile);
        if (!Arrays.equals(h.databaseId(), sb.databaseId())) {
            throw new TxForeignWalException("WAL file " + walFile + " belongs to database " + Superblock.hex(h.databaseId())
                    + ", but main file " + mainFile + " is database " + Superblock.hex(sb.databaseId()) + "; not replayed");
        }
        if (h.pageSize() != sb.pageSize()) {
            throw new BStackCorruptException("WAL file " + walFile + " has page size " + h.pageSize() + ", main file "
                    + mainFile + " has " + sb.pageSize());
        }
        if (h.checkpointSeq() > sb.checkpointSeq()) {
            throw new BStackCorruptException("WAL file " + walFile + " continues from checkpoint " + h.checkpointSeq()
                    + ", newer than main file " + mainFile + "'s checkpoint " + sb.checkpointSeq());
        }
    }

    /**
     * Begins the write transaction, waiting up to {@code timeout} for the previous writer to
     * commit or roll back.
     *
     * @throws TxLockTimeoutException if the lock stayed held for the whole timeout
     */
    public WriteTx beginWrite(Duration timeout) throws IOException {
        Objects.requireNonNull(timeout, "timeout");
        ensureUsable();
        writerLock.acquire(timeout, files.mainPath().toString());
        try {
            ensureUsable();
            if (files.needsReopen()) {
                throw new io.bstack.stack.BStackException("store " + files.mainPath()
                        + " needs to be reopened after a failed file call");
            }
            long epoch = log.decoded.epoch(); // before the base: a take-back after it makes this tx's stale
            long[] base = log.writerBase();
            return new WriteTx(this, base[0], base[1], epoch);
        } catch (IOException | RuntimeException e) {
            writerLock.release();
            throw e;
        }
    }

    /**
     * Begins a read transaction at the highest durable commit. In {@link Durability#OFF} mode
     * queued commits are pushed first, so the reader sees every returned commit.
     */
    public ReadTx beginRead() throws IOException {
        ensureUsable();
        if (options.durability() == Durability.OFF && log.headSeq() != log.durableSeq()) {
            log.flush(false); // queued or being pushed by the background pusher: waits for it, pushes the rest
        }
        long epoch = log.decoded.epoch();
        long snap = log.openSnapshot(System.nanoTime());
        return new ReadTx(this, snap, files.index().lenAt(snap), epoch);
    }

    /** Pushes every queued commit to the WAL now (one sync) and returns when it is durable. */
    public void flush() throws IOException {
        ensureUsable();
        log.flush();
    }

    /**
     * Runs a checkpoint now (see {@link Checkpointer}); commits in FULL mode wait for it. While
     * an open write transaction holds pages it wrote over their main-file copy, it does nothing
     * (the next push after that transaction's commit checkpoints as usual).
     */
    public void checkpoint() throws IOException {
        ensureUsable();
        checkpointer.run();
    }

    /** The options the store was opened with. */
    public TxOptions options() {
        return options;
    }

    /** Current counters. */
    public TxStats stats() {
        return new TxStats(log.commits.get(), log.syncs.get(), files.wal().len(), checkpointer.checkpoints.get(),
                snapshots.count(), snapshots.oldestAgeMillis(System.nanoTime()), log.failedCommits.get(),
                log.durableSeq(), checkpointer.checkpointSeq(), checkpointer.truncations.get(),
                log.direct.pagesWritten.get(), log.direct.bytesWritten.get(), log.earlyPages.get());
    }

    /** The buffer pool's counters over the main file (hits, misses, evictions, resident bytes). */
    public BufferPoolStats poolStats() {
        return files.pool().stats();
    }

    /** The highest durable (pushed) commit sequence. */
    public long lastCommittedSeq() {
        return log.durableSeq();
    }

    /** The page size of this database (fixed at creation). */
    public int pageSize() {
        return files.pageSize();
    }

    /** Whether a file failed in a way that needs the store to be closed and reopened. */
    public boolean needsReopen() {
        return files.needsReopen();
    }

    /**
     * Pushes queued commits, checkpoints (when no file failed), and closes both files. An open
     * write transaction can no longer commit; open read transactions can no longer read.
     * Idempotent.
     */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        IOException failure = null;
        try {
            log.close();
            if (!files.needsReopen()) {
                checkpointer.run();
            }
        } catch (IOException e) {
            failure = e;
        }
        try {
            files.close();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Test hook: closes the files without pushing queued commits or checkpointing, leaving them as
     * a killed process would (once the OS has written its page cache).
     */
    void abandon() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        log.stop();
        files.close();
    }

    @Override
    public String toString() {
        return "TxStore[" + files.mainPath() + ", committed " + log.durableSeq() + "]";
    }

    private void ensureUsable() throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
    }

    StoreFiles files() {
        return files;
    }

    CommitLog log() {
        return log;
    }

    WriterLock writerLock() {
        return writerLock;
    }

    SnapshotRegistry snapshots() {
        return snapshots;
    }
}
