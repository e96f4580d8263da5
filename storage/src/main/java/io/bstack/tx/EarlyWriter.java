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
 * Writes a running transaction's fresh pages to the main file early, so a transaction may write
 * more than the heap holds: once its overlay holds more than {@link TxOptions#earlyWriteBytes()}
 * of page images, the fresh ones go to their final place in the main file and their images leave
 * the heap; the transaction then reads them from the main file ({@link Overlay}'s early pages).
 *
 * <p><b>Which pages.</b> The same freshness rule as {@link DirectWriter}: pages at or beyond both
 * the main file's physical end and {@link VersionIndex#firstUnreadablePage} — no snapshot, queued
 * commit or checkpoint can read an older copy, and until this transaction commits no snapshot's
 * length reaches them. They are appended (zeros in gaps, {@link DirectWriter#append}); early pages
 * the current savepoint level appended may be rewritten in place ({@code setBatched}). Each call
 * is one synced stack operation, so everything written is durable before the commit record is
 * queued (invariant 1).
 *
 * <p><b>Reservation.</b> While the transaction runs, its early pages are reserved in
 * {@link StoreFiles#reserve}: cut-backs ({@link StoreFiles#neededMainLen()}) and checkpoints keep
 * them. At commit {@link CommitLog#enqueue} queues the record (its early pages tagged in-main),
 * drops the reservation and cuts off what the record no longer needs; a rollback, a rollback to a
 * savepoint before them, or a failed commit drops them and cuts the main file back.
 *
 * <p><b>Crash consistency.</b>
 * <table>
 * <caption>a crash after each file call</caption>
 * <tr><th>after</th><th>on reopen</th></tr>
 * <tr><td>an append or in-place write (before commit)</td><td>no WAL record names the pages:
 *     the main file is cut back to the superblock's length and the replayed commits' in-main
 *     pages; the transaction never happened</td></tr>
 * <tr><td>the commit's WAL push</td><td>the record tags the pages in-main: they are
 *     kept and read from the main file</td></tr>
 * <tr><td>a cut-back after a rollback</td><td>the same as before it: the bytes belonged to no
 *     commit</td></tr>
 * </table>
 *
 * <p>Thread-safety: used by one write transaction's thread; every file call and reservation change
 * happens with the commit log's push lock held, so it never overlaps a push, a checkpoint or a
 * cut-back.
 */
final class EarlyWriter {
    private static final System.Logger LOG = System.getLogger("io.bstack.tx");
    /** The largest gap of untouched pages an append fills with zeros. */
    private static final long MAX_GAP_BYTES = DirectWriter.CHUNK_BYTES;

    private final StoreFiles files;
    private final CommitLog log;
    private final long thresholdPages;
    private final long minBatchPages;
    private long nextCheck;
    /** Pages written early (appended or rewritten), since open. */
    final AtomicLong pagesWritten;

    EarlyWriter(StoreFiles files, CommitLog log, long thresholdBytes, AtomicLong pagesWritten) {
        this.files = files;
        this.log = log;
        int ps = files.pageSize();
        this.thresholdPages = thresholdBytes == 0 ? Long.MAX_VALUE : Math.max(1, thresholdBytes / ps);
        this.minBatchPages = Math.max(1, thresholdPages == Long.MAX_VALUE ? 1 : thresholdPages / 4);
        this.nextCheck = thresholdPages;
        this.pagesWritten = pagesWritten;
    }

    /**
     * Writes {@code overlay}'s fresh pages early if it holds more than the threshold. A failure
     * leaves the overlay as it was (its images stay; the main file is cut back) and turns early
     * writes off for this transaction, which stays usable.
     */
    void maybeWrite(Overlay overlay, long baseSeq) {
        if (overlay.imagePages() <= nextCheck) {
            return;
        }
        log.pushLock.lock();
        try {
            if (files.needsReopen() || log.isClosed() || log.headSeq() != baseSeq) {
                nextCheck = Long.MAX_VALUE; // the commit will fail anyway
                return;
            }
            write(overlay);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "early write to " + files.mainPath() + " failed; the transaction keeps"
                    + " its pages in memory", e);
            nextCheck = Long.MAX_VALUE;
        } finally {
            log.pushLock.unlock();
        }
    }

    private void write(Overlay overlay) throws IOException {
        int ps = files.pageSize();
        BStack main = files.main();
        long mainEnd = (main.len() - ps + ps - 1) / ps;
        long fresh = Math.max(mainEnd, files.index().firstUnreadablePage(ps));
        TreeMap<Long, byte[]> pages = overlay.earlyCandidates(fresh, mainEnd, MAX_GAP_BYTES / ps);
        if (pages.size() < minBatchPages) {
            nextCheck = overlay.imagePages() + Math.max(minBatchPages, thresholdPages / 2);
            return;
        }
        long oldEnd = overlay.earlyEnd();
        TreeMap<Long, byte[]> rewrites = new TreeMap<>(pages.headMap(oldEnd));
        java.util.SortedMap<Long, byte[]> appends = pages.tailMap(oldEnd);
        long from = overlay.hasEarly() ? overlay.earlyFrom() : pages.firstKey();
        long end = appends.isEmpty() ? oldEnd : appends.lastKey() + 1;
        long[] before = files.reserved();
        files.reserve(from, end);
        try {
            rewrite(main, rewrites, ps);
            if (!appends.isEmpty()) {
                DirectWriter.append(main, appends, ps);
            }
        } catch (IOException | RuntimeException e) {
            restore(before);
            log.direct.cutBack(e);
            files.invalidate(pages.firstKey(), end);
            throw e;
        }
        files.invalidate(pages.firstKey(), end);
        overlay.wroteEarly(new ArrayList<>(pages.keySet()), end);
        pagesWritten.addAndGet(pages.size());
        nextCheck = overlay.imagePages() + thresholdPages;
    }

    private void restore(long[] reservation) {
        if (reservation == null) {
            files.unreserve();
        } else {
            files.reserve(reservation[0], reservation[1]);
        }
    }

    /** Writes early pages again in place, in batches of about {@link DirectWriter#CHUNK_BYTES}. */
    private static void rewrite(BStack main, TreeMap<Long, byte[]> pages, int ps) throws IOException {
        List<StackWrite> batch = new ArrayList<>();
        for (Map.Entry<Long, byte[]> e : pages.entrySet()) {
            batch.add(new StackWrite(ps + e.getKey() * ps, e.getValue()));
            if ((long) batch.size() * ps >= DirectWriter.CHUNK_BYTES) {
                main.setBatched(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            main.setBatched(batch);
        }
    }

    /**
     * Makes the reservation match {@code overlay}'s early pages after a rollback (to a savepoint,
     * or of everything when {@code overlay} is null) and cuts the main file back to what is needed.
     */
    void cutBack(Overlay overlay) {
        log.pushLock.lock();
        try {
            if (overlay == null || !overlay.hasEarly()) {
                files.unreserve();
            } else {
                files.reserve(overlay.earlyFrom(), overlay.earlyEnd());
            }
            log.direct.cutBack(null);
        } finally {
            log.pushLock.unlock();
        }
    }
}
