package io.bstack.tx;

import io.bstack.stack.BStack;
import io.bstack.stack.BStackInvalidInputException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The group committer and the store's commit sequence state. Commits are queued in sequence
 * order; one thread at a time (holding the push lock) pushes everything queued with ONE WAL
 * {@code push} (one sync) and completes every commit in it. Three sequence numbers:
 * {@code head} (newest commit, the base of the next writer, maybe not yet durable),
 * {@code durable} (newest pushed commit; readers' snapshots) and the next sequence to give out.
 *
 * <p>A failed push takes back every commit not yet durable: the failed group, everything queued
 * behind it (all built on it, since writers are serialized), and the open writer, whose commit
 * then fails with {@link TxAbortedException} because its base is gone. Bytes a failed push may
 * still have left in the WAL are discarded before anything else is pushed. Sequence numbers are
 * never reused, so the log may have gaps.
 *
 * <p>A commit with many fresh pages first writes them to the main file ({@link DirectWriter}),
 * holding the push lock from the check of its base until it is queued, so no push, checkpoint or
 * cut-back runs in between. When such a commit is taken back (or cannot be queued), the main file
 * is cut back to what the remaining commits need.
 *
 * <p>Thread-safety: state is guarded by this object's monitor; pushes, checkpoints and main-file
 * writes by the push lock (taken before the monitor, never the other way round).
 */
final class CommitLog {
    private static final System.Logger LOG = System.getLogger("io.bstack.tx");
    /** OFF mode wakes its background pusher once this many record bytes are queued. */
    static final long OFF_PUSH_BYTES = 1L << 20;
    /**
     * OFF mode's bound on queued bytes: a commit that finds more queued pushes them itself (the
     * background pusher fell behind), so memory stays bounded.
     */
    static final long OFF_MAX_QUEUED_BYTES = 64L << 20;
    /** Largest single push; a bigger group is pushed in several. */
    static final long MAX_PUSH_BYTES = 256L << 20;
    /** Zeros kept ready past the WAL's end for small pushes ({@link #reserveWalTail}). */
    static final long WAL_RESERVE_BYTES = 4L << 20;
    /** The largest push after which the WAL's tail is reserved. */
    static final long WAL_SMALL_PUSH_BYTES = 256L << 10;

    /** A commit waiting for its push. */
    static final class Pending {
        final CommitRecord rec;
        final long queuedNanos = System.nanoTime();
        private boolean done;
        private IOException failure;
        /** Bytes the record takes at most (no hole elided): what the queue counts. */
        final long bound;
        /** The record's {@link CommitRecord#holes()} and exact size, measured once by the pusher. */
        private int[] holes;
        private long size = -1;

        Pending(CommitRecord rec, long bound) {
            this.rec = rec;
            this.bound = bound;
        }

        /** Scans the images for their holes (once; the pusher does it, under the push lock). */
        void measure(int pageSize) {
            if (size < 0) {
                holes = rec.holes();
                size = rec.encodedSize(holes, pageSize);
            }
        }

        synchronized boolean isDone() {
            return done;
        }

        synchronized IOException failure() {
            return failure;
        }

        private boolean woken;

        synchronized void complete(IOException f) {
            done = true;
            failure = f;
            notifyAll();
        }

        /** Asks the thread waiting for this commit to lead the next push. */
        synchronized void wakeToLead() {
            woken = true;
            notifyAll();
        }

        /** Waits until done, asked to lead, or {@code nanos} passed. */
        synchronized void awaitTurn(long nanos) throws java.io.InterruptedIOException {
            long deadline = System.nanoTime() + nanos;
            while (!done && !woken) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    wait(Math.max(1, left / 1_000_000), (int) (left % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted waiting for a commit's sync");
                }
            }
            woken = false;
        }
    }

    private final StoreFiles files;
    private final VersionIndex index;
    private final SnapshotRegistry snapshots;
    private final TxOptions options;
    final DirectWriter direct;
    final ReentrantLock pushLock = new ReentrantLock();
    private final List<Pending> queue = new ArrayList<>();
    private long queuedBytes;
    private long nextSeq;
    private volatile long headSeq;
    private volatile long durableSeq;
    private volatile boolean closed;
    private volatile IOException lastFailure;
    private Runnable afterPush = () -> {};
    /** Decoded pages shared by the store's transactions: told of every queued and taken-back commit. */
    final DecodedPages decoded;
    private Thread flusher;

    final AtomicLong commits = new AtomicLong();
    final AtomicLong syncs = new AtomicLong();
    final AtomicLong failedCommits = new AtomicLong();
    /** Pages written early by running transactions ({@link EarlyWriter}), since open. */
    final AtomicLong earlyPages = new AtomicLong();

    CommitLog(StoreFiles files, SnapshotRegistry snapshots, TxOptions options, long lastSeq) {
        this.files = files;
        this.index = files.index();
        this.snapshots = snapshots;
        this.options = options;
        this.direct = new DirectWriter(files, options.directWriteMinPages(), options.durability() != Durability.OFF);
        this.nextSeq = lastSeq + 1;
        this.headSeq = lastSeq;
        this.durableSeq = lastSeq;
        this.decoded = new DecodedPages(files.pageSize(), options.decodedPages(), index.lenAt(lastSeq));
    }

    /** Runs after each successful push with the push lock held (the automatic checkpoint). */
    void afterPush(Runnable r) {
        this.afterPush = r;
    }

    /**
     * Starts the background pusher: NORMAL pushes every interval; OFF pushes (and checkpoints) when a
     * commit wakes it after {@link #OFF_PUSH_BYTES} were queued, so the committing thread goes on
     * with its next transaction while the WAL is written. FULL has none.
     */
    void startFlusher() {
        if (options.durability() == Durability.FULL) {
            return;
        }
        long interval = options.durability() == Durability.NORMAL ? options.normalInterval().toNanos() : 1_000_000_000L;
        flusher = Thread.ofPlatform().daemon().name("bstack-tx-flusher " + files.mainPath().getFileName()).start(() -> {
            while (!closed) {
                LockSupport.parkNanos(interval);
                if (!closed && hasQueued() && (options.durability() == Durability.NORMAL || queuedBytes() >= OFF_PUSH_BYTES)) {
                    try {
                        flush();
                    } catch (IOException e) {
                        LOG.log(System.Logger.Level.ERROR, "background WAL push of " + files.walPath() + " failed", e);
                    }
                }
            }
        });
    }

    private synchronized long queuedBytes() {
        return queuedBytes;
    }

    long durableSeq() {
        return durableSeq;
    }

    long headSeq() {
        return headSeq;
    }

    synchronized boolean hasQueued() {
        return !queue.isEmpty();
    }

    /** The base of a new writer: {@code {headSeq, lenAt(headSeq)}}. */
    synchronized long[] writerBase() throws IOException {
        ensureOpen();
        return new long[] {headSeq, index.lenAt(headSeq)};
    }

    /** Registers a reader at the durable sequence and returns it. */
    synchronized long openSnapshot(long startNanos) throws IOException {
        ensureOpen();
        long s = durableSeq;
        snapshots.register(s, startNanos);
        return s;
    }

    /** The checkpoint target: the oldest live snapshot, capped by the durable sequence. */
    synchronized long checkpointTarget() {
        return Math.min(snapshots.oldest(), durableSeq);
    }

    /**
     * Queues the commit of a writer that began at {@code baseSeq} and returns it with its sequence,
     * or throws {@link TxAbortedException} if that base was taken back (or the store closed).
     */
    Pending enqueue(CommitRecord rec, long baseSeq) throws IOException {
        if (files.reserved() != null || files.checkpointsHeld()) {
            return enqueueHolding(rec, baseSeq);
        }
        // Direct writes are only a shortcut: when a push or checkpoint holds the lock (OFF's background
        // pusher, another committer's group), the pages go through the WAL instead of waiting for it.
        if (!direct.worthTrying(rec, checkpointTarget()) || !pushLock.tryLock()) {
            return enqueueRecord(rec, baseSeq);
        }
        try {
            synchronized (this) {
                checkQueueable(baseSeq);
            }
            CommitRecord tagged = direct.write(rec, checkpointTarget());
            try {
                return enqueueRecord(tagged, baseSeq);
            } catch (IOException | RuntimeException e) {
                if (tagged != rec) {
                    direct.cutBack(e);
                }
                throw e;
            }
        } finally {
            pushLock.unlock();
        }
    }

    /**
     * Queues a record whose transaction wrote pages to the main file while it ran (early, or over
     * their own copy): under the push lock, so the reservation of those pages (and the hold on
     * checkpoints) is handed to the index (the record's in-main pages) with no cut or checkpoint in
     * between; then the main file is cut back to what is needed (pages the transaction wrote early
     * and later cut off its length). On a failure the early pages are cut off; pages written over
     * their own copy are shadowed again by their older versions.
     */
    private Pending enqueueHolding(CommitRecord rec, long baseSeq) throws IOException {
        pushLock.lock();
        try {
            Pending p;
            try {
                synchronized (this) {
                    checkQueueable(baseSeq);
                }
                p = enqueueRecord(direct.write(rec, checkpointTarget()), baseSeq);
            } catch (IOException | RuntimeException e) {
                files.unreserve();
                files.holdCheckpoints(false);
                direct.cutBack(e);
                throw e;
            }
            files.unreserve();
            files.holdCheckpoints(false);
            direct.cutBack(null);
            return p;
        } finally {
            pushLock.unlock();
        }
    }

    private void checkQueueable(long baseSeq) throws TxAbortedException {
        if (closed || files.needsReopen()) {
            throw new TxAbortedException("store " + files.mainPath() + " is " + (closed ? "closed" : "broken")
                    + "; the transaction was rolled back", null);
        }
        if (baseSeq != headSeq) {
            throw new TxAbortedException("commit " + baseSeq + ", which this transaction was built on, failed its WAL push"
                    + " and was taken back; the transaction was rolled back", lastFailure);
        }
    }

    private Pending enqueueRecord(CommitRecord rec, long baseSeq) throws IOException {
        long size = rec.encodedSize(null, files.pageSize()); // an upper bound: holes are measured by the pusher
        if (size > MAX_PUSH_BYTES) {
            size = rec.encodedSize(rec.holes(), files.pageSize());
        }
        if (size > MAX_PUSH_BYTES) {
            throw new BStackInvalidInputException("a transaction of " + rec.pages().size() + " pages (" + size
                    + " WAL bytes) exceeds the largest commit, " + MAX_PUSH_BYTES + " bytes");
        }
        Pending p;
        synchronized (this) {
            checkQueueable(baseSeq);
            long seq = nextSeq++;
            p = new Pending(rec.withSeq(seq), size);
            index.add(p.rec);
            decoded.committed(p.rec);
            headSeq = seq;
            queue.add(p);
            queuedBytes += size;
        }
        return p;
    }

    /** A follower re-checks the push lock at least this often (a lost hand-off costs no more). */
    private static final long LEADER_WAIT_NANOS = 2_000_000;

    private void wakeNextLeader() {
        Pending next;
        synchronized (this) {
            next = queue.isEmpty() ? null : queue.get(0);
        }
        if (next != null) {
            next.wakeToLead();
        }
    }

    /** The last push failure since open, or null. */
    IOException lastFailure() {
        return lastFailure;
    }

    /** After {@link #enqueue}, waits (or not) according to the durability mode. */
    void await(Pending p) throws IOException {
        switch (options.durability()) {
            case FULL -> {
                // Leader/follower: whoever gets the push lock pushes everything queued (one sync) until
                // its own commit is durable, then hands the lead to the oldest commit still queued.
                // Followers sleep on their own commit, so a finished group wakes all at once.
                while (!p.isDone()) {
                    if (pushLock.tryLock()) {
                        try {
                            while (!p.isDone() && hasQueued()) {
                                pushQueued(true);
                            }
                        } finally {
                            pushLock.unlock();
                        }
                        wakeNextLeader();
                    } else {
                        p.awaitTurn(LEADER_WAIT_NANOS);
                    }
                }
                IOException f = p.failure();
                if (f != null) {
                    throw f;
                }
            }
            case NORMAL -> {
                boolean late;
                synchronized (this) {
                    late = !queue.isEmpty()
                            && System.nanoTime() - queue.get(0).queuedNanos >= options.normalInterval().toNanos();
                }
                if (late && pushLock.tryLock()) {
                    try {
                        pushQueued(true);
                    } finally {
                        pushLock.unlock();
                    }
                }
            }
            case OFF -> {
                long queued = queuedBytes();
                if (queued >= OFF_MAX_QUEUED_BYTES) {
                    flush(); // the pusher fell behind: this committer pushes, bounding what is queued
                } else if (queued >= OFF_PUSH_BYTES) {
                    LockSupport.unpark(flusher);
                }
            }
        }
    }

    /** Pushes everything queued now; throws the push's failure, if any. */
    void flush() throws IOException {
        flush(true);
    }

    /**
     * Pushes everything queued now; throws the push's failure, if any. {@code mayCheckpoint}
     * false keeps the automatic checkpoint off this path (a reader's).
     */
    void flush(boolean mayCheckpoint) throws IOException {
        pushLock.lock();
        try {
            IOException f = pushQueued(mayCheckpoint);
            if (f != null) {
                throw f;
            }
        } finally {
            pushLock.unlock();
        }
    }

    /** Pushes every queued record (caller holds the push lock); returns the failure or null. */
    private IOException pushQueued(boolean mayCheckpoint) {
        List<Pending> batch;
        synchronized (this) {
            if (queue.isEmpty()) {
                return null;
            }
            batch = new ArrayList<>(queue);
            queue.clear();
            queuedBytes = 0;
        }
        BStack wal = files.wal();
        long before = wal.len();
        List<long[]> offsets = new ArrayList<>(batch.size());
        List<int[]> holes = new ArrayList<>(batch.size());
        try {
            for (Pending p : batch) {
                p.measure(files.pageSize());
            }
            int i = 0;
            while (i < batch.size()) {
                int j = i + 1;
                long bytes = batch.get(i).size;
                while (j < batch.size() && bytes + batch.get(j).size <= MAX_PUSH_BYTES) {
                    bytes += batch.get(j++).size;
                }
                pushRecords(wal, batch.subList(i, j), (int) bytes, offsets, holes);
                i = j;
            }
            // Only now: a failed later chunk must be able to discard earlier ones.
            wal.lockUpTo(wal.len());
        } catch (IOException | RuntimeException e) {
            IOException f = e instanceof IOException io ? io : new IOException("WAL push of " + files.walPath() + " failed", e);
            takeBack(wal, before, batch, f);
            return f;
        }
        synchronized (this) {
            for (int k = 0; k < batch.size(); k++) {
                index.markPushed(batch.get(k).rec.seq(), offsets.get(k), holes.get(k));
            }
            durableSeq = batch.get(batch.size() - 1).rec.seq();
            commits.addAndGet(batch.size());
        }
        for (Pending p : batch) {
            p.complete(null);
        }
        reserveWalTail(wal, wal.len() - before);
        try {
            if (mayCheckpoint) {
                afterPush.run();
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "automatic checkpoint of " + files.mainPath() + " failed", e);
        }
        return null;
    }

    /**
     * After a push of {@code pushed} bytes: when it was small, makes the WAL file hold
     * {@link #WAL_RESERVE_BYTES} of zeros past its end whenever fewer than a quarter of that are
     * left ({@link BStack#reserveTail}), so the next small pushes write into space the file already
     * has and their syncs need not record a new file size. Large pushes append as they are (zeros
     * written ahead of them would double their bytes). A failure only costs the speed-up.
     */
    private void reserveWalTail(BStack wal, long pushed) {
        if (pushed > WAL_SMALL_PUSH_BYTES) {
            return;
        }
        try {
            wal.reserveTail(WAL_RESERVE_BYTES / 4, WAL_RESERVE_BYTES);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not reserve space past the end of " + files.walPath(), e);
        }
    }

    /**
     * Encodes {@code records} into one buffer of {@code bytes} bytes and appends it with one push;
     * adds each record's absolute image offsets to {@code offsets}.
     */
    private void pushRecords(BStack wal, List<Pending> records, int bytes, List<long[]> offsets, List<int[]> holes)
            throws IOException {
        byte[] buf = new byte[bytes];
        long[][] rel = new long[records.size()][];
        int[] starts = new int[records.size()];
        int at = 0;
        for (int k = 0; k < records.size(); k++) {
            Pending p = records.get(k);
            rel[k] = new long[p.rec.pages().size()];
            starts[k] = at;
            at = WalFormat.encode(p.rec, p.holes, p.size, files.pageSize(), buf, at, rel[k]);
        }
        long base = wal.push(buf);
        syncs.incrementAndGet();
        for (int k = 0; k < rel.length; k++) {
            for (int m = 0; m < rel[k].length; m++) {
                if (rel[k][m] >= 0) {
                    rel[k][m] += base + starts[k];
                }
            }
            offsets.add(rel[k]);
            holes.add(records.get(k).holes);
        }
    }

    /** Removes a failed group, and everything built on it, from the committed state. */
    private void takeBack(BStack wal, long before, List<Pending> batch, IOException f) {
        try {
            if (!wal.needsReopen() && wal.len() > before) {
                wal.discard(wal.len() - before);
            }
        } catch (IOException | RuntimeException d) {
            f.addSuppressed(d);
            files.markBroken();
        }
        if (wal.needsReopen()) {
            files.markBroken();
        }
        List<Pending> behind;
        synchronized (this) {
            index.dropAbove(durableSeq);
            headSeq = durableSeq;
            decoded.takenBack(index.lenAt(durableSeq));
            behind = new ArrayList<>(queue);
            queue.clear();
            queuedBytes = 0;
            lastFailure = f;
            failedCommits.addAndGet(batch.size() + behind.size());
        }
        direct.cutBack(f); // pages the taken-back commits wrote straight to the main file
        LOG.log(System.Logger.Level.WARNING, "WAL push of " + files.walPath() + " failed; " + (batch.size() + behind.size())
                + " commit(s) after " + durableSeq + " were taken back", f);
        for (Pending p : batch) {
            p.complete(f);
        }
        for (Pending p : behind) {
            p.complete(new TxAbortedException("commit " + p.rec.seq() + " was built on a commit whose WAL push failed", f));
        }
    }

    /** Refuses new work, stops the background pusher and pushes what is queued. */
    void close() throws IOException {
        stop();
        flush();
    }

    /** Refuses new work and stops the background pusher, pushing nothing. */
    void stop() {
        synchronized (this) {
            closed = true;
        }
        if (flusher != null) {
            LockSupport.unpark(flusher);
            try {
                flusher.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    boolean isClosed() {
        return closed;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
    }
}
