package io.bstack.tx;

import io.bstack.stack.BStack;
import io.bstack.stack.StackWrite;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies committed page versions into the main file and cuts the WAL back. Target
 * {@code S = min(oldest live snapshot, durable sequence)}; for each page with a version in
 * {@code (checkpoint, S]} its newest such version is written into the main file (after resizing
 * it to {@code pageSize + roundUp(len_S, pageSize)}; batched writes of about 8 MiB), then the
 * superblock is rewritten with {@code S} and {@code len_S} (one atomic 52-byte write). Only when
 * {@code S} is the durable sequence is the WAL truncated to a fresh header, the index entries at
 * or below {@code S} dropped and the buffer pool replaced (its frames may hold rewritten pages).
 *
 * <p>Crash safety: until the superblock names {@code S}, every page written is still shadowed by
 * its WAL version; after it, replay skips records at or below {@code S}.
 *
 * <p>Thread-safety: {@link #run()} takes the commit log's push lock, so it never overlaps a push;
 * readers keep reading (they only wait during the WAL swap).
 */
final class Checkpointer {
    private static final System.Logger LOG = System.getLogger("io.bstack.tx");
    private static final long CHUNK_BYTES = 8L << 20;

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

    /** After a push (push lock held): checkpoint when the WAL passed its size option; warn about an old snapshot. */
    void afterPush() {
        long walLen = files.wal().len();
        if (walLen <= options.checkpointWalBytes()) {
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
            long target = log.checkpointTarget();
            VersionIndex index = files.index();
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
        main.resize(ps + dataBytes);
        Map<Long, VersionIndex.Version> newest = index.newestIn(checkpointSeq, target);
        List<StackWrite> chunk = new ArrayList<>();
        long chunkBytes = 0;
        for (Map.Entry<Long, VersionIndex.Version> e : newest.entrySet()) {
            long at = (e.getKey() + 1) * ps;
            if (at - ps >= dataBytes) {
                continue;
            }
            chunk.add(new StackWrite(at, files.image(e.getValue())));
            chunkBytes += ps;
            if (chunkBytes >= CHUNK_BYTES) {
                main.setBatched(chunk);
                chunk.clear();
                chunkBytes = 0;
            }
        }
        if (!chunk.isEmpty()) {
            main.setBatched(chunk);
        }
        Superblock next = superblock.advancedTo(target, lenS);
        main.set(0, next.encode());
        superblock = next;
        checkpointSeq = target;
    }
}
