package io.bstack.tx;

import io.bstack.stack.BStack;
import io.bstack.stack.StackWrite;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies committed page versions into the main file and cuts the WAL back. Target
 * {@code S = min(oldest live snapshot, durable sequence)}; for each page with a version in
 * {@code (checkpoint, S]} its newest such version is written into the main file (after resizing
 * it to {@code pageSize + roundUp(len_S, pageSize)}; batched writes of about 8 MiB), then the
 * superblock is rewritten with {@code S} and {@code len_S} (one atomic 52-byte write). Pages a
 * commit wrote straight to the main file need no copy; the ranges of such commits newer than
 * {@code S} are kept when the file is sized, and the other pages between {@code len_S} and them
 * are zeroed; the pages the open writer wrote early ({@link StoreFiles#reserved()}) are kept
 * too. Only when {@code S} is the durable sequence is the WAL truncated to a fresh header,
 * the index entries at or below {@code S} dropped and exactly those pages invalidated in the
 * buffer pool (the pool itself stays warm).
 *
 * <p><b>Pages overwritten in place.</b> A page that a commit newer than {@code S} wrote straight
 * over its main-file copy ({@link DirectWriter}'s in-place pages) is never copied: its older
 * versions are stale there, and that commit is durable (below), so replay restores its bytes from
 * the main file. A checkpoint first pushes any queued commit that overwrote pages in place, so
 * the superblock never passes the older version of a page whose newer bytes are not durable yet.
 *
 * <p>While the open writer holds pages it wrote over their main-file copy ({@link ThroughWriter})
 * no checkpoint runs: their older versions must stay where they are, uncopied, until the commit
 * naming the new bytes is in the index (or the writer ended and they shadow its bytes again).
 *
 * <p>Crash safety: until the superblock names {@code S}, every page written is still shadowed by
 * its WAL version; after it, replay skips records at or below {@code S}. So the copies need no
 * journal: they are written in place with one sync per chunk ({@link BStack#setUnjournaled}), a
 * torn copy being rewritten from the WAL after a crash; the superblock (one atomic 52-byte write)
 * follows their sync.
 *
 * <p>Thread-safety: {@link #run()} takes the commit log's push lock, so it never overlaps a push;
 * readers keep reading (they only wait during the WAL swap).
 */
final class Checkpointer {
    private static final System.Logger LOG = System.getLogger("io.bstack.tx");
    private static final long CHUNK_BYTES = 8L << 20;
    /** WAL bytes of {@link TxOptions#checkpointWalBytes()} that stand for one version in the index. */
    static final long BYTES_PER_VERSION = 256;

    private final StoreFiles files;
    private final CommitLog log;
    private final SnapshotRegistry snapshots;
    private final TxOptions options;
    private Superblock superblock;
    private volatile long checkpointSeq;
    private boolean warned;
    final AtomicLong checkpoints = new AtomicLong();
    final AtomicLong truncations = new AtomicLong();

    Checkpointer(StoreFiles files, CommitLog log, SnapshotRegistry snapshots, TxOptions options, Superblock superblock) {
        this.files = files;
        this.log = log;
        this.snapshots = snapshots;
        this.options = options;
        this.superblock = superblock;
        this.checkpointSeq = superblock.checkpointSeq();
    }

    long checkpointSeq() {
        return checkpointSeq;
    }

    /**
     * After a push (push lock held): checkpoint when the WAL passed its size option, or when the
     * index holds more than one version per {@value #BYTES_PER_VERSION} bytes of that option (commits
     * that write their pages to the main file leave versions but few WAL bytes, and each version
     * costs heap); warn about an old snapshot.
     */
    void afterPush() {
        long walLen = files.wal().len();
        if (walLen <= options.checkpointWalBytes()
                && files.index().versionCount() <= options.checkpointWalBytes() / BYTES_PER_VERSION) {
            return;
        }
        try {
            run();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "automatic checkpoint of " + files.mainPath() + " failed", e);
        }
        walLen = files.wal().len();
        if (walLen > 4 * options.checkpointWalBytes() && !warned && snapshots.count() > 0) {
            warned = true;
            LOG.log(System.Logger.Level.WARNING, "WAL " + files.walPath() + " holds " + walLen + " bytes, more than 4x the"
                    + " checkpoint size, because a read transaction open for "
                    + snapshots.oldestAgeMillis(System.nanoTime()) + " ms still needs snapshot " + snapshots.oldest());
        }
    }

    /** One checkpoint, as described on the class. */
    void run() throws IOException {
        log.pushLock.lock();
        try {
            if (files.needsReopen()) {
                throw new io.bstack.stack.BStackException("store " + files.mainPath() + " needs to be reopened");
            }
            if (files.checkpointsHeld()) {
                return; // the open writer's pages over their main-file copy need their older versions as they are
            }
            VersionIndex index = files.index();
            if (index.hasInPlaceAbove(log.durableSeq())) {
                log.flush(false); // its older versions must stay replayable until it is durable
            }
            long target = log.checkpointTarget();
            long lenS = index.lenAt(target);
            if (target > checkpointSeq) {
                copy(index, target, lenS);
                checkpoints.incrementAndGet();
            }
            BStack wal = files.wal();
            if (target == log.durableSeq() && target == checkpointSeq && wal.len() > WalFormat.HEADER_SIZE) {
                files.truncateWal(WalFormat.header(files.pageSize(), superblock.databaseId(), target), target, lenS);
                truncations.incrementAndGet();
                warned = false;
            }
        } finally {
            log.pushLock.unlock();
        }
    }

    private void copy(VersionIndex index, long target, long lenS) throws IOException {
        int ps = files.pageSize();
        long dataBytes = (lenS + ps - 1) / ps * ps;
        BStack main = files.main();
        sizeMain(main, index, target, dataBytes / ps);
        Map<Long, VersionIndex.Version> newest = index.newestIn(checkpointSeq, target);
        List<StackWrite> chunk = new ArrayList<>();
        long chunkBytes = 0;
        for (Map.Entry<Long, VersionIndex.Version> e : newest.entrySet()) {
            long at = (e.getKey() + 1) * ps;
            if (at - ps >= dataBytes || e.getValue().isInMain()) {
                continue; // beyond len_S (zero or cut), or its bytes are in place already
            }
            chunk.add(new StackWrite(at, files.image(e.getValue())));
            chunkBytes += ps;
            if (chunkBytes >= CHUNK_BYTES) {
                main.setUnjournaled(chunk);
                chunk = new ArrayList<>();
                chunkBytes = 0;
            }
        }
        if (!chunk.isEmpty()) {
            main.setUnjournaled(chunk);
        }
        Superblock next = superblock.advancedTo(target, lenS);
        main.set(0, next.encode());
        superblock = next;
        checkpointSeq = target;
        files.checkpointed(target, lenS);
    }

    /**
     * Sizes the main file for state {@code target} of {@code dataPages} pages, keeping every page
     * range a newer commit placed there directly: the file ends at the larger of the two, and
     * the pages between {@code dataPages} and that end which no newer commit placed are zeroed
     * (they may hold older bytes beyond {@code len_S}, which must read zero once the superblock
     * says {@code len_S}; until then each is shadowed by a version in the index).
     */
    private void sizeMain(BStack main, VersionIndex index, long target, long dataPages) throws IOException {
        int ps = files.pageSize();
        TreeMap<Long, Long> keep = index.directRangesAbove(target);
        long[] reserved = files.reserved(); // the open writer's early pages (the push lock keeps it still)
        if (reserved != null) {
            keep.merge(reserved[0], reserved[1], Math::max);
        }
        long end = dataPages;
        for (long e : keep.values()) {
            end = Math.max(end, e);
        }
        long oldEnd = (main.len() - ps) / ps;
        main.resize(ps + end * ps);
        long zeroFrom = dataPages;
        long zeroTo = Math.min(end, oldEnd);
        for (Map.Entry<Long, Long> r : keep.entrySet()) {
            zeroRun(main, zeroFrom, Math.min(r.getKey(), zeroTo));
            zeroFrom = Math.max(zeroFrom, r.getValue());
        }
        zeroRun(main, zeroFrom, zeroTo);
    }

    private void zeroRun(BStack main, long fromPage, long toPage) throws IOException {
        if (toPage > fromPage) {
            int ps = files.pageSize();
            main.zero(ps + fromPage * ps, (toPage - fromPage) * ps);
        }
    }
}
